// Who pays for an order: each line priced at the catalogue's unified price of the service day,
// then the elder's entitlements applied in a fixed order — a visit a visits programme buys
// first, then free service hours, then vouchers, then what is left is paid by the elder at the
// class price. Never more than a balance holds; every part in whole fen, and the parts of a line
// always add up to it.
import { discountedPriceFen } from '../catalogue/prices.js';

export interface PricedLine {
  itemId: number;
  quantity: number;
  unit: 'visit' | 'hour' | 'meal' | 'item';
  /** Standard minutes of one unit; an hourly item's unit is 60 minutes whatever it says. */
  durationMinutes: number;
  /** Unified price of one unit on the service day. */
  unitPriceFen: number;
  /** Whether entitlements (hours, vouchers, the class discount) may pay for it. */
  subsidyEligible: boolean;
  /**
   * The visits programmes that buy this item, one unit a visit (the catalogue's 探访 item for
   * `visiting`). They pay whatever subsidyEligible says: buying this service is what they are for.
   */
  boughtBy?: readonly string[];
}

export interface HoursBalance {
  programme: string;
  remainingMinutes: number;
  hourlyRateFen: number;
}
export interface VoucherBalance {
  programme: string;
  remainingFen: number;
}
/** A programme that buys visits: how many of the service month's it still pays for, and its fee. */
export interface VisitsBalance {
  programme: string;
  remainingVisits: number;
  feePerVisitFen: number;
}

export interface Entitlements {
  hours: HoursBalance[];
  vouchers: VoucherBalance[];
  visits?: VisitsBalance[];
  /** The discount of the elder's self-pay class (有偿 C 类), if the elder has one. */
  selfPayDiscountPercent: number | null;
}

export interface LineBreakdown {
  itemId: number;
  quantity: number;
  /** Unified price × quantity: what the service is worth. */
  listFen: number;
  minutes: number;
  /**
   * Minutes paid by each programme that buys the service itself, and what it pays the provider
   * for them: an hours programme at its hourly rate, a visits programme a visit's minutes at its
   * fee per visit (what the bill and the settlement count as that programme's part).
   */
  hours: { programme: string; minutes: number; fen: number }[];
  /** Part of the list price met by those programmes (the provider's income comes from `hours[].fen`). */
  coveredByHoursFen: number;
  vouchers: { programme: string; fen: number }[];
  /** Before the class discount, and what the elder pays after it. */
  selfPayListFen: number;
  selfPayFen: number;
}

export interface OrderBreakdown {
  lines: LineBreakdown[];
  listFen: number;
  programmeFen: number;
  selfPayFen: number;
  /**
   * What the order draws on each balance: hours in minutes, vouchers in fen; visits (present only
   * when a visits programme pays) in visits, counted against the month's, not on the ledger.
   */
  usage: { hours: Record<string, number>; vouchers: Record<string, number>; visits?: Record<string, number> };
}

const unitMinutes = (l: PricedLine) => (l.unit === 'hour' ? 60 : l.durationMinutes);
const lineMinutes = (l: PricedLine) => l.quantity * unitMinutes(l);

export function priceOrder(lines: readonly PricedLine[], ent: Entitlements): OrderBreakdown {
  const hoursLeft = ent.hours.map((h) => ({ ...h }));
  const vouchersLeft = ent.vouchers.map((v) => ({ ...v }));
  const visitsLeft = (ent.visits ?? []).map((v) => ({ ...v }));
  const usage: OrderBreakdown['usage'] = { hours: {}, vouchers: {} };
  // One order is one call at the door — one check-in and check-out, one recorded visit — so a
  // visits programme pays for one visit of an order, whatever its quantity.
  let visitPaid = false;
  const out: LineBreakdown[] = [];
  for (const l of lines) {
    const listFen = l.unitPriceFen * l.quantity;
    const minutes = lineMinutes(l);
    const hours: LineBreakdown['hours'] = [];
    let coveredMinutes = 0,
      visitOnLine = false;
    // 003 方案11 L657 「探訪人員每月入戶探訪次數不低于3次,每次探訪服務費4元」: the programme buys
    // the visit at its fee, and the elder pays nothing for it — not the unified price, should
    // the district price the item above the fee (that difference is nobody's to pay: the bill
    // shows it as a reduction, like an hourly rate below the unified price).
    for (const v of visitsLeft) {
      if (visitPaid || l.quantity < 1 || v.remainingVisits < 1 || !l.boughtBy?.includes(v.programme)) continue;
      v.remainingVisits -= 1;
      visitPaid = visitOnLine = true;
      const take = unitMinutes(l);
      coveredMinutes += take;
      usage.visits = { ...usage.visits, [v.programme]: (usage.visits?.[v.programme] ?? 0) + 1 };
      hours.push({ programme: v.programme, minutes: take, fen: v.feePerVisitFen });
    }
    if (l.subsidyEligible && minutes > 0) {
      for (const h of hoursLeft) {
        const take = Math.min(h.remainingMinutes, minutes - coveredMinutes);
        if (take <= 0) continue;
        h.remainingMinutes -= take;
        coveredMinutes += take;
        usage.hours[h.programme] = (usage.hours[h.programme] ?? 0) + take;
        hours.push({ programme: h.programme, minutes: take, fen: Math.round((h.hourlyRateFen * take) / 60) });
      }
    }
    // The share of the list price the covered minutes stand for, floored so the rest is exact.
    // (An item of no standard minutes: a bought visit stands for one unit's price.)
    const coveredByHoursFen =
      minutes > 0 ? Math.floor((listFen * coveredMinutes) / minutes) : visitOnLine ? l.unitPriceFen : 0;
    let rest = listFen - coveredByHoursFen;
    const vouchers: LineBreakdown['vouchers'] = [];
    if (l.subsidyEligible) {
      for (const v of vouchersLeft) {
        const take = Math.min(v.remainingFen, rest);
        if (take <= 0) continue;
        v.remainingFen -= take;
        rest -= take;
        usage.vouchers[v.programme] = (usage.vouchers[v.programme] ?? 0) + take;
        vouchers.push({ programme: v.programme, fen: take });
      }
    }
    const discount = l.subsidyEligible ? ent.selfPayDiscountPercent : null;
    out.push({
      itemId: l.itemId,
      quantity: l.quantity,
      listFen,
      minutes,
      hours,
      coveredByHoursFen,
      vouchers,
      selfPayListFen: rest,
      selfPayFen: discount === null ? rest : discountedPriceFen(rest, discount),
    });
  }
  const sum = (f: (b: LineBreakdown) => number) => out.reduce((s, b) => s + f(b), 0);
  return {
    lines: out,
    listFen: sum((b) => b.listFen),
    programmeFen: sum((b) => b.hours.reduce((s, h) => s + h.fen, 0) + b.vouchers.reduce((s, v) => s + v.fen, 0)),
    selfPayFen: sum((b) => b.selfPayFen),
    usage,
  };
}
