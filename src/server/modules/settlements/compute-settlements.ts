// Computing settlement drafts for a month, for one provider or for every provider with anything
// to settle: set-based SQL (a month-end for a district runs to a million visits), then the
// core's settlementTotals over each statement's aggregates. A draft is recomputed from scratch;
// a statement under review or approved is not touched — what changes later is settled next
// month as an adjustment, because each visit, complaint and voucher goes on one statement only.
import { rowsOf } from '../../db/rows.js';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { monthEnd } from '../../../core/calendar/months.js';
import { settlementRulesOf, settlementTotals, type SettlementFacts } from '../../../core/settlement/settlement.js';
import { rulesOn } from '../providers/rule-store.js';
import { policyVersions, settlementShares } from '../../db/schema.js';
import { splitByLevel } from '../../../core/policy/cost-share.js';
import { versionOn } from '../../../core/dated.js';
import type { PolicyParams } from '../../../core/policy/policy.js';
import { conflict } from '../../http/problem.js';
import { SETTLEMENT_MESSAGES as M } from './messages.js';

export async function computeSettlements(
  tx: DbOrTx,
  period: string,
  providerId: number | null,
  userId: number | null,
  now: Date,
) {
  const from = `${period}-01`,
    to = monthEnd(period);
  // Visits settle within a year of their service: older ones are past any claim.
  const oldest = `${Number(period.slice(0, 4)) - 1}${period.slice(4)}-01`;
  const only = providerId === null ? sql`true` : sql`p.id = ${providerId}`;
  const rules = settlementRulesOf((await rulesOn(tx, to)).params);

  // Statements for every provider with something to settle (or the one asked for).
  await tx.execute(sql`insert into settlements (provider_id, period, state, totals, due_fen, computed_at, computed_by)
    select p.id, ${period}, 'draft', '{}'::jsonb, 0, ${now}, ${userId} from providers p where ${only} and (
      ${providerId !== null} or exists (select 1 from orders o where o.provider_id = p.id and o.service_date between ${oldest} and ${to} and o.state in ('completed', 'closed')
        and not exists (select 1 from settlement_items i where i.order_id = o.id))
      or exists (select 1 from paper_vouchers v where v.redeemed_provider_id = p.id and v.state = 'redeemed'))
    on conflict (provider_id, period) do nothing`);
  const drafts = rowsOf<{ id: number; provider_id: number }>(
    await tx.execute(sql`select s.id, s.provider_id from settlements s join providers p on p.id = s.provider_id
    where s.period = ${period} and s.state = 'draft' and ${only} for update of s`),
  );
  if (!drafts.length) return [];
  const ids = sql.join(
    drafts.map((d) => sql`${d.id}`),
    sql`, `,
  );
  await tx.execute(sql`delete from settlement_items where settlement_id in (${ids})`);

  // A visit already on a statement is skipped by the unique key, not by a NOT EXISTS: a statement
  // that reads the table it inserts into scans its own new rows for every candidate (quadratic).
  await tx.execute(sql`insert into settlement_items (settlement_id, kind, order_id, region_id, programmes, subsidy_fen, amount_fen, service_date)
    select s.id,
      case when o.verification = 'rejected' then 'unverified' when o.service_date < ${from} then 'adjustment' else 'order' end,
      o.id, o.region_id, o.programmes, o.programme_fen, case when o.verification = 'rejected' then 0 else o.programme_fen end, o.service_date
    from settlements s join orders o on o.provider_id = s.provider_id
    where s.id in (${ids}) and o.service_date between ${oldest} and ${to} and o.state in ('completed', 'closed')
      and o.verification in ('verified', 'accepted', 'rejected')
    on conflict (order_id) where order_id is not null do nothing`);
  await tx.execute(sql`insert into settlement_items (settlement_id, kind, complaint_id, region_id, programmes, subsidy_fen, amount_fen, service_date)
    select s.id, 'complaint', c.id, c.region_id, '{}'::jsonb, 0, -${rules.complaintDeductionFen}::int, c.received_on
    from settlements s join complaints c on c.provider_id = s.provider_id
    where s.id in (${ids}) and c.upheld and c.closed_at is not null and (c.closed_at at time zone 'Asia/Shanghai')::date <= ${to}
      and c.received_on >= ${oldest}
    on conflict (complaint_id) where complaint_id is not null do nothing`);
  await tx.execute(sql`insert into settlement_items (settlement_id, kind, voucher_id, region_id, programmes, subsidy_fen, amount_fen, service_date)
    select s.id, 'voucher', v.id, v.region_id, jsonb_build_object(v.programme, v.value_fen), v.value_fen, v.value_fen, (v.redeemed_at at time zone 'Asia/Shanghai')::date
    from settlements s join paper_vouchers v on v.redeemed_provider_id = s.provider_id
    where s.id in (${ids}) and v.state = 'redeemed' and (v.redeemed_at at time zone 'Asia/Shanghai')::date <= ${to}
    on conflict (voucher_id) where voucher_id is not null do nothing`);

  const facts = rowsOf<{
    id: number;
    orders: number;
    adjustments: number;
    unverified: number;
    complaints: number;
    vouchers: number;
    satisfied: number;
    rated: number;
  }>(
    await tx.execute(sql`
    select s.id,
      coalesce(sum(i.amount_fen) filter (where i.kind = 'order'), 0)::int as orders,
      coalesce(sum(i.amount_fen) filter (where i.kind = 'adjustment'), 0)::int as adjustments,
      coalesce(sum(i.subsidy_fen) filter (where i.kind = 'unverified'), 0)::int as unverified,
      (count(*) filter (where i.kind = 'complaint'))::int as complaints,
      coalesce(sum(i.amount_fen) filter (where i.kind = 'voucher'), 0)::int as vouchers,
      coalesce(r.satisfied, 0)::int as satisfied, coalesce(r.rated, 0)::int as rated
    from settlements s left join settlement_items i on i.settlement_id = s.id
    left join (select provider_id, count(*) filter (where level in ('very_satisfied', 'satisfied')) as satisfied, count(*) as rated
      from ratings where rated_on between ${from} and ${to} group by provider_id) r on r.provider_id = s.provider_id
    where s.id in (${ids}) group by s.id, r.satisfied, r.rated`),
  );
  const totals = facts.map((f) => {
    const given: SettlementFacts = {
      ordersFen: f.orders,
      adjustmentsFen: f.adjustments,
      unverifiedFen: f.unverified,
      upheldComplaints: f.complaints,
      vouchersFen: f.vouchers,
      satisfied: f.satisfied,
      rated: f.rated,
    };
    return { id: f.id, totals: { ...settlementTotals(given, rules), rules } };
  });
  const values = sql.join(
    totals.map((t) => sql`(${t.id}::int, ${JSON.stringify(t.totals)}::jsonb, ${t.totals.dueFen}::int)`),
    sql`, `,
  );
  await tx.execute(sql`update settlements s set totals = v.totals, due_fen = v.due, computed_at = ${now}, computed_by = ${userId}
    from (values ${values}) as v(id, totals, due) where s.id = v.id`);
  return totals;
}

/**
 * Each street's spending per programme in approved statements, split by the period's policy.
 * Items are first counted by region and programme parts (a handful of combinations), so the
 * million-item month expands a few hundred JSON objects, not a million.
 */
export async function bookShares(tx: DbOrTx, settlementIds: number | number[], period: string) {
  const list = Array.isArray(settlementIds) ? settlementIds : [settlementIds];
  if (!list.length) return;
  const ids = sql.join(
    list.map((id) => sql`${id}`),
    sql`, `,
  );
  const spent = (await tx.execute(sql`with g as (
      select settlement_id, region_id, programmes, count(*)::int as n from settlement_items
      where settlement_id in (${ids}) and kind in ('order', 'adjustment', 'voucher') group by 1, 2, 3)
    select g.settlement_id as "settlementId", st.id as "streetId", p.key as programme, sum(p.value::int * g.n)::int as amount
    from g join regions r on r.id = g.region_id
    join regions st on st.level = 'street' and r.path like st.path || '%'
    cross join lateral jsonb_each_text(g.programmes) p
    group by 1, 2, 3 having sum(p.value::int * g.n) <> 0`)) as unknown as {
    rows: { settlementId: number; streetId: number; programme: string; amount: number }[];
  };
  if (!spent.rows.length) return;
  const versions = await tx.select().from(policyVersions);
  const rows = spent.rows.map((s) => {
    const v = versionOn(
      versions.filter((x) => x.programme === s.programme),
      monthEnd(period),
    );
    if (!v) throw conflict(M.noPolicy(s.programme));
    return {
      settlementId: s.settlementId,
      streetId: s.streetId,
      programme: s.programme,
      amountFen: s.amount,
      shares: splitByLevel(s.amount, (v.params as PolicyParams).costShare),
    };
  });
  for (let i = 0; i < rows.length; i += 1000) await tx.insert(settlementShares).values(rows.slice(i, i + 1000));
}
