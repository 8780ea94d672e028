// Taking in a complaint: its deadline in working days from today, its intake note, the audit
// row, the replacement rule, and word to the consoles.
import type { DbOrTx } from '../../db/client.js';
import { complaintNotes, complaints } from '../../db/schema.js';
import { complaintDueOn } from '../../../core/feedback/complaints.js';
import type { CallCentreRules } from '../../../core/orders/call-centre-rules.js';
import { shanghaiDate } from '../../../shared/today.js';
import { writeAudit, type AuditActor } from '../audit/audit-writer.js';
import { loadWorkCalendar } from '../calendar/calendar-store.js';
import { notify } from '../../realtime/events.js';
import { checkReplacement } from './replacement-check.js';

export interface ComplaintIntake {
  elderId: number;
  regionId: number;
  orderId: number | null;
  caregiverId: number | null;
  providerId: number | null;
  channel: 'call' | 'sms' | 'walk_in';
  assignee: 'street' | 'provider';
  content: string;
  userId: number | null;
}

export async function openComplaint(
  tx: DbOrTx,
  c: ComplaintIntake,
  rules: CallCentreRules,
  audit: AuditActor,
  now: Date,
) {
  const today = shanghaiDate(now);
  const dueOn = complaintDueOn(today, rules.complaintWorkingDays, await loadWorkCalendar(tx));
  const { userId, ...fields } = c;
  const [row] = await tx
    .insert(complaints)
    .values({ ...fields, receivedOn: today, dueOn, createdBy: userId, createdAt: now })
    .returning();
  await tx.insert(complaintNotes).values({ complaintId: row.id, kind: 'intake', text: c.content, userId, at: now });
  await writeAudit(tx, audit, { action: 'complaint.open', entityType: 'complaint', entityId: row.id, after: row });
  await notify(tx, { kind: 'console', regionId: c.regionId });
  if (c.caregiverId !== null)
    await checkReplacement(
      tx,
      { elderId: c.elderId, caregiverId: c.caregiverId, regionId: c.regionId },
      rules.replacement,
      audit,
      now,
    );
  return row;
}
