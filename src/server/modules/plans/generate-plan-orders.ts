// Turns active recurring plans into orders up to the horizon the rules set. Each day is its
// own transaction under the elder's lock and a unique (plan, day) key, so every server may run
// this and a day is ordered once. A plan stops for good when the elder dies or moves away, when
// it reaches its end date, or when the entitlement no longer covers the elder on a day.
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { elders, orders, servicePlans } from '../../db/schema.js';
import { planDates, planStopReason, shanghaiInstant, type ElderStatus } from '../../../core/plans/occurrences.js';
import { addDays } from '../../../core/calendar/working-days.js';
import { callCentreRulesOf } from '../../../core/orders/call-centre-rules.js';
import { ProblemError } from '../../http/problem.js';
import { systemActor, writeAudit, type AuditActor } from '../audit/audit-writer.js';
import { rulesOn } from '../providers/rule-store.js';
import { insertOrder } from '../orders/insert-order.js';
import { shanghaiDate } from '../../../shared/today.js';

const SYSTEM = systemActor();
type Plan = typeof servicePlans.$inferSelect;

/** The column holds 200 characters; an eligibility explanation can run longer. */
const STOP_REASON_MAX = 200;
const fitReason = (reason: string) =>
  reason.length <= STOP_REASON_MAX ? reason : `${reason.slice(0, STOP_REASON_MAX - 1)}…`;

async function stopPlan(db: Db, plan: Plan, full: string, audit: AuditActor, now: Date) {
  const reason = fitReason(full);
  await db.transaction(async (tx) => {
    const [done] = await tx
      .update(servicePlans)
      .set({ state: 'stopped', stopReason: reason, updatedAt: now })
      .where(and(eq(servicePlans.id, plan.id), eq(servicePlans.state, 'active')))
      .returning({ id: servicePlans.id });
    if (done)
      await writeAudit(tx, audit, {
        action: 'plan.stop',
        entityType: 'service_plan',
        entityId: plan.id,
        before: { state: 'active' },
        after: { state: 'stopped', reason: full },
      });
  });
}

export async function generatePlanOrders(db: Db, now: Date, opts: { planIds?: number[]; audit?: AuditActor } = {}) {
  const audit = opts.audit ?? SYSTEM;
  const today = shanghaiDate(now);
  const rules = callCentreRulesOf((await rulesOn(db, today)).params);
  const horizon = rules.planHorizonDays;
  // The operator confirms each day's items and time with the elder before the order is
  // dispatched — 「话务员……向自己所负责的街道里的老人确认当天的服务项目和服务时间,待服务工单确认后,再进行工单
  // 分配」(000 范文3 L119) — so a plan's orders start unconfirmed unless the rules auto-confirm them.
  const state = rules.autoConfirmPlanOrders ? ('confirmed' as const) : ('created' as const);
  const until = addDays(today, horizon);
  const plans = await db
    .select()
    .from(servicePlans)
    .where(
      and(
        eq(servicePlans.state, 'active'),
        ...(opts.planIds ? [inArray(servicePlans.id, opts.planIds.length ? opts.planIds : [0])] : []),
      ),
    );
  let created = 0,
    stopped = 0;
  for (const plan of plans) {
    const [elder] = await db.select().from(elders).where(eq(elders.id, plan.elderId));
    const gone =
      planStopReason(plan, elder.status as ElderStatus, today) ??
      (elder.lng === null || elder.lat === null ? '老人档案没有住址坐标，无法派单' : null);
    if (gone) {
      await stopPlan(db, plan, gone, audit, now);
      stopped++;
      continue;
    }
    const from = plan.generatedUntil && plan.generatedUntil >= today ? addDays(plan.generatedUntil, 1) : today;
    let halted = false;
    for (const date of planDates(plan, from, until)) {
      const startAt = shanghaiInstant(date, plan.startTime);
      if (startAt <= now) continue;
      try {
        const made = await db.transaction(async (tx) => {
          const [e] = await tx.select().from(elders).where(eq(elders.id, plan.elderId)).for('update');
          const [exists] = await tx
            .select({ id: orders.id })
            .from(orders)
            .where(and(eq(orders.planId, plan.id), eq(orders.serviceDate, date)));
          if (exists) return false;
          if (e.status !== 'active') return false; // suspended: skip the day, keep the plan
          await insertOrder(
            tx,
            e,
            {
              channel: 'plan',
              lines: plan.lines,
              startAt,
              endAt: shanghaiInstant(date, plan.endTime),
              address: e.address,
              lng: e.lng!,
              lat: e.lat!,
              notes: plan.notes,
              state,
              planId: plan.id,
              createdBy: plan.createdBy,
              actor: 'system',
              userId: null,
            },
            audit,
            now,
          );
          return true;
        });
        if (made) created++;
      } catch (err) {
        if (!(err instanceof ProblemError)) throw err;
        // Not eligible any more (entitlement ended, class changed) or no price that day: the plan cannot go on.
        await stopPlan(db, plan, `${date} 无法生成工单：${err.detail}`, audit, now);
        stopped++;
        halted = true;
        break;
      }
    }
    // Days up to the horizon are done, ordered or not on the plan's weekdays.
    if (!halted && (!plan.generatedUntil || plan.generatedUntil < until))
      await db.update(servicePlans).set({ generatedUntil: until }).where(eq(servicePlans.id, plan.id));
  }
  return { created, stopped };
}
