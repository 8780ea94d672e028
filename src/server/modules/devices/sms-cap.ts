// Texts an operator sends to numbers typed by hand (the lost-elder share, the community notice of
// an alarm) carry an elder's name, address and position: one user may send only so many an hour,
// counted from the audit trail (so it holds across servers), like revealing a full ID number.
import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import { auditLog } from '../../db/schema.js';
import type { DbOrTx } from '../../db/client.js';
import { ProblemError } from '../../http/problem.js';

export const HAND_TYPED_SMS_PER_HOUR = 20;

export async function checkHandTypedSms(tx: DbOrTx, userId: number, now: Date) {
  const [{ n }] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.userId, userId),
        gt(auditLog.at, new Date(now.getTime() - 3600_000)),
        inArray(auditLog.action, ['trip.share', 'alarm.action']),
        sql`(${auditLog.action} = 'trip.share' or ${auditLog.after}->>'kind' = 'notified_community')`,
      ),
    );
  if (n >= HAND_TYPED_SMS_PER_HOUR)
    throw new ProblemError(
      429,
      '短信发送过多',
      `一小时内已发送 ${n} 次协查或通知短信，已达上限 ${HAND_TYPED_SMS_PER_HOUR} 次，请稍后再试或联系区民政局`,
    );
}
