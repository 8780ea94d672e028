// The district's quarterly appropriation to each street (002 第5篇 L279: 「由区民政局将经费明细报区
// 财政局审核后，按照实际审批人数和标准会同区财政局按季度向街道拨付。由街道配套资金后通过银行转账方式
// 支付养老服务组织或家政公司」): what the approved elders' service entitlements are worth in the
// quarter — approved headcount × standard, day by day — split by each period's cost shares
// among the levels that bear it (the city's and the district's parts both reach the street). Cash
// benefits are not here: they go to the elders through the bank lists.
import type { Benefit } from '../policy/policy.js';
import { addLevelFen, splitByLevel, type CostShare, type LevelFen } from '../policy/cost-share.js';
import { activeDays } from '../ledger/issuance.js';
import { monthEnd } from '../calendar/months.js';
import { quarterMonths } from './settlement.js';

export interface ApprovedSpan {
  elderId: number;
  streetId: number;
  programme: string;
  benefit: Benefit;
  from: string;
  to: string | null;
  costShare: CostShare;
}

export interface PlannedAppropriation {
  streetId: number;
  programme: string;
  headcount: number;
  amountFen: number;
  /** Each level's part; the street receives all but its own. */
  shares: LevelFen;
}

const daysIn = (month: string) => Number(monthEnd(month).slice(8, 10));

/**
 * What one benefit is worth in a month for the days it holds, in fen, rounded down: hours a day
 * by the day, monthly hours, vouchers and visits by the share of the month's days, a yearly
 * voucher by a twelfth a month. Cash and discounts are worth nothing here.
 */
export function monthWorth(benefit: Benefit, month: string, span: { from: string; to: string | null }): number {
  const days = activeDays(month, span);
  if (days === 0) return 0;
  const share = (monthly: number) => Math.floor((monthly * days) / daysIn(month));
  switch (benefit.kind) {
    case 'hours':
      return benefit.hoursPerDay !== null
        ? Math.floor(benefit.hoursPerDay * benefit.hourlyRateFen * days)
        : share((benefit.hoursPerMonth ?? 0) * benefit.hourlyRateFen);
    case 'voucher':
      return share(benefit.per === 'month' ? benefit.valueFen : benefit.valueFen / 12);
    case 'visits':
      return share(benefit.visitsPerMonth * benefit.feePerVisitFen);
    case 'cash':
    case 'discount':
      return 0;
  }
}

/** The quarter's appropriation per street and programme, from the approved entitlements. */
export function planAppropriations(spans: readonly ApprovedSpan[], quarter: string): PlannedAppropriation[] {
  const months = quarterMonths(quarter);
  const out = new Map<string, PlannedAppropriation & { elders: Set<number> }>();
  for (const s of spans) {
    const amount = months.reduce((sum, m) => sum + monthWorth(s.benefit, m, s), 0);
    if (amount === 0) continue;
    const key = `${s.streetId}|${s.programme}`;
    const row = out.get(key) ?? {
      streetId: s.streetId,
      programme: s.programme,
      headcount: 0,
      amountFen: 0,
      shares: {},
      elders: new Set<number>(),
    };
    row.elders.add(s.elderId);
    row.amountFen += amount;
    row.shares = addLevelFen(row.shares, splitByLevel(amount, s.costShare));
    out.set(key, row);
  }
  return [...out.values()]
    .map(({ elders, ...r }) => ({ ...r, headcount: elders.size }))
    .sort((a, b) => a.streetId - b.streetId || a.programme.localeCompare(b.programme));
}
