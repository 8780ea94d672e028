// Writing a new order — priced, its lines, its first event, its audit row, word to the
// consoles — for the operator's form and for recurring plans alike. The caller holds the
// elder's row lock and has checked the elder.
import type { DbOrTx } from '../../db/client.js';
import { orderEvents, orderLines, orders, type elders } from '../../db/schema.js';
import type { OrderActor } from '../../../core/orders/workflow.js';
import { shanghaiDate } from '../../../shared/today.js';
import { sql } from 'drizzle-orm';
import { auditInsert, type AuditActor } from '../audit/audit-writer.js';
import { notifySql } from '../../realtime/events.js';
import { priceNewOrder } from './order-pricing.js';
import { conflict } from '../../http/problem.js';
import { ORDER_MESSAGES as M } from './messages.js';

export interface NewOrder {
  channel: 'phone' | 'walk_in' | 'family' | 'plan' | 'web';
  lines: { itemId: number; quantity: number }[];
  startAt: Date;
  endAt: Date;
  address: string;
  lng: number;
  lat: number;
  notes: string | null;
  /**
   * An order starts created, to be confirmed with the elder before dispatch (000 范文3 L119); a
   * plan's orders start confirmed only where the rules' autoConfirmPlanOrders says so.
   */
  state: 'created' | 'confirmed';
  planId?: number;
  /** An id drawn from orders_id_seq already (the form's path draws it with the elder's lock). */
  id?: number;
  idempotencyKey?: string | null;
  /** SHA-256 of the request the key came with: the same key with another request is refused. */
  idempotencyHash?: string | null;
  createdBy: number;
  actor: OrderActor;
  userId: number | null;
}

export async function insertOrder(
  tx: DbOrTx,
  elder: typeof elders.$inferSelect,
  n: NewOrder,
  audit: AuditActor,
  now: Date,
) {
  const serviceDate = shanghaiDate(n.startAt);
  const priced = await priceNewOrder(tx, elder, serviceDate, n.lines);
  // A recurring plan is a programme's service, so it stops when the elder is in none of the
  // home-care classes and holds no visiting entitlement (002 第5篇 L285: 「老人去世或出现其他不符合
  // 服务条件的情况后，街道办事处应立即变更和停止提供服务」); a single order may still be bought at the
  // unified price.
  if (n.channel === 'plan' && priced.classCode === null && !priced.visitsEntitled)
    throw conflict(M.notEligible(priced.reasons.join('；')), [{ field: 'elderId', message: '不符合服务条件' }]);
  const id =
    n.id ??
    ((await tx.execute(sql`select nextval('orders_id_seq')::int as id`)) as unknown as { rows: { id: number }[] })
      .rows[0].id;
  const programmes: Record<string, number> = {};
  for (const l of priced.breakdown.lines)
    for (const part of [...l.hours, ...l.vouchers])
      programmes[part.programme] = (programmes[part.programme] ?? 0) + part.fen;
  for (const [p, fen] of Object.entries(programmes)) if (fen === 0) delete programmes[p];
  const row: typeof orders.$inferSelect = {
    id,
    elderId: elder.id,
    regionId: elder.regionId,
    channel: n.channel,
    state: n.state,
    serviceDate,
    startAt: n.startAt,
    endAt: n.endAt,
    address: n.address,
    lng: n.lng,
    lat: n.lat,
    notes: n.notes,
    providerId: null,
    caregiverId: null,
    listFen: priced.breakdown.listFen,
    programmeFen: priced.breakdown.programmeFen,
    selfPayFen: priced.breakdown.selfPayFen,
    usage: priced.breakdown.usage,
    programmes,
    classCode: priced.classCode,
    idempotencyKey: n.idempotencyKey ?? null,
    idempotencyHash: n.idempotencyHash ?? null,
    planId: n.planId ?? null,
    stateAt: now,
    verification: null,
    drawnAt: null,
    createdBy: n.createdBy,
    createdAt: now,
    updatedAt: now,
  };
  const lines = priced.breakdown.lines.map((l, i) => ({
    orderId: id,
    itemId: l.itemId,
    quantity: l.quantity,
    unitPriceFen: priced.lines[i].unitPriceFen,
    listFen: l.listFen,
    minutes: l.minutes,
    breakdown: {
      hours: l.hours,
      coveredByHoursFen: l.coveredByHoursFen,
      vouchers: l.vouchers,
      selfPayListFen: l.selfPayListFen,
      selfPayFen: l.selfPayFen,
    },
    selfPayFen: l.selfPayFen,
  }));
  const event = {
    action: 'create',
    fromState: null,
    toState: n.state,
    actor: n.actor,
    userId: n.userId,
    data: { channel: n.channel, planId: n.planId ?? null },
    at: now,
  };
  // The order, its lines, first event, audit row and word to the consoles in one statement
  // (foreign keys are checked at its end): order creation is the hottest write, and on this
  // machine a round trip costs more than the work it carries. Drizzle puts each embedded
  // statement in parentheses, as a CTE wants.
  await tx.execute(sql`with
    o as ${tx.insert(orders).values(row)},
    lines as ${tx.insert(orderLines).values(lines)},
    event as ${tx.insert(orderEvents).values({ orderId: id, ...event })},
    audit as ${auditInsert(tx, audit, { action: 'order.create', entityType: 'order', entityId: id, after: { ...row, lines: n.lines } })}
    ${notifySql({ kind: 'console', regionId: row.regionId })}`);
  return { row, lines: lines.map((l, i) => ({ ...l, name: priced.lines[i].name })), event };
}
