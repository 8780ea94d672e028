// Settling a visit exception: the core decides what the step may be; here it is checked against
// the caller's level, recorded (append-only), audited, and the order's billable status set with
// a compare-and-set, so two reviewers at once cannot both decide. The caregiver may explain her
// own visit from her phone right after check-out: the provider's explanation, with the same
// reason codes, recorded at the provider's level under her own account.
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { orders, regions, visitReviews } from '../../db/schema.js';
import type { Principal } from '../../auth/principal.js';
import { reviewVisit, type ReviewLevel, type VerificationStatus } from '../../../core/visits/exception-review.js';
import { conflict, fieldError, forbidden } from '../../http/problem.js';
import { writeAudit, type AuditActor } from '../audit/audit-writer.js';
import { drawForOrder } from '../ledger/draw-order.js';
import { notify } from '../../realtime/events.js';
import { ORDER_MESSAGES as M } from './messages.js';

type OrderRow = typeof orders.$inferSelect;

/** A region user's review level: the district (the root region) or a street. */
export async function levelOf(tx: DbOrTx, me: Principal): Promise<ReviewLevel> {
  if (me.scope.kind === 'provider') return 'provider';
  if (me.scope.kind !== 'region') throw forbidden(M.reviewLevel);
  const [r] = await tx.select({ parentId: regions.parentId }).from(regions).where(eq(regions.id, me.scope.regionId));
  return r?.parentId === null ? 'district' : 'street';
}

type ReviewBody = {
  decision: 'explain' | 'accept' | 'reject';
  reasonCode?: string | null;
  resolutionCode?: string | null;
  note: string;
};

export async function reviewException(
  tx: DbOrTx,
  o: OrderRow,
  me: Principal,
  b: ReviewBody,
  audit: AuditActor,
  now: Date,
) {
  await settle(tx, o, await levelOf(tx, me), me.userId, b, audit, now);
}

export const EXPLAIN_MESSAGES = {
  notProviderSide: '异常说明由服务人员或服务机构填写',
} as const;

/**
 * The provider's side explains a visit exception: the caregiver her own visit (the order is
 * loaded in her scope, so another caregiver's is not found), or the provider its caregivers'.
 */
export async function explainException(
  tx: DbOrTx,
  o: OrderRow,
  me: Principal,
  b: { reasonCode: string; note: string },
  audit: AuditActor,
  now: Date,
) {
  if (me.scope.kind !== 'caregiver' && me.scope.kind !== 'provider') throw forbidden(EXPLAIN_MESSAGES.notProviderSide);
  await settle(tx, o, 'provider', me.userId, { decision: 'explain', ...b }, audit, now);
}

async function settle(
  tx: DbOrTx,
  o: OrderRow,
  level: ReviewLevel,
  userId: number,
  b: ReviewBody,
  audit: AuditActor,
  now: Date,
) {
  const outcome = reviewVisit(o.verification as VerificationStatus | null, { level, ...b });
  if (!outcome.ok)
    throw outcome.field === 'decision'
      ? conflict(outcome.message, [{ field: 'decision', message: outcome.message }])
      : fieldError(outcome.field, outcome.message);
  const [after] = await tx
    .update(orders)
    .set({ verification: outcome.status, updatedAt: now })
    .where(and(eq(orders.id, o.id), eq(orders.verification, o.verification!)))
    .returning({ id: orders.id });
  if (!after) throw conflict(M.changed);
  if (outcome.status === 'accepted') await drawForOrder(tx, o, now);
  await tx.insert(visitReviews).values({
    orderId: o.id,
    decision: b.decision,
    reasonCode: b.reasonCode ?? null,
    resolutionCode: b.resolutionCode ?? null,
    note: b.note,
    byLevel: level,
    userId,
    at: now,
  });
  await writeAudit(tx, audit, {
    action: `visit.${b.decision}`,
    entityType: 'order',
    entityId: o.id,
    before: { verification: o.verification },
    after: { verification: outcome.status, ...b },
  });
  await notify(tx, { kind: 'console', regionId: o.regionId });
}
