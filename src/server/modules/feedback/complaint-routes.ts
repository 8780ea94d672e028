// Complaints (投诉): taken in by the call centre or the street, handled by the street or the
// provider it is assigned to, answered by a working-day deadline and closed on the
// complainant's confirmation. Every step is a note on the complaint and an audit row.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { and, asc, count, desc, eq, lt, type SQL } from 'drizzle-orm';
import { IdParams, Problem } from '../../../shared/schemas/common.js';
import {
  ComplaintCreate,
  ComplaintDetail,
  ComplaintPage,
  ComplaintQuery,
  ComplaintStep,
} from '../../../shared/schemas/feedback.js';
import { caregivers, complaintNotes, complaints, elders, orders, providers, regions, users } from '../../db/schema.js';
import type { DbOrTx } from '../../db/client.js';
import { parentRegion, regionLabel } from '../elders/elder-query.js';
import type { Deps } from '../../deps.js';
import type { Scope } from '../../auth/scope.js';
import { inRegionOrProviderScope, inRegionScope, narrowedScope } from '../../auth/scope.js';
import { applyComplaintStep, type ComplaintState } from '../../../core/feedback/complaints.js';
import { callCentreRulesOf } from '../../../core/orders/call-centre-rules.js';
import { conflict, fieldError, notFound } from '../../http/problem.js';
import { actorOf, writeAudit } from '../audit/audit-writer.js';
import { loadElder } from '../elders/elder-routes.js';
import { rulesOn } from '../providers/rule-store.js';
import { notify } from '../../realtime/events.js';
import { shanghaiDate } from '../../../shared/today.js';
import { openComplaint } from './open-complaint.js';
import { FEEDBACK_MESSAGES as M } from './messages.js';

function selectComplaints(db: DbOrTx) {
  return db
    .select({
      c: complaints,
      elderName: elders.name,
      regionName: regionLabel,
      caregiverName: caregivers.name,
      providerName: providers.name,
    })
    .from(complaints)
    .innerJoin(elders, eq(elders.id, complaints.elderId))
    .innerJoin(regions, eq(regions.id, complaints.regionId))
    .leftJoin(parentRegion, eq(parentRegion.id, regions.parentId))
    .leftJoin(caregivers, eq(caregivers.id, complaints.caregiverId))
    .leftJoin(providers, eq(providers.id, complaints.providerId));
}
type Row = Awaited<ReturnType<ReturnType<typeof selectComplaints>['where']>>[number];
// A provider sees the complaints assigned to it; the region-bound, those of their elders.
const scopeOf = (db: DbOrTx, scope: Scope) =>
  scope.kind === 'region'
    ? inRegionScope(db, scope, complaints.regionId)
    : and(
        inRegionOrProviderScope(db, scope, complaints.regionId, complaints.providerId),
        eq(complaints.assignee, 'provider'),
      )!;

const toDto = ({ c, ...names }: Row, today: string) => ({
  id: c.id,
  elderId: c.elderId,
  elderName: names.elderName,
  regionName: names.regionName,
  orderId: c.orderId,
  caregiverId: c.caregiverId,
  caregiverName: names.caregiverName,
  providerId: c.providerId,
  providerName: names.providerName,
  channel: c.channel,
  content: c.content,
  assignee: c.assignee,
  state: c.state,
  receivedOn: c.receivedOn,
  dueOn: c.dueOn,
  overdue: c.state === 'open' && c.dueOn < today,
  result: c.result,
  upheld: c.upheld,
  confirmation: c.confirmation,
  closedAt: c.closedAt?.toISOString() ?? null,
});

export const complaintRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    const tags = ['投诉'];

    async function detail(tx: DbOrTx, scope: Scope | null, id: number) {
      const [row] = await selectComplaints(tx).where(
        scope ? and(eq(complaints.id, id), scopeOf(tx, scope)) : eq(complaints.id, id),
      );
      if (!row) throw notFound(M.complaintNotFound);
      const notes = await tx
        .select({ n: complaintNotes, username: users.username })
        .from(complaintNotes)
        .leftJoin(users, eq(users.id, complaintNotes.userId))
        .where(eq(complaintNotes.complaintId, id))
        .orderBy(asc(complaintNotes.id));
      return {
        ...toDto(row, shanghaiDate(deps.clock())),
        notes: notes.map(({ n, username }) => ({ kind: n.kind, text: n.text, username, at: n.at.toISOString() })),
      };
    }

    app.post(
      '/api/complaints',
      {
        config: { permission: 'complaint.act' },
        schema: {
          tags,
          summary: '登记投诉（来电、短信、来访），交街道或服务机构处理，按工作日计算答复期限',
          body: ComplaintCreate,
          response: { 201: ComplaintDetail, 400: Problem, 404: Problem },
        },
      },
      async (req, reply) => {
        const me = req.principal!;
        const b = req.body;
        const now = deps.clock();
        const id = await db.transaction(async (tx) => {
          const elder = await loadElder(tx, me.scope, b.elderId);
          let order: typeof orders.$inferSelect | undefined;
          if (b.orderId) {
            [order] = await tx.select().from(orders).where(eq(orders.id, b.orderId));
            if (!order) throw fieldError('orderId', '工单不存在');
            if (order.elderId !== elder.id) throw fieldError('orderId', M.orderOfOtherElder);
          }
          if (b.assignee === 'provider' && !order?.providerId) throw fieldError('assignee', M.assigneeProviderMissing);
          const rules = callCentreRulesOf((await rulesOn(tx, shanghaiDate(now))).params);
          const row = await openComplaint(
            tx,
            {
              elderId: elder.id,
              regionId: elder.regionId,
              orderId: order?.id ?? null,
              caregiverId: order?.caregiverId ?? null,
              providerId: order?.providerId ?? null,
              channel: b.channel,
              assignee: b.assignee,
              content: b.content,
              userId: me.userId,
            },
            rules,
            actorOf(req),
            now,
          );
          return row.id;
        });
        return reply.status(201).send(await detail(db, null, id));
      },
    );

    app.get(
      '/api/complaints',
      {
        config: { permission: 'feedback.read' },
        schema: {
          tags,
          summary: '投诉列表（按状态、逾期、街道、老人筛选）',
          querystring: ComplaintQuery,
          response: { 200: ComplaintPage, 400: Problem, 404: Problem },
        },
      },
      async (req) => {
        const q = req.query;
        const today = shanghaiDate(deps.clock());
        const conds: SQL[] = [scopeOf(db, req.principal!.scope)];
        if (q.state === 'overdue') conds.push(eq(complaints.state, 'open'), lt(complaints.dueOn, today));
        else if (q.state) conds.push(eq(complaints.state, q.state));
        if (q.elderId) conds.push(eq(complaints.elderId, q.elderId));
        if (q.regionId)
          conds.push(inRegionScope(db, await narrowedScope(db, req.principal!.scope, q.regionId), complaints.regionId));
        const where = and(...conds);
        const col = q.sort.replace(/^-/, '') === 'dueOn' ? complaints.dueOn : complaints.receivedOn;
        const [rows, [{ total }]] = await Promise.all([
          selectComplaints(db)
            .where(where)
            .orderBy(q.sort.startsWith('-') ? desc(col) : asc(col), desc(complaints.id))
            .limit(q.pageSize)
            .offset((q.page - 1) * q.pageSize),
          db.select({ total: count() }).from(complaints).where(where),
        ]);
        return { items: rows.map((r) => toDto(r, today)), total, page: q.page, pageSize: q.pageSize };
      },
    );

    app.get(
      '/api/complaints/:id',
      {
        config: { permission: 'feedback.read' },
        schema: {
          tags,
          summary: '投诉详情与办理记录',
          params: IdParams,
          response: { 200: ComplaintDetail, 404: Problem },
        },
      },
      async (req) => detail(db, req.principal!.scope, req.params.id),
    );

    app.post(
      '/api/complaints/:id/steps',
      {
        config: { permission: 'complaint.act' },
        schema: {
          tags,
          summary: '办理投诉：调查记录、答复（是否属实）、投诉人确认（满意则办结，不满意重新办理）',
          params: IdParams,
          body: ComplaintStep,
          response: { 200: ComplaintDetail, 400: Problem, 404: Problem, 409: Problem },
        },
      },
      async (req) => {
        const me = req.principal!;
        const b = req.body;
        const now = deps.clock();
        return db.transaction(async (tx) => {
          const [c] = await tx
            .select()
            .from(complaints)
            .where(and(eq(complaints.id, req.params.id), scopeOf(tx, me.scope)))
            .for('update');
          if (!c) throw notFound(M.complaintNotFound);
          const step = applyComplaintStep(c.state as ComplaintState, b);
          if (!step.ok) throw step.field === 'action' ? conflict(step.message) : fieldError(step.field, step.message);
          const set: Partial<typeof complaints.$inferInsert> = { state: step.state };
          if (b.action === 'answer') Object.assign(set, { result: b.text, upheld: b.upheld, confirmation: null });
          if (b.action === 'confirm')
            Object.assign(set, { confirmation: b.confirmation, closedAt: step.state === 'closed' ? now : null });
          await tx.update(complaints).set(set).where(eq(complaints.id, c.id));
          const kind = b.action === 'confirm' && b.confirmation === 'unsatisfied' ? 'reopen' : b.action;
          await tx.insert(complaintNotes).values({ complaintId: c.id, kind, text: b.text, userId: me.userId, at: now });
          await writeAudit(tx, actorOf(req), {
            action: `complaint.${kind}`,
            entityType: 'complaint',
            entityId: c.id,
            before: { state: c.state },
            after: { ...set, text: b.text },
          });
          await notify(tx, { kind: 'console', regionId: c.regionId });
          return detail(tx, null, c.id);
        });
      },
    );
  };
