// The pooled care fund's arithmetic (000 范文2 L57 「每人每月从1184元中提取184元统筹作照料护理费」,
// L69 the care subsidy paid from it on application): opening balance, months in and out, running
// balance, in integer fen.
import { describe, expect, it } from 'vitest';
import { carePool } from './care-pool.js';

describe('the pooled care fund', () => {
  it('carries the balance from month to month, opening with what came before the range', () => {
    // Ten 特困 persons at 184 yuan kept back a month; one completely unable elder's 1,500 yuan
    // subsidy from February, a mostly unable elder's 500 yuan from March.
    const r = carePool(
      [
        { month: '2016-12', cameInFen: 10 * 10_000, usedFen: 0 },
        { month: '2017-01', cameInFen: 10 * 18_400, usedFen: 0 },
        { month: '2017-02', cameInFen: 10 * 18_400, usedFen: 150_000 },
        { month: '2017-03', cameInFen: 10 * 18_400, usedFen: 150_000 + 50_000 },
        { month: '2017-05', cameInFen: 0, usedFen: 0 },
        { month: '2017-09', cameInFen: 999_999, usedFen: 1 },
      ],
      '2017-01',
      '2017-04',
    );
    expect(r.openingFen).toBe(100_000);
    expect(r.months).toEqual([
      { month: '2017-01', cameInFen: 184_000, usedFen: 0, balanceFen: 284_000 },
      { month: '2017-02', cameInFen: 184_000, usedFen: 150_000, balanceFen: 318_000 },
      { month: '2017-03', cameInFen: 184_000, usedFen: 200_000, balanceFen: 302_000 },
      // No list sent: nothing in, nothing out, the balance carried.
      { month: '2017-04', cameInFen: 0, usedFen: 0, balanceFen: 302_000 },
    ]);
    expect(r.total).toEqual({ cameInFen: 552_000, usedFen: 350_000 });
    // Every total reconciles with its parts.
    expect(r.closingFen).toBe(r.openingFen + r.total.cameInFen - r.total.usedFen);
  });

  it('adds up two rows of the same month, crosses a year, and shows a pool spent beyond what came in', () => {
    const r = carePool(
      [
        { month: '2016-12', cameInFen: 10_000, usedFen: 0 },
        { month: '2016-12', cameInFen: 10_000, usedFen: 50_000 },
        { month: '2017-01', cameInFen: 18_400, usedFen: 0 },
      ],
      '2016-12',
      '2017-01',
    );
    expect(r.openingFen).toBe(0);
    expect(r.months.map((m) => [m.month, m.cameInFen, m.usedFen, m.balanceFen])).toEqual([
      ['2016-12', 20_000, 50_000, -30_000],
      ['2017-01', 18_400, 0, -11_600],
    ]);
    expect(r.closingFen).toBe(-11_600);
  });
});
