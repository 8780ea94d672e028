// Taking one step on an order, for a person at a desk or for the system's own jobs: choosing
// or checking the caregiver for a dispatch, the state machine, the check of a check-in against
// the elder's home and the booked time, the visit's verification at check-out, a compare-and-set
// on the state, the event and the audit row — all in the caller's transaction.
import { and, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { caregivers, orderEvents, orderLines, orders, serviceItems } from '../../db/schema.js';
import { applyOrderStep, type OrderAction, type OrderActor, type OrderState } from '../../../core/orders/workflow.js';
import { candidatesFor, DEFAULT_DISPATCH_WEIGHTS, unfitReasons } from '../../../core/dispatch/candidates.js';
import { drawForOrder } from '../ledger/draw-order.js';
import {
  caregiverNotices,
  checkCheckIn,
  checkInWindow,
  verifyVisit,
  type VerificationRules,
  type VisitException,
} from '../../../core/visits/verification.js';
import { callCentreRulesOf } from '../../../core/orders/call-centre-rules.js';
import { notify } from '../../realtime/events.js';
import { rulesOn } from '../providers/rule-store.js';
import { afterVisit } from '../feedback/visit-completed.js';
import { conflict, fieldError } from '../../http/problem.js';
import { writeAudit, type AuditActor } from '../audit/audit-writer.js';
import { dispatchFacts } from './dispatch-facts.js';
import { ORDER_MESSAGES as M } from './messages.js';

type OrderRow = typeof orders.$inferSelect;

export interface StepInput {
  action: OrderAction;
  actor: OrderActor;
  /** The person acting, or null for the system. */
  userId: number | null;
  reason?: string | null;
  caregiverId?: number;
  /** A provider's desk may only send its own caregivers. */
  onlyProviderId?: number;
  position?: { lng: number; lat: number } | null;
  /** Chosen by batch dispatch: not an override of the instant recommendation. */
  batch?: boolean;
}

/** What the order's items need of a caregiver. */
async function needsOf(tx: DbOrTx, orderId: number) {
  const rows = await tx
    .select({ skills: serviceItems.requiredSkills, certificates: serviceItems.requiredCertificates })
    .from(orderLines)
    .innerJoin(serviceItems, eq(serviceItems.id, orderLines.itemId))
    .where(eq(orderLines.orderId, orderId));
  return {
    skills: [...new Set(rows.flatMap((r) => r.skills))],
    certificates: [...new Set(rows.flatMap((r) => r.certificates))],
  };
}

/** The dispatch candidates for an order, best first, with their names. */
export async function orderCandidates(tx: DbOrTx, o: OrderRow) {
  const facts = await dispatchFacts(tx, o, await needsOf(tx, o.id));
  return { facts, ranked: candidatesFor(facts.order, facts.caregivers, DEFAULT_DISPATCH_WEIGHTS, facts.history) };
}

/** What the caregiver's phone is told right after a check-in or a check-out. */
export interface VisitNotice {
  stage: 'check_in' | 'check_out';
  /** Null at check-in: the visit is verified at check-out. */
  verified: boolean | null;
  exceptions: VisitException[];
  /** The same, said to the caregiver in her words. */
  notices: string[];
  /** When check-in is allowed, by the rules of the service date. */
  checkInFrom: string;
  checkInTo: string;
}

const bookingOf = (o: OrderRow) => ({ startAt: o.startAt, endAt: o.endAt });

/** The visit's verification at check-out, from the check-in recorded before. */
async function verification(
  tx: DbOrTx,
  o: OrderRow,
  now: Date,
  outPosition: { lng: number; lat: number } | null,
  rules: VerificationRules,
) {
  const [checkIn] = await tx
    .select()
    .from(orderEvents)
    .where(and(eq(orderEvents.orderId, o.id), eq(orderEvents.action, 'check_in')))
    .orderBy(desc(orderEvents.id))
    .limit(1);
  const inPos = (checkIn?.data as { position?: { lng: number; lat: number } | null } | null)?.position ?? null;
  return verifyVisit(
    { lng: o.lng!, lat: o.lat! },
    bookingOf(o),
    checkIn ? { at: checkIn.at, position: inPos } : null,
    { at: now, position: outPosition },
    rules,
  );
}

/**
 * Takes the step; returns the order as it now is and, for a check-in or a check-out, what the
 * caregiver's phone is to tell her at once. A check-in outside the distance or the time window is
 * recorded all the same (she is at the door) and only warned of; the check-out decides.
 */
export async function takeStep(
  tx: DbOrTx,
  o: OrderRow,
  input: StepInput,
  audit: AuditActor,
  now: Date,
): Promise<{ row: OrderRow; visit: VisitNotice | null }> {
  // Only an order confirmed with the elder is dispatched (000 范文3 L119): said plainly, before
  // the candidates are looked at.
  if (input.action === 'dispatch' && o.state === 'created') throw conflict(M.notConfirmed);
  let caregiverId = input.caregiverId;
  let providerId = o.providerId;
  const data: Record<string, unknown> = {};
  if (input.action === 'dispatch' || input.action === 'reassign') {
    const { facts, ranked } = await orderCandidates(tx, o);
    const allowed =
      input.onlyProviderId === undefined ? ranked : ranked.filter((c) => c.providerId === input.onlyProviderId);
    if (caregiverId === undefined && input.action === 'dispatch') {
      const best = allowed[0];
      if (!best) throw conflict(M.noCandidate);
      caregiverId = best.caregiverId;
      data.auto = { distanceM: best.distanceM, score: best.score };
    } else if (caregiverId !== undefined) {
      const c = facts.caregivers.find((x) => x.id === caregiverId);
      const reasons = !c
        ? ['不是服务区域内机构的在岗人员']
        : input.onlyProviderId !== undefined && c.providerId !== input.onlyProviderId
          ? ['不是本机构的服务人员']
          : unfitReasons(facts.order, c, DEFAULT_DISPATCH_WEIGHTS);
      if (reasons.length)
        throw conflict(M.caregiverUnfit(reasons.join('；')), [{ field: 'caregiverId', message: reasons.join('；') }]);
      // A hand-picked caregiver other than the best is an override, recorded as such.
      if (input.batch) data.batch = true;
      else
        data.override =
          allowed[0] && allowed[0].caregiverId !== caregiverId ? { recommended: allowed[0].caregiverId } : false;
    }
  }
  const step = applyOrderStep(o.state as OrderState, o.caregiverId, {
    action: input.action,
    actor: input.actor,
    reason: input.reason ?? null,
    caregiverId: caregiverId ?? null,
  });
  if (!step.ok) throw step.field === 'action' ? conflict(step.message) : fieldError(step.field, step.message);
  if (step.caregiverId !== o.caregiverId) {
    providerId =
      step.caregiverId === null
        ? null
        : (await tx.select({ p: caregivers.providerId }).from(caregivers).where(eq(caregivers.id, step.caregiverId)))[0]
            .p;
  }
  const punch = input.action === 'check_in' || input.action === 'check_out' ? input.action : null;
  if (punch) data.position = input.position ?? null;
  const punchRules = punch ? callCentreRulesOf((await rulesOn(tx, o.serviceDate)).params) : null;
  const rules = punch === 'check_out' ? punchRules : null;
  let verified: boolean | null = null;
  let visit: VisitNotice | null = null;
  if (punchRules) {
    const vr = punchRules.verification;
    const window = checkInWindow(o.startAt, vr);
    const told = (stage: 'check_in' | 'check_out', r: Parameters<typeof caregiverNotices>[1], ok: boolean | null) => ({
      stage,
      verified: ok,
      exceptions: r.exceptions,
      notices: caregiverNotices(stage, r, bookingOf(o), vr),
      checkInFrom: window.from.toISOString(),
      checkInTo: window.to.toISOString(),
    });
    if (punch === 'check_in') {
      // Kept with the event, so the desk sees what she was warned of.
      const c = checkCheckIn(
        { lng: o.lng!, lat: o.lat! },
        bookingOf(o),
        { at: now, position: input.position ?? null },
        vr,
      );
      data.check = c;
      visit = told('check_in', c, null);
    } else {
      const v = await verification(tx, o, now, input.position ?? null, vr);
      data.verification = v;
      verified = v.verified;
      visit = told('check_out', v, v.verified);
    }
  }
  // Compare-and-set on the state: a step is taken once, even when two people act at once.
  const [after] = await tx
    .update(orders)
    .set({
      state: step.state,
      caregiverId: step.caregiverId,
      providerId,
      updatedAt: now,
      stateAt: now,
      ...(verified === null ? {} : { verification: verified ? ('verified' as const) : ('exception' as const) }),
    })
    .where(and(eq(orders.id, o.id), eq(orders.state, o.state)))
    .returning();
  if (!after) throw conflict(M.changed);
  if (rules) await afterVisit(tx, after, step.caregiverId!, rules, now);
  if (verified) await drawForOrder(tx, after, now);
  await notify(tx, { kind: 'console', regionId: o.regionId });
  await tx.insert(orderEvents).values({
    orderId: o.id,
    action: input.action,
    fromState: o.state,
    toState: step.state,
    actor: input.actor,
    userId: input.userId,
    caregiverId: input.action === 'refuse' || input.action === 'expire' ? o.caregiverId : step.caregiverId,
    reason: input.reason ?? null,
    data,
    at: now,
  });
  await writeAudit(tx, audit, {
    action: `order.${input.action}`,
    entityType: 'order',
    entityId: o.id,
    before: { state: o.state, caregiverId: o.caregiverId },
    after: { state: step.state, caregiverId: step.caregiverId, reason: input.reason ?? null, ...data },
  });
  return { row: after, visit };
}
