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
