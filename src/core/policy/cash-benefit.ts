// What a cash benefit pays for one month. Most standards are monthly; some places set them by
// the year (001 L142, Dongping: 「集中供养标准从2000元增长到2300元……分散供养标准从年每人1200元增长到
// 1400元」). A yearly standard is paid a twelfth a month in whole fen: the fen that do not
// divide go one each to the first months of the year, so the twelve months add up to the
// year's standard exactly (2,300 yuan: 191.67 yuan in January–August, 191.66 in September–
// December).
import type { Benefit } from './policy.js';
import { splitFen } from '../money/shares.js';

type Cash = Extract<Benefit, { kind: 'cash' }>;

const TWELFTHS = Array.from({ length: 12 }, () => 1);

/** A yearly amount's part for a month (1–12), the parts of a year adding up to the amount. */
export function twelfth(yearlyFen: number, month: number): number {
  return splitFen(yearlyFen, TWELFTHS)[month - 1];
}

/** The month's total and its care part, in fen, for a benefit whose standard is monthly or yearly. */
export function cashForMonth(b: Cash, month: string): { amountFen: number; careShareFen: number } {
  if (b.per === 'month') return { amountFen: b.amountFen, careShareFen: b.careShareFen };
  const m = Number(month.slice(5, 7));
  return { amountFen: twelfth(b.amountFen, m), careShareFen: twelfth(b.careShareFen, m) };
}
