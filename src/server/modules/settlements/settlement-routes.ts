// Provider settlements through the API: drafts computed for a closed month (one provider, or all
// at month end), the items behind each figure, the street's review and the district's approval —
// which closes the statement and books each street's programme spending between district and
// street — and the statement as a file the provider downloads.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { aliasedTable, and, asc, count, desc, eq, sql, type SQL } from 'drizzle-orm';
import { IdParams, Problem } from '../../../shared/schemas/common.js';
import {
  SettlementCompute,
  SettlementComputeResult,
  SettlementDetail,
  SettlementItemPage,
  SettlementItemQuery,
  SettlementPage,
  SettlementQuery,
  SettlementStep,
} from '../../../shared/schemas/settlements.js';
import {
  complaints,
  elders,
  orders,
  paperVouchers,
  programmes,
  providers,
  regions,
  settlementItems,
  settlements,
  users,
} from '../../db/schema.js';
import type { DbOrTx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import type { Principal } from '../../auth/principal.js';
import { inProviderScope, inRegionScope } from '../../auth/scope.js';
import { monthEnd } from '../../../core/calendar/months.js';
import { holdReason } from '../../../core/billing/bill.js';
import { csvText } from '../../../shared/csv.js';
import { yuan } from '../../../shared/service-labels.js';
import { shanghaiDate } from '../../../shared/today.js';
import { conflict, fieldError, forbidden, notFound } from '../../http/problem.js';
import { attachment } from '../../http/attachment.js';
import { rowsOf } from '../../db/rows.js';
import { actorOf, writeAudit } from '../audit/audit-writer.js';
import { parentRegion, regionLabel } from '../elders/elder-query.js';
import { levelOf } from '../orders/review-exception.js';
import { bookShares, computeSettlements } from './compute-settlements.js';
import { ITEM_KIND_LABELS, SETTLEMENT_MESSAGES as M, STATE_LABELS } from './messages.js';

type TotalsOf = import('zod').infer<typeof import('../../../shared/schemas/settlements.js').SettlementTotals>;
const reviewer = aliasedTable(users, 'reviewer');
const approver = aliasedTable(users, 'approver');

function summaryQuery(db: DbOrTx) {
  return db
    .select({
      s: settlements,
      providerName: providers.name,
      reviewer: reviewer.displayName,
      approver: approver.displayName,
    })
    .from(settlements)
    .innerJoin(providers, eq(providers.id, settlements.providerId))
    .leftJoin(reviewer, eq(reviewer.id, settlements.reviewedBy))
    .leftJoin(approver, eq(approver.id, settlements.approvedBy));
}
type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>['execute']>>[number];
const summary = (r: SummaryRow) => ({
  id: r.s.id,
  providerId: r.s.providerId,
  providerName: r.providerName,
  period: r.s.period,
  state: r.s.state,
  dueFen: r.s.dueFen,
  totals: r.s.totals as TotalsOf,
  computedAt: r.s.computedAt.toISOString(),
  reviewedAt: r.s.reviewedAt?.toISOString() ?? null,
  reviewer: r.reviewer,
  reviewNote: r.s.reviewNote,
  approvedAt: r.s.approvedAt?.toISOString() ?? null,
  approver: r.approver,
});

async function loadSettlement(db: DbOrTx, me: Principal, id: number, lock = false) {
  const q = summaryQuery(db).where(and(eq(settlements.id, id), inProviderScope(db, me.scope, settlements.providerId)));
  const [row] = lock ? await q.for('update', { of: settlements }) : await q;
  if (!row) throw notFound(M.notFound);
  return row;
}

export const settlementRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    const tags = ['结算'];

    app.get(
      '/api/settlements',
      {
        config: { permission: 'settlement.read' },
        schema: {
          tags,
          summary: '服务机构结算单列表（按月份、状态、机构）',
          querystring: SettlementQuery,
          response: { 200: SettlementPage, 400: Problem },
        },
      },
      async (req) => {
        const q = req.query;
        const conds: SQL[] = [inProviderScope(db, req.principal!.scope, settlements.providerId)];
        if (q.period) conds.push(eq(settlements.period, q.period));
        if (q.state) conds.push(eq(settlements.state, q.state));
        if (q.providerId) conds.push(eq(settlements.providerId, q.providerId));
        const where = and(...conds);
        const [rows, [{ total }]] = [
          await summaryQuery(db)
            .where(where)
            .orderBy(desc(settlements.period), asc(providers.name))
            .limit(q.pageSize)
            .offset((q.page - 1) * q.pageSize),
          await db.select({ total: count() }).from(settlements).where(where),
        ];
        return { items: rows.map(summary), total, page: q.page, pageSize: q.pageSize };
      },
    );

    app.post(
      '/api/settlements/compute',
      {
        config: { permission: 'settlement.act' },
        schema: {
          tags,
          summary: '计算某月结算单草稿（一家机构，或全部有待结算业务的机构）；已审核或已审批的不再改动',
          body: SettlementCompute,
          response: { 200: SettlementComputeResult, 400: Problem, 403: Problem, 404: Problem, 409: Problem },
        },
      },
      async (req) => {
        const me = req.principal!;
        const { period, providerId } = req.body;
        if (me.scope.kind !== 'region') throw forbidden();
        const current = shanghaiDate(deps.clock()).slice(0, 7);
        if (period >= current) throw fieldError('period', M.openMonth(period, current));
        if (providerId === undefined && (await levelOf(db, me)) !== 'district')
          throw forbidden('全部机构的月末结算由区里办理；街道请选择一家机构');
        return db.transaction(async (tx) => {
          if (providerId !== undefined) {
            const [p] = await tx
              .select({ id: providers.id })
              .from(providers)
              .where(and(eq(providers.id, providerId), inProviderScope(tx, me.scope, providers.id)));
            if (!p) throw fieldError('providerId', M.noProvider);
            const [closed] = await tx
              .select({ state: settlements.state })
              .from(settlements)
              .where(and(eq(settlements.providerId, providerId), eq(settlements.period, period)));
            if (closed && closed.state !== 'draft') throw conflict(M.closed(period, STATE_LABELS[closed.state]));
          }
          const done = await computeSettlements(tx, period, providerId ?? null, me.userId, deps.clock());
          const result = { period, computed: done.length, dueFen: done.reduce((s, d) => s + d.totals.dueFen, 0) };
          await writeAudit(tx, actorOf(req), {
            action: 'settlement.compute',
            entityType: 'settlement',
            entityId: providerId ? `${period}:${providerId}` : period,
            after: result,
          });
          return result;
        });
      },
    );

    app.get(
      '/api/settlements/:id',
      {
        config: { permission: 'settlement.read' },
        schema: {
          tags,
          summary: '结算单：汇总、各类明细的合计、本月尚未结算的工单',
          params: IdParams,
          response: { 200: SettlementDetail, 404: Problem },
        },
      },
      async (req) => {
        const row = await loadSettlement(db, req.principal!, req.params.id);
        const byKind = await db
          .select({
            kind: settlementItems.kind,
            count: count(),
            subsidyFen: sql<number>`sum(${settlementItems.subsidyFen})::int`,
            amountFen: sql<number>`sum(${settlementItems.amountFen})::int`,
          })
          .from(settlementItems)
          .where(eq(settlementItems.settlementId, row.s.id))
          .groupBy(settlementItems.kind);
        const pendingRows = await db
          .select({
            id: orders.id,
            serviceDate: orders.serviceDate,
            state: orders.state,
            verification: orders.verification,
          })
          .from(orders)
          .where(
            and(
              eq(orders.providerId, row.s.providerId),
              sql`${orders.serviceDate} between ${`${row.s.period}-01`} and ${monthEnd(row.s.period)}`,
              sql`(${orders.state} = 'disputed' or (${orders.state} in ('completed', 'closed') and ${orders.verification} in ('exception', 'explained')))`,
            ),
          )
          .orderBy(asc(orders.serviceDate))
          .limit(200);
        const names = Object.fromEntries(
          (await db.select({ code: programmes.code, name: programmes.name }).from(programmes)).map((p) => [
            p.code,
            p.name,
          ]),
        );
        return {
          ...summary(row),
          byKind,
          byProgramme: await programmeLines(db, row.s.id),
          pending: pendingRows.map((o) => ({
            orderId: o.id,
            serviceDate: o.serviceDate,
            reason: holdReason(o) || '待处理',
          })),
          programmeNames: names,
        };
      },
    );

    /**
     * Each programme's line of a statement: the paid items (this month's visits, adjustments,
     * paper vouchers) carrying a part of it, and that part's sum. Visiting pays one visit an
     * order, so its line is the month's verified visits × the fee (003 方案11 L657).
     */
    const programmeLines = async (tx: DbOrTx, settlementId: number) =>
      rowsOf<{ programme: string; count: number; fen: number }>(
        await tx.execute(sql`select p.key as programme, count(*)::int as count, sum(p.value::int)::int as fen
          from settlement_items i cross join lateral jsonb_each_text(i.programmes) p
          where i.settlement_id = ${settlementId} and i.kind in ('order', 'adjustment', 'voucher')
          group by 1 order by 1`),
      );

    const itemsQuery = (tx: DbOrTx) =>
      tx
        .select({ i: settlementItems, elderName: elders.name, regionName: regionLabel })
        .from(settlementItems)
        .innerJoin(regions, eq(regions.id, settlementItems.regionId))
        .leftJoin(parentRegion, eq(parentRegion.id, regions.parentId))
        .leftJoin(orders, eq(orders.id, settlementItems.orderId))
        .leftJoin(complaints, eq(complaints.id, settlementItems.complaintId))
        .leftJoin(paperVouchers, eq(paperVouchers.id, settlementItems.voucherId))
        .leftJoin(
          elders,
          sql`${elders.id} = coalesce(${orders.elderId}, ${complaints.elderId}, ${paperVouchers.elderId})`,
        );
    type ItemRow = Awaited<ReturnType<ReturnType<typeof itemsQuery>['execute']>>[number];
    const item = (r: ItemRow) => ({
      id: r.i.id,
      kind: r.i.kind,
      orderId: r.i.orderId,
      complaintId: r.i.complaintId,
      voucherId: r.i.voucherId,
      elderName: r.elderName,
      regionName: r.regionName,
      serviceDate: r.i.serviceDate,
      subsidyFen: r.i.subsidyFen,
      amountFen: r.i.amountFen,
      programmes: r.i.programmes as Record<string, number>,
    });

    app.get(
      '/api/settlements/:id/items',
      {
        config: { permission: 'settlement.read' },
        schema: {
          tags,
          summary: '结算单明细（逐单、投诉扣款、纸质券）',
          params: IdParams,
          querystring: SettlementItemQuery,
          response: { 200: SettlementItemPage, 400: Problem, 404: Problem },
        },
      },
      async (req) => {
        const row = await loadSettlement(db, req.principal!, req.params.id);
        const q = req.query;
        const where = and(
          eq(settlementItems.settlementId, row.s.id),
          q.kind ? eq(settlementItems.kind, q.kind) : undefined,
        );
        const [rows, [{ total }]] = [
          await itemsQuery(db)
            .where(where)
            .orderBy(asc(settlementItems.kind), asc(settlementItems.serviceDate), asc(settlementItems.id))
            .limit(q.pageSize)
            .offset((q.page - 1) * q.pageSize),
          await db.select({ total: count() }).from(settlementItems).where(where),
        ];
        return { items: rows.map(item), total, page: q.page, pageSize: q.pageSize };
      },
    );

    app.get(
      '/api/settlements/:id/statement.csv',
      {
        config: { permission: 'settlement.read' },
        schema: { tags, summary: '下载结算单（CSV，Excel 可直接打开）', params: IdParams },
      },
      async (req, reply) => {
        const row = await loadSettlement(db, req.principal!, req.params.id);
        const t = row.s.totals as TotalsOf;
        const items = await itemsQuery(db)
          .where(eq(settlementItems.settlementId, row.s.id))
          .orderBy(asc(settlementItems.kind), asc(settlementItems.serviceDate), asc(settlementItems.id));
        const names = new Map(
          (await db.select({ code: programmes.code, name: programmes.name }).from(programmes)).map((p) => [
            p.code,
            p.name,
          ]),
        );
        const lines = await programmeLines(db, row.s.id);
        const text = csvText([
          ['服务机构结算单'],
          ['服务机构', row.providerName],
          ['结算月份', row.s.period],
          ['状态', STATE_LABELS[row.s.state]],
          ['本月服务补贴（元）', yuan(t.ordersFen)],
          ['往期调整（元）', yuan(t.adjustmentsFen)],
          ['纸质券兑付（元）', yuan(t.vouchersFen)],
          ['核验不通过未结算（元）', yuan(t.unverifiedFen)],
          [`投诉属实扣款（${t.upheldComplaints} 件，元）`, yuan(-t.complaintsFen)],
          [`满意度暂扣 ${t.rules.withheldPercent}%（元）`, yuan(-t.withheldFen)],
          [`满意度返还（满意率 ${t.satisfactionPercent ?? '—'}%，元）`, yuan(t.releasedFen)],
          ['应付金额（元）', yuan(t.dueFen)],
          [],
          ['补贴项目', '项数', '补贴（元）'],
          ...lines.map((l) => [names.get(l.programme) ?? l.programme, l.count, yuan(l.fen)]),
          [],
          ['类别', '工单/投诉/券', '老人', '社区', '日期', '补贴（元）', '计入应付（元）'],
          ...items.map((r) => [
            ITEM_KIND_LABELS[r.i.kind],
            r.i.orderId ?? r.i.complaintId ?? r.i.voucherId,
            r.elderName ?? '',
            r.regionName,
            r.i.serviceDate ?? '',
            yuan(r.i.subsidyFen),
            yuan(r.i.amountFen),
          ]),
        ]);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', attachment(`结算单-${row.providerName}-${row.s.period}.csv`, 'statement.csv'))
          .send(text);
      },
    );

    app.post(
      '/api/settlements/:id/review',
      {
        config: { permission: 'settlement.act' },
        schema: {
          tags,
          summary: '街道审核结算单（草稿 → 街道已审核）',
          params: IdParams,
          body: SettlementStep,
          response: { 200: SettlementDetail.pick({ id: true, state: true }), 403: Problem, 404: Problem, 409: Problem },
        },
      },
      async (req) => {
        const me = req.principal!;
        return db.transaction(async (tx) => {
          const row = await loadSettlement(tx, me, req.params.id, true);
          if (row.s.state !== 'draft') throw conflict(M.wrongState(STATE_LABELS[row.s.state]));
          const [p] = await tx
            .select({ regionId: providers.regionId, parentId: regions.parentId })
            .from(providers)
            .innerJoin(regions, eq(regions.id, providers.regionId))
            .where(eq(providers.id, row.s.providerId));
          const level = await levelOf(tx, me);
          // The provider's own street reviews; a provider registered at the district is reviewed there.
          const districtProvider = p.parentId === null;
          if (districtProvider ? level !== 'district' : level !== 'street') throw forbidden(M.reviewLevel);
          if (!districtProvider && me.scope.kind === 'region') {
            const [inStreet] = await tx
              .select({ id: regions.id })
              .from(regions)
              .where(and(eq(regions.id, p.regionId), inRegionScope(tx, me.scope, regions.id)));
            if (!inStreet) throw forbidden(M.reviewLevel);
          }
          await tx
            .update(settlements)
            .set({
              state: 'reviewed',
              reviewedBy: me.userId,
              reviewedAt: deps.clock(),
              reviewNote: req.body.note ?? null,
            })
            .where(eq(settlements.id, row.s.id));
          await writeAudit(tx, actorOf(req), {
            action: 'settlement.review',
            entityType: 'settlement',
            entityId: row.s.id,
            before: { state: row.s.state },
            after: { state: 'reviewed', note: req.body.note ?? null },
          });
          return { id: row.s.id, state: 'reviewed' as const };
        });
      },
    );

    app.post(
      '/api/settlements/:id/approve',
      {
        config: { permission: 'settlement.act' },
        schema: {
          tags,
          summary: '区民政局审批结算单（街道已审核 → 区已审批）：结算期关闭，按政策分担比例记入各街道',
          params: IdParams,
          body: SettlementStep,
          response: { 200: SettlementDetail.pick({ id: true, state: true }), 403: Problem, 404: Problem, 409: Problem },
        },
      },
      async (req) => {
        const me = req.principal!;
        return db.transaction(async (tx) => {
          const row = await loadSettlement(tx, me, req.params.id, true);
          if ((await levelOf(tx, me)) !== 'district') throw forbidden(M.approveLevel);
          if (row.s.state !== 'reviewed') throw conflict(M.wrongState(STATE_LABELS[row.s.state]));
          if (row.s.reviewedBy === me.userId) throw conflict(M.sameUser);
          await tx
            .update(settlements)
            .set({ state: 'approved', approvedBy: me.userId, approvedAt: deps.clock() })
            .where(eq(settlements.id, row.s.id));
          await bookShares(tx, row.s.id, row.s.period);
          await writeAudit(tx, actorOf(req), {
            action: 'settlement.approve',
            entityType: 'settlement',
            entityId: row.s.id,
            before: { state: row.s.state },
            after: { state: 'approved', dueFen: row.s.dueFen, note: req.body.note ?? null },
          });
          return { id: row.s.id, state: 'approved' as const };
        });
      },
    );
  };
