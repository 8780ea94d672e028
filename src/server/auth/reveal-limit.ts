// A cap on how many full ID numbers and phones one user may reveal per hour. Each reveal is
// audited anyway; counting those rows needs no new state, and the per-user advisory lock makes
// the count and the reveal's own row one step, so parallel requests cannot slip past the cap.
import type { FastifyRequest } from 'fastify';
import { and, count, eq, gt, inArray, sql } from 'drizzle-orm';
import { auditLog } from '../db/schema.js';
import type { Db, DbOrTx } from '../db/client.js';
import { ProblemError } from '../http/problem.js';
import { actorOf, writeAudit } from '../modules/audit/audit-writer.js';

/** First half of the two-key advisory lock: one user's reveals, apart from every other lock's space. */
const REVEAL_LOCKS = 1409;

export const REVEAL_ACTIONS = ['elder.reveal', 'caregiver.reveal'];
export const REVEAL_ALERT = 'security.reveal_limit';

// The audit trail's clock is the database's, so the hour is measured on it too.
const lastHour = sql`now() - interval '1 hour'`;

/**
 * Runs a reveal (which writes its audit row in tx) unless the caller has used up the hour's
 * reveals. Then the district sees one alert in the audit trail per user and hour, and the
 * caller gets a 429 in Chinese.
 */
export async function limitReveals<T>(
  db: Db,
  req: FastifyRequest,
  perHour: number,
  reveal: (tx: DbOrTx) => Promise<T>,
): Promise<T> {
  const userId = req.principal!.userId;
  const mine = (actions: string[]) =>
    and(eq(auditLog.userId, userId), inArray(auditLog.action, actions), gt(auditLog.at, lastHour));
  const outcome = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${REVEAL_LOCKS}::int, ${userId}::int)`);
    const [{ n }] = await tx.select({ n: count() }).from(auditLog).where(mine(REVEAL_ACTIONS));
    if (n < perHour) return { refused: false as const, value: await reveal(tx) };
    const [{ alerts }] = await tx
      .select({ alerts: count() })
      .from(auditLog)
      .where(mine([REVEAL_ALERT]));
    if (alerts === 0)
      await writeAudit(tx, actorOf(req), {
        action: REVEAL_ALERT,
        entityType: 'user',
        entityId: userId,
        after: { revealsInLastHour: n, limitPerHour: perHour },
      });
    return { refused: true as const };
  });
  if (outcome.refused)
    throw new ProblemError(
      429,
      '查看次数超限',
      `您在一小时内查看完整身份证号或电话已达 ${perHour} 次上限，已通知区民政局管理员；请稍后再试，如确因工作需要请联系管理员`,
    );
  return outcome.value;
}
