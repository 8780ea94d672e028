import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { and, asc, count, desc, eq, inArray, isNull, lt, notInArray, type SQL } from 'drizzle-orm';
import { IdParams, Problem } from '../../../shared/schemas/common.js';
import {
  ActionBody,
  AgreementInput,
  ApplicationDetail,
  ApplicationPage,
  ApplicationQuery,
  NewApplication,
} from '../../../shared/schemas/applications.js';
import {
  act,
  actionsFor,
  firstDeadline,
  isOverdue,
  ownerOf,
  type AppPath,
  type AppState,
  type Level,
  type Rules,
} from '../../../core/applications/workflow.js';
import { versionOn, type PolicyParams } from '../../../core/policy/policy.js';
import type { Role } from '../../../core/roles.js';
import {
  applicationDocuments,
  applicationSteps,
  applications,
  elders,
  policyVersions,
  programmes,
  regions,
  supportAgreements,
  users,
} from '../../db/schema.js';
import {
  documentListOf,
  missingDocuments,
  requiredDocuments,
  tallyDocuments,
  type DocumentKind,
} from '../../../core/applications/document-type.js';
import { DOCUMENT_KIND_LABELS } from '../../../shared/elder-labels.js';
import type { DbOrTx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import { inRegionScope, type Scope } from '../../auth/scope.js';
import { conflict, fieldError, forbidden, notFound, ProblemError } from '../../http/problem.js';
import { actorOf, writeAudit } from '../audit/audit-writer.js';
import { shanghaiDate } from '../../../shared/today.js';
import { loadElder } from '../elders/elder-routes.js';
import { parentRegion, regionLabel } from '../elders/elder-query.js';
import { loadWorkCalendar } from '../calendar/calendar-store.js';
import { recomputeIn } from '../entitlements/recompute.js';

const LEVEL_OF: Partial<Record<Role, Level>> = {
  community_worker: 'community',
  street_staff: 'street',
  district_admin: 'district',
};
const FINAL: AppState[] = ['approved', 'rejected', 'cancelled'];

const select = {
  app: applications,
  elderName: elders.name,
  idMasked: elders.idMasked,
  regionName: regionLabel,
  programmeName: programmes.name,
};
function baseQuery(db: DbOrTx) {
  return db
    .select(select)
    .from(applications)
    .innerJoin(elders, eq(elders.id, applications.elderId))
    .innerJoin(regions, eq(regions.id, applications.regionId))
    .leftJoin(parentRegion, eq(parentRegion.id, regions.parentId))
    .innerJoin(programmes, eq(programmes.code, applications.programme));
}
type Row = Awaited<ReturnType<typeof baseQuery>>[number];
const toDto = (r: Row, today: string) => ({
  id: r.app.id,
  elderId: r.app.elderId,
  elderName: r.elderName,
  idMasked: r.idMasked,
  regionName: r.regionName,
  programme: r.app.programme as never,
  programmeName: r.programmeName,
  kind: r.app.kind,
  state: r.app.state as AppState,
  submittedOn: r.app.submittedOn,
  deadline: r.app.deadline,
  overdue: isOverdue(r.app.deadline, today),
  owner: ownerOf(r.app.state as AppState),
  noticeFrom: r.app.noticeFrom,
  noticeTo: r.app.noticeTo,
  openObjections: r.app.openObjections,
  effectiveFrom: r.app.effectiveFrom,
});

async function rulesFor(db: DbOrTx, programme: string, date: string): Promise<Rules> {
  const versions = await db.select().from(policyVersions).where(eq(policyVersions.programme, programme));
  const v = versionOn(versions, date);
  if (!v) throw new ProblemError(409, '数据冲突', '该项目在今天没有生效的政策版本');
  const p = v.params as PolicyParams;
  return { noticeDays: p.noticeDays, deadlines: p.deadlines };
}

/**
 * 特困 support goes through the villagers' democratic review (001 L30). The care subsidy takes the
 * standard path: 「发生日常照料护理服务，乡镇人民政府民政部门应向县民政部门申请护理补助资金」
 * (000 范文2 L69) names a township that applies and a county that approves, with no democratic
 * review; the standard path's street review and district approval are those two desks, and its
 * community survey is where the care that actually happens is checked. The seed names no notice
 * and no day limits: the programme's version holds them as example values.
 */
const pathOf = (programme: string): AppPath => (programme === 'tekun_support' ? 'five_guarantee' : 'standard');

async function agreementOf(tx: DbOrTx, applicationId: number) {
  const [row] = await tx
    .select({ a: supportAgreements, filedByName: users.displayName })
    .from(supportAgreements)
    .leftJoin(users, eq(users.id, supportAgreements.filedBy))
    .where(eq(supportAgreements.applicationId, applicationId));
  if (!row) return null;
  const { applicationId: _a, createdBy: _c, createdAt: _t, filedBy: _f, filedAt, ...rest } = row.a;
  return { ...rest, filedAt: filedAt?.toISOString() ?? null, filedByName: row.filedByName };
}

/** Documents the programme's seed list calls for, by the elder's categories, not handed in yet. */
async function missingFor(
  tx: DbOrTx,
  app: { elderId: number; programme: string },
  handedIn: readonly { kind: string }[],
): Promise<DocumentKind[]> {
  const [e] = await tx.select({ categoryTypes: elders.categoryTypes }).from(elders).where(eq(elders.id, app.elderId));
  return missingDocuments(requiredDocuments(documentListOf(app.programme), e.categoryTypes), handedIn);
}

const documentsOf = (tx: DbOrTx, applicationId: number) =>
  tx
    .select()
    .from(applicationDocuments)
    .where(eq(applicationDocuments.applicationId, applicationId))
    .orderBy(asc(applicationDocuments.id));

export const applicationRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    const tags = ['申请审批'];
    const today = () => shanghaiDate(deps.clock());
    const levelOf = (role: Role) => LEVEL_OF[role];

    async function loadOne(tx: DbOrTx, scope: Scope, id: number) {
      const [row] = await baseQuery(tx).where(
        and(eq(applications.id, id), inRegionScope(tx, scope, applications.regionId)),
      );
      if (!row) throw notFound('申请不存在或不在您的管辖范围内');
      return row;
    }
    async function detail(tx: DbOrTx, scope: Scope, id: number, role: Role) {
      const row = await loadOne(tx, scope, id);
      const steps = await tx
        .select()
        .from(applicationSteps)
        .where(eq(applicationSteps.applicationId, id))
        .orderBy(asc(applicationSteps.at), asc(applicationSteps.id));
      const level = levelOf(role);
      const docs = await documentsOf(tx, id);
      return {
        ...toDto(row, today()),
        documents: docs.map((d) => ({ ...d, kind: d.kind as DocumentKind, uploadedAt: d.uploadedAt.toISOString() })),
        missingDocuments: await missingFor(tx, row.app, docs),
        steps: steps.map((s) => ({
          id: s.id,
          action: s.action,
          fromState: s.fromState,
          toState: s.toState,
          actorName: s.actorName,
          opinion: s.opinion,
          data: s.data ?? null,
          at: s.at.toISOString(),
        })),
        allowedActions: level ? actionsFor(row.app.state as AppState, level, pathOf(row.app.programme)) : [],
        agreement: await agreementOf(tx, id),
      };
    }

    app.get(
      '/api/applications',
      {
        config: { permission: 'elder.read' },
        schema: {
          tags,
          summary: '申请列表；todo=true 为本级待办（按期限排序）',
          querystring: ApplicationQuery,
          response: { 200: ApplicationPage, 400: Problem },
        },
      },
      async (req) => {
        const q = req.query;
        const p = req.principal!;
        const t = today();
        const conds: SQL[] = [inRegionScope(db, p.scope, applications.regionId)];
        if (q.todo) {
          const level = levelOf(p.role);
          if (!level) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
          const states = (
            ['submitted', 'surveyed', 'in_notice', 'returned', 'street_review', 'district_review'] as AppState[]
          ).filter((s) => ownerOf(s) === level);
          conds.push(inArray(applications.state, states));
        }
        if (q.state) conds.push(eq(applications.state, q.state));
        if (q.overdue) conds.push(lt(applications.deadline, t), notInArray(applications.state, FINAL));
        const where = and(...conds);
        const [rows, [{ total }]] = await Promise.all([
          baseQuery(db)
            .where(where)
            .orderBy(q.todo ? asc(applications.deadline) : desc(applications.id))
            .limit(q.pageSize)
            .offset((q.page - 1) * q.pageSize),
          db.select({ total: count() }).from(applications).where(where),
        ]);
        return { items: rows.map((r) => toDto(r, t)), total, page: q.page, pageSize: q.pageSize };
      },
    );

    app.get(
      '/api/applications/:id',
      {
        config: { permission: 'elder.read' },
        schema: {
          tags,
          summary: '申请详情、办理记录与本级可办操作',
          params: IdParams,
          response: { 200: ApplicationDetail, 404: Problem },
        },
      },
      async (req) => detail(db, req.principal!.scope, req.params.id, req.principal!.role),
    );

    app.post(
      '/api/applications',
      {
        config: { permission: 'application.act' },
        schema: {
          tags,
          summary: '社区受理申请',
          body: NewApplication,
          response: { 201: ApplicationDetail, 400: Problem, 403: Problem, 409: Problem },
        },
      },
      async (req, reply) => {
        const p = req.principal!;
        if (levelOf(p.role) !== 'community') throw forbidden('申请由老人所在社区受理');
        const t = today();
        const id = await db.transaction(async (tx) => {
          const elder = await loadElder(tx, p.scope, req.body.elderId);
          if (elder.status !== 'active') throw fieldError('elderId', '该老人不在册（暂停、迁出或已故），不能受理申请');
          const [open] = await tx
            .select({ id: applications.id })
            .from(applications)
            .where(
              and(
                eq(applications.elderId, elder.id),
                eq(applications.programme, req.body.programme),
                notInArray(applications.state, FINAL),
              ),
            );
          if (open) throw conflict(`该老人已有一份办理中的同类申请（编号 ${open.id}）`);
          const rules = await rulesFor(tx, req.body.programme, t);
          const cal = await loadWorkCalendar(tx);
          const [created] = await tx
            .insert(applications)
            .values({
              elderId: elder.id,
              regionId: elder.regionId,
              programme: req.body.programme,
              kind: req.body.kind,
              state: 'submitted',
              submittedOn: t,
              deadline: firstDeadline(t, rules, cal),
            })
            .returning();
          const [me] = await tx.select({ name: users.displayName }).from(users).where(eq(users.id, p.userId));
          await tx.insert(applicationSteps).values({
            applicationId: created.id,
            action: 'submit',
            fromState: null,
            toState: 'submitted',
            actorId: p.userId,
            actorName: me.name,
            opinion: req.body.opinion,
            at: deps.clock(),
          });
          await writeAudit(tx, actorOf(req), {
            action: 'application.submit',
            entityType: 'application',
            entityId: created.id,
            after: created,
          });
          return created.id;
        });
        return reply.status(201).send(await detail(db, p.scope, id, p.role));
      },
    );

    app.post(
      '/api/applications/:id/actions',
      {
        config: { permission: 'application.act' },
        schema: {
          tags,
          summary: '办理一步（调查、公示、审核、审批、退回、驳回、撤销）',
          params: IdParams,
          body: ActionBody,
          response: { 200: ApplicationDetail, 400: Problem, 404: Problem, 409: Problem },
        },
      },
      async (req) => {
        const p = req.principal!;
        const level = levelOf(p.role)!;
        const t = today();
        await db.transaction(async (tx) => {
          const row = await loadOne(tx, p.scope, req.params.id);
          const before = row.app;
          if (req.body.action === 'survey' || req.body.action === 'democratic_review') {
            const missing = await missingFor(tx, before, await documentsOf(tx, before.id));
            if (missing.length)
              throw conflict(
                `入户调查前须上传：${tallyDocuments(missing)
                  .map(({ kind, count }) => DOCUMENT_KIND_LABELS[kind] + (count > 1 ? ` ×${count}` : ''))
                  .join('、')}`,
                [{ field: 'documents', message: '材料不全' }],
              );
          }
          const rules = await rulesFor(tx, before.programme, t);
          const cal = await loadWorkCalendar(tx);
          const out = act(
            {
              path: pathOf(before.programme),
              state: before.state as AppState,
              submittedOn: before.submittedOn,
              noticeFrom: before.noticeFrom,
              noticeTo: before.noticeTo,
              openObjections: before.openObjections,
            },
            {
              action: req.body.action,
              level,
              today: t,
              opinion: req.body.opinion,
              noticeFrom: req.body.noticeFrom,
              noticeTo: req.body.noticeTo,
              review: req.body.review,
            },
            rules,
            cal,
          );
          if (!out.ok) {
            if (out.field === 'action') throw conflict(out.message, [{ field: 'action', message: out.message }]);
            throw fieldError(out.field, out.message);
          }
          // Only if nobody acted in between: a step is taken once, even by two people at once.
          const [after] = await tx
            .update(applications)
            .set({
              state: out.state,
              deadline: out.deadline,
              updatedAt: deps.clock(),
              ...(out.noticeFrom ? { noticeFrom: out.noticeFrom, noticeTo: out.noticeTo } : {}),
              ...(out.effectiveFrom ? { effectiveFrom: out.effectiveFrom } : {}),
              ...(out.objectionsDelta ? { openObjections: before.openObjections + out.objectionsDelta } : {}),
            })
            .where(
              and(
                eq(applications.id, before.id),
                eq(applications.state, before.state),
                eq(applications.openObjections, before.openObjections),
              ),
            )
            .returning();
          if (!after) throw conflict('申请刚被他人处理过，请刷新后再试');
          const [me] = await tx.select({ name: users.displayName }).from(users).where(eq(users.id, p.userId));
          const opinion =
            req.body.action === 'start_notice'
              ? `公示 ${out.noticeFrom} 至 ${out.noticeTo}${req.body.opinion ? `:${req.body.opinion}` : ''}`
              : req.body.opinion;
          await tx.insert(applicationSteps).values({
            applicationId: before.id,
            action: req.body.action,
            fromState: before.state,
            toState: out.state,
            actorId: p.userId,
            actorName: me.name,
            opinion,
            data: req.body.review ?? null,
            at: deps.clock(),
          });
          await writeAudit(tx, actorOf(req), {
            action: `application.${req.body.action}`,
            entityType: 'application',
            entityId: before.id,
            before,
            after,
          });
          // A decision changes what the elder receives: in the same transaction.
          if (after.state === 'approved' || (after.state === 'cancelled' && before.state === 'approved'))
            await recomputeIn(tx, t, [before.elderId]);
        });
        return detail(db, p.scope, req.params.id, p.role);
      },
    );

    app.post(
      '/api/applications/:id/agreement',
      {
        config: { permission: 'application.act' },
        schema: {
          tags,
          summary: '登记四方分散供养协议（批准的特困供养申请）',
          params: IdParams,
          body: AgreementInput,
          response: { 201: ApplicationDetail, 400: Problem, 404: Problem, 409: Problem },
        },
      },
      async (req, reply) => {
        const p = req.principal!;
        if (levelOf(p.role) !== 'community') throw forbidden('协议由老人所在村（社区）登记');
        await db.transaction(async (tx) => {
          const row = await loadOne(tx, p.scope, req.params.id);
          if (row.app.programme !== 'tekun_support' || row.app.state !== 'approved')
            throw conflict('只有已批准的特困供养申请才能登记分散供养协议');
          if (await agreementOf(tx, row.app.id)) throw conflict('该申请已登记过协议');
          if (req.body.signedOn > today()) throw fieldError('signedOn', '签订日期不能晚于今天');
          const [created] = await tx
            .insert(supportAgreements)
            .values({
              applicationId: row.app.id,
              ...req.body,
              carer: req.body.carer ?? null,
              propertyNotes: req.body.propertyNotes ?? null,
              createdBy: p.userId,
            })
            .returning();
          await writeAudit(tx, actorOf(req), {
            action: 'application.agreement',
            entityType: 'application',
            entityId: row.app.id,
            after: created,
          });
        });
        return reply.status(201).send(await detail(db, p.scope, req.params.id, p.role));
      },
    );

    app.post(
      '/api/applications/:id/agreement/file',
      {
        config: { permission: 'application.act' },
        schema: {
          tags,
          summary: '分散供养协议报区民政局备案（001：丁方……并报区民政局备案）',
          params: IdParams,
          response: { 200: ApplicationDetail, 403: Problem, 404: Problem, 409: Problem },
        },
      },
      async (req) => {
        const p = req.principal!;
        if (levelOf(p.role) !== 'district') throw forbidden('协议由乡镇民政办报区民政局备案，由区级确认');
        await db.transaction(async (tx) => {
          const row = await loadOne(tx, p.scope, req.params.id);
          // Compare-and-set: two clicks file it once.
          const [filed] = await tx
            .update(supportAgreements)
            .set({ filedAt: deps.clock(), filedBy: p.userId })
            .where(and(eq(supportAgreements.applicationId, row.app.id), isNull(supportAgreements.filedAt)))
            .returning();
          if (!filed) {
            if (!(await agreementOf(tx, row.app.id))) throw conflict('该申请尚未登记分散供养协议');
            throw conflict('该协议已备案');
          }
          await writeAudit(tx, actorOf(req), {
            action: 'application.agreement_file',
            entityType: 'application',
            entityId: row.app.id,
            after: { filedAt: filed.filedAt },
          });
        });
        return detail(db, p.scope, req.params.id, p.role);
      },
    );
  };
