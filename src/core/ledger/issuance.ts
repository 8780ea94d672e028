// What a month issues onto an elder's account for one entitlement: hours as minutes, vouchers as
// fen. Issuance follows the entitlement's days in the month (it stops from the date of death or
// the end of entitlement); the policy says whether a part month is prorated by days or issued
// only when the entitlement holds on the month's first day. Vouchers per year are issued once,
// in the first month of the year the entitlement holds — counted from when the programme's
// cover began, so a period split by a change of class does not issue the year again.
import type { Benefit } from '../policy/policy.js';
import type { Unit } from './ledger.js';
import { daysBetween } from '../calendar/working-days.js';
import { monthEnd } from '../calendar/months.js';

export interface Issue {
  unit: Unit;
  amount: number;
  note: string;
  /** What the issue covers: the month, or (yearly vouchers) the year. */
  basis: 'month' | 'year';
}
export interface ActiveSpan {
  from: string;
  to: string | null;
  /** Where the programme's unbroken cover that this span is part of began (default: from). */
  coveredSince?: string;
}

/**
 * Marks each span with the start of the unbroken cover it belongs to: per programme, or per
 * whatever `coverOf` names (an elder's programme, when the spans are many elders').
 */
export function withCoverage<T extends { from: string; to: string | null }>(
  spans: readonly T[],
  coverOf: (s: T) => string,
): (T & { coveredSince: string })[] {
  const sorted = [...spans].sort((a, b) =>
    coverOf(a) === coverOf(b) ? a.from.localeCompare(b.from) : coverOf(a).localeCompare(coverOf(b)),
  );
  const out: (T & { coveredSince: string })[] = [];
  for (const s of sorted) {
    const prev = out[out.length - 1];
    const joins = prev && coverOf(prev) === coverOf(s) && prev.to !== null && daysBetween(prev.to, s.from) === 1;
    out.push({ ...s, coveredSince: joins ? prev.coveredSince : s.from });
  }
  return out;
}

const monthStart = (month: string) => `${month}-01`;

/** Days of the month the entitlement holds. */
export function activeDays(month: string, span: ActiveSpan): number {
  const from = span.from > monthStart(month) ? span.from : monthStart(month);
  const to = span.to !== null && span.to < monthEnd(month) ? span.to : monthEnd(month);
  return to < from ? 0 : daysBetween(from, to) + 1;
}

export function issuanceFor(benefit: Benefit, month: string, span: ActiveSpan, prorate: boolean): Issue | null {
  const days = activeDays(month, span);
  if (days === 0) return null;
  const inMonth = daysBetween(monthStart(month), monthEnd(month)) + 1;
  const heldOnFirst = span.from <= monthStart(month);
  // A part month: by days when the policy prorates (rounded down — a part of a unit is not
  // issued); otherwise nothing unless the entitlement held on the first.
  const share = (whole: number) =>
    days === inMonth ? whole : prorate ? Math.floor((whole * days) / inMonth) : heldOnFirst ? whole : 0;
  switch (benefit.kind) {
    case 'hours': {
      const minutes =
        benefit.hoursPerDay !== null
          ? Math.round(benefit.hoursPerDay * 60) * days
          : share(Math.round((benefit.hoursPerMonth ?? 0) * 60));
      return minutes > 0
        ? {
            unit: 'minutes',
            amount: minutes,
            basis: 'month' as const,
            note:
              benefit.hoursPerDay !== null
                ? `每日 ${benefit.hoursPerDay} 小时 × ${days} 天`
                : `每月 ${benefit.hoursPerMonth} 小时${days < inMonth ? `（本月 ${days}/${inMonth} 天）` : ''}`,
          }
        : null;
    }
    case 'voucher': {
      if (benefit.per === 'month') {
        const fen = share(benefit.valueFen);
        return fen > 0
          ? {
              unit: 'fen',
              amount: fen,
              basis: 'month' as const,
              note: `服务券每月 ${benefit.valueFen / 100} 元${days < inMonth ? `（本月 ${days}/${inMonth} 天）` : ''}`,
            }
          : null;
      }
      // Per year: issued in the year's first entitled month; prorated by the months left when the policy prorates.
      const since = span.coveredSince ?? span.from;
      const firstMonth =
        since.slice(0, 4) === month.slice(0, 4) && since > `${month.slice(0, 4)}-01-01`
          ? since.slice(0, 7)
          : `${month.slice(0, 4)}-01`;
      if (month !== firstMonth) return null;
      const monthsLeft = 13 - Number(month.slice(5, 7));
      const fen = prorate ? Math.floor((benefit.valueFen * monthsLeft) / 12) : benefit.valueFen;
      return fen > 0
        ? {
            unit: 'fen',
            amount: fen,
            basis: 'year' as const,
            note: `服务券每年 ${benefit.valueFen / 100} 元${monthsLeft < 12 && prorate ? `（本年余 ${monthsLeft} 个月）` : ''}`,
          }
        : null;
    }
    default:
      return null; // cash is paid through payment lists, discounts apply at pricing, visits are ordered
  }
}

/**
 * What happens to a balance at the end of a period: hours never carry over (they expire at month
 * end unless the policy lets them carry within the year); vouchers carry over within the year and
 * expire at its end.
 */
export function lapses(unit: Unit, carryWithinYear: boolean, month: string): boolean {
  if (month.endsWith('-12')) return true;
  return unit === 'minutes' && !carryWithinYear;
}
