// What an elder may still draw on a service day. The ledger holds what was issued and drawn;
// live orders not yet drawn (booked, or done but waiting on their verification) hold their part
// of it. So what is left is the ledger's net over the balance's period, less those holds — with
// the service month's issue projected by the same rule as the month job when the job has not
// reached that month yet (an order booked for next month). The period is the calendar month for
// hours that lapse monthly, the year for vouchers and for hours the policy carries; hours granted
// per day are also held to the day's allowance. A visits programme is not on the ledger: it pays
// for so many visits a calendar month, less the month's live orders it already pays for (a drawn
// one too: a visit done is a visit of the month).
import type { Benefit } from '../policy/policy.js';
import type { Entitlements } from './pricing.js';
import type { Unit } from '../ledger/ledger.js';
import { issuanceFor, withCoverage } from '../ledger/issuance.js';

export interface BenefitPeriod {
  programme: string;
  benefit: Benefit;
  from: string;
  to: string | null;
}
export interface OrderUsage {
  serviceDate: string;
  usage: { hours: Record<string, number>; vouchers: Record<string, number>; visits?: Record<string, number> };
  drawn?: boolean;
}
/** The sum of an account's entries in one month, and whether the month was issued to it. */
export interface LedgerMonthNet {
  programme: string;
  unit: Unit;
  period: string;
  net: number;
  issued: boolean;
}

export interface BalanceFacts {
  /** The elder's entitlement periods that overlap the service year, of the programmes drawn on. */
  periods: readonly BenefitPeriod[];
  ledger: readonly LedgerMonthNet[];
  live: readonly OrderUsage[];
  prorate?: (programme: string) => boolean;
  carriesHours?: (programme: string) => boolean;
}

const holdsOn = (p: BenefitPeriod, date: string) => p.from <= date && (p.to === null || p.to >= date);

export function balancesOn(date: string, f: BalanceFacts, selfPayDiscountPercent: number | null): Entitlements {
  const month = date.slice(0, 7),
    year = date.slice(0, 4);
  const prorate = f.prorate ?? (() => true);
  const out: Entitlements = { hours: [], vouchers: [], selfPayDiscountPercent };
  // The same cover rule as the month job: a yearly voucher is not projected again for a split period.
  const covered = withCoverage(f.periods, (p) => p.programme);

  const left = (programme: string, unit: Unit, inPeriod: (d: string) => boolean) => {
    const kind = unit === 'minutes' ? 'hours' : 'vouchers';
    const rows = f.ledger.filter((l) => l.programme === programme && l.unit === unit && inPeriod(l.period));
    const net = rows.reduce((s, l) => s + l.net, 0);
    const projected = rows.some((l) => l.period === month && l.issued)
      ? 0
      : covered
          .filter((p) => p.programme === programme)
          .reduce((s, p) => {
            const span = { from: p.from, to: p.to, coveredSince: p.coveredSince };
            const issue = issuanceFor(p.benefit, month, span, prorate(programme));
            return s + (issue && issue.unit === unit ? issue.amount : 0);
          }, 0);
    const held = f.live
      .filter((o) => !o.drawn && inPeriod(o.serviceDate))
      .reduce((s, o) => s + (o.usage[kind][programme] ?? 0), 0);
    return Math.max(0, net + projected - held);
  };
  const sameMonth = (d: string) => d.slice(0, 7) === month;
  const sameYear = (d: string) => d.slice(0, 4) === year;

  for (const p of f.periods.filter((x) => holdsOn(x, date))) {
    const b = p.benefit;
    if (b.kind === 'hours') {
      let remaining = left(p.programme, 'minutes', f.carriesHours?.(p.programme) ? sameYear : sameMonth);
      if (b.hoursPerDay !== null) {
        const usedToday = f.live
          .filter((o) => o.serviceDate === date)
          .reduce((s, o) => s + (o.usage.hours[p.programme] ?? 0), 0);
        remaining = Math.min(remaining, Math.max(0, Math.round(b.hoursPerDay * 60) - usedToday));
      }
      out.hours.push({ programme: p.programme, remainingMinutes: remaining, hourlyRateFen: b.hourlyRateFen });
    } else if (b.kind === 'voucher') {
      out.vouchers.push({ programme: p.programme, remainingFen: left(p.programme, 'fen', sameYear) });
    } else if (b.kind === 'visits') {
      // 003 方案11 L657 「每月入戶探訪次數不低于3次」 is a floor on the visits the district buys; the
      // number it sets (visitsPerMonth) is how many of a month's visits the programme pays for.
      const used = f.live
        .filter((o) => sameMonth(o.serviceDate))
        .reduce((s, o) => s + (o.usage.visits?.[p.programme] ?? 0), 0);
      (out.visits ??= []).push({
        programme: p.programme,
        remainingVisits: Math.max(0, b.visitsPerMonth - used),
        feePerVisitFen: b.feePerVisitFen,
      });
    } else if (b.kind === 'discount' && out.selfPayDiscountPercent === null) {
      out.selfPayDiscountPercent = b.percentOff;
    }
  }
  return out;
}
