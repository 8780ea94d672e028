import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cashForMonth, twelfth } from './cash-benefit.js';

const months = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`);

describe('cash paid by a yearly standard (001 L142 「分散供养标准从年每人1200元增长到1400元」)', () => {
  it('pays 2,300 yuan a year as 191.67 yuan for eight months and 191.66 for four, exactly 2,300', () => {
    const yearly = { kind: 'cash', amountFen: 230000, per: 'year', careShareFen: 0 } as const;
    const paid = months.map((m) => cashForMonth(yearly, m).amountFen);
    expect(paid.slice(0, 8)).toEqual(Array(8).fill(19167));
    expect(paid.slice(8)).toEqual(Array(4).fill(19166));
    expect(paid.reduce((a, b) => a + b, 0)).toBe(230000);
  });
  it('a monthly standard is paid as it is', () => {
    const monthly = { kind: 'cash', amountFen: 118400, per: 'month', careShareFen: 18400 } as const;
    expect(cashForMonth(monthly, '2026-09')).toEqual({ amountFen: 118400, careShareFen: 18400 });
  });
  it('any yearly amount and its care part add up over the twelve months, never the care part above the whole (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 100 }), (amount, pct) => {
        const care = Math.floor((amount * pct) / 100);
        const b = { kind: 'cash', amountFen: amount, per: 'year', careShareFen: care } as const;
        const got = months.map((m) => cashForMonth(b, m));
        expect(got.reduce((s, x) => s + x.amountFen, 0)).toBe(amount);
        expect(got.reduce((s, x) => s + x.careShareFen, 0)).toBe(care);
        for (const x of got) expect(x.careShareFen).toBeLessThanOrEqual(x.amountFen);
        expect(Math.max(...got.map((x) => x.amountFen)) - Math.min(...got.map((x) => x.amountFen))).toBeLessThanOrEqual(
          1,
        );
      }),
    );
    expect(twelfth(11, 12)).toBe(0);
  });
});
