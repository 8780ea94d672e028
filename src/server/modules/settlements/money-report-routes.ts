// The district's money reports: the quarterly cost sharing and appropriation per street (from
// approved statements), and the reconciliation of a month — bills against settlements against
// the levels' shares, the ledger against its entries and the visits it drew for, and the cash
// lists against what the entitlements pay for the month, each elder paid once.
import { rowsOf } from '../../db/rows.js';
import { addLevelFen, levelsIn, type LevelFen } from '../../../core/policy/cost-share.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'drizzle-orm';
import { Problem } from '../../../shared/schemas/common.js';
import {
  CostShareQuery,
  CostShareReport,
  ReconciliationQuery,
  ReconciliationReport,
} from '../../../shared/schemas/settlements.js';
import type { DbOrTx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import { narrowedScope, type Scope } from '../../auth/scope.js';
import { monthEnd } from '../../../core/calendar/months.js';
import { quarterMonths } from '../../../core/settlement/settlement.js';
import { BILLABLE_VERIFICATION } from '../../../core/visits/exception-review.js';
import { LIST_KIND_LABELS } from '../../../shared/money-labels.js';
import type { ListKind } from '../../../core/cash/payment-list.js';
import { monthCashLines } from '../cash/month-cash-lines.js';

/** The caller's region subtree as a path prefix for raw SQL (region users only reach these routes). */
const pathOf = (scope: Scope) => (scope.kind === 'region' ? scope.path : '/-/');
const billable = sql.join(
  BILLABLE_VERIFICATION.map((v) => sql`${v}`),
  sql`, `,
);

/**
 * A month's cash lists against what the entitlements pay for it now: per elder, programme and
 * part, the amount on the list equals the amount due, and nobody is on a list twice. A line
 * already being recovered (paid after a death, or paid twice) is accounted for.
 */
async function cashChecks(db: DbOrTx, month: string, path: string) {
  const inScope = new Set(
    rowsOf<{ id: number }>(await db.execute(sql`select id from regions where path like ${`${path}%`}`)).map(
      (r) => r.id,
    ),
  );
  // A quarterly benefit's list holds a line for each of the quarter's months: the month is a part of the key.
  const key = (l: { elderId: number; programme: string; part: string; month: string }) =>
    `${l.elderId}:${l.programme}:${l.part}:${l.month}`;
  const elderOf = (k: string) => k.split(':')[0];
  const out = [];
  for (const kind of ['allowance', 'tekun'] as ListKind[]) {
    const label = `现金发放（${LIST_KIND_LABELS[kind]}）：名单金额 = 当月应享金额`;
    const [list] = rowsOf<{ id: number }>(
      await db.execute(sql`select id from payment_lists where month = ${month} and kind = ${kind}`),
    );
    if (!list) {
      out.push({ kind, label, listed: 0, due: 0, details: ['本月尚未生成名单，不核对'] });
      continue;
    }
    const lines = rowsOf<{
      elderId: number;
      programme: string;
      part: string;
      month: string;
      amountFen: number;
      recovering: boolean;
    }>(
      await db.execute(sql`
        select l.elder_id as "elderId", l.programme, l.part, l.month, l.amount_fen as "amountFen",
          exists (select 1 from payment_recoveries x where x.line_id = l.id) as recovering
        from payment_lines l join regions r on r.id = l.region_id
        where l.list_id = ${list.id} and l.duplicate_of is null and r.path like ${`${path}%`}`),
    );
    const recovering = new Set(lines.filter((l) => l.recovering).map(key));
    const listed = new Map(lines.filter((l) => !l.recovering).map((l) => [key(l), l.amountFen]));
    const due = new Map(
      (await monthCashLines(db, month, kind))
        .filter((l) => inScope.has(l.regionId) && !recovering.has(key(l)))
        .map((l) => [key(l), l.amountFen]),
    );
    const details: string[] = [];
    for (const [k, fen] of listed) {
      const want = due.get(k);
      if (want === undefined) details.push(`老人 ${elderOf(k)}：名单上有 ${fen / 100} 元，当月不应发放`);
      else if (want !== fen) details.push(`老人 ${elderOf(k)}：名单 ${fen / 100} 元，应享 ${want / 100} 元`);
    }
    for (const [k, fen] of due)
      if (!listed.has(k)) details.push(`老人 ${elderOf(k)}：应享 ${fen / 100} 元，未列入名单`);
    const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
    out.push({ kind, label, listed: sum(listed), due: sum(due), details: details.slice(0, 20) });
  }
  const [once] = rowsOf<{ lines: number; keys: number; examples: string | null }>(
    await db.execute(sql`
      select count(*)::int as lines, count(distinct (l.elder_id, l.programme, l.part))::int as keys,
        string_agg(distinct case when l.duplicate_of is not null then l.elder_id::text end, ',') as examples
      from payment_lines l join regions r on r.id = l.region_id
      where l.month = ${month} and r.path like ${`${path}%`}
        and not exists (select 1 from payment_recoveries x where x.line_id = l.id and x.state = 'recovered')`),
  );
  return { lists: out, once };
}

export async function reconcile(db: DbOrTx, scope: Scope, month: string, now: Date = new Date()) {
  const from = `${month}-01`,
    to = monthEnd(month),
    path = pathOf(scope);
  const inScope = (col: ReturnType<typeof sql.raw>) =>
    sql`${col} in (select id from regions where path like ${`${path}%`})`;
  const [bills] = rowsOf<{
    bills: number;
    settled: number;
    unsettled: number;
    mismatched: number;
    examples: string | null;
  }>(
    await db.execute(sql`
    select coalesce(sum(o.programme_fen), 0)::int as bills, coalesce(sum(i.subsidy_fen), 0)::int as settled,
      (count(*) filter (where i.id is null))::int as unsettled, (count(*) filter (where i.subsidy_fen <> o.programme_fen))::int as mismatched,
      string_agg(case when i.id is null then o.id::text end, ',' order by o.id) as examples
    from orders o left join settlement_items i on i.order_id = o.id and i.kind in ('order', 'adjustment')
    where o.service_date between ${from} and ${to} and o.state in ('completed', 'closed') and o.verification in (${billable}) and ${inScope(sql.raw('o.region_id'))}`),
  );
  const [shares] = rowsOf<{ subsidy: number; shared: number; levels: number; missing: number }>(
    await db.execute(sql`
    select (select coalesce(sum(i.subsidy_fen), 0) from settlement_items i join settlements s on s.id = i.settlement_id
              where s.period = ${month} and s.state = 'approved' and i.kind in ('order', 'adjustment', 'voucher') and ${inScope(sql.raw('i.region_id'))})::int as subsidy,
           (select coalesce(sum(x.amount_fen), 0) from settlement_shares x join settlements s on s.id = x.settlement_id where s.period = ${month} and ${inScope(sql.raw('x.street_id'))})::int as shared,
           (select coalesce(sum(fen_shares_sum(x.shares)), 0) from settlement_shares x join settlements s on s.id = x.settlement_id where s.period = ${month} and ${inScope(sql.raw('x.street_id'))})::int as levels,
           (select count(*) from settlements s where s.period = ${month} and s.state <> 'approved')::int as missing`),
  );
  const ledger = rowsOf<{
    unit: 'minutes' | 'fen';
    balances: number;
    entries: number;
    off: number;
    examples: string | null;
  }>(
    await db.execute(sql`
    select a.unit, coalesce(sum(a.balance), 0)::bigint::int as balances, coalesce(sum(e.total), 0)::bigint::int as entries, (count(*) filter (where a.balance <> coalesce(e.total, 0)))::int as off,
      string_agg(case when a.balance <> coalesce(e.total, 0) then a.id::text end, ',' order by a.id) as examples
    from ledger_accounts a left join (select account_id, sum(amount) as total from ledger_entries group by account_id) e on e.account_id = a.id
    where ${inScope(sql.raw('a.region_id'))} group by a.unit`),
  );
  const draws = rowsOf<{ unit: 'minutes' | 'fen'; usage: number; drawn: number; examples: string | null }>(
    await db.execute(sql`
    with used as (
      select o.id, u.unit, u.programme, u.amount from orders o
      cross join lateral (select 'minutes' as unit, key as programme, value::int as amount from jsonb_each_text(o.usage->'hours')
                          union all select 'fen', key, value::int from jsonb_each_text(o.usage->'vouchers')) u
      where o.service_date between ${from} and ${to} and o.drawn_at is not null and ${inScope(sql.raw('o.region_id'))} and u.amount > 0),
    drew as (select e.order_id as id, a.unit, a.programme, -sum(e.amount) as amount from ledger_entries e join ledger_accounts a on a.id = e.account_id
      where e.order_id in (select id from used) group by 1, 2, 3)
    select u.unit, sum(u.amount)::int as usage, coalesce(sum(d.amount), 0)::int as drawn,
      string_agg(case when coalesce(d.amount, 0) <> u.amount then u.id::text end, ',' order by u.id) as examples
    from used u left join drew d on d.id = u.id and d.unit = u.unit and d.programme = u.programme group by u.unit`),
  );
  const cash = await cashChecks(db, month, path);
  const list = (ids: string | null, label: string) =>
    ids
      ? ids
          .split(',')
          .slice(0, 20)
          .map((id) => `${label} ${id}`)
      : [];
  const check = (
    key: string,
    label: string,
    leftLabel: string,
    left: number,
    rightLabel: string,
    right: number,
    details: string[],
    unit: 'fen' | 'minutes' = 'fen',
  ) => ({
    key,
    label,
    leftLabel,
    left,
    rightLabel,
    right,
    unit,
    difference: left - right,
    ok: left === right,
    details,
  });
  const checks = [
    check(
      'bills-settlements',
      '收费清单的补贴部分 = 结算单的补贴部分',
      '收费清单补贴合计',
      bills.bills,
      '结算单补贴合计',
      bills.settled,
      [
        ...(bills.unsettled ? [`${bills.unsettled} 张已计费工单尚未结算`] : []),
        ...(bills.mismatched ? [`${bills.mismatched} 张工单结算金额与清单不符`] : []),
        ...list(bills.examples, '未结算工单'),
      ],
    ),
    check(
      'settlements-shares',
      '已审批结算单的补贴 = 各街道分担的合计',
      '已审批结算补贴',
      shares.subsidy,
      '分担合计',
      shares.shared,
      shares.missing ? [`${shares.missing} 张结算单尚未审批，不计入分担`] : [],
    ),
    check('shares-levels', '分担合计 = 各层级承担之和', '分担合计', shares.shared, '各层级之和', shares.levels, []),
    ...(['minutes', 'fen'] as const).map((unit) => {
      const l = ledger.find((x) => x.unit === unit) ?? { balances: 0, entries: 0, off: 0, examples: null };
      return check(
        `ledger-${unit}`,
        unit === 'minutes' ? '服务时数账户：余额 = 分录合计（分钟）' : '服务券账户：余额 = 分录合计（分）',
        '各账户余额合计',
        l.balances,
        '各账户分录合计',
        l.entries,
        [...(l.off ? [`${l.off} 个账户余额与分录不符`] : []), ...list(l.examples, '账户')],
        unit,
      );
    }),
    ...(['minutes', 'fen'] as const).map((unit) => {
      const d = draws.find((x) => x.unit === unit) ?? { usage: 0, drawn: 0, examples: null };
      return check(
        `draws-${unit}`,
        unit === 'minutes'
          ? '已核验工单定价的服务时数 = 台账扣减的时数（分钟）'
          : '已核验工单定价的服务券 = 台账扣减的服务券（分）',
        '工单定价',
        d.usage,
        '台账扣减',
        d.drawn,
        list(d.examples, '工单'),
        unit,
      );
    }),
    ...cash.lists.map((c) => check(`cash-${c.kind}`, c.label, '名单金额', c.listed, '应享金额', c.due, c.details)),
    check(
      'cash-once',
      '现金发放：同一老人同一项目同一月份只发一次（各名单合计）',
      '名单行数',
      cash.once.lines,
      '老人×项目×月份',
      cash.once.keys,
      list(cash.once.examples, '重复发放老人'),
    ),
  ];
  return { month, ok: checks.every((c) => c.ok), checks, checkedAt: now.toISOString() };
}

export const moneyReportRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    const tags = ['资金报表'];

    app.get(
      '/api/cost-shares',
      {
        config: { permission: 'money.report' },
        schema: {
          tags,
          summary: '季度费用分担与拨付：各街道各项目的支出，按政策比例分为区级与街道级（来自已审批的结算单）',
          querystring: CostShareQuery,
          response: { 200: CostShareReport, 400: Problem, 404: Problem },
        },
      },
      async (req) => {
        const months = quarterMonths(req.query.quarter);
        const scope = await narrowedScope(db, req.principal!.scope, req.query.regionId);
        const path = pathOf(scope);
        const inList = sql.join(
          months.map((m) => sql`${m}`),
          sql`, `,
        );
        // One row per statement, street and programme (a few thousand a quarter): the levels
        // differ by programme, so they are added up here rather than in SQL.
        const booked = rowsOf<{
          streetId: number;
          streetName: string;
          programme: string;
          programmeName: string;
          amountFen: number;
          shares: LevelFen;
        }>(
          await db.execute(sql`
      select x.street_id as "streetId", r.name as "streetName", x.programme, coalesce(p.name, x.programme) as "programmeName",
        x.amount_fen as "amountFen", x.shares
      from settlement_shares x join settlements s on s.id = x.settlement_id join regions r on r.id = x.street_id left join programmes p on p.code = x.programme
      where s.period in (${inList}) and r.path like ${`${path}%`}
      order by 2, 3`),
        );
        const byKey = new Map<string, (typeof booked)[number]>();
        for (const b of booked) {
          const key = `${b.streetId}|${b.programme}`;
          const row = byKey.get(key);
          if (!row) byKey.set(key, { ...b });
          else
            byKey.set(key, {
              ...row,
              amountFen: row.amountFen + b.amountFen,
              shares: addLevelFen(row.shares, b.shares),
            });
        }
        const rows = [...byKey.values()];
        const total = (of: typeof rows) => ({
          amountFen: of.reduce((s, r) => s + r.amountFen, 0),
          shares: of.reduce<LevelFen>((s, r) => addLevelFen(s, r.shares), {}),
        });
        const streets = [...new Map(rows.map((r) => [r.streetId, r.streetName])).entries()].map(
          ([streetId, streetName]) => ({
            streetId,
            streetName,
            ...total(rows.filter((r) => r.streetId === streetId)),
          }),
        );
        const [{ unapproved }] = rowsOf<{ unapproved: number }>(
          await db.execute(
            sql`select count(*)::int as unapproved from settlements where period in (${inList}) and state <> 'approved'`,
          ),
        );
        return {
          quarter: req.query.quarter,
          months,
          levels: levelsIn(rows.map((r) => r.shares)),
          rows,
          streets,
          total: total(rows),
          unapproved,
        };
      },
    );

    app.get(
      '/api/reconciliation',
      {
        config: { permission: 'money.report' },
        schema: {
          tags,
          summary: '对账：收费清单、结算单、分担、台账逐项核对，报告任何差额（精确到分）',
          querystring: ReconciliationQuery,
          response: { 200: ReconciliationReport, 400: Problem },
        },
      },
      async (req) => reconcile(db, req.principal!.scope, req.query.month, deps.clock()),
    );
  };
