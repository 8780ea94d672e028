// Lockout after repeated failed logins: N failures within a window lock the account for a period
// counted from the last failure. Pure: the caller passes the recorded attempts and the clock.
//
// The lock holds for one source address only. Counting per account let anyone who knew a
// username lock its owner out with five bad guesses; counted per (account, address), the
// attacker locks only themselves, while the owner, elsewhere, still gets in. Spreading guesses
// over many addresses is slowed by the per-address request limit and shows up in the
// administrators' alert (alertDue), which counts failures on the account from every address.

export interface LockoutPolicy {
  maxFailures: number;
  windowMinutes: number;
  lockMinutes: number;
  /** Failures on one account from all addresses within the window that raise an alert for the administrators. */
  alertFailures: number;
}

export const DEFAULT_LOCKOUT_POLICY: LockoutPolicy = {
  maxFailures: 5,
  windowMinutes: 15,
  lockMinutes: 15,
  alertFailures: 10,
};

export interface LoginAttempt {
  at: Date;
  success: boolean;
  ip: string | null;
}

export function lockedUntil(
  failuresSinceLastSuccess: readonly Date[],
  now: Date,
  policy: LockoutPolicy = DEFAULT_LOCKOUT_POLICY,
): Date | null {
  const sorted = [...failuresSinceLastSuccess].sort((a, b) => a.getTime() - b.getTime());
  const windowMs = policy.windowMinutes * 60_000;
  // Find the latest failure that completes a run of maxFailures inside one window.
  for (let end = sorted.length - 1; end >= policy.maxFailures - 1; end--) {
    const start = end - policy.maxFailures + 1;
    if (sorted[end].getTime() - sorted[start].getTime() <= windowMs) {
      const until = new Date(sorted[end].getTime() + policy.lockMinutes * 60_000);
      return until > now ? until : null;
    }
  }
  return null;
}

/**
 * The failures that count towards one address's lock on an account: after that address's last
 * success and after an administrator's unlock. Attempts come in the order they were made. A
 * success elsewhere does not clear them, or the owner's daily login would hand an attacker new tries.
 */
export function failuresFrom(attempts: readonly LoginAttempt[], ip: string | null, resetAt: Date | null): Date[] {
  let out: Date[] = [];
  for (const a of attempts) {
    if (a.ip !== ip) continue;
    if (a.success) out = [];
    else if (!resetAt || a.at > resetAt) out.push(a.at);
  }
  return out;
}

/** When the account is locked for some address: the latest such lock, for the administrators' list. */
export function accountLockedUntil(
  attempts: readonly LoginAttempt[],
  resetAt: Date | null,
  now: Date,
  policy: LockoutPolicy = DEFAULT_LOCKOUT_POLICY,
): Date | null {
  let latest: Date | null = null;
  for (const ip of new Set(attempts.map((a) => a.ip))) {
    const until = lockedUntil(failuresFrom(attempts, ip, resetAt), now, policy);
    if (until && (!latest || until > latest)) latest = until;
  }
  return latest;
}

/**
 * Whether the latest failure (the last attempt) is the one that brings the account's failures
 * from all addresses within the window to the alert threshold: one alert per run, not one per guess.
 */
export function alertDue(
  attempts: readonly LoginAttempt[],
  resetAt: Date | null,
  now: Date,
  policy: LockoutPolicy = DEFAULT_LOCKOUT_POLICY,
): boolean {
  const from = now.getTime() - policy.windowMinutes * 60_000;
  const failures = attempts.filter((a) => !a.success && a.at.getTime() > from && (!resetAt || a.at > resetAt));
  return failures.length === policy.alertFailures;
}
