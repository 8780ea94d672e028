// Server-side sessions in the database, so any server instance can serve any request.
import crypto from 'node:crypto';
import { eq, lt, or } from 'drizzle-orm';
import { regions, sessions, users } from '../db/schema.js';
import type { Db, DbOrTx } from '../db/client.js';
import { ROLE_DEFINITIONS, type Role } from '../../core/roles.js';
import { sessionExpired, touchDue, type SessionPolicy } from '../../core/session-expiry.js';
import type { Principal } from './principal.js';
import type { Scope } from './scope.js';

export const SESSION_COOKIE = 'yy_session';

const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

export async function createSession(db: DbOrTx, userId: number, now: Date, meta: { ip?: string; userAgent?: string }) {
  const token = crypto.randomBytes(32).toString('base64url');
  await db.insert(sessions).values({
    id: hashToken(token),
    userId,
    createdAt: now,
    lastSeenAt: now,
    ip: meta.ip,
    userAgent: meta.userAgent?.slice(0, 300),
  });
  return token;
}

export async function deleteSession(db: DbOrTx, token: string) {
  await db.delete(sessions).where(eq(sessions.id, hashToken(token)));
}

export async function deleteUserSessions(db: DbOrTx, userId: number) {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

export async function deleteExpiredSessions(db: Db, now: Date, policy: SessionPolicy) {
  await db
    .delete(sessions)
    .where(
      or(
        lt(sessions.lastSeenAt, new Date(now.getTime() - policy.idleMinutes * 60_000)),
        lt(sessions.createdAt, new Date(now.getTime() - policy.absoluteHours * 3_600_000)),
      ),
    );
}

export function scopeFor(
  user: { id: number; role: Role; providerId: number | null },
  region: { id: number; path: string; parentId: number | null } | null,
): Scope | null {
  const def = ROLE_DEFINITIONS[user.role];
  if (def.binding === 'provider') {
    if (user.providerId == null) return null;
    return user.role === 'caregiver'
      ? { kind: 'caregiver', providerId: user.providerId, userId: user.id }
      : { kind: 'provider', providerId: user.providerId };
  }
  if (!region) return null;
  return { kind: 'region', regionId: region.id, path: region.path, isRoot: region.parentId === null };
}

/** Resolves a cookie token to its principal, or null when absent, expired or the user is inactive. */
export async function loadPrincipal(
  db: Db,
  token: string,
  now: Date,
  policy: SessionPolicy,
): Promise<Principal | null> {
  const id = hashToken(token);
  const [row] = await db
    .select({
      session: sessions,
      user: users,
      region: { id: regions.id, path: regions.path, parentId: regions.parentId },
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(regions, eq(regions.id, users.regionId))
    .where(eq(sessions.id, id));
  if (!row) return null;
  if (!row.user.active || sessionExpired(row.session, now, policy)) {
    await db.delete(sessions).where(eq(sessions.id, id));
    return null;
  }
  const role = row.user.role as Role;
  const scope = scopeFor(
    { id: row.user.id, role, providerId: row.user.providerId },
    row.region?.id ? row.region : null,
  );
  if (!scope) return null;
  if (touchDue(row.session, now, policy)) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id));
  }
  return {
    userId: row.user.id,
    username: row.user.username,
    role,
    permissions: ROLE_DEFINITIONS[role].permissions,
    scope,
    sessionId: id,
    mustChangePassword: row.user.mustChangePassword,
  };
}
