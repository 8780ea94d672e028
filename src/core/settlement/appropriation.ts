// The district's quarterly appropriation to each street (002 第5篇 L279: 「由区民政局将经费明细报区
// 财政局审核后，按照实际审批人数和标准会同区财政局按季度向街道拨付。由街道配套资金后通过银行转账方式
// 支付养老服务组织或家政公司」): what the approved elders' service entitlements are worth in the
// quarter — approved headcount × standard, day by day — split by each period's cost shares
// among the levels that bear it (the city's and the district's parts both reach the street). Cash
// benefits are not here: they go to the elders through the bank lists.
import type { Benefit } from '../policy/policy.js';
import { addLevelFen, splitByLevel, subtractLevelFen, type CostShare, type LevelFen } from '../policy/cost-share.js';
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

/** A row already written for the quarter. */
export interface ExistingAppropriation {
  id: number;
  streetId: number;
  programme: string;
  batch: number;
  state: 'planned' | 'sent' | 'received';
  headcount: number;
  amountFen: number;
  shares: LevelFen;
}

export type AppropriationChange =
  | {
      kind: 'insert';
      streetId: number;
      programme: string;
      batch: number;
      headcount: number;
      amountFen: number;
      shares: LevelFen;
    }
  | { kind: 'update'; id: number; headcount: number; amountFen: number; shares: LevelFen }
  | { kind: 'delete'; id: number };

/**
 * What a new plan writes, street by street and programme by programme: what is due less what
 * has already been sent, as the one batch still to send. The first batch is the quarter's
 * appropriation; once it has moved, elders approved later make a further batch (补拨), and a
 * death recorded after the money moved a negative one (扣回), so that level by level the batches
 * add up to what the approved elders were due. Nothing sent is ever rewritten; a planned batch
 * that comes to nothing goes.
 */
export function appropriationChanges(
  due: readonly PlannedAppropriation[],
  existing: readonly ExistingAppropriation[],
): AppropriationChange[] {
  const keyOf = (r: { streetId: number; programme: string }) => `${r.streetId}|${r.programme}`;
  const keys = new Map<string, { streetId: number; programme: string }>();
  for (const r of [...due, ...existing]) keys.set(keyOf(r), { streetId: r.streetId, programme: r.programme });
  const out: AppropriationChange[] = [];
  for (const [key, { streetId, programme }] of keys) {
    const owed = due.find((d) => keyOf(d) === key);
    const rows = existing.filter((r) => keyOf(r) === key);
    const moved = rows.filter((r) => r.state !== 'planned');
    const planned = rows.filter((r) => r.state === 'planned').sort((a, b) => b.batch - a.batch);
    // Only one batch waits to be sent; an older one (there should be none) goes.
    for (const extra of planned.slice(1)) out.push({ kind: 'delete', id: extra.id });
    const open = planned[0];
    const sent = moved.reduce<LevelFen>((s, r) => addLevelFen(s, r.shares), {});
    const amountFen = (owed?.amountFen ?? 0) - moved.reduce((s, r) => s + r.amountFen, 0);
    const shares = subtractLevelFen(owed?.shares ?? {}, sent);
    const headcount = owed?.headcount ?? 0;
    if (amountFen === 0 && Object.keys(shares).length === 0) {
      if (open) out.push({ kind: 'delete', id: open.id });
    } else if (open) {
      if (open.amountFen !== amountFen || open.headcount !== headcount || !sameFen(open.shares, shares))
        out.push({ kind: 'update', id: open.id, headcount, amountFen, shares });
    } else {
      const batch = rows.reduce((m, r) => Math.max(m, r.batch), 0) + 1;
      out.push({ kind: 'insert', streetId, programme, batch, headcount, amountFen, shares });
    }
  }
  return out;
}

const sameFen = (a: LevelFen, b: LevelFen) =>
  Object.keys(subtractLevelFen(a, b)).length === 0 && Object.keys(subtractLevelFen(b, a)).length === 0;
