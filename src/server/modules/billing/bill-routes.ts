// Monthly bills (收费清单): each elder's billable visits of a month with what each programme paid
// and what the elder owes, computed from the orders as priced (the core's monthlyBill), and the
// payment when the elder settles it. A list of the month's bills for the desk that collects.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { and, asc, between, count, eq, inArray, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import { Problem } from '../../../shared/schemas/common.js';
import { BillDetail, BillPage, BillParams, BillPaymentCreate, BillQuery } from '../../../shared/schemas/bills.js';
import { billPayments, elders, orderLines, orders, programmes, regions, serviceItems, users } from '../../db/schema.js';
import type { DbOrTx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import { inRegionScope, narrowedScope, type Scope } from '../../auth/scope.js';
import { billSmsText, monthlyBill, type BillOrder } from '../../../core/billing/bill.js';
import { enqueueSms } from '../sms/sms-outbox.js';
import { callCentreRulesOf } from '../../../core/orders/call-centre-rules.js';
import { rulesOn } from '../providers/rule-store.js';
import { z } from '../../../shared/zod.js';
import { monthEnd } from '../../../core/calendar/months.js';
import { BILLABLE_VERIFICATION } from '../../../core/visits/exception-review.js';
import { conflict, fieldError } from '../../http/problem.js';
import { actorOf, writeAudit } from '../audit/audit-writer.js';
import { loadElder } from '../elders/elder-routes.js';
import { parentRegion, regionLabel } from '../elders/elder-query.js';
import { shanghaiDate } from '../../../shared/today.js';

const METHOD_LABELS = { cash: '现金', transfer: '转账', wechat: '微信' } as const;

async function billOf(db: DbOrTx, scope: Scope, elderId: number, month: string) {
  const elder = await loadElder(db, scope, elderId);
  const rows = await db
    .select()
    .from(orders)
    .where(and(eq(orders.elderId, elder.id), between(orders.serviceDate, `${month}-01`, monthEnd(month))));
  const lines = rows.length
    ? await db
        .select({ l: orderLines, name: serviceItems.name })
        .from(orderLines)
        .innerJoin(serviceItems, eq(serviceItems.id, orderLines.itemId))
        .where(
          inArray(
            orderLines.orderId,
            rows.map((r) => r.id),
          ),
        )
        .orderBy(asc(orderLines.id))
    : [];
  const input: BillOrder[] = rows.map((o) => {
    const own = lines.filter((x) => x.l.orderId === o.id);
    return {
      id: o.id,
      serviceDate: o.serviceDate,
      state: o.state,
      verification: o.verification,
      listFen: o.listFen,
      selfPayFen: o.selfPayFen,
      items: own.map((x) => (x.l.quantity > 1 ? `${x.name}×${x.l.quantity}` : x.name)).join('、'),
      lines: own.map((x) => ({ breakdown: x.l.breakdown as BillOrder['lines'][number]['breakdown'] })),
    };
  });
  return { elder, bill: monthlyBill(input) };
}

export const billRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    const tags = ['收费清单'];

    async function detail(tx: DbOrTx, scope: Scope, elderId: number, month: string) {
      const { elder, bill } = await billOf(tx, scope, elderId, month);
      const [paid] = await tx
        .select({ p: billPayments, username: users.username })
        .from(billPayments)
        .leftJoin(users, eq(users.id, billPayments.recordedBy))
        .where(and(eq(billPayments.elderId, elder.id), eq(billPayments.month, month)));
      const names = Object.fromEntries(
        (await tx.select({ code: programmes.code, name: programmes.name }).from(programmes)).map((p) => [
          p.code,
          p.name,
        ]),
      );
      return {
        elderId: elder.id,
        elderName: elder.name,
        regionName: elder.regionName,
        address: elder.address,
        month,
        ...bill,
        programmeNames: names,
        payment: paid
          ? {
              amountFen: paid.p.amountFen,
              method: paid.p.method,
              note: paid.p.note,
              recordedAt: paid.p.recordedAt.toISOString(),
              username: paid.username,
            }
          : null,
      };
    }

    app.get(
      '/api/bills',
      {
        config: { permission: 'order.read' },
        schema: {
          tags,
          summary: '某月收费清单（每位老人一行：工单数、服务总价、补贴支付、老人应付、收款情况）',
          querystring: BillQuery,
          response: { 200: BillPage, 400: Problem, 404: Problem },
        },
      },
      async (req) => {
        const q = req.query;
        const scope = await narrowedScope(db, req.principal!.scope, q.regionId);
        const billable = and(
          between(orders.serviceDate, `${q.month}-01`, monthEnd(q.month)),
          inArray(orders.state, ['completed', 'closed']),
          inArray(orders.verification, [...BILLABLE_VERIFICATION]),
          inRegionScope(db, scope, orders.regionId),
        )!;
        const conds: SQL[] = [billable];
        if (q.paid === 'yes') conds.push(isNotNull(billPayments.id));
        if (q.paid === 'no') conds.push(isNull(billPayments.id));
        const base = db
          .select({
            elderId: orders.elderId,
            elderName: elders.name,
            regionName: regionLabel,
            orders: count(),
            listFen: sql<number>`sum(${orders.listFen})::int`,
            programmeFen: sql<number>`sum(${orders.programmeFen})::int`,
            selfPayFen: sql<number>`sum(${orders.selfPayFen})::int`,
            paidFen: billPayments.amountFen,
            paidAt: billPayments.recordedAt,
          })
          .from(orders)
          .innerJoin(elders, eq(elders.id, orders.elderId))
          .innerJoin(regions, eq(regions.id, elders.regionId))
          .leftJoin(parentRegion, eq(parentRegion.id, regions.parentId))
          .leftJoin(billPayments, and(eq(billPayments.elderId, orders.elderId), eq(billPayments.month, q.month)))
          .where(and(...conds))
          .groupBy(
            orders.elderId,
            elders.name,
            regions.level,
            regions.name,
            parentRegion.name,
            billPayments.amountFen,
            billPayments.recordedAt,
          );
        const [rows, [{ total }]] = [
          await base
            .orderBy(asc(elders.name), asc(orders.elderId))
            .limit(q.pageSize)
            .offset((q.page - 1) * q.pageSize),
          await db
            .select({ total: sql<number>`count(distinct ${orders.elderId})::int` })
            .from(orders)
            .leftJoin(billPayments, and(eq(billPayments.elderId, orders.elderId), eq(billPayments.month, q.month)))
            .where(and(...conds)),
        ];
        return {
          items: rows.map((r) => ({
            ...r,
            id: r.elderId,
            paidFen: r.paidFen ?? null,
            paidAt: r.paidAt?.toISOString() ?? null,
          })),
          total,
          page: q.page,
          pageSize: q.pageSize,
        };
      },
    );

    app.get(
      '/api/elders/:id/bills/:month',
      {
        config: { permission: 'order.read' },
        schema: {
          tags,
          summary: '老人某月收费清单：逐单价格、各项目支付、老人应付；待审核或有争议的工单暂不计费并说明',
          params: BillParams,
          response: { 200: BillDetail, 400: Problem, 404: Problem },
        },
      },
      async (req) => detail(db, req.principal!.scope, req.params.id, req.params.month),
    );

    app.post(
      '/api/elders/:id/bills/:month/payment',
      {
        config: { permission: 'bill.collect' },
        schema: {
          tags,
          summary: '登记老人缴清某月应付款（金额须等于清单应付；每月一次，记入审计）',
          params: BillParams,
          body: BillPaymentCreate,
          response: { 201: BillDetail, 400: Problem, 404: Problem, 409: Problem },
        },
      },
      async (req, reply) => {
        const me = req.principal!;
        const { month } = req.params;
        if (month > shanghaiDate(deps.clock()).slice(0, 7)) throw fieldError('month', '不能登记以后月份的收款');
        const body = req.body;
        const out = await db.transaction(async (tx) => {
          const { elder, bill } = await billOf(tx, me.scope, req.params.id, month);
          if (body.amountFen !== bill.totals.selfPayFen)
            throw fieldError('amountFen', `金额应等于清单应付 ${(bill.totals.selfPayFen / 100).toFixed(2)} 元`);
          const [row] = await tx
            .insert(billPayments)
            .values({
              elderId: elder.id,
              month,
              amountFen: body.amountFen,
              method: body.method,
              note: body.note ?? null,
              recordedBy: me.userId,
              recordedAt: deps.clock(),
            })
            .onConflictDoNothing()
            .returning();
          if (!row) throw conflict(`${month} 的收款已登记`);
          await writeAudit(tx, actorOf(req), {
            action: 'bill.payment',
            entityType: 'elder',
            entityId: elder.id,
            after: { month, amountFen: body.amountFen, method: METHOD_LABELS[body.method], note: body.note ?? null },
          });
          return detail(tx, me.scope, elder.id, month);
        });
        return reply.status(201).send(out);
      },
    );

    app.post(
      '/api/elders/:id/bills/:month/sms',
      {
        config: { permission: 'bill.collect' },
        schema: {
          tags,
          summary: '把收费清单摘要用短信发给老人（经短信网关，写入发送队列）',
          params: BillParams,
          response: {
            201: z.object({ queued: z.number().int(), text: z.string() }),
            400: Problem,
            404: Problem,
            409: Problem,
          },
        },
      },
      async (req, reply) => {
        const me = req.principal!;
        const { month } = req.params;
        const out = await db.transaction(async (tx) => {
          const { elder, bill } = await billOf(tx, me.scope, req.params.id, month);
          if (!elder.phoneCipher || !elder.phoneHash || !elder.phoneMasked)
            throw conflict('老人档案没有手机号，不能发短信');
          if (!bill.lines.length) throw conflict(`${month} 没有计费的服务，无需发送`);
          const [paid] = await tx
            .select({ amountFen: billPayments.amountFen })
            .from(billPayments)
            .where(and(eq(billPayments.elderId, elder.id), eq(billPayments.month, month)));
          // The hotline in force on the day the SMS goes out (call-centre rules, 000 L111 / 001 L194).
          const { hotline } = callCentreRulesOf((await rulesOn(tx, shanghaiDate(deps.clock()))).params);
          const text = billSmsText(elder.name, month, bill.totals, bill.lines.length, paid?.amountFen ?? null, hotline);
          const queued = await enqueueSms(
            tx,
            {
              kind: 'notice',
              elderId: elder.id,
              phone: { phoneCipher: elder.phoneCipher, phoneHash: elder.phoneHash, phoneMasked: elder.phoneMasked },
              body: text,
            },
            deps.clock(),
          );
          await writeAudit(tx, actorOf(req), {
            action: 'bill.sms',
            entityType: 'elder',
            entityId: elder.id,
            after: { month, to: elder.phoneMasked },
          });
          return { queued, text };
        });
        return reply.status(201).send(out);
      },
    );
  };
