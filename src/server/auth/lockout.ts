// Loads the failed logins that still count towards a lockout: inside the policy's longest
// reach, after the user's last success and after any admin unlock.
import { and, gt, inArray } from 'drizzle-orm';
import { loginAttempts } from '../db/schema.js';
import type { DbOrTx } from '../db/client.js';
import { lockedUntil, type LockoutPolicy } from '../../core/login-lockout.js';

export async function countingFailures(
  db: DbOrTx,
  list: readonly { id: number; failuresResetAt: Date | null }[],
  now: Date,
  policy: LockoutPolicy,
): Promise<Map<number, Date[]>> {
  const out = new Map<number, Date[]>(list.map((u) => [u.id, []]));
  if (list.length === 0) return out;
  const since = new Date(now.getTime() - (policy.windowMinutes + policy.lockMinutes) * 60_000);
  const rows = await db
    .select({ userId: loginAttempts.userId, at: loginAttempts.at, success: loginAttempts.success })
    .from(loginAttempts)
    .where(
      and(
        inArray(
          loginAttempts.userId,
          list.map((u) => u.id),
        ),
        gt(loginAttempts.at, since),
      ),
    )
    .orderBy(loginAttempts.at);
  const resetAt = new Map(list.map((u) => [u.id, u.failuresResetAt]));
  for (const r of rows) {
    const id = r.userId!;
    if (r.success) out.set(id, []);
    else {
      const reset = resetAt.get(id);
      if (!reset || r.at > reset) out.get(id)!.push(r.at);
    }
  }
  return out;
}

export async function lockStates(
  db: DbOrTx,
  list: readonly { id: number; failuresResetAt: Date | null }[],
  now: Date,
  policy: LockoutPolicy,
) {
  const failures = await countingFailures(db, list, now, policy);
  return new Map([...failures].map(([id, f]) => [id, lockedUntil(f, now, policy)]));
}
