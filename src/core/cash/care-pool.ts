// The pooled care fund (照料护理经费统筹), 000 范文2: from 2016 each 特困 person's monthly
// standard keeps back a care part (L53 「照料护理标准」; 2017: 「每人每月从1184元中提取184元统筹作
// 照料护理费」, L57), and the care subsidy for those who cannot care for themselves is paid from
// it on the township's application (L69 「发生日常照料护理服务，乡镇人民政府民政部门应向县民政部门
// 申请护理补助资金」). The pool by month: what came in (the care parts on lists sent to the bank),
// what was used (the care subsidies those lists paid) and the balance carried from month to month.
// Integer fen throughout.
import { nextMonth } from '../calendar/months.js';

export interface PoolFlow {
  month: string;
  cameInFen: number;
  usedFen: number;
}
export interface PoolMonth extends PoolFlow {
  balanceFen: number;
}
export interface PoolReport {
  from: string;
  to: string;
  openingFen: number;
  months: PoolMonth[];
  total: { cameInFen: number; usedFen: number };
  closingFen: number;
}

/**
 * The pool from one month to another: the opening balance is everything that came in less
 * everything used before `from`; each month of the range is listed (months with no list show
 * zero), and its balance is the one carried into the next month. The balance may go below zero:
 * that is shown as it is, for the county to see that the subsidies paid exceed the pool.
 */
export function carePool(flows: readonly PoolFlow[], from: string, to: string): PoolReport {
  const by = new Map<string, PoolFlow>();
  let openingFen = 0;
  for (const f of flows) {
    if (f.month < from) {
      openingFen += f.cameInFen - f.usedFen;
      continue;
    }
    if (f.month > to) continue;
    const seen = by.get(f.month) ?? { month: f.month, cameInFen: 0, usedFen: 0 };
    by.set(f.month, { month: f.month, cameInFen: seen.cameInFen + f.cameInFen, usedFen: seen.usedFen + f.usedFen });
  }
  const months: PoolMonth[] = [];
  let balanceFen = openingFen;
  for (let m = from; m <= to; m = nextMonth(m)) {
    const f = by.get(m) ?? { month: m, cameInFen: 0, usedFen: 0 };
    balanceFen += f.cameInFen - f.usedFen;
    months.push({ ...f, balanceFen });
  }
  const total = {
    cameInFen: months.reduce((s, m) => s + m.cameInFen, 0),
    usedFen: months.reduce((s, m) => s + m.usedFen, 0),
  };
  return { from, to, openingFen, months, total, closingFen: balanceFen };
}
