// A session ends at whichever comes first: idle too long, or too old.

export interface SessionPolicy {
  idleMinutes: number;
  absoluteHours: number;
}

export function sessionExpired(
  session: { createdAt: Date; lastSeenAt: Date },
  now: Date,
  policy: SessionPolicy,
): boolean {
  return (
    now.getTime() - session.lastSeenAt.getTime() > policy.idleMinutes * 60_000 ||
    now.getTime() - session.createdAt.getTime() > policy.absoluteHours * 3_600_000
  );
}

// Writing last-seen on every request would make each read a write, so it is refreshed only when
// stale. The staleness allowed must be small beside the idle limit, or a session in use expires
// early: with a one-minute limit and a one-minute step, a request at 40 s was never recorded and
// the session ended at 80 s. A tenth of the limit, at most a minute, ends a session at most that
// much early and never late.
export function touchInterval(policy: SessionPolicy): number {
  return Math.min(60_000, (policy.idleMinutes * 60_000) / 10);
}

export function touchDue(session: { lastSeenAt: Date }, now: Date, policy: SessionPolicy): boolean {
  return now.getTime() - session.lastSeenAt.getTime() >= touchInterval(policy);
}
