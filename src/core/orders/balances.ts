// What an elder may still draw on a service day: the entitlements in force that day less what
// live orders already hold in the same period — a day for hours granted per day, the calendar
// month for hours or vouchers granted monthly, the calendar year for yearly vouchers.
import type { Benefit } from '../policy/policy.js';
import type { Entitlements } from './pricing.js';

export interface BenefitOnDate { programme: string; benefit: Benefit }
export interface OrderUsage { serviceDate: string; usage: { hours: Record<string, number>; vouchers: Record<string, number> } }

export function balancesOn(date: string, benefits: readonly BenefitOnDate[], live: readonly OrderUsage[], selfPayDiscountPercent: number | null): Entitlements {
  const usedIn = (programme: string, kind: 'hours' | 'vouchers', same: (d: string) => boolean) =>
    live.filter((o) => same(o.serviceDate)).reduce((s, o) => s + (o.usage[kind][programme] ?? 0), 0);
  const sameDay = (d: string) => d === date;
  const sameMonth = (d: string) => d.slice(0, 7) === date.slice(0, 7);
  const sameYear = (d: string) => d.slice(0, 4) === date.slice(0, 4);
  const out: Entitlements = { hours: [], vouchers: [], selfPayDiscountPercent };
  for (const { programme, benefit: b } of benefits) {
    if (b.kind === 'hours') {
      const perDay = b.hoursPerDay !== null;
      const allowance = Math.round((perDay ? b.hoursPerDay! : b.hoursPerMonth ?? 0) * 60);
      const used = usedIn(programme, 'hours', perDay ? sameDay : sameMonth);
      out.hours.push({ programme, remainingMinutes: Math.max(0, allowance - used), hourlyRateFen: b.hourlyRateFen });
    } else if (b.kind === 'voucher') {
      const used = usedIn(programme, 'vouchers', b.per === 'month' ? sameMonth : sameYear);
      out.vouchers.push({ programme, remainingFen: Math.max(0, b.valueFen - used) });
    } else if (b.kind === 'discount' && out.selfPayDiscountPercent === null) {
      out.selfPayDiscountPercent = b.percentOff;
    }
  }
  return out;
}
