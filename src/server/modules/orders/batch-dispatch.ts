// Batch dispatch of a street's day: the confirmed orders and every caregiver who could take
// any of them go to the core's joint assignment; each result is then taken as an ordinary
// dispatch step (checked again, audited, one transaction per order), so a step that no longer
// fits — someone dispatched by hand meanwhile — is left for the operator, not forced.
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { orders } from '../../db/schema.js';
import { inRegionScope, type Scope } from '../../auth/scope.js';
import { batchAssign, greedyNearest } from '../../../core/dispatch/batch.js';
import {
  DEFAULT_DISPATCH_WEIGHTS,
  type DispatchCaregiver,
  type DispatchOrder,
} from '../../../core/dispatch/candidates.js';
import type { OrderActor } from '../../../core/orders/workflow.js';
import { conflict, ProblemError } from '../../http/problem.js';
import { ORDER_MESSAGES as M } from './messages.js';
import type { AuditActor } from '../audit/audit-writer.js';
import { orderCandidates, takeStep } from './order-steps.js';

export async function batchDispatch(
  db: Db,
  scope: Scope,
  date: string,
  who: { userId: number | null; audit: AuditActor; actor: OrderActor },
  now: Date,
) {
  const open = await db
    .select()
    .from(orders)
    .where(and(eq(orders.state, 'confirmed'), eq(orders.serviceDate, date), inRegionScope(db, scope, orders.regionId)));
  const dispatchOrders: DispatchOrder[] = [];
  const pool = new Map<number, DispatchCaregiver>();
  const history = new Map<string, number>();
  for (const o of open) {
    const { facts } = await orderCandidates(db, o);
    dispatchOrders.push(facts.order);
    for (const c of facts.caregivers) if (!pool.has(c.id)) pool.set(c.id, c);
    for (const [k, v] of facts.history) history.set(k, v);
  }
  const result = batchAssign(dispatchOrders, [...pool.values()], DEFAULT_DISPATCH_WEIGHTS, { history });
  const greedy = greedyNearest(dispatchOrders, [...pool.values()], DEFAULT_DISPATCH_WEIGHTS);
  const unassigned = [...result.unassigned];
  let assigned = 0;
  for (const a of result.assignments) {
    try {
      await db.transaction(async (tx) => {
        const [o] = await tx
          .select()
          .from(orders)
          .where(and(eq(orders.id, a.orderId), eq(orders.state, 'confirmed')));
        if (!o) throw conflict(M.changed);
        await takeStep(
          tx,
          o,
          { action: 'dispatch', actor: who.actor, userId: who.userId, caregiverId: a.caregiverId, batch: true },
          who.audit,
          now,
        );
      });
      assigned++;
    } catch (err) {
      if (!(err instanceof ProblemError)) throw err;
      unassigned.push(a.orderId);
    }
  }
  return {
    orders: open.length,
    assigned,
    unassigned,
    totalDistanceM: result.totalDistanceM,
    greedyDistanceM: greedy.totalDistanceM,
  };
}
