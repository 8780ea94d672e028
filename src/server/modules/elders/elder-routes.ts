import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { limitReveals } from '../../auth/reveal-limit.js';
import { and, asc, count, desc, eq } from 'drizzle-orm';
import { z } from '../../../shared/zod.js';
import { IdParams, Problem } from '../../../shared/schemas/common.js';
import {
  ElderDetail,
  ElderInput,
  ElderPage,
  ElderQuery,
  ElderUpdate,
  RevealBody,
  StatusBody,
  TransferBody,
} from '../../../shared/schemas/elders.js';
import { AuditPage } from '../../../shared/schemas/audit.js';
import { auditLog, elderEvents, elders, regions } from '../../db/schema.js';
import type { DbOrTx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import { inRegionScope, regionInScope, type Scope } from '../../auth/scope.js';
import { badRequest, conflict, fieldError, notFound } from '../../http/problem.js';
import { actorOf, writeAudit } from '../audit/audit-writer.js';
import { shanghaiDate } from '../../../shared/today.js';
import {
  crossFieldErrors,
  rowValues,
  toDetail,
  toListItem,
  updateValues,
  type StoredCategory,
  type StoredContact,
} from './elder-records.js';
import { elderConditions, selectEldersWithRegion } from './elder-query.js';
import { ELDER_MESSAGES as M } from './messages.js';
import { cancelOpenApplications } from '../applications/cancel-open.js';
import { endElderServices } from '../orders/cancel-for-elder.js';
import { recomputeIn } from '../entitlements/recompute.js';
import { registryAgeProblem } from '../../../core/elders/registry-age.js';
import { registryRulesOn } from '../providers/rule-store.js';

/**
 * No file for someone under the district's minimum age on the server's date (60 by default:
 * 「凡年满 60 周岁的老年人都将纳入服务范围」, 000 范文3 L129). The birth date comes from the ID number,
 * so the error names both fields.
 */
async function assertOldEnough(db: DbOrTx, birthDate: string, today: string) {
  const message = registryAgeProblem(birthDate, today, await registryRulesOn(db, today));
  if (message)
    throw badRequest(message, [
      { field: 'birthDate', message },
      { field: 'idNumber', message },
    ]);
}

const SORT = { name: elders.namePinyin, birthDate: elders.birthDate, updatedAt: elders.updatedAt } as const;

/** `lock`: the elder's row is locked for the caller's transaction (one elder's orders are priced one at a time). */
export async function loadElder(db: DbOrTx, scope: Scope, id: number, opts: { lock?: boolean } = {}) {
  const q = selectEldersWithRegion(db).where(and(eq(elders.id, id), inRegionScope(db, scope, elders.regionId)));
  const [row] = opts.lock ? await q.for('update', { of: elders }) : await q;
  if (!row) throw notFound(M.notFound);
  return { ...row.elder, regionName: row.regionName };
}

/** The elder's region must be a community or grid inside the caller's jurisdiction. */
async function checkElderRegion(db: DbOrTx, scope: Scope, regionId: number) {
  const region = await regionInScope(db, scope, regionId);
  if (region.level !== 'community' && region.level !== 'grid') throw fieldError('regionId', M.regionLevel);
  return region;
}

/** The community a region belongs to (itself, or a grid's parent). */
export async function communityOf(db: DbOrTx, regionId: number) {
  const [r] = await db.select().from(regions).where(eq(regions.id, regionId));
  if (r.level === 'grid') {
    const [p] = await db.select().from(regions).where(eq(regions.id, r.parentId!));
    return p;
  }
  return r;
}

/**
 * The community holding a duplicate is named only when it is in the caller's jurisdiction:
 * otherwise any ID number typed in would tell where in the district that person lives.
 */
async function assertIdFree(db: DbOrTx, scope: Scope, idHash: string, exceptId?: number) {
  const [dup] = await db
    .select({ id: elders.id, regionId: elders.regionId })
    .from(elders)
    .where(eq(elders.idHash, idHash));
  if (dup && dup.id !== exceptId) {
    const [visible] = await db
      .select({ id: elders.id })
      .from(elders)
      .where(and(eq(elders.id, dup.id), inRegionScope(db, scope, elders.regionId)));
    const message = visible ? M.duplicate((await communityOf(db, dup.regionId)).name) : M.duplicateElsewhere;
    throw conflict(message, [{ field: 'idNumber', message }]);
  }
}

/**
 * The full birth date goes only to roles that file and assess elders (elder.write: district,
 * street and community staff). Auditors, operators and nursing homes see age and birth year: the
 * date beside the masked ID is most of the number. Whoever may reveal the ID gets the date with it.
 */
export const detailFor = (req: FastifyRequest, row: Parameters<typeof toDetail>[0], today: string) =>
  toDetail(row, today, { fullBirthDate: req.principal!.permissions.includes('elder.write') });

export const elderRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db, cipher } = deps;
    const tags = ['老人档案'];
    const today = () => shanghaiDate(deps.clock());

    app.get(
      '/api/elders',
      {
        config: { permission: 'elder.read' },
        schema: {
          tags,
          summary: '老人列表（姓名、拼音首字母、身份证号、电话及各项筛选）',
          querystring: ElderQuery,
          response: { 200: ElderPage, 400: Problem },
        },
      },
      async (req) => {
        const q = req.query;
        const where = await elderConditions(db, req.principal!.scope, q, cipher, today());
        const col = SORT[q.sort.replace(/^-/, '') as keyof typeof SORT];
        const [rows, [{ total }]] = await Promise.all([
          selectEldersWithRegion(db)
            .where(where)
            .orderBy(q.sort.startsWith('-') ? desc(col) : asc(col), asc(elders.id))
            .limit(q.pageSize)
            .offset((q.page - 1) * q.pageSize),
          db.select({ total: count() }).from(elders).where(where),
        ]);
        const t = today();
        return {
          items: rows.map((r) => toListItem({ ...r.elder, regionName: r.regionName }, t)),
          total,
          page: q.page,
          pageSize: q.pageSize,
        };
      },
    );

    app.get(
      '/api/elders/:id',
      {
        config: { permission: 'elder.read' },
        schema: {
          tags,
          summary: '老人档案详情（证件号和电话为掩码）',
          params: IdParams,
          response: { 200: ElderDetail, 404: Problem },
        },
      },
      async (req) => detailFor(req, await loadElder(db, req.principal!.scope, req.params.id), today()),
    );

    app.post(
      '/api/elders',
      {
        config: { permission: 'elder.write' },
        schema: {
          tags,
          summary: '新建老人档案',
          body: ElderInput,
          response: { 201: ElderDetail, 400: Problem, 409: Problem },
        },
      },
      async (req, reply) => {
        const errors = crossFieldErrors(req.body);
        if (errors.length) throw badRequest(errors.map((e) => e.message).join('；'), errors);
        const values = rowValues(req.body, cipher, today());
        const id = await db.transaction(async (tx) => {
          await assertOldEnough(tx, values.birthDate, today());
          await checkElderRegion(tx, req.principal!.scope, req.body.regionId);
          await assertIdFree(tx, req.principal!.scope, values.idHash);
          const [row] = await tx.insert(elders).values(values).returning();
          await writeAudit(tx, actorOf(req), {
            action: 'elder.create',
            entityType: 'elder',
            entityId: row.id,
            after: row,
          });
          // Entitled from the day the file exists: this month's lists already include the elder.
          await recomputeIn(tx, today(), [row.id]);
          return row.id;
        });
        return reply.status(201).send(detailFor(req, await loadElder(db, req.principal!.scope, id), today()));
      },
    );

    app.put(
      '/api/elders/:id',
      {
        config: { permission: 'elder.write' },
        schema: {
          tags,
          summary: '修改老人档案（转移社区请用 transfer）',
          params: IdParams,
          body: ElderUpdate,
          response: { 200: ElderDetail, 400: Problem, 404: Problem, 409: Problem },
        },
      },
      async (req) => {
        await db.transaction(async (tx) => {
          const before = await loadElder(tx, req.principal!.scope, req.params.id);
          // After loading: a category sent without its certificate number keeps the stored one.
          const errors = crossFieldErrors(req.body, before.categories as StoredCategory[]);
          if (errors.length) throw badRequest(errors.map((e) => e.message).join('；'), errors);
          const values = updateValues(req.body, before, cipher, today());
          // A new ID number brings a new birth date, checked like a new file's; an unchanged one is not.
          if (values.birthDate && values.birthDate !== before.birthDate)
            await assertOldEnough(tx, values.birthDate, today());
          await checkElderRegion(tx, req.principal!.scope, req.body.regionId);
          const from = await communityOf(tx, before.regionId),
            to = await communityOf(tx, req.body.regionId);
          if (from.id !== to.id) throw fieldError('regionId', M.useTransfer);
          if (values.idHash) await assertIdFree(tx, req.principal!.scope, values.idHash, before.id);
          const [after] = await tx
            .update(elders)
            .set({ ...values, updatedAt: deps.clock() })
            .where(eq(elders.id, before.id))
            .returning();
          await writeAudit(tx, actorOf(req), {
            action: 'elder.update',
            entityType: 'elder',
            entityId: before.id,
            before,
            after,
          });
          await recomputeIn(tx, today(), [before.id]);
        });
        return detailFor(req, await loadElder(db, req.principal!.scope, req.params.id), today());
      },
    );

    app.post(
      '/api/elders/:id/transfer',
      {
        config: { permission: 'elder.write' },
        schema: {
          tags,
          summary: '转移到另一社区（保留记录）',
          params: IdParams,
          body: TransferBody,
          response: { 200: ElderDetail, 400: Problem, 404: Problem },
        },
      },
      async (req) => {
        await db.transaction(async (tx) => {
          const before = await loadElder(tx, req.principal!.scope, req.params.id);
          await checkElderRegion(tx, req.principal!.scope, req.body.regionId);
          const from = await communityOf(tx, before.regionId),
            to = await communityOf(tx, req.body.regionId);
          if (from.id === to.id) throw fieldError('regionId', M.sameCommunity);
          const [after] = await tx
            .update(elders)
            .set({ regionId: req.body.regionId, address: req.body.address ?? before.address, updatedAt: deps.clock() })
            .where(eq(elders.id, before.id))
            .returning();
          const payload = {
            fromRegionId: before.regionId,
            fromCommunity: from.name,
            toRegionId: req.body.regionId,
            toCommunity: to.name,
            reason: req.body.reason,
          };
          await tx.insert(elderEvents).values({ elderId: before.id, type: 'transferred', payload });
          await writeAudit(tx, actorOf(req), {
            action: 'elder.transfer',
            entityType: 'elder',
            entityId: before.id,
            before: { regionId: before.regionId, community: from.name, address: before.address },
            after: { regionId: after.regionId, community: to.name, address: after.address, reason: req.body.reason },
          });
        });
        return detailFor(req, await loadElder(db, req.principal!.scope, req.params.id), today());
      },
    );

    app.post(
      '/api/elders/:id/status',
      {
        config: { permission: 'elder.write' },
        schema: {
          tags,
          summary: '变更状态（在册、暂停、迁出、已故）；产生领域事件',
          params: IdParams,
          body: StatusBody,
          response: { 200: ElderDetail, 400: Problem, 404: Problem },
        },
      },
      async (req) => {
        const b = req.body;
        const t = today();
        await db.transaction(async (tx) => {
          const before = await loadElder(tx, req.principal!.scope, req.params.id);
          if (before.status === 'deceased') throw fieldError('status', M.deceasedFinal);
          if (b.status === 'deceased') {
            if (!b.deathDate) throw fieldError('deathDate', M.deathDateRequired);
            if (b.deathDate > t) throw fieldError('deathDate', M.deathDateFuture);
            if (b.deathDate < before.birthDate) throw fieldError('deathDate', M.deathDateBeforeBirth);
          } else if (b.deathDate) throw fieldError('deathDate', M.deathDateOnlyDeceased);
          await tx
            .update(elders)
            .set({ status: b.status, deathDate: b.deathDate ?? null, updatedAt: deps.clock() })
            .where(eq(elders.id, before.id));
          await tx.insert(elderEvents).values({
            elderId: before.id,
            type: b.status === 'deceased' ? 'died' : 'status_changed',
            payload: { from: before.status, to: b.status, deathDate: b.deathDate ?? null, reason: b.reason },
          });
          const cancelled =
            b.status === 'deceased' || b.status === 'moved_out'
              ? await cancelOpenApplications(
                  tx,
                  before.id,
                  req.principal!.userId,
                  `${b.status === 'deceased' ? '老人去世' : '老人迁出'}，申请自动撤销：${b.reason}`,
                  deps.clock(),
                )
              : [];
          const ended =
            b.status === 'deceased' || b.status === 'moved_out'
              ? await endElderServices(
                  tx,
                  before.id,
                  `${b.status === 'deceased' ? '老人去世' : '老人迁出'}：${b.reason}`,
                  req.principal!.userId,
                  actorOf(req),
                  deps.clock(),
                )
              : null;
          await writeAudit(tx, actorOf(req), {
            action: 'elder.status',
            entityType: 'elder',
            entityId: before.id,
            before: { status: before.status },
            after: {
              status: b.status,
              deathDate: b.deathDate ?? null,
              reason: b.reason,
              cancelledApplications: cancelled,
              cancelledOrders: ended?.orders ?? [],
              stoppedPlans: ended?.plans ?? [],
            },
          });
          // Death ends entitlements on its date; other changes from today.
          await recomputeIn(tx, b.deathDate && b.deathDate < t ? b.deathDate : t, [before.id]);
        });
        return detailFor(req, await loadElder(db, req.principal!.scope, req.params.id), t);
      },
    );

    app.post(
      '/api/elders/:id/reveal',
      {
        config: { permission: 'elder.reveal' },
        schema: {
          tags,
          summary: '查看完整身份证号、电话或证件编号（记入审计）',
          params: IdParams,
          body: RevealBody,
          response: { 200: z.object({ value: z.string() }), 400: Problem, 404: Problem, 429: Problem },
        },
      },
      async (req) => {
        const b = req.body;
        return limitReveals(db, req, deps.config.revealsPerHour, async (tx) => {
          const elder = await loadElder(tx, req.principal!.scope, req.params.id);
          let stored: string | null;
          // A certificate number not yet converted at start-up is still in clear.
          let clear: string | null = null;
          if (b.field === 'idNumber') stored = elder.idCipher;
          else if (b.field === 'phone') stored = elder.phoneCipher;
          else if (b.field === 'certificate') {
            const c = (elder.categories as StoredCategory[]).find((x) => x.type === b.categoryType);
            stored = c?.certificateNoCipher ?? null;
            clear = c?.certificateNo ?? null;
          } else stored = (elder.contacts as StoredContact[])[b.contactIndex ?? -1]?.phoneCipher ?? null;
          if (!stored && !clear) {
            if (b.field === 'certificate') throw fieldError('categoryType', M.noCertificate);
            throw fieldError(
              b.field === 'phone' ? 'field' : 'contactIndex',
              b.field === 'phone' ? M.noPhone : M.noContact,
            );
          }
          await writeAudit(tx, actorOf(req), {
            action: 'elder.reveal',
            entityType: 'elder',
            entityId: elder.id,
            after: {
              field: b.field,
              contactIndex: b.contactIndex ?? null,
              categoryType: b.categoryType ?? null,
              reason: b.reason,
            },
          });
          return { value: stored ? cipher.decrypt(stored) : clear! };
        });
      },
    );

    app.get(
      '/api/elders/:id/history',
      {
        config: { permission: 'elder.read' },
        schema: { tags, summary: '档案变更记录', params: IdParams, response: { 200: AuditPage, 404: Problem } },
      },
      async (req) => {
        await loadElder(db, req.principal!.scope, req.params.id);
        const rows = await db
          .select()
          .from(auditLog)
          .where(and(eq(auditLog.entityType, 'elder'), eq(auditLog.entityId, String(req.params.id))))
          .orderBy(desc(auditLog.at), desc(auditLog.id))
          .limit(200);
        return {
          items: rows.map((r) => ({ ...r, at: r.at.toISOString(), before: r.before ?? null, after: r.after ?? null })),
          total: rows.length,
          page: 1,
          pageSize: 200,
        };
      },
    );
  };
