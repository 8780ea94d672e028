import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { eq } from 'drizzle-orm';
import rateLimit from '@fastify/rate-limit';
import { reserveAttempt, succeed } from '../../auth/lockout.js';
import { ChangePasswordBody, LoginBody, Me } from '../../../shared/schemas/auth.js';
import { Ok, Problem } from '../../../shared/schemas/common.js';
import { providers, regions, users } from '../../db/schema.js';
import type { DbOrTx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import { lockedUntil } from '../../../core/login-lockout.js';
import { passwordProblems } from '../../../core/password-policy.js';
import { ROLE_DEFINITIONS, type Role } from '../../../core/roles.js';
import { burnVerification, hashPassword, verifyPassword } from '../../auth/passwords.js';
import { createSession, deleteSession, deleteUserSessions, SESSION_COOKIE } from '../../auth/sessions.js';
import { ProblemError, fieldError, unauthorized } from '../../http/problem.js';
import { actorOf, writeAudit } from '../audit/audit-writer.js';
import { AUTH_MESSAGES as M } from './messages.js';
import { formatLocalTime } from '../../../core/local-time.js';

export async function meOf(db: DbOrTx, userId: number) {
  const [row] = await db
    .select({ user: users, region: regions, provider: providers })
    .from(users)
    .leftJoin(regions, eq(regions.id, users.regionId))
    .leftJoin(providers, eq(providers.id, users.providerId))
    .where(eq(users.id, userId));
  const role = row.user.role as Role;
  return {
    id: row.user.id,
    username: row.user.username,
    displayName: row.user.displayName,
    role,
    permissions: [...ROLE_DEFINITIONS[role].permissions],
    region: row.region
      ? { id: row.region.id, name: row.region.name, level: row.region.level, code: row.region.code }
      : null,
    provider: row.provider ? { id: row.provider.id, name: row.provider.name } : null,
    mustChangePassword: row.user.mustChangePassword,
  };
}

export const authRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db, lockoutPolicy: lp } = deps;
    const setSessionCookie = (reply: FastifyReply, token: string) =>
      reply.setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        // Secure whenever the browser came over HTTPS (behind a proxy only when TRUST_PROXY trusts it).
        secure: deps.config.cookieSecure || reply.request.protocol === 'https',
        maxAge: deps.sessionPolicy.absoluteHours * 3600,
      });

    // Per address and per process: enough to make guessing slow, while the lockout (in the
    // database) holds across servers. Behind a reverse proxy it needs TRUST_PROXY, or every
    // caller shares the proxy's address and one limit.
    await app.register(rateLimit, { global: false });

    app.post(
      '/api/auth/login',
      {
        config: {
          public: true,
          rateLimit: {
            max: deps.config.loginRatePerMinute,
            timeWindow: 60_000,
            errorResponseBuilder: (_req, ctx) => {
              const seconds = Math.max(1, Math.ceil(ctx.ttl / 1000));
              return new ProblemError(429, '请求过于频繁', M.tooManyRequests(seconds), undefined, 'about:blank', {
                'retry-after': String(seconds),
              });
            },
          },
        },
        schema: {
          tags: ['认证'],
          summary: '登录',
          body: LoginBody,
          response: { 200: Me, 401: Problem, 403: Problem, 423: Problem, 429: Problem },
        },
      },
      async (req, reply) => {
        const now = deps.clock();
        const username = req.body.username.toLowerCase();
        const [user] = await db.select().from(users).where(eq(users.username, username));
        const actor = { ...actorOf(req), username, userId: user?.id ?? null };
        const lockedProblem = (until: Date) =>
          new ProblemError(
            423,
            '账户已锁定',
            M.locked(formatLocalTime(until), Math.ceil((until.getTime() - now.getTime()) / 60_000)),
          );
        // Known and unknown names go the same way, counted per address, with one argon2 check each
        // (a dummy hash for unknown names): the answers and their timing cannot tell them apart.
        const attempt = await reserveAttempt(db, { username, user: user ?? null, ip: req.ip }, now, lp);
        if (attempt.locked) throw lockedProblem(attempt.locked);
        let ok = false;
        if (user) ok = await verifyPassword(user.passwordHash, req.body.password);
        else await burnVerification(req.body.password);
        if (!user || !ok) {
          await db.transaction(async (tx) => {
            await writeAudit(tx, actor, {
              action: 'auth.login_failed',
              entityType: 'user',
              entityId: user?.id ?? null,
              after: { reason: user ? 'bad_password' : 'unknown_user' },
            });
            if (user && attempt.alertIfFailed)
              await writeAudit(tx, actor, {
                action: 'auth.login_alert',
                entityType: 'user',
                entityId: user.id,
                after: { failures: lp.alertFailures, withinMinutes: lp.windowMinutes },
              });
          });
          const until = lockedUntil([...attempt.failures, now], now, lp);
          if (until) throw lockedProblem(until);
          throw unauthorized(M.badCredentials);
        }
        if (!user.active) throw new ProblemError(403, '账户已停用', M.inactive);

        const token = await db.transaction(async (tx) => {
          await succeed(tx, attempt.attemptId);
          await tx.update(users).set({ lastLoginAt: now }).where(eq(users.id, user.id));
          await writeAudit(tx, actor, { action: 'auth.login', entityType: 'user', entityId: user.id });
          return createSession(tx, user.id, now, { ip: req.ip, userAgent: req.headers['user-agent'] });
        });
        setSessionCookie(reply, token);
        return meOf(db, user.id);
      },
    );

    app.post(
      '/api/auth/logout',
      {
        config: { public: true },
        schema: { tags: ['认证'], summary: '退出登录', response: { 200: Ok } },
      },
      async (req, reply) => {
        const token = req.cookies[SESSION_COOKIE];
        if (token) {
          await db.transaction(async (tx) => {
            await deleteSession(tx, token);
            if (req.principal)
              await writeAudit(tx, actorOf(req), {
                action: 'auth.logout',
                entityType: 'user',
                entityId: req.principal.userId,
              });
          });
        }
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return { ok: true as const };
      },
    );

    app.get(
      '/api/auth/me',
      {
        config: { allowPendingPasswordChange: true },
        schema: { tags: ['认证'], summary: '当前用户', response: { 200: Me, 401: Problem } },
      },
      async (req) => meOf(db, req.principal!.userId),
    );

    app.post(
      '/api/auth/password',
      {
        config: { allowPendingPasswordChange: true },
        schema: {
          tags: ['认证'],
          summary: '修改本人密码',
          body: ChangePasswordBody,
          response: { 200: Ok, 400: Problem },
        },
      },
      async (req, reply) => {
        const p = req.principal!;
        const [user] = await db.select().from(users).where(eq(users.id, p.userId));
        if (!(await verifyPassword(user.passwordHash, req.body.currentPassword)))
          throw fieldError('currentPassword', M.wrongCurrent);
        if (req.body.newPassword === req.body.currentPassword) throw fieldError('newPassword', M.samePassword);
        const problems = passwordProblems(req.body.newPassword, { username: user.username });
        if (problems.length) throw fieldError('newPassword', problems.join('；'));
        const passwordHash = await hashPassword(req.body.newPassword);
        const now = deps.clock();
        const token = await db.transaction(async (tx) => {
          await tx
            .update(users)
            .set({ passwordHash, mustChangePassword: false, updatedAt: now })
            .where(eq(users.id, p.userId));
          // Other devices signed in with the old password are signed out.
          await deleteUserSessions(tx, p.userId);
          await writeAudit(tx, actorOf(req), {
            action: 'user.password_changed',
            entityType: 'user',
            entityId: p.userId,
          });
          return createSession(tx, p.userId, now, { ip: req.ip, userAgent: req.headers['user-agent'] });
        });
        setSessionCookie(reply, token);
        return { ok: true as const };
      },
    );
  };
