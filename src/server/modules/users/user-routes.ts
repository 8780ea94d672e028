import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { and, asc, count, desc, eq, ilike, or, type SQL } from 'drizzle-orm';
import { IdParams, Ok, Problem } from '../../../shared/schemas/common.js';
import { ResetPasswordBody, User, UserCreate, UserPage, UserQuery, UserUpdate } from '../../../shared/schemas/users.js';
import { ROLE_DEFINITIONS, type Role } from '../../../core/roles.js';
import { passwordProblems } from '../../../core/password-policy.js';
import { REGION_LEVEL_LABELS } from '../../../shared/labels.js';
import { providers, regions, users } from '../../db/schema.js';
import type { DbOrTx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import {
  inProviderScope,
  inRegionOrProviderScope,
  regionInScope,
  regionSubtree,
  type Scope,
} from '../../auth/scope.js';
import { hashPassword } from '../../auth/passwords.js';
import { deleteUserSessions } from '../../auth/sessions.js';
import { lockStates } from '../../auth/lockout.js';
import { conflict, fieldError, forbidden, notFound } from '../../http/problem.js';
import { actorOf, writeAudit } from '../audit/audit-writer.js';
import { USER_MESSAGES as M } from './messages.js';
import { containsPattern } from '../../db/like-pattern.js';

const SORT_COLUMNS = {
  username: users.username,
  displayName: users.displayName,
  role: users.role,
  createdAt: users.createdAt,
  lastLoginAt: users.lastLoginAt,
} as const;

const selection = { user: users, regionName: regions.name, providerName: providers.name };
type Selected = { user: typeof users.$inferSelect; regionName: string | null; providerName: string | null };

const toDto = (r: Selected, locked: Date | null): User => ({
  id: r.user.id,
  username: r.user.username,
  displayName: r.user.displayName,
  role: r.user.role as Role,
  regionId: r.user.regionId,
  regionName: r.regionName,
  providerId: r.user.providerId,
  providerName: r.providerName,
  active: r.user.active,
  mustChangePassword: r.user.mustChangePassword,
  lockedUntil: locked?.toISOString() ?? null,
  lastLoginAt: r.user.lastLoginAt?.toISOString() ?? null,
  createdAt: r.user.createdAt.toISOString(),
});

function baseQuery(db: DbOrTx) {
  return db
    .select(selection)
    .from(users)
    .leftJoin(regions, eq(regions.id, users.regionId))
    .leftJoin(providers, eq(providers.id, users.providerId));
}

const userScope = (db: DbOrTx, scope: Scope) => inRegionOrProviderScope(db, scope, users.regionId, users.providerId);

/** Checks that a role's binding (region at an allowed level, or provider) is complete and within scope. */
async function checkBinding(db: DbOrTx, scope: Scope, role: Role, regionId: number | null, providerId: number | null) {
  const def = ROLE_DEFINITIONS[role];
  if (def.binding === 'region') {
    if (providerId != null) throw fieldError('providerId', M.providerNotAllowed(role));
    if (regionId == null) throw fieldError('regionId', M.regionRequired(role));
    const region = await regionInScope(db, scope, regionId);
    if (!def.regionLevels.includes(region.level)) {
      throw fieldError('regionId', M.regionLevel(role, def.regionLevels.map((l) => REGION_LEVEL_LABELS[l]).join('或')));
    }
  } else {
    if (regionId != null) throw fieldError('regionId', M.regionNotAllowed(role));
    if (providerId == null) throw fieldError('providerId', M.providerRequired(role));
    const [p] = await db
      .select()
      .from(providers)
      .where(and(eq(providers.id, providerId), inProviderScope(db, scope, providers.id)));
    if (!p) throw fieldError('providerId', M.providerNotFound);
  }
}

export const userRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    const tags = ['账户'];

    async function loadOne(tx: DbOrTx, scope: Scope, id: number) {
      const [row] = await baseQuery(tx).where(and(eq(users.id, id), userScope(tx, scope)));
      if (!row) throw notFound(M.notFound);
      return row;
    }
    async function dtoOne(tx: DbOrTx, row: Selected) {
      const locks = await lockStates(tx, [row.user], deps.clock(), deps.lockoutPolicy);
      return toDto(row, locks.get(row.user.id) ?? null);
    }

    app.get(
      '/api/users',
      {
        config: { permission: 'user.read' },
        schema: {
          tags,
          summary: '账户列表（筛选、排序、分页）',
          querystring: UserQuery,
          response: { 200: UserPage, 400: Problem },
        },
      },
      async (req) => {
        const q = req.query;
        const scope = req.principal!.scope;
        const conds: SQL[] = [userScope(db, scope)];
        if (q.q)
          conds.push(or(ilike(users.username, containsPattern(q.q)), ilike(users.displayName, containsPattern(q.q)))!);
        if (q.role) conds.push(eq(users.role, q.role));
        if (q.active) conds.push(eq(users.active, q.active === 'true'));
        if (q.regionId) {
          const region = await regionInScope(db, scope, q.regionId);
          conds.push(inRegionOrProviderScope(db, regionSubtree(region), users.regionId, users.providerId));
        }
        const where = and(...conds);
        const desc_ = q.sort.startsWith('-');
        const col = SORT_COLUMNS[q.sort.replace(/^-/, '') as keyof typeof SORT_COLUMNS];
        const [rows, [{ total }]] = await Promise.all([
          baseQuery(db)
            .where(where)
            .orderBy(desc_ ? desc(col) : asc(col), asc(users.id))
            .limit(q.pageSize)
            .offset((q.page - 1) * q.pageSize),
          db.select({ total: count() }).from(users).where(where),
        ]);
        const locks = await lockStates(
          db,
          rows.map((r) => r.user),
          deps.clock(),
          deps.lockoutPolicy,
        );
        return {
          items: rows.map((r) => toDto(r, locks.get(r.user.id) ?? null)),
          total,
          page: q.page,
          pageSize: q.pageSize,
        };
      },
    );

    app.get(
      '/api/users/:id',
      {
        config: { permission: 'user.read' },
        schema: { tags, summary: '账户详情', params: IdParams, response: { 200: User, 404: Problem } },
      },
      async (req) => dtoOne(db, await loadOne(db, req.principal!.scope, req.params.id)),
    );

    app.post(
      '/api/users',
      {
        config: { permission: 'user.write' },
        schema: { tags, summary: '新建账户', body: UserCreate, response: { 201: User, 400: Problem, 409: Problem } },
      },
      async (req, reply) => {
        const b = req.body;
        const username = b.username.toLowerCase();
        const problems = passwordProblems(b.password, { username });
        if (problems.length) throw fieldError('password', problems.join('；'));
        const passwordHash = await hashPassword(b.password);
        const dto = await db.transaction(async (tx) => {
          await checkBinding(tx, req.principal!.scope, b.role, b.regionId ?? null, b.providerId ?? null);
          const [dup] = await tx.select({ id: users.id }).from(users).where(eq(users.username, username));
          if (dup) throw conflict(M.usernameTaken, [{ field: 'username', message: M.usernameTaken }]);
          const [row] = await tx
            .insert(users)
            .values({
              username,
              displayName: b.displayName,
              role: b.role,
              regionId: b.regionId ?? null,
              providerId: b.providerId ?? null,
              passwordHash,
              mustChangePassword: true,
            })
            .returning();
          await writeAudit(tx, actorOf(req), {
            action: 'user.create',
            entityType: 'user',
            entityId: row.id,
            after: row,
          });
          return dtoOne(tx, await loadOne(tx, req.principal!.scope, row.id));
        });
        return reply.status(201).send(dto);
      },
    );

    app.patch(
      '/api/users/:id',
      {
        config: { permission: 'user.write' },
        schema: {
          tags,
          summary: '修改账户（姓名、角色、所属、启用/停用）',
          params: IdParams,
          body: UserUpdate,
          response: { 200: User, 400: Problem, 404: Problem },
        },
      },
      async (req) => {
        const b = req.body;
        const me = req.principal!;
        return db.transaction(async (tx) => {
          const { user: before } = await loadOne(tx, me.scope, req.params.id);
          if (before.id === me.userId && b.active === false) throw forbidden(M.selfDeactivate);
          if (before.id === me.userId && b.role !== undefined && b.role !== before.role) throw forbidden(M.selfRole);
          const role = (b.role ?? before.role) as Role;
          const regionId = b.regionId !== undefined ? b.regionId : before.regionId;
          const providerId = b.providerId !== undefined ? b.providerId : before.providerId;
          await checkBinding(tx, me.scope, role, regionId, providerId);
          const [after] = await tx
            .update(users)
            .set({
              displayName: b.displayName ?? before.displayName,
              role,
              regionId,
              providerId,
              active: b.active ?? before.active,
              updatedAt: deps.clock(),
            })
            .where(eq(users.id, before.id))
            .returning();
          // A user whose powers shrink must not keep a session that carries the old ones.
          if (
            after.role !== before.role ||
            after.regionId !== before.regionId ||
            after.providerId !== before.providerId ||
            !after.active
          ) {
            await deleteUserSessions(tx, before.id);
          }
          await writeAudit(tx, actorOf(req), {
            action: 'user.update',
            entityType: 'user',
            entityId: before.id,
            before,
            after,
          });
          return dtoOne(tx, await loadOne(tx, me.scope, before.id));
        });
      },
    );

    app.post(
      '/api/users/:id/reset-password',
      {
        config: { permission: 'user.write' },
        schema: {
          tags,
          summary: '重置密码（用户下次登录须修改）',
          params: IdParams,
          body: ResetPasswordBody,
          response: { 200: Ok, 400: Problem, 404: Problem },
        },
      },
      async (req) => {
        await db.transaction(async (tx) => {
          const { user } = await loadOne(tx, req.principal!.scope, req.params.id);
          const problems = passwordProblems(req.body.password, { username: user.username });
          if (problems.length) throw fieldError('password', problems.join('；'));
          await tx
            .update(users)
            .set({
              passwordHash: await hashPassword(req.body.password),
              mustChangePassword: true,
              updatedAt: deps.clock(),
            })
            .where(eq(users.id, user.id));
          await deleteUserSessions(tx, user.id);
          await writeAudit(tx, actorOf(req), { action: 'user.reset_password', entityType: 'user', entityId: user.id });
        });
        return { ok: true as const };
      },
    );

    app.post(
      '/api/users/:id/unlock',
      {
        config: { permission: 'user.write' },
        schema: { tags, summary: '解除登录锁定', params: IdParams, response: { 200: User, 404: Problem } },
      },
      async (req) =>
        db.transaction(async (tx) => {
          const { user } = await loadOne(tx, req.principal!.scope, req.params.id);
          await tx.update(users).set({ failuresResetAt: deps.clock() }).where(eq(users.id, user.id));
          await writeAudit(tx, actorOf(req), { action: 'user.unlock', entityType: 'user', entityId: user.id });
          return dtoOne(tx, await loadOne(tx, req.principal!.scope, user.id));
        }),
    );
  };
