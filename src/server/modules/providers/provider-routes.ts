// Registration, review and the basic record of providers.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { and, asc, count, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { z } from '../../../shared/zod.js';
import { IdParams, Problem } from '../../../shared/schemas/common.js';
import { Provider } from '../../../shared/schemas/users.js';
import {
  ProviderCreate,
  ProviderDetail,
  ProviderPage,
  ProviderQuery,
  ProviderUpdate,
  ReviewBody,
} from '../../../shared/schemas/providers.js';
import { providerChanges, providerLicences, providers } from '../../db/schema.js';
import type { DbOrTx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import { inProviderScope, inRegionScope, narrowedScope, type Scope } from '../../auth/scope.js';
import { conflict, forbidden } from '../../http/problem.js';
import { actorOf, writeAudit } from '../audit/audit-writer.js';
import { shanghaiDate } from '../../../shared/today.js';
import {
  agreementStateSql,
  loadProvider,
  pendingChangeSql,
  providerDetailToday,
  selectProviders,
  toListItem,
} from './provider-query.js';
import { splitEdit } from './provider-changes.js';
import { assertCodeFree, checkParent, checkRegion } from './provider-checks.js';
import { providerChangeRoutes } from './provider-change-routes.js';
import { PROVIDER_MESSAGES as M } from './messages.js';
import { containsPattern, prefixPattern } from '../../db/like-pattern.js';

const SORT = { name: providers.name, createdAt: providers.createdAt, rating: providers.rating } as const;

export const providerRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    const tags = ['服务机构'];
    const today = () => shanghaiDate(deps.clock());
    const detail = (tx: DbOrTx, scope: Scope, id: number) => providerDetailToday(tx, scope, id, deps.clock);

    app.get(
      '/api/providers/options',
      {
        config: { permission: 'provider.read' },
        schema: { tags, summary: '管辖范围内的服务机构（简表，供选择）', response: { 200: z.array(Provider) } },
      },
      async (req) =>
        db
          .select({ id: providers.id, name: providers.name })
          .from(providers)
          .where(inProviderScope(db, req.principal!.scope, providers.id))
          .orderBy(providers.name),
    );

    app.get(
      '/api/providers',
      {
        config: { permission: 'provider.read' },
        schema: {
          tags,
          summary: '服务机构列表（筛选、排序、分页）',
          querystring: ProviderQuery,
          response: { 200: ProviderPage, 400: Problem },
        },
      },
      async (req) => {
        const q = req.query;
        const scope = req.principal!.scope;
        const t = today();
        const conds: SQL[] = [inProviderScope(db, scope, providers.id)];
        if (q.q) {
          const like = containsPattern(q.q);
          conds.push(
            or(
              ilike(providers.name, like),
              ilike(providers.creditCode, prefixPattern(q.q.toUpperCase())),
              ilike(providers.contactName, like),
            )!,
          );
        }
        if (q.kind) conds.push(eq(providers.kind, q.kind));
        if (q.status) conds.push(eq(providers.status, q.status));
        if (q.agreement) conds.push(sql`${agreementStateSql(t)} = ${q.agreement}`);
        if (q.parentId) conds.push(eq(providers.parentId, q.parentId));
        if (q.pendingChange) conds.push(q.pendingChange === 'true' ? pendingChangeSql : sql`not ${pendingChangeSql}`);
        if (q.regionId) conds.push(inRegionScope(db, await narrowedScope(db, scope, q.regionId), providers.regionId));
        const where = and(...conds);
        const col = SORT[q.sort.replace(/^-/, '') as keyof typeof SORT];
        const [rows, [{ total }]] = await Promise.all([
          selectProviders(db, t)
            .where(where)
            .orderBy(
              q.sort.startsWith('-') ? sql`${col} desc nulls last` : sql`${col} asc nulls last`,
              asc(providers.id),
            )
            .limit(q.pageSize)
            .offset((q.page - 1) * q.pageSize),
          db.select({ total: count() }).from(providers).where(where),
        ]);
        return { items: rows.map(toListItem), total, page: q.page, pageSize: q.pageSize };
      },
    );

    app.get(
      '/api/providers/:id',
      {
        config: { permission: 'provider.read' },
        schema: {
          tags,
          summary: '服务机构详情（证照、协议、服务项目、网点与区域、下属机构、持证率、季度评定）',
          params: IdParams,
          response: { 200: ProviderDetail, 404: Problem },
        },
      },
      async (req) => detail(db, req.principal!.scope, req.params.id),
    );

    app.post(
      '/api/providers',
      {
        config: { permission: 'provider.register' },
        schema: {
          tags,
          summary: '登记加盟申请（待区民政局审核）',
          body: ProviderCreate,
          response: { 201: ProviderDetail, 400: Problem, 409: Problem },
        },
      },
      async (req, reply) => {
        const b = req.body;
        const scope = req.principal!.scope;
        const id = await db.transaction(async (tx) => {
          await checkRegion(tx, scope, b.regionId);
          if (b.parentId) await checkParent(tx, scope, b.parentId);
          await assertCodeFree(tx, b.creditCode);
          const { licences, ...fields } = b;
          const [row] = await tx
            .insert(providers)
            .values({ ...fields, parentId: b.parentId ?? null, status: 'pending' })
            .returning();
          await tx
            .insert(providerLicences)
            .values(licences.map((l) => ({ ...l, validUntil: l.validUntil ?? null, providerId: row.id })));
          await writeAudit(tx, actorOf(req), {
            action: 'provider.register',
            entityType: 'provider',
            entityId: row.id,
            after: { ...row, licences },
          });
          return row.id;
        });
        return reply.status(201).send(await detail(db, scope, id));
      },
    );

    app.patch(
      '/api/providers/:id',
      {
        config: { permission: 'provider.read' },
        schema: {
          tags,
          summary: '修改机构信息（已批准机构的登记信息变更须经区级审核后生效；未批准的申请修改后重新待审）',
          params: IdParams,
          body: ProviderUpdate,
          response: { 200: ProviderDetail, 400: Problem, 403: Problem, 404: Problem, 409: Problem },
        },
      },
      async (req) => {
        const me = req.principal!;
        const b = req.body;
        // A provider's own admin keeps its contact data current; registration data is the district's.
        const own = me.permissions.includes('provider.manage') && me.scope.kind === 'provider';
        const registry = me.permissions.includes('provider.register');
        const ownFields = ['contactName', 'contactPhone', 'address', 'lng', 'lat', 'description'];
        if (!registry && !(own && Object.keys(b).every((k) => ownFields.includes(k))))
          throw forbidden('您只能修改本机构的联系人、电话、地址和简介');
        await db.transaction(async (tx) => {
          const { p: before } = await loadProvider(tx, me.scope, req.params.id, today());
          if (b.regionId !== undefined) await checkRegion(tx, me.scope, b.regionId);
          if (b.parentId) await checkParent(tx, me.scope, b.parentId, before.id);
          if (b.creditCode !== undefined) await assertCodeFree(tx, b.creditCode, before.id);
          // An approved provider works under its reviewed registration data: a change of it waits
          // for review; what else the edit changes applies at once.
          const split =
            before.status === 'approved' ? splitEdit(before, b) : { reviewed: {}, immediate: b as typeof b };
          if (Object.keys(split.reviewed).length) {
            // One provider's changes are checked and written one at a time.
            await tx.select({ id: providers.id }).from(providers).where(eq(providers.id, before.id)).for('update');
            const [waiting] = await tx
              .select({ id: providerChanges.id })
              .from(providerChanges)
              .where(and(eq(providerChanges.providerId, before.id), eq(providerChanges.state, 'pending')));
            if (waiting) throw conflict(M.changePending);
            const [change] = await tx
              .insert(providerChanges)
              .values({
                providerId: before.id,
                fields: split.reviewed,
                requestedBy: me.userId,
                requestedAt: deps.clock(),
              })
              .returning();
            await writeAudit(tx, actorOf(req), {
              action: 'provider.change_request',
              entityType: 'provider',
              entityId: before.id,
              after: { changeId: change.id, fields: split.reviewed },
            });
          }
          // A change request alone leaves the provider's row as it is.
          if (!Object.keys(split.immediate).length && Object.keys(split.reviewed).length) return;
          const resubmit = before.status === 'rejected' && registry;
          const [after] = await tx
            .update(providers)
            .set({ ...split.immediate, ...(resubmit ? { status: 'pending' as const } : {}), updatedAt: deps.clock() })
            .where(eq(providers.id, before.id))
            .returning();
          await writeAudit(tx, actorOf(req), {
            action: resubmit ? 'provider.resubmit' : 'provider.update',
            entityType: 'provider',
            entityId: before.id,
            before,
            after,
          });
        });
        return detail(db, me.scope, req.params.id);
      },
    );

    app.post(
      '/api/providers/:id/review',
      {
        config: { permission: 'provider.review' },
        schema: {
          tags,
          summary: '审核加盟申请（批准或不批准，须填意见）',
          params: IdParams,
          body: ReviewBody,
          response: { 200: ProviderDetail, 400: Problem, 404: Problem, 409: Problem },
        },
      },
      async (req) => {
        const me = req.principal!;
        await db.transaction(async (tx) => {
          const { p } = await loadProvider(tx, me.scope, req.params.id, today());
          // Compare-and-set on the state: two reviewers clicking at once review it once.
          const [after] = await tx
            .update(providers)
            .set({
              status: req.body.decision === 'approve' ? 'approved' : 'rejected',
              reviewNote: req.body.note,
              reviewedBy: me.userId,
              reviewedAt: deps.clock(),
              updatedAt: deps.clock(),
            })
            .where(and(eq(providers.id, p.id), eq(providers.status, 'pending')))
            .returning();
          if (!after) throw conflict(M.notPending);
          await writeAudit(tx, actorOf(req), {
            action: `provider.${req.body.decision}`,
            entityType: 'provider',
            entityId: p.id,
            before: { status: p.status },
            after: { status: after.status, note: req.body.note },
          });
        });
        return detail(db, me.scope, req.params.id);
      },
    );

    // Deciding on and withdrawing the changes the PATCH above records.
    await app.register(providerChangeRoutes(deps));
  };
