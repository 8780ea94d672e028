// Cash programmes: the month's payment lists computed by the core from the entitlements, the
// bank file in the bank's layout (exporting marks the list sent; its lines are then final), and
// the recoveries of money sent after a death. Each elder's payee account (encrypted) is asked for
// by one person and approved by a second: payee-change-routes.ts.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { and, asc, count, desc, eq, inArray, isNotNull, isNull, lte, sql, type SQL } from 'drizzle-orm';
import { IdParams, Problem } from '../../../shared/schemas/common.js';
import {
  BankLayoutDto,
  CarePoolQuery,
  CarePoolReport,
  PaymentLineDto,
  PaymentLinePage,
  PaymentLineQuery,
  PaymentListCreate,
  PaymentListDto,
  PaymentListPage,
  PaymentListQuery,
  RecoveryDto,
  RecoveryPage,
  RecoveryQuery,
  RecoverySettle,
} from '../../../shared/schemas/cash.js';
import {
  bankFileLayouts,
  elders,
  paymentLines,
  paymentLists,
  paymentRecoveries,
  programmes,
  regions,
} from '../../db/schema.js';
import type { DbOrTx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import { monthCashLines } from './month-cash-lines.js';
import { payeeChangeRoutes } from './payee-change-routes.js';
import { bankRows, overpaid, type BankLayout, type ListKind } from '../../../core/cash/payment-list.js';
import { carePool } from '../../../core/cash/care-pool.js';
import { inRegionScope, narrowedScope, type Scope } from '../../auth/scope.js';
import { csvText } from '../../../shared/csv.js';
import { shanghaiDate } from '../../../shared/today.js';
import { conflict, fieldError, notFound } from '../../http/problem.js';
import { attachment } from '../../http/attachment.js';
import { actorOf, writeAudit, type AuditActor } from '../audit/audit-writer.js';
import { parentRegion, regionLabel } from '../elders/elder-query.js';
import { CASH_MESSAGES as M, LIST_KIND_LABELS, LIST_STATE_LABELS, PART_LABELS } from './messages.js';
import type { z } from '../../../shared/zod.js';

const CHUNK = 1000;

const listDto = (l: typeof paymentLists.$inferSelect): z.infer<typeof PaymentListDto> => ({
  id: l.id,
  month: l.month,
  kind: l.kind,
  state: l.state,
  totals: l.totals as z.infer<typeof PaymentListDto>['totals'],
  createdAt: l.createdAt.toISOString(),
  exportedAt: l.exportedAt?.toISOString() ?? null,
  paidAt: l.paidAt?.toISOString() ?? null,
});

/** Money sent to the bank for months after an elder's death becomes a recovery item, once. */
export async function findRecoveries(tx: DbOrTx) {
  const sent = await tx
    .select({
      lineId: paymentLines.id,
      elderId: paymentLines.elderId,
      // The month the line pays for: on a quarter's list, each of the quarter's months.
      month: paymentLines.month,
      amountFen: paymentLines.amountFen,
      deathDate: elders.deathDate,
    })
    .from(paymentLines)
    .innerJoin(paymentLists, eq(paymentLists.id, paymentLines.listId))
    .innerJoin(elders, eq(elders.id, paymentLines.elderId))
    .leftJoin(paymentRecoveries, eq(paymentRecoveries.lineId, paymentLines.id))
    .where(
      and(
        inArray(paymentLists.state, ['exported', 'paid']),
        eq(paymentLines.pooled, false),
        isNull(paymentLines.problem),
        isNotNull(elders.deathDate),
        isNull(paymentRecoveries.id),
      ),
    );
  const death = new Map(sent.map((s) => [s.elderId, s.deathDate]));
  const items = overpaid(sent, (id) => death.get(id) ?? null);
  if (items.length)
    await tx
      .insert(paymentRecoveries)
      .values(
        items.map((i) => ({
          lineId: i.lineId,
          elderId: i.elderId,
          month: i.month,
          amountFen: i.amountFen,
          reason: i.reason,
        })),
      )
      .onConflictDoNothing();
  return items.length;
}

export async function generatePaymentList(
  tx: DbOrTx,
  month: string,
  kind: ListKind,
  userId: number,
  audit: AuditActor,
  now: Date,
) {
  const [existing] = await tx
    .select()
    .from(paymentLists)
    .where(and(eq(paymentLists.month, month), eq(paymentLists.kind, kind)))
    .for('update');
  if (existing && existing.state !== 'draft') throw conflict(M.listClosed(LIST_STATE_LABELS[existing.state]));
  const lines = await monthCashLines(tx, month, kind);
  const payable = lines.filter((l) => !l.pooled && !l.problem);
  const totals = {
    lines: lines.length,
    elders: new Set(lines.map((l) => l.elderId)).size,
    payableFen: payable.reduce((s, l) => s + l.amountFen, 0),
    pooledFen: lines.filter((l) => l.pooled).reduce((s, l) => s + l.amountFen, 0),
    problemLines: lines.filter((l) => l.problem).length,
    problemFen: lines.filter((l) => l.problem).reduce((s, l) => s + l.amountFen, 0),
  };
  let list: typeof paymentLists.$inferSelect;
  if (existing) {
    await tx.delete(paymentLines).where(eq(paymentLines.listId, existing.id));
    [list] = await tx
      .update(paymentLists)
      .set({ totals, createdBy: userId, createdAt: now })
      .where(eq(paymentLists.id, existing.id))
      .returning();
  } else {
    [list] = await tx
      .insert(paymentLists)
      .values({ month, kind, totals, createdBy: userId, createdAt: now })
      .returning();
  }
  for (let i = 0; i < lines.length; i += CHUNK) {
    await tx.insert(paymentLines).values(
      lines.slice(i, i + CHUNK).map((l) => ({
        listId: list.id,
        elderId: l.elderId,
        regionId: l.regionId,
        programme: l.programme,
        part: l.part,
        month: l.month,
        amountFen: l.amountFen,
        pooled: l.pooled,
        problem: l.problem,
        payeeKind: l.pooled ? null : (l.payee?.payeeKind ?? null),
        payeeName: l.pooled ? null : (l.payee?.payeeName ?? null),
        bankName: l.pooled ? null : (l.payee?.bankName ?? null),
        accountCipher: l.pooled ? null : (l.payee?.accountCipher ?? null),
        accountMasked: l.pooled ? null : (l.payee?.accountMasked ?? null),
      })),
    );
  }
  const recoveriesFound = await findRecoveries(tx);
  await writeAudit(tx, audit, {
    action: 'payment_list.generate',
    entityType: 'payment_list',
    entityId: list.id,
    after: { month, kind: LIST_KIND_LABELS[kind], ...totals, recoveriesFound },
  });
  return { ...listDto(list), recoveriesFound };
}

/**
 * The pooled care fund's flows by month, within the caller's regions: the care parts kept back on
 * 特困 lists sent to the bank (exported or paid) came in; the care subsidies those lists paid
 * (lines without a problem, which are the ones exported) were used. Drafts are not money yet.
 */
export async function carePoolFlows(db: DbOrTx, scope: Scope, to: string) {
  const rows = await db
    .select({
      month: paymentLines.month,
      cameIn: sql<string>`coalesce(sum(case when ${paymentLines.part} = 'care' and ${paymentLines.pooled} then ${paymentLines.amountFen} else 0 end), 0)::bigint`,
      used: sql<string>`coalesce(sum(case when ${paymentLines.part} = 'care_subsidy' and ${paymentLines.problem} is null then ${paymentLines.amountFen} else 0 end), 0)::bigint`,
    })
    .from(paymentLines)
    .innerJoin(paymentLists, eq(paymentLists.id, paymentLines.listId))
    .where(
      and(
        eq(paymentLists.kind, 'tekun'),
        inArray(paymentLists.state, ['exported', 'paid']),
        lte(paymentLines.month, to),
        inRegionScope(db, scope, paymentLines.regionId),
      ),
    )
    .groupBy(paymentLines.month);
  return rows.map((r) => ({ month: r.month, cameInFen: Number(r.cameIn), usedFen: Number(r.used) }));
}

export const cashRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db, cipher } = deps;
    const tags = ['现金发放'];

    // Payee accounts: asked for by one person, approved by a second (payee-change-routes.ts).
    await app.register(payeeChangeRoutes(deps));

    app.post(
      '/api/payment-lists',
      {
        config: { permission: 'cash.act' },
        schema: {
          tags,
          summary: '生成（或重新生成草稿）某月发放名单：高龄津贴，或特困供养与护理补贴',
          body: PaymentListCreate,
          response: { 201: PaymentListDto, 400: Problem, 409: Problem },
        },
      },
      async (req, reply) => {
        if (req.body.month > shanghaiDate(deps.clock()).slice(0, 7)) throw fieldError('month', M.futureMonth);
        const out = await db.transaction((tx) =>
          generatePaymentList(tx, req.body.month, req.body.kind, req.principal!.userId, actorOf(req), deps.clock()),
        );
        return reply.status(201).send(out);
      },
    );

    app.get(
      '/api/payment-lists',
      {
        config: { permission: 'cash.act' },
        schema: {
          tags,
          summary: '发放名单列表',
          querystring: PaymentListQuery,
          response: { 200: PaymentListPage, 400: Problem },
        },
      },
      async (req) => {
        const q = req.query;
        const conds: SQL[] = [];
        if (q.month) conds.push(eq(paymentLists.month, q.month));
        if (q.kind) conds.push(eq(paymentLists.kind, q.kind));
        const where = conds.length ? and(...conds) : undefined;
        const [rows, [{ total }]] = [
          await db
            .select()
            .from(paymentLists)
            .where(where)
            .orderBy(desc(paymentLists.month), asc(paymentLists.kind))
            .limit(q.pageSize)
            .offset((q.page - 1) * q.pageSize),
          await db.select({ total: count() }).from(paymentLists).where(where),
        ];
        return { items: rows.map(listDto), total, page: q.page, pageSize: q.pageSize };
      },
    );

    const loadList = async (tx: DbOrTx, id: number, lock = false) => {
      const q = tx.select().from(paymentLists).where(eq(paymentLists.id, id));
      const [l] = lock ? await q.for('update') : await q;
      if (!l) throw notFound(M.notFound);
      return l;
    };

    app.get(
      '/api/payment-lists/:id/lines',
      {
        config: { permission: 'cash.act' },
        schema: {
          tags,
          summary: '发放名单明细（可只看有问题的行）',
          params: IdParams,
          querystring: PaymentLineQuery,
          response: { 200: PaymentLinePage, 400: Problem, 404: Problem },
        },
      },
      async (req) => {
        const l = await loadList(db, req.params.id);
        const q = req.query;
        const where = and(
          eq(paymentLines.listId, l.id),
          q.problem === 'yes'
            ? isNotNull(paymentLines.problem)
            : q.problem === 'no'
              ? isNull(paymentLines.problem)
              : undefined,
        );
        const [rows, [{ total }]] = [
          await db
            .select({ l: paymentLines, elderName: elders.name, regionName: regionLabel })
            .from(paymentLines)
            .innerJoin(elders, eq(elders.id, paymentLines.elderId))
            .innerJoin(regions, eq(regions.id, paymentLines.regionId))
            .leftJoin(parentRegion, eq(parentRegion.id, regions.parentId))
            .where(where)
            .orderBy(asc(paymentLines.id))
            .limit(q.pageSize)
            .offset((q.page - 1) * q.pageSize),
          await db.select({ total: count() }).from(paymentLines).where(where),
        ];
        return {
          items: rows.map((r): z.infer<typeof PaymentLineDto> => ({
            id: r.l.id,
            elderId: r.l.elderId,
            elderName: r.elderName,
            regionName: r.regionName,
            programme: r.l.programme,
            part: r.l.part,
            month: r.l.month,
            amountFen: r.l.amountFen,
            pooled: r.l.pooled,
            payeeKind: r.l.payeeKind,
            payeeName: r.l.payeeName,
            bankName: r.l.bankName,
            accountMasked: r.l.accountMasked,
            problem: r.l.problem,
          })),
          total,
          page: q.page,
          pageSize: q.pageSize,
        };
      },
    );

    app.post(
      '/api/payment-lists/:id/bank-file',
      {
        config: { permission: 'cash.act' },
        schema: {
          tags,
          summary: '导出银行代发文件（按银行文件格式；问题行与统筹部分不导出）；导出后名单不能再重新生成',
          params: IdParams,
        },
      },
      async (req, reply) => {
        const { text, list } = await db.transaction(async (tx) => {
          const l = await loadList(tx, req.params.id, true);
          const [layout] = await tx.select().from(bankFileLayouts).orderBy(desc(bankFileLayouts.id)).limit(1);
          const names = Object.fromEntries((await tx.select().from(programmes)).map((p) => [p.code, p.name]));
          const rows = await tx
            .select({ l: paymentLines, elderName: elders.name, idCipher: elders.idCipher })
            .from(paymentLines)
            .innerJoin(elders, eq(elders.id, paymentLines.elderId))
            .where(and(eq(paymentLines.listId, l.id), eq(paymentLines.pooled, false), isNull(paymentLines.problem)))
            .orderBy(asc(paymentLines.id));
          if (!rows.length) throw conflict(M.nothingToPay);
          const file = csvText(
            bankRows(
              { columns: layout.columns as BankLayout['columns'], header: layout.header, amountIn: layout.amountIn },
              rows.map((r) => ({
                payeeName: r.l.payeeName!,
                accountNo: cipher.decrypt(r.l.accountCipher!),
                bankName: r.l.bankName!,
                amountFen: r.l.amountFen,
                idNumber: cipher.decrypt(r.idCipher),
                elderName: r.elderName,
                // The month the line pays for: a quarter's list has a row for each of its months.
                month: r.l.month,
                programme: names[r.l.programme] ?? r.l.programme,
                remark: `${r.l.month} ${PART_LABELS[r.l.part]}`,
              })),
            ),
          );
          if (l.state === 'draft')
            await tx
              .update(paymentLists)
              .set({ state: 'exported', exportedAt: deps.clock() })
              .where(eq(paymentLists.id, l.id));
          await writeAudit(tx, actorOf(req), {
            action: 'payment_list.export',
            entityType: 'payment_list',
            entityId: l.id,
            after: { lines: rows.length, layout: layout.name },
          });
          return { text: file, list: l };
        });
        return reply
          .type('text/csv; charset=utf-8')
          .header(
            'content-disposition',
            attachment(`代发-${LIST_KIND_LABELS[list.kind]}-${list.month}.csv`, 'bank.csv'),
          )
          .send(text);
      },
    );

    app.post(
      '/api/payment-lists/:id/paid',
      {
        config: { permission: 'cash.act' },
        schema: {
          tags,
          summary: '银行回执后标记名单已发放',
          params: IdParams,
          response: { 200: PaymentListDto, 404: Problem, 409: Problem },
        },
      },
      async (req) =>
        db.transaction(async (tx) => {
          const l = await loadList(tx, req.params.id, true);
          if (l.state !== 'exported') throw conflict(M.wrongState(LIST_STATE_LABELS[l.state]));
          const [after] = await tx
            .update(paymentLists)
            .set({ state: 'paid', paidAt: deps.clock() })
            .where(eq(paymentLists.id, l.id))
            .returning();
          await writeAudit(tx, actorOf(req), {
            action: 'payment_list.paid',
            entityType: 'payment_list',
            entityId: l.id,
            before: { state: l.state },
            after: { state: 'paid' },
          });
          return listDto(after);
        }),
    );

    app.get(
      '/api/cash/care-pool',
      {
        config: { permission: 'money.report' },
        schema: {
          tags,
          summary:
            '照料护理经费统筹：按月列出特困供养中统筹的照料护理部分（收入）、从中拨付的护理补贴（支出）和结余（已导出或已发放的名单）',
          querystring: CarePoolQuery,
          response: { 200: CarePoolReport, 400: Problem, 404: Problem },
        },
      },
      async (req) => {
        const scope = await narrowedScope(db, req.principal!.scope, req.query.regionId);
        return carePool(await carePoolFlows(db, scope, req.query.to), req.query.from, req.query.to);
      },
    );

    app.get(
      '/api/bank-layout',
      {
        config: { permission: 'cash.act' },
        schema: { tags, summary: '银行代发文件格式（列的顺序与内容、金额单位）', response: { 200: BankLayoutDto } },
      },
      async () => {
        const [l] = await db.select().from(bankFileLayouts).orderBy(desc(bankFileLayouts.id)).limit(1);
        return {
          id: l.id,
          name: l.name,
          columns: l.columns as BankLayout['columns'],
          header: l.header,
          amountIn: l.amountIn,
        };
      },
    );

    app.put(
      '/api/bank-layout',
      {
        config: { permission: 'cash.act' },
        schema: {
          tags,
          summary: '更改银行代发文件格式（保存为新版本，记入审计）',
          body: BankLayoutDto,
          response: { 200: BankLayoutDto, 400: Problem },
        },
      },
      async (req) =>
        db.transaction(async (tx) => {
          const b = req.body;
          const [l] = await tx
            .insert(bankFileLayouts)
            .values({
              name: b.name,
              columns: b.columns,
              header: b.header,
              amountIn: b.amountIn,
              createdBy: req.principal!.userId,
            })
            .returning();
          await writeAudit(tx, actorOf(req), {
            action: 'bank_layout.update',
            entityType: 'bank_layout',
            entityId: l.id,
            after: b,
          });
          return {
            id: l.id,
            name: l.name,
            columns: l.columns as BankLayout['columns'],
            header: l.header,
            amountIn: l.amountIn,
          };
        }),
    );

    app.get(
      '/api/payment-recoveries',
      {
        config: { permission: 'cash.act' },
        schema: {
          tags,
          summary: '待追回款项（去世后仍已发放的月份）',
          querystring: RecoveryQuery,
          response: { 200: RecoveryPage, 400: Problem },
        },
      },
      async (req) => {
        const q = req.query;
        const where = q.state ? eq(paymentRecoveries.state, q.state) : undefined;
        const [rows, [{ total }]] = [
          await db
            .select({ r: paymentRecoveries, elderName: elders.name })
            .from(paymentRecoveries)
            .innerJoin(elders, eq(elders.id, paymentRecoveries.elderId))
            .where(where)
            .orderBy(desc(paymentRecoveries.id))
            .limit(q.pageSize)
            .offset((q.page - 1) * q.pageSize),
          await db.select({ total: count() }).from(paymentRecoveries).where(where),
        ];
        return {
          items: rows.map(({ r, elderName }): z.infer<typeof RecoveryDto> => ({
            id: r.id,
            elderId: r.elderId,
            elderName,
            month: r.month,
            amountFen: r.amountFen,
            reason: r.reason,
            state: r.state,
            createdAt: r.createdAt.toISOString(),
            settledAt: r.settledAt?.toISOString() ?? null,
            note: r.note,
          })),
          total,
          page: q.page,
          pageSize: q.pageSize,
        };
      },
    );

    app.post(
      '/api/payment-recoveries/:id',
      {
        config: { permission: 'cash.act' },
        schema: {
          tags,
          summary: '办结追回事项（已追回或核销，须说明）',
          params: IdParams,
          body: RecoverySettle,
          response: { 200: RecoveryDto.pick({ id: true, state: true }), 400: Problem, 404: Problem, 409: Problem },
        },
      },
      async (req) =>
        db.transaction(async (tx) => {
          const [r] = await tx
            .update(paymentRecoveries)
            .set({
              state: req.body.state,
              note: req.body.note,
              settledBy: req.principal!.userId,
              settledAt: deps.clock(),
            })
            .where(and(eq(paymentRecoveries.id, req.params.id), eq(paymentRecoveries.state, 'open')))
            .returning();
          if (!r) {
            const [exists] = await tx
              .select({ id: paymentRecoveries.id })
              .from(paymentRecoveries)
              .where(eq(paymentRecoveries.id, req.params.id));
            throw exists ? conflict(M.recoveryClosed) : notFound('追回事项不存在');
          }
          await writeAudit(tx, actorOf(req), {
            action: `recovery.${req.body.state}`,
            entityType: 'payment_recovery',
            entityId: r.id,
            after: req.body,
          });
          return { id: r.id, state: r.state };
        }),
    );
  };
