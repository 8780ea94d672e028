// Prices a new order inside the transaction that holds the elder's row: the items' unified
// prices of the service day, the elder's entitlements that day less what live orders hold, and
// the class discount for what the elder pays. Holding the elder's row is what keeps two
// operators' simultaneous orders from drawing the same hours twice.
import { and, eq, gte, inArray, isNull, lte, notInArray, or } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { entitlements, orders, serviceItems, servicePrices, type elders } from '../../db/schema.js';
import { discountClass, evaluate, versionOn, type Benefit, type ProgrammeCode } from '../../../core/policy/policy.js';
import { loadVersions } from '../policies/version-store.js';
import { holds } from '../../../core/policy/conditions.js';
import { balancesOn, type OrderUsage } from '../../../core/orders/balances.js';
import { priceOrder, type PricedLine } from '../../../core/orders/pricing.js';
import { priceOn } from '../../../core/catalogue/prices.js';
import { badRequest, conflict } from '../../http/problem.js';
import { elderFacts } from '../elders/elder-facts.js';
import { ORDER_MESSAGES as M } from './messages.js';

const HOME_CARE: ProgrammeCode = 'home_care_subsidy';
const DRAWN_ON = ['home_care_subsidy', 'service_voucher'];

export async function priceNewOrder(tx: DbOrTx, elder: typeof elders.$inferSelect, date: string, lines: { itemId: number; quantity: number }[]) {
  const facts = elderFacts(elder);
  const version = versionOn(await loadVersions(tx, HOME_CARE), date);
  const verdict = version ? evaluate(facts, version, date) : null;
  if (!verdict?.eligible) throw conflict(M.notEligible(verdict?.reasons.join('；') ?? '该日期没有生效的政策'), [{ field: 'elderId', message: '不符合服务条件' }]);
  // What the elder pays beyond the entitlements: the programme's self-pay (C) discount, which a
  // priority elder meeting its condition gets too.
  const selfPay = discountClass(version!.params);
  const discount = selfPay && holds(selfPay.condition, facts, date) ? selfPay.benefit.percentOff : null;

  const ids = [...new Set(lines.map((l) => l.itemId))];
  const [items, prices] = await Promise.all([
    tx.select().from(serviceItems).where(and(inArray(serviceItems.id, ids), eq(serviceItems.active, true))),
    tx.select().from(servicePrices).where(inArray(servicePrices.itemId, ids)),
  ]);
  const priced: (PricedLine & { name: string; skills: string[]; certificates: string[] })[] = lines.map((l, i) => {
    const item = items.find((x) => x.id === l.itemId);
    if (!item) throw badRequest(M.itemUnknown, [{ field: `lines.${i}.itemId`, message: M.itemUnknown }]);
    const price = priceOn(prices.filter((p) => p.itemId === item.id), date);
    if (!price) throw badRequest(M.noPrice(item.name, date), [{ field: `lines.${i}.itemId`, message: M.noPrice(item.name, date) }]);
    return {
      itemId: item.id, quantity: l.quantity, unit: item.unit, durationMinutes: item.durationMinutes, unitPriceFen: price.priceFen,
      subsidyEligible: item.subsidyEligible, name: item.name, skills: item.requiredSkills, certificates: item.requiredCertificates,
    };
  });

  const [benefitRows, live] = await Promise.all([
    tx.select().from(entitlements).where(and(eq(entitlements.elderId, elder.id), inArray(entitlements.programme, DRAWN_ON),
      lte(entitlements.validFrom, date), or(isNull(entitlements.validTo), gte(entitlements.validTo, date)))),
    tx.select({ serviceDate: orders.serviceDate, usage: orders.usage }).from(orders).where(and(eq(orders.elderId, elder.id),
      gte(orders.serviceDate, `${date.slice(0, 4)}-01-01`), lte(orders.serviceDate, `${date.slice(0, 4)}-12-31`), notInArray(orders.state, ['cancelled', 'no_show']))),
  ]);
  const balances = balancesOn(date, benefitRows.map((b) => ({ programme: b.programme, benefit: b.benefit as Benefit })), live as OrderUsage[], discount);
  return { breakdown: priceOrder(priced, balances), lines: priced, classCode: verdict.classCode };
}
