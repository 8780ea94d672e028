// A demo month of the call centre: orders from the first of last month and the next few, priced like any
// order, in every state the month leaves them — closed with ratings, some visits exceptions
// (explained or settled), some cancelled or refused and sent on; today's orders live on the
// console; call-backs due; complaints open, late, answered and closed; a replacement case; and
// weekday plans that order ahead. History is written as it would have happened, step by step.
import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Database, DbOrTx } from '../db/client.js';
import {
  callbacks,
  caregivers,
  complaintNotes,
  complaints,
  elders,
  orderEvents,
  orders,
  ratings,
  serviceItems,
  servicePlans,
  users,
  visitReviews,
} from '../db/schema.js';
import type { Random } from '../../core/seeded-random.js';
import { addDays, addWorkingDays, daysBetween, type WorkCalendar } from '../../core/calendar/working-days.js';
import { previousMonth } from '../../core/calendar/months.js';
import { shanghaiInstant } from '../../core/plans/occurrences.js';
import { verifyVisit, DEFAULT_VERIFICATION_RULES } from '../../core/visits/verification.js';
import { DEFAULT_REPLACEMENT_RULES, type Level } from '../../core/feedback/replacement.js';
import type { OrderState } from '../../core/orders/workflow.js';
import { insertOrder } from '../modules/orders/insert-order.js';
import { providersCovering } from '../modules/providers/coverage.js';
import { checkReplacement } from '../modules/feedback/replacement-check.js';
import { generatePlanOrders } from '../modules/plans/generate-plan-orders.js';
import { systemActor } from '../modules/audit/audit-writer.js';

const SYSTEM = systemActor('demo');
const ITEMS = ['生活照料（2 小时）', '助浴', '居家保洁', '助餐（送餐上门）', '陪同就医', '上门理发'];
const LEVELS: Level[] = [
  'very_satisfied',
  'very_satisfied',
  'satisfied',
  'satisfied',
  'satisfied',
  'basic',
  'unsatisfied',
];
const offset = (lngLat: { lng: number; lat: number }, metres: number) => ({
  lng: lngLat.lng,
  lat: lngLat.lat + metres / 111_000,
});

export async function loadDemoOrders(database: Database, r: Random, today: string, cal: WorkCalendar, perDay = 8) {
  const db = database.db;
  const people = Object.fromEntries(
    (
      await db
        .select()
        .from(users)
        .where(inArray(users.username, ['operator', 'street', 'provider', 'admin']))
    ).map((u) => [u.username, u]),
  );
  const operator = people.operator;
  if (!operator) return { orders: 0 };
  const items = await db
    .select({ id: serviceItems.id, name: serviceItems.name })
    .from(serviceItems)
    .where(inArray(serviceItems.name, ITEMS));
  const pool = await db
    .select()
    .from(elders)
    .where(and(eq(elders.status, 'active'), isNotNull(elders.lng)))
    .limit(400);
  // Elders some provider serves, with the caregivers who could go.
  const served: { elder: typeof elders.$inferSelect; caregiverIds: number[] }[] = [];
  for (const e of pool) {
    if (served.length >= 60) break;
    const cover = await providersCovering(db, { lng: e.lng!, lat: e.lat! }, today);
    if (!cover.length) continue;
    const cs = await db
      .select({ id: caregivers.id })
      .from(caregivers)
      .where(
        and(
          inArray(
            caregivers.providerId,
            cover.map((c) => c.providerId),
          ),
          eq(caregivers.status, 'active'),
        ),
      );
    if (cs.length) served.push({ elder: e, caregiverIds: cs.map((c) => c.id) });
  }
  if (!served.length || !items.length) return { orders: 0 };
  const demoCaregiver = (await db.select({ id: caregivers.id }).from(caregivers).where(isNotNull(caregivers.userId)))[0]
    ?.id;
  let made = 0;
  const unsatisfiedPairs: { elderId: number; caregiverId: number; regionId: number }[] = [];
  // From the first of last month, so that last month can be shown closed and this one open.
  const first = daysBetween(today, `${previousMonth(today.slice(0, 7))}-01`);
  for (let day = first; day <= 3; day++) {
    const date = addDays(today, day);
    const count = day === 0 ? perDay * 2 : perDay;
    for (let k = 0; k < count; k++) {
      // Two "not satisfied" in a row for one pair, a few days ago: the replacement case the street sees.
      const staged = (day === -4 || day === -2) && k === 0;
      const { elder, caregiverIds } = staged ? served[0] : r.pick(served);
      const hour = 8 + r.int(0, 9);
      const startAt = shanghaiInstant(date, `${String(hour).padStart(2, '0')}:${r.pick(['00', '30'])}`);
      const endAt = new Date(startAt.getTime() + r.pick([60, 90, 120]) * 60_000);
      const item = r.pick(items);
      const caregiverId = staged
        ? caregiverIds[0]
        : day === 0 && demoCaregiver && k < 3 && caregiverIds.includes(demoCaregiver)
          ? demoCaregiver
          : r.pick(caregiverIds);
      const done = await db.transaction(async (tx) => {
        const [e] = await tx.select().from(elders).where(eq(elders.id, elder.id)).for('update');
        const createdAt = new Date(startAt.getTime() - r.int(1, 4) * 86_400_000);
        try {
          const { row: o } = await insertOrder(
            tx,
            e,
            {
              channel: r.pick(['phone', 'phone', 'phone', 'family', 'walk_in']),
              lines: [{ itemId: item.id, quantity: 1 }],
              startAt,
              endAt,
              address: e.address,
              lng: e.lng!,
              lat: e.lat!,
              notes: null,
              state: 'created',
              createdBy: operator.id,
              actor: 'operator',
              userId: operator.id,
            },
            SYSTEM,
            createdAt,
          );
          const fate = staged
            ? 'closed'
            : day < 0
              ? pastFate(r)
              : day === 0
                ? todayFate(r, hour)
                : r.pick<OrderState>(['created', 'confirmed', 'confirmed', 'dispatched']);
          const other = caregiverIds.find((id) => id !== caregiverId) ?? null;
          return await playOut(
            tx,
            o,
            fate,
            caregiverId,
            staged ? null : other,
            { operator: operator.id, street: people.street?.id, provider: people.provider?.id },
            r,
            today,
            cal,
            unsatisfiedPairs,
            staged ? 'unsatisfied' : undefined,
          );
        } catch {
          return false; // out of entitlement or price that day: skip, as an operator would
        }
      });
      if (done) made++;
    }
  }
  await db.transaction(async (tx) => {
    for (const pair of unsatisfiedPairs)
      await checkReplacement(tx, pair, DEFAULT_REPLACEMENT_RULES, SYSTEM, new Date());
  });
  // Weekday plans for a few elders, ordered ahead by the plan job; the operator confirms each day with the elder.
  const planned = served.slice(0, 4);
  const [care] = items.filter((i) => i.name === '生活照料（2 小时）');
  if (care) {
    const rows = await db
      .insert(servicePlans)
      .values(
        planned.map(({ elder }, i) => ({
          elderId: elder.id,
          regionId: elder.regionId,
          lines: [{ itemId: care.id, quantity: 1 }],
          weekdays: i % 2 ? [1, 3, 5] : [1, 2, 3, 4, 5],
          startTime: i % 2 ? '14:00' : '09:00',
          endTime: i % 2 ? '16:00' : '11:00',
          // From today: the plan job makes today's remaining visits too, unconfirmed, for the
          // console's 今日待确认 (000 范文3 L119).
          startsOn: today,
          createdBy: operator.id,
          notes: i % 2 ? null : '失能老人，每个工作日上午生活照料',
        })),
      )
      .returning({ id: servicePlans.id });
    await generatePlanOrders(db, new Date(), { planIds: rows.map((p) => p.id) });
  }
  return { orders: made };
}

function pastFate(r: Random): OrderState {
  const x = r.next();
  return x < 0.72 ? 'closed' : x < 0.84 ? 'completed' : x < 0.93 ? 'cancelled' : x < 0.97 ? 'no_show' : 'disputed';
}
function todayFate(r: Random, hour: number): OrderState {
  const nowHour = Number(
    new Date().toLocaleString('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', hour12: false }),
  );
  if (hour + 2 <= nowHour) return r.pick<OrderState>(['completed', 'completed', 'closed']);
  if (hour <= nowHour) return r.pick<OrderState>(['in_service', 'accepted', 'en_route']);
  return r.pick<OrderState>(['created', 'confirmed', 'confirmed', 'dispatched', 'dispatched', 'accepted']);
}

type OrderRow = typeof orders.$inferSelect;
const PATHS: Record<OrderState, string[]> = {
  created: [],
  confirmed: ['confirm'],
  dispatched: ['confirm', 'dispatch'],
  accepted: ['confirm', 'dispatch', 'accept'],
  en_route: ['confirm', 'dispatch', 'accept', 'depart'],
  in_service: ['confirm', 'dispatch', 'accept', 'depart', 'check_in'],
  completed: ['confirm', 'dispatch', 'accept', 'depart', 'check_in', 'check_out'],
  closed: ['confirm', 'dispatch', 'accept', 'depart', 'check_in', 'check_out', 'close'],
  cancelled: ['confirm', 'cancel'],
  no_show: ['confirm', 'dispatch', 'accept', 'depart', 'no_show'],
  disputed: ['confirm', 'dispatch', 'accept', 'depart', 'check_in', 'check_out', 'dispute'],
};
const TO: Record<string, OrderState> = {
  confirm: 'confirmed',
  dispatch: 'dispatched',
  accept: 'accepted',
  depart: 'en_route',
  check_in: 'in_service',
  check_out: 'completed',
  close: 'closed',
  cancel: 'cancelled',
  no_show: 'no_show',
  dispute: 'disputed',
  refuse: 'confirmed',
};
const REASONS: Record<string, string> = {
  cancel: '老人临时住院',
  no_show: '上门时老人不在家，电话未接',
  dispute: '老人家属对服务时长有异议',
  refuse: '路程太远，赶不及',
};

/**
 * Writes an order's history up to its fate, step by step as it would have happened. A forced
 * rating level (the staged visits) plays the visit at the door and on time.
 */
export async function playOut(
  tx: DbOrTx,
  o: OrderRow,
  fate: OrderState,
  caregiverId: number,
  other: number | null,
  who: { operator: number; street?: number; provider?: number },
  r: Random,
  today: string,
  cal: WorkCalendar,
  unsatisfied: { elderId: number; caregiverId: number; regionId: number }[],
  forceLevel?: Level,
) {
  const home = { lng: o.lng!, lat: o.lat! };
  const booked = Math.round((o.endAt.getTime() - o.startAt.getTime()) / 60_000);
  // Most visits at the door and on time; a few far away, short or without a position.
  const odd = forceLevel ? 1 : r.next();
  const inAt = new Date(o.startAt.getTime() + r.int(-5, 10) * 60_000);
  const outAt = new Date(inAt.getTime() + (odd < 0.06 ? Math.round(booked * 0.5) : booked + r.int(-5, 10)) * 60_000);
  const inPos = odd >= 0.06 && odd < 0.1 ? offset(home, 800 + r.int(0, 2000)) : offset(home, r.int(0, 120));
  const outPos = odd >= 0.1 && odd < 0.12 ? null : offset(home, r.int(0, 120));
  let path = PATHS[fate];
  // One in twelve dispatched orders was refused by someone else first and sent on.
  const refusing = other !== null && path.includes('accept') && r.next() < 0.08;
  if (refusing) path = ['confirm', 'dispatch', 'refuse', 'dispatch', ...path.slice(2)];
  let dispatches = 0;
  let state: OrderState = 'created';
  let at = new Date(o.createdAt.getTime() + 5 * 60_000);
  const events: (typeof orderEvents.$inferInsert)[] = [];
  let verification: ReturnType<typeof verifyVisit> | null = null;
  let current: number | null = null;
  for (const action of path) {
    const caregiver: number | null =
      action === 'dispatch' ? (refusing && dispatches++ === 0 ? other : caregiverId) : current;
    if (action === 'check_in') at = inAt;
    else if (action === 'check_out') at = outAt;
    else if (action === 'close') at = new Date(outAt.getTime() + 20 * 3_600_000);
    else at = new Date(Math.min(at.getTime() + r.int(5, 40) * 60_000, o.startAt.getTime() - 60_000));
    const data: Record<string, unknown> = {};
    if (action === 'check_in') data.position = inPos;
    if (action === 'check_out') {
      data.position = outPos;
      verification = verifyVisit(
        home,
        { startAt: o.startAt, endAt: o.endAt },
        { at: inAt, position: inPos },
        { at: outAt, position: outPos },
        DEFAULT_VERIFICATION_RULES,
      );
      data.verification = verification;
    }
    if (action === 'dispatch') data.auto = { distanceM: r.int(300, 4000) };
    const actor = ['accept', 'depart', 'check_in', 'check_out', 'refuse'].includes(action)
      ? 'caregiver'
      : action === 'no_show'
        ? 'caregiver'
        : 'operator';
    events.push({
      orderId: o.id,
      action,
      fromState: state,
      toState: TO[action],
      actor,
      userId: actor === 'operator' ? who.operator : null,
      caregiverId: action === 'refuse' ? current : caregiver,
      reason: REASONS[action] ?? null,
      data,
      at,
    });
    state = TO[action];
    current = action === 'refuse' ? null : caregiver;
  }
  // An order still waiting for its caregiver was sent a few minutes ago, not days: most are
  // within the acceptance limit, some just past it, as on any morning.
  const last = events.at(-1);
  if (last?.action === 'dispatch') last.at = new Date(Date.now() - r.int(2, 22) * 60_000);
  if (events.length) await tx.insert(orderEvents).values(events);
  const providerId =
    current === null
      ? null
      : (await tx.select({ p: caregivers.providerId }).from(caregivers).where(eq(caregivers.id, current)))[0].p;
  const verifiedAs = verification ? (verification.verified ? 'verified' : 'exception') : null;
  await tx
    .update(orders)
    .set({
      state,
      caregiverId: current,
      providerId,
      stateAt: events.at(-1)?.at ?? o.createdAt,
      verification: verifiedAs,
      updatedAt: events.at(-1)?.at ?? o.createdAt,
    })
    .where(eq(orders.id, o.id));
  const after = { ...o, state, caregiverId: current, providerId };
  if (verifiedAs === 'exception' && who.provider && who.street && o.serviceDate < addDays(today, -3)) {
    // Older exceptions are settled: explained by the provider, then accepted or rejected by the street.
    const accepted = r.next() < 0.75;
    await tx.insert(visitReviews).values([
      {
        orderId: o.id,
        decision: 'explain',
        reasonCode:
          inPos.lat - home.lat > 0.005 ? 'service_away_from_home' : outPos ? 'elder_ended_early' : 'gps_unavailable',
        note: '已与老人核实情况',
        byLevel: 'provider',
        userId: who.provider,
        at: new Date(outAt.getTime() + 86_400_000),
      },
      {
        orderId: o.id,
        decision: accepted ? 'accept' : 'reject',
        resolutionCode: accepted ? 'accepted_call_confirmed' : 'rejected_not_billable',
        note: accepted ? '电话回访老人确认已服务' : '老人称服务未完成',
        byLevel: 'street',
        userId: who.street,
        at: new Date(outAt.getTime() + 2 * 86_400_000),
      },
    ]);
    await tx
      .update(orders)
      .set({ verification: accepted ? 'accepted' : 'rejected' })
      .where(eq(orders.id, o.id));
  }
  if (state === 'completed' || state === 'closed' || state === 'disputed') {
    const due = new Date(outAt.getTime() + 86_400_000);
    const rated = state === 'closed' || r.next() < 0.3;
    const level = forceLevel ?? r.pick(LEVELS);
    await tx.insert(callbacks).values({
      orderId: o.id,
      regionId: o.regionId,
      dueAt: due,
      state: rated ? 'done' : 'open',
      attempts: rated ? 1 : 0,
      userId: rated ? who.operator : null,
      doneAt: rated ? due : null,
      comment: rated && level === 'unsatisfied' ? '服务人员来晚了' : null,
    });
    if (rated && current && providerId) {
      const ratedOn =
        due.toISOString().slice(0, 10) > today
          ? today
          : addDays(o.serviceDate, 1) > today
            ? today
            : addDays(o.serviceDate, 1);
      await tx.insert(ratings).values({
        orderId: o.id,
        elderId: o.elderId,
        caregiverId: current,
        providerId,
        level,
        source: 'callback',
        ratedOn,
        userId: who.operator,
        createdAt: due,
      });
      if (level === 'unsatisfied') {
        unsatisfied.push({ elderId: o.elderId, caregiverId: current, regionId: o.regionId });
        await demoComplaint(tx, after, r, today, cal, who);
      }
    }
  }
  return true;
}

async function demoComplaint(
  tx: DbOrTx,
  o: OrderRow,
  r: Random,
  today: string,
  cal: WorkCalendar,
  who: { operator: number; provider?: number },
) {
  const receivedOn = addDays(o.serviceDate, 1) > today ? today : addDays(o.serviceDate, 1);
  const dueOn = addWorkingDays(receivedOn, 5, cal);
  const overdue = dueOn < today;
  // Old ones are mostly closed; a few are left late on purpose, for the console to show.
  const stage = overdue ? (r.next() < 0.8 ? 'closed' : 'open') : r.pick(['open', 'answered']);
  const upheld = stage === 'open' ? null : r.next() < 0.6;
  const [c] = await tx
    .insert(complaints)
    .values({
      elderId: o.elderId,
      regionId: o.regionId,
      orderId: o.id,
      caregiverId: o.caregiverId,
      providerId: o.providerId,
      channel: 'call',
      assignee: 'provider',
      content: r.pick([
        '服务人员迟到，服务时间不足',
        '打扫不干净，厨房没有清理',
        '服务人员态度生硬',
        '约好的时间没有上门，也没有提前电话说明',
      ]),
      state: stage as 'open' | 'answered' | 'closed',
      receivedOn,
      dueOn,
      result:
        upheld === null
          ? null
          : upheld
            ? '属实，已约谈服务人员并安排补充服务'
            : '经核实，服务人员按约定完成服务，投诉不属实',
      upheld,
      confirmation: stage === 'closed' ? 'satisfied' : null,
      createdBy: who.operator,
      createdAt: new Date(`${receivedOn}T02:00:00Z`),
      closedAt: stage === 'closed' ? new Date(`${dueOn}T06:00:00Z`) : null,
    })
    .returning();
  const notes: (typeof complaintNotes.$inferInsert)[] = [
    { complaintId: c.id, kind: 'intake', text: c.content, userId: who.operator, at: c.createdAt },
  ];
  if (c.result)
    notes.push({
      complaintId: c.id,
      kind: 'answer',
      text: c.result,
      userId: who.provider ?? null,
      at: new Date(c.createdAt.getTime() + 2 * 86_400_000),
    });
  if (stage === 'closed')
    notes.push({
      complaintId: c.id,
      kind: 'confirm',
      text: '回访老人，对处理结果满意',
      userId: who.operator,
      at: c.closedAt!,
    });
  await tx.insert(complaintNotes).values(notes);
}
