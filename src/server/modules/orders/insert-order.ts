// Writing a new order — priced, its lines, its first event, its audit row, word to the
// consoles — for the operator's form and for recurring plans alike. The caller holds the
// elder's row lock and has checked the elder.
import type { DbOrTx } from '../../db/client.js';
import { orderEvents, orderLines, orders, type elders } from '../../db/schema.js';
import type { OrderActor } from '../../../core/orders/workflow.js';
import { shanghaiDate } from '../../../shared/today.js';
import { writeAudit, type AuditActor } from '../audit/audit-writer.js';
import { notify } from '../../realtime/events.js';
import { priceNewOrder } from './order-pricing.js';

export interface NewOrder {
  channel: 'phone' | 'walk_in' | 'family' | 'plan' | 'web';
  lines: { itemId: number; quantity: number }[];
  startAt: Date;
  endAt: Date;
  address: string;
  lng: number;
  lat: number;
  notes: string | null;
  /** A plan's orders start confirmed: the plan was agreed with the elder. */
  state: 'created' | 'confirmed';
  planId?: number;
  idempotencyKey?: string | null;
  createdBy: number;
  actor: OrderActor;
  userId: number | null;
}

export async function insertOrder(tx: DbOrTx, elder: typeof elders.$inferSelect, n: NewOrder, audit: AuditActor, now: Date) {
  const serviceDate = shanghaiDate(n.startAt);
  const priced = await priceNewOrder(tx, elder, serviceDate, n.lines);
  const [row] = await tx.insert(orders).values({
    elderId: elder.id, regionId: elder.regionId, channel: n.channel, state: n.state, serviceDate, startAt: n.startAt, endAt: n.endAt,
    address: n.address, lng: n.lng, lat: n.lat, notes: n.notes, listFen: priced.breakdown.listFen, programmeFen: priced.breakdown.programmeFen,
    selfPayFen: priced.breakdown.selfPayFen, usage: priced.breakdown.usage, classCode: priced.classCode, idempotencyKey: n.idempotencyKey ?? null,
    planId: n.planId ?? null, createdBy: n.createdBy, createdAt: now, updatedAt: now, stateAt: now,
  }).returning();
  await tx.insert(orderLines).values(priced.breakdown.lines.map((l, i) => ({
    orderId: row.id, itemId: l.itemId, quantity: l.quantity, unitPriceFen: priced.lines[i].unitPriceFen, listFen: l.listFen, minutes: l.minutes,
    breakdown: { hours: l.hours, coveredByHoursFen: l.coveredByHoursFen, vouchers: l.vouchers, selfPayListFen: l.selfPayListFen, selfPayFen: l.selfPayFen }, selfPayFen: l.selfPayFen,
  })));
  await tx.insert(orderEvents).values({ orderId: row.id, action: 'create', fromState: null, toState: n.state, actor: n.actor, userId: n.userId, data: { channel: n.channel, planId: n.planId ?? null }, at: now });
  await writeAudit(tx, audit, { action: 'order.create', entityType: 'order', entityId: row.id, after: { ...row, lines: n.lines } });
  await notify(tx, { kind: 'console', regionId: row.regionId });
  return row;
}
