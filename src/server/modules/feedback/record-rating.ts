// A satisfaction rating, however it came (call-back or SMS reply): one per order, for the
// caregiver and provider who served. "Not satisfied" by SMS opens a complaint for the provider
// to look into; every rating may trigger the replacement rule.
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { callbacks, orders, ratings } from '../../db/schema.js';
import type { Level } from '../../../core/feedback/replacement.js';
import type { CallCentreRules } from '../../../core/orders/call-centre-rules.js';
import { conflict } from '../../http/problem.js';
import { shanghaiDate } from '../../../shared/today.js';
import { writeAudit, type AuditActor } from '../audit/audit-writer.js';
import { checkReplacement } from './replacement-check.js';
import { openComplaint } from './open-complaint.js';
import { FEEDBACK_MESSAGES as M } from './messages.js';

type OrderRow = typeof orders.$inferSelect;
const RATEABLE = ['completed', 'closed', 'disputed'];

export async function recordRating(
  tx: DbOrTx,
  o: OrderRow,
  r: { level: Level; source: 'callback' | 'sms'; comment: string | null; userId: number | null },
  rules: CallCentreRules,
  audit: AuditActor,
  now: Date,
) {
  if (!RATEABLE.includes(o.state) || o.caregiverId === null || o.providerId === null) throw conflict(M.notRateable);
  const [row] = await tx
    .insert(ratings)
    .values({
      orderId: o.id,
      elderId: o.elderId,
      caregiverId: o.caregiverId,
      providerId: o.providerId,
      level: r.level,
      source: r.source,
      comment: r.comment,
      ratedOn: shanghaiDate(now),
      userId: r.userId,
      createdAt: now,
    })
    .onConflictDoNothing()
    .returning();
  if (!row) throw conflict(M.alreadyRated);
  await writeAudit(tx, audit, { action: 'rating.record', entityType: 'order', entityId: o.id, after: row });
  if (r.source === 'sms') {
    // A rating by SMS answers the call-back too: nobody needs to ring to ask again.
    await tx
      .update(callbacks)
      .set({ state: 'rated_by_sms', doneAt: now })
      .where(and(eq(callbacks.orderId, o.id), eq(callbacks.state, 'open')));
  }
  if (r.level === 'unsatisfied' && r.source === 'sms') {
    await openComplaint(
      tx,
      {
        elderId: o.elderId,
        regionId: o.regionId,
        orderId: o.id,
        caregiverId: o.caregiverId,
        providerId: o.providerId,
        channel: 'sms',
        assignee: 'provider',
        content: `短信回复「不满意」${r.comment ? `：${r.comment}` : ''}`,
        userId: null,
      },
      rules,
      audit,
      now,
    );
  }
  await checkReplacement(
    tx,
    { elderId: o.elderId, caregiverId: o.caregiverId, regionId: o.regionId },
    rules.replacement,
    audit,
    now,
  );
  return row;
}
