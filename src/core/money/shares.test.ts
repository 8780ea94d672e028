import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { splitFen } from './shares.js';

describe('splitting fen by a ratio', () => {
  it('6 : 4 of whole yuan is exact', () => {
    expect(splitFen(100_00, [6, 4])).toEqual([60_00, 40_00]);
  });
  it('an odd fen goes to the part with the larger remainder, a tie to the district', () => {
    expect(splitFen(1, [6, 4])).toEqual([1, 0]); // 0.6 : 0.4
    expect(splitFen(3, [1, 1])).toEqual([2, 1]); // 1.5 : 1.5 — tie, the district first
    expect(splitFen(7, [6, 4])).toEqual([4, 3]); // 4.2 : 2.8 — the street's .8 beats .2
  });
  it('a reversal mirrors the split it undoes', () => {
    expect(splitFen(-7, [6, 4])).toEqual([-4, -3]);
  });
  it('a zero weight gets nothing', () => {
    expect(splitFen(999, [1, 0])).toEqual([999, 0]);
  });
  it('refuses fractional fen and unusable weights', () => {
    expect(() => splitFen(1.5, [6, 4])).toThrow();
    expect(() => splitFen(100, [0, 0])).toThrow();
    expect(() => splitFen(100, [-1, 2])).toThrow();
  });
  it('the parts always add up to the whole and each is within a fen of its exact share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -10_000_000, max: 10_000_000 }),
        fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 5 }).filter((w) => w.some((x) => x > 0)),
        (total, weights) => {
          const parts = splitFen(total, weights);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
          const sum = weights.reduce((a, b) => a + b, 0);
          parts.forEach((p, i) => expect(Math.abs(p - (total * weights[i]) / sum)).toBeLessThan(1));
        },
      ),
    );
  });
});
