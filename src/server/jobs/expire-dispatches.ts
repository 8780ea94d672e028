// Orders dispatched but not accepted within the district's limit go back and on to the next
// best caregiver (the one who let it lapse is excluded). Each order is a transaction of its own
// with a compare-and-set on its state, so every server may run this every minute and an order
// is expired once.
import { and, eq, inArray, lt } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { orders } from '../db/schema.js';
import { acceptMinutesOf } from '../../core/providers/rules.js';
import { ProblemError } from '../http/problem.js';
import { takeStep } from '../modules/orders/order-steps.js';
import { systemActor } from '../modules/audit/audit-writer.js';
import { rulesOn } from '../modules/providers/rule-store.js';
import { shanghaiDate } from '../../shared/today.js';

const SYSTEM = systemActor();

export async function expireUnaccepted(db: Db, now: Date): Promise<{ expired: number; redispatched: number }> {
  const { params } = await rulesOn(db, shanghaiDate(now));
  const cutoff = new Date(now.getTime() - acceptMinutesOf(params) * 60_000);
  // A reassignment starts the clock again: it sets stateAt like the first dispatch.
  const lapsed = await db
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.state, 'dispatched'), lt(orders.stateAt, cutoff)));
  let expired = 0,
    redispatched = 0;
  for (const { id } of lapsed) {
    try {
      await db.transaction(async (tx) => {
        const [o] = await tx
          .select()
          .from(orders)
          .where(and(eq(orders.id, id), eq(orders.state, 'dispatched')));
        if (o) await takeStep(tx, o, { action: 'expire', actor: 'system', userId: null }, SYSTEM, now);
      });
      expired++;
    } catch (err) {
      if (err instanceof ProblemError) continue; // another server took it first
      throw err;
    }
    try {
      await db.transaction(async (tx) => {
        const [o] = await tx
          .select()
          .from(orders)
          .where(and(eq(orders.id, id), inArray(orders.state, ['confirmed'])));
        if (o) await takeStep(tx, o, { action: 'dispatch', actor: 'system', userId: null }, SYSTEM, now);
      });
      redispatched++;
    } catch (err) {
      // Nobody else fits: the order waits for the operator, on the console's unassigned list.
      if (!(err instanceof ProblemError)) throw err;
    }
  }
  return { expired, redispatched };
}
