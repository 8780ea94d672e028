// Account lockout after repeated failed logins: N failures within a window lock the
// account for a period counted from the last failure. Pure: the caller passes the
// recent failures (since the last success) and the clock.

export interface LockoutPolicy {
  maxFailures: number;
  windowMinutes: number;
  lockMinutes: number;
}

export const DEFAULT_LOCKOUT_POLICY: LockoutPolicy = { maxFailures: 5, windowMinutes: 15, lockMinutes: 15 };

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
