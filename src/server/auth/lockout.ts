// Login attempts as the lockout rules (core/login-lockout.ts) see them, and the one atomic step
// that checks an address's lock and records the attempt.
import { and, asc, eq, gt, inArray, isNull, lt, sql } from 'drizzle-orm';
import { loginAttempts } from '../db/schema.js';
import type { Db, DbOrTx } from '../db/client.js';
import {
  accountLockedUntil,
  alertDue,
  failuresFrom,
  lockedUntil,
  type LockoutPolicy,
  type LoginAttempt,
} from '../../core/login-lockout.js';

/** First half of the two-key advisory lock: login names, apart from every other lock's space. */
const LOGIN_LOCKS = 1408;

const since = (now: Date, policy: LockoutPolicy) =>
  new Date(now.getTime() - (policy.windowMinutes + policy.lockMinutes) * 60_000);

const attemptColumns = {
  userId: loginAttempts.userId,
  at: loginAttempts.at,
  success: loginAttempts.success,
  ip: loginAttempts.ip,
};

/** Lock state per account, for the administrators' list: locked for some address, until when. */
export async function lockStates(
  db: DbOrTx,
  list: readonly { id: number; failuresResetAt: Date | null }[],
  now: Date,
  policy: LockoutPolicy,
): Promise<Map<number, Date | null>> {
  const byUser = new Map<number, LoginAttempt[]>(list.map((u) => [u.id, []]));
  if (list.length > 0) {
    const rows = await db
      .select(attemptColumns)
      .from(loginAttempts)
      .where(
        and(
          inArray(
            loginAttempts.userId,
            list.map((u) => u.id),
          ),
          gt(loginAttempts.at, since(now, policy)),
        ),
      )
      .orderBy(asc(loginAttempts.at), asc(loginAttempts.id));
    for (const r of rows) byUser.get(r.userId!)!.push(r);
  }
  return new Map(list.map((u) => [u.id, accountLockedUntil(byUser.get(u.id)!, u.failuresResetAt, now, policy)]));
}

export type Reservation =
  | { locked: Date; attemptId: null; failures: Date[] }
  | { locked: null; attemptId: number; failures: Date[]; alertIfFailed: boolean };

/**
 * Checks whether this address is locked out of this login name and, if not, records the attempt
 * as failed before the password is checked; a correct password then turns it into a success
 * (succeed). Under a per-name advisory lock, so 100 parallel guesses are counted one after the
 * other: the sixth sees five failures and is refused without its password being tried.
 * Unknown names count the same way (by name), so their answers cannot be told apart.
 */
export async function reserveAttempt(
  db: Db,
  who: { username: string; user: { id: number; failuresResetAt: Date | null } | null; ip: string },
  now: Date,
  policy: LockoutPolicy,
): Promise<Reservation> {
  const { username, user, ip } = who;
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${LOGIN_LOCKS}::int, hashtext(${username}::text))`);
    // Unknown names' attempts have no user id; the (user_id, at) index still finds them by IS NULL.
    const account = user
      ? eq(loginAttempts.userId, user.id)
      : and(isNull(loginAttempts.userId), eq(loginAttempts.username, username));
    const attempts: LoginAttempt[] = await tx
      .select(attemptColumns)
      .from(loginAttempts)
      .where(and(account, gt(loginAttempts.at, since(now, policy))))
      .orderBy(asc(loginAttempts.at), asc(loginAttempts.id));
    const resetAt = user?.failuresResetAt ?? null;
    const failures = failuresFrom(attempts, ip, resetAt);
    const locked = lockedUntil(failures, now, policy);
    if (locked) return { locked, attemptId: null, failures };
    const [row] = await tx
      .insert(loginAttempts)
      .values({ username, userId: user?.id ?? null, at: now, success: false, ip })
      .returning({ id: loginAttempts.id });
    const alertIfFailed =
      user !== null && alertDue([...attempts, { at: now, success: false, ip }], resetAt, now, policy);
    return { locked: null, attemptId: row.id, failures, alertIfFailed };
  });
}

/** The password was right: the reserved attempt becomes the success that clears this address's failures. */
export async function succeed(db: DbOrTx, attemptId: number) {
  await db.update(loginAttempts).set({ success: true }).where(eq(loginAttempts.id, attemptId));
}

/** Deletes attempts older than the retention; the lockout looks back minutes, the law six months. */
export async function purgeLoginAttempts(db: DbOrTx, now: Date, keptDays: number) {
  const cutoff = new Date(now.getTime() - keptDays * 24 * 60 * 60 * 1000);
  const rows = await db.delete(loginAttempts).where(lt(loginAttempts.at, cutoff)).returning({ id: loginAttempts.id });
  return rows.length;
}
