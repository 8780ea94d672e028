// Prices a new order inside the transaction that holds the elder's row: the items' unified
// prices of the service day, what the elder's ledger still holds that day less what live orders
// hold, and the class discount for what the elder pays. Holding the elder's row is what keeps two
// operators' simultaneous orders from drawing the same hours twice — or the month's paid visits.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import type { elders } from '../../db/schema.js';
import {
  discountClass,
  evaluate,
  versionOn,
  type PolicyParams,
  type ProgrammeCode,
} from '../../../core/policy/policy.js';
import { holds } from '../../../core/policy/conditions.js';
import { balancesOn, type BenefitPeriod, type LedgerMonthNet, type OrderUsage } from '../../../core/orders/balances.js';
import { priceOrder, type PricedLine } from '../../../core/orders/pricing.js';
import { priceOn } from '../../../core/catalogue/prices.js';
import { badRequest, conflict } from '../../http/problem.js';
import { elderFacts } from '../elders/elder-facts.js';
import { ORDER_MESSAGES as M } from './messages.js';
import { ITEMS_BOUGHT_BY } from '../catalogue/catalogue-seeds.js';

const HOME_CARE: ProgrammeCode = 'home_care_subsidy';
/** Programmes an order may be paid by: hours and vouchers on the ledger, and visits bought per visit. */
const DRAWN_ON = ['home_care_subsidy', 'service_voucher', 'visiting'];

interface PricingFacts {
  versions: {
    id: number;
    programme: ProgrammeCode;
    effectiveFrom: string;
    effectiveTo: string | null;
    params: PolicyParams;
  }[];
  items: {
    id: number;
    code: string;
    name: string;
    unit: PricedLine['unit'];
    durationMinutes: number;
    subsidyEligible: boolean;
    requiredSkills: string[];
    requiredCertificates: string[];
  }[];
  prices: { itemId: number; effectiveFrom: string; effectiveTo: string | null; priceFen: number }[];
  periods: BenefitPeriod[];
  ledger: LedgerMonthNet[];
  live: OrderUsage[];
}

/**
 * Everything pricing reads, in one round trip: the programmes' policy versions, the items and
 * their price versions, the elder's entitlement periods of the year, the ledger's monthly nets
 * and the year's live orders. Order creation is the hottest write path, and on this machine each
 * round trip costs more than the work it carries.
 */
async function pricingFacts(tx: DbOrTx, elderId: number, date: string, itemIds: number[]): Promise<PricingFacts> {
  const ids = sql.join(
    itemIds.map((id) => sql`${id}`),
    sql`, `,
  );
  const drawn = sql.join(
    DRAWN_ON.map((p) => sql`${p}`),
    sql`, `,
  );
  const yearFrom = `${date.slice(0, 4)}-01-01`,
    yearTo = `${date.slice(0, 4)}-12-31`;
  const res = (await tx.execute(sql`select
    (select coalesce(json_agg(json_build_object('id', v.id, 'programme', v.programme, 'effectiveFrom', v.effective_from, 'effectiveTo', v.effective_to, 'params', v.params) order by v.effective_from), '[]')
       from policy_versions v where v.programme in (${drawn})) as versions,
    (select coalesce(json_agg(json_build_object('id', i.id, 'code', i.code, 'name', i.name, 'unit', i.unit, 'durationMinutes', i.duration_minutes, 'subsidyEligible', i.subsidy_eligible,
       'requiredSkills', i.required_skills, 'requiredCertificates', i.required_certificates)), '[]') from service_items i where i.id in (${ids}) and i.active) as items,
    (select coalesce(json_agg(json_build_object('itemId', p.item_id, 'effectiveFrom', p.effective_from, 'effectiveTo', p.effective_to, 'priceFen', p.price_fen)), '[]')
       from service_prices p where p.item_id in (${ids})) as prices,
    (select coalesce(json_agg(json_build_object('programme', e.programme, 'benefit', e.benefit, 'from', e.valid_from, 'to', e.valid_to)), '[]') from entitlements e
       where e.elder_id = ${elderId} and e.programme in (${drawn}) and e.valid_from <= ${yearTo} and (e.valid_to is null or e.valid_to >= ${yearFrom})) as periods,
    (select coalesce(json_agg(json_build_object('programme', x.programme, 'unit', x.unit, 'period', x.period, 'net', x.net, 'issued', x.issued)), '[]') from (
       select a.programme, a.unit, e.period, sum(e.amount)::int as net, bool_or(e.kind = 'issue') as issued
       from ledger_accounts a join ledger_entries e on e.account_id = a.id
       where a.elder_id = ${elderId} and e.period between ${date.slice(0, 4) + '-01'} and ${date.slice(0, 4) + '-12'} group by 1, 2, 3) x) as ledger,
    (select coalesce(json_agg(json_build_object('serviceDate', o.service_date, 'usage', o.usage, 'drawn', o.drawn_at is not null)), '[]') from orders o
       where o.elder_id = ${elderId} and o.service_date between ${yearFrom} and ${yearTo} and o.state not in ('cancelled', 'no_show')
         and o.verification is distinct from 'rejected') as live`)) as unknown as {
    rows: Record<keyof PricingFacts, unknown>[];
  };
  const row = res.rows[0];
  // PGlite hands json back as text, node-postgres as objects.
  const parse = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
  return {
    versions: parse(row.versions),
    items: parse(row.items),
    prices: parse(row.prices),
    periods: parse(row.periods),
    ledger: parse(row.ledger),
    live: parse(row.live),
  };
}

export async function priceNewOrder(
  tx: DbOrTx,
  elder: typeof elders.$inferSelect,
  date: string,
  lines: { itemId: number; quantity: number }[],
) {
  const facts = elderFacts(elder);
  const known = await pricingFacts(tx, elder.id, date, [...new Set(lines.map((l) => l.itemId))]);
  const version = versionOn(
    known.versions.filter((v) => v.programme === HOME_CARE),
    date,
  );
  if (!version)
    throw conflict(M.notEligible('该日期没有生效的政策'), [{ field: 'elderId', message: '不符合服务条件' }]);
  // Every elder of the registry may buy services; the programme decides only who is subsidised.
  // One in none of its classes pays the unified price (no class), unless the programme has a
  // self-pay discount class (Lanzhou's C) whose condition holds.
  const verdict = evaluate(facts, version, date);
  // What the elder pays beyond the entitlements: the programme's self-pay (C) discount, which a
  // priority elder meeting its condition gets too.
  const selfPay = discountClass(version.params);
  const discount =
    verdict.eligible && selfPay && holds(selfPay.condition, facts, date) ? selfPay.benefit.percentOff : null;

  const priced: (PricedLine & { name: string; skills: string[]; certificates: string[] })[] = lines.map((l, i) => {
    const item = known.items.find((x) => x.id === l.itemId);
    if (!item) throw badRequest(M.itemUnknown, [{ field: `lines.${i}.itemId`, message: M.itemUnknown }]);
    const price = priceOn(
      known.prices.filter((p) => p.itemId === item.id),
      date,
    );
    if (!price)
      throw badRequest(M.noPrice(item.name, date), [
        { field: `lines.${i}.itemId`, message: M.noPrice(item.name, date) },
      ]);
    return {
      itemId: item.id,
      quantity: l.quantity,
      unit: item.unit,
      durationMinutes: item.durationMinutes,
      unitPriceFen: price.priceFen,
      subsidyEligible: item.subsidyEligible,
      boughtBy: Object.keys(ITEMS_BOUGHT_BY).filter((p) => ITEMS_BOUGHT_BY[p].includes(item.code)),
      name: item.name,
      skills: item.requiredSkills,
      certificates: item.requiredCertificates,
    };
  });
  const paramsOn = (programme: string) =>
    versionOn(
      known.versions.filter((v) => v.programme === programme),
      date,
    )?.params.ledger;
  const balances = balancesOn(
    date,
    {
      periods: known.periods,
      ledger: known.ledger,
      live: known.live,
      prorate: (p) => paramsOn(p)?.prorate ?? true,
      carriesHours: (p) => paramsOn(p)?.carryHoursWithinYear ?? false,
    },
    discount,
  );
  return {
    breakdown: priceOrder(priced, balances),
    lines: priced,
    classCode: verdict.classCode,
    reasons: verdict.reasons,
    /** Whether a visits programme (探访) holds for the elder on the day, paid visits left or not. */
    visitsEntitled: (balances.visits ?? []).length > 0,
  };
}
