// Death or moving away ends what the call centre has planned for the elder: the orders not yet
// in service are cancelled (each an ordinary step, audited, releasing its entitlement) and the
// recurring plans stop, in the transaction that records the change.
import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { orders, servicePlans } from '../../db/schema.js';
import type { AuditActor } from '../audit/audit-writer.js';
import { writeAudit } from '../audit/audit-writer.js';
import { takeStep } from './order-steps.js';

const NOT_STARTED = ['created', 'confirmed', 'dispatched', 'accepted', 'en_route'];

export async function endElderServices(
  tx: DbOrTx,
  elderId: number,
  reason: string,
  userId: number,
  audit: AuditActor,
  now: Date,
) {
  const open = await tx
    .select()
    .from(orders)
    .where(and(eq(orders.elderId, elderId), inArray(orders.state, NOT_STARTED)))
    .for('update');
  for (const o of open) await takeStep(tx, o, { action: 'cancel', actor: 'street', userId, reason }, audit, now);
  const plans = await tx
    .update(servicePlans)
    .set({ state: 'stopped', stopReason: reason, updatedAt: now })
    .where(and(eq(servicePlans.elderId, elderId), eq(servicePlans.state, 'active')))
    .returning({ id: servicePlans.id });
  for (const p of plans)
    await writeAudit(tx, audit, {
      action: 'plan.stop',
      entityType: 'service_plan',
      entityId: p.id,
      before: { state: 'active' },
      after: { state: 'stopped', reason },
    });
  return { orders: open.map((o) => o.id), plans: plans.map((p) => p.id) };
}
