// Escalation: a case nobody has acknowledged within the district's limit (a dated call-centre
// rule) is marked escalated, audited and announced to every console, where it shows red to all
// operators and the district's supervisors. Safe on any number of servers and any number of
// runs: each case is escalated by one compare-and-set UPDATE that only a still-open, not yet
// escalated case passes, so it happens once.
import { and, eq, isNull, lte } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { alarmCases } from '../../db/schema.js';
import { escalationCutoff } from '../../../core/alarms/alarm-case.js';
import { callCentreRulesOf } from '../../../core/orders/call-centre-rules.js';
import { shanghaiDate } from '../../../shared/today.js';
import { notify } from '../../realtime/events.js';
import { systemActor, writeAudit } from '../audit/audit-writer.js';
import { rulesOn } from '../providers/rule-store.js';

const SYSTEM = systemActor();

export async function escalateOverdueAlarms(db: Db, now: Date): Promise<{ escalated: number; ackSeconds: number }> {
  const { alarmAckSeconds } = callCentreRulesOf((await rulesOn(db, shanghaiDate(now))).params);
  const cutoff = escalationCutoff(now, alarmAckSeconds);
  const due = and(eq(alarmCases.state, 'open'), isNull(alarmCases.escalatedAt), lte(alarmCases.raisedAt, cutoff))!;
  const candidates = await db.select({ id: alarmCases.id }).from(alarmCases).where(due);
  let escalated = 0;
  for (const { id } of candidates) {
    const done = await db.transaction(async (tx) => {
      const [c] = await tx
        .update(alarmCases)
        .set({ escalatedAt: now })
        .where(and(eq(alarmCases.id, id), due))
        .returning();
      if (!c) return false;
      await writeAudit(tx, SYSTEM, {
        action: 'alarm.escalate',
        entityType: 'alarm',
        entityId: id,
        after: {
          escalatedAt: now,
          ackSeconds: alarmAckSeconds,
          waitedSeconds: (now.getTime() - c.raisedAt.getTime()) / 1000,
        },
      });
      await notify(tx, {
        kind: 'alarm',
        caseId: id,
        regionId: c.regionId,
        state: c.state,
        change: 'escalated',
        at: now.toISOString(),
      });
      return true;
    });
    if (done) escalated++;
  }
  return { escalated, ackSeconds: alarmAckSeconds };
}
