// Who pays for an order: each line priced at the catalogue's unified price of the service day,
// then the elder's entitlements applied in a fixed order — free service hours first, then
// vouchers, then what is left is paid by the elder at the class price. Never more than a
// balance holds; every part in whole fen, and the parts of a line always add up to it.
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

export interface Entitlements {
  hours: HoursBalance[];
  vouchers: VoucherBalance[];
  /** The discount of the elder's self-pay class (有偿 C 类), if the elder has one. */
  selfPayDiscountPercent: number | null;
}

export interface LineBreakdown {
  itemId: number;
  quantity: number;
  /** Unified price × quantity: what the service is worth. */
  listFen: number;
  minutes: number;
  /** Minutes paid by each hours programme, and what that programme pays the provider for them. */
  hours: { programme: string; minutes: number; fen: number }[];
  /** Part of the list price met by free hours (the provider's income comes from `hours[].fen`). */
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
  /** What the order draws on each balance: hours in minutes, vouchers in fen. */
  usage: { hours: Record<string, number>; vouchers: Record<string, number> };
}

const lineMinutes = (l: PricedLine) => l.quantity * (l.unit === 'hour' ? 60 : l.durationMinutes);

export function priceOrder(lines: readonly PricedLine[], ent: Entitlements): OrderBreakdown {
  const hoursLeft = ent.hours.map((h) => ({ ...h }));
  const vouchersLeft = ent.vouchers.map((v) => ({ ...v }));
  const usage = { hours: {} as Record<string, number>, vouchers: {} as Record<string, number> };
  const out: LineBreakdown[] = [];
  for (const l of lines) {
    const listFen = l.unitPriceFen * l.quantity;
    const minutes = lineMinutes(l);
    const hours: LineBreakdown['hours'] = [];
    let coveredMinutes = 0;
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
    const coveredByHoursFen = minutes > 0 ? Math.floor((listFen * coveredMinutes) / minutes) : 0;
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
