import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { discountedPriceFen, placeNewPrice, priceOn, priceProblem, type PriceVersion } from './prices.js';
import { addDays } from '../calendar/working-days.js';

const before = (d: string) => addDays(d, -1);

describe('unified prices', () => {
  it('are whole, non-negative fen', () => {
    expect(priceProblem(1250)).toBeNull();
    expect(priceProblem(0)).toBeNull();
    expect(priceProblem(-1)).toBe('negative');
    expect(priceProblem(12.5)).toBe('not_whole_fen');
    expect(priceProblem(10_000_001)).toBe('too_large');
  });

  it('the price of a date is the version covering it', () => {
    const vs: PriceVersion[] = [
      { effectiveFrom: '2025-01-01', effectiveTo: '2025-12-31', priceFen: 3000 },
      { effectiveFrom: '2026-01-01', effectiveTo: null, priceFen: 3200 },
    ];
    expect(priceOn(vs, '2025-12-31')?.priceFen).toBe(3000);
    expect(priceOn(vs, '2026-01-01')?.priceFen).toBe(3200);
    expect(priceOn(vs, '2024-12-31')).toBeNull();
  });

  it('a new version closes the running open-ended one the day before', () => {
    const running: PriceVersion = { id: 1, effectiveFrom: '2025-01-01', effectiveTo: null, priceFen: 3000 };
    const r = placeNewPrice([running], { effectiveFrom: '2027-01-01', effectiveTo: null }, '2026-11-23', before);
    expect(r).toEqual({ ok: true, close: running });
  });

  it('refuses overlaps, past starts and backwards ranges', () => {
    const vs: PriceVersion[] = [
      { id: 1, effectiveFrom: '2025-01-01', effectiveTo: '2026-12-31', priceFen: 3000 },
      { id: 2, effectiveFrom: '2027-01-01', effectiveTo: null, priceFen: 3200 },
    ];
    const today = '2026-11-23';
    expect(placeNewPrice(vs, { effectiveFrom: '2026-12-01', effectiveTo: '2027-03-31' }, today, before)).toMatchObject({
      ok: false,
      problem: 'overlaps',
    });
    expect(placeNewPrice(vs, { effectiveFrom: '2027-06-01', effectiveTo: null }, today, before)).toMatchObject({
      ok: true,
    });
    expect(placeNewPrice(vs, { effectiveFrom: '2026-11-23', effectiveTo: null }, today, before)).toMatchObject({
      ok: false,
      problem: 'starts_in_past',
    });
    expect(placeNewPrice(vs, { effectiveFrom: '2027-05-01', effectiveTo: '2027-04-30' }, today, before)).toMatchObject({
      ok: false,
      problem: 'ends_before_start',
    });
    // A bounded future version between two existing ones overlaps the second.
    const bounded: PriceVersion[] = [
      { id: 1, effectiveFrom: '2025-01-01', effectiveTo: null, priceFen: 3000 },
      { id: 2, effectiveFrom: '2027-03-01', effectiveTo: '2027-03-31', priceFen: 3100 },
    ];
    expect(placeNewPrice(bounded, { effectiveFrom: '2027-01-01', effectiveTo: null }, today, before)).toMatchObject({
      ok: false,
      problem: 'overlaps',
    });
  });

  it('the first price of a new item may start today, not yesterday', () => {
    expect(placeNewPrice([], { effectiveFrom: '2026-11-23', effectiveTo: null }, '2026-11-23', before)).toMatchObject({
      ok: true,
    });
    expect(placeNewPrice([], { effectiveFrom: '2026-11-22', effectiveTo: null }, '2026-11-23', before)).toMatchObject({
      ok: false,
      problem: 'starts_in_past',
    });
  });

  it('accepted versions never overlap, whatever is added in whatever order', () => {
    const day = fc.integer({ min: 1, max: 700 }).map((n) => addDays('2026-11-23', n));
    fc.assert(
      fc.property(fc.array(fc.tuple(day, fc.option(fc.integer({ min: 0, max: 200 }))), { maxLength: 12 }), (adds) => {
        const vs: PriceVersion[] = [];
        for (const [from, len] of adds) {
          const next = { effectiveFrom: from, effectiveTo: len === null ? null : addDays(from, len) };
          const r = placeNewPrice(vs, next, '2026-11-23', before);
          if (!r.ok) continue;
          if (r.close) r.close.effectiveTo = before(from);
          vs.push({ ...next, priceFen: 100 });
        }
        for (const a of vs)
          for (const b of vs) {
            if (a === b) continue;
            const overlap =
              a.effectiveFrom <= (b.effectiveTo ?? '9999') && b.effectiveFrom <= (a.effectiveTo ?? '9999');
            expect(overlap).toBe(false);
          }
      }),
    );
  });
});

describe('the paid (C) class price', () => {
  it('is the unified price less the discount, rounded half up to the fen', () => {
    expect(discountedPriceFen(6000, 20)).toBe(4800);
    expect(discountedPriceFen(1250, 20)).toBe(1000);
    expect(discountedPriceFen(333, 20)).toBe(266); // 266.4
    expect(discountedPriceFen(1, 50)).toBe(1); // 0.5 rounds up
    expect(discountedPriceFen(1999, 12.5)).toBe(1749); // 1749.125
    expect(discountedPriceFen(1000, 0)).toBe(1000);
    expect(discountedPriceFen(1000, 100)).toBe(0);
  });
  it('never exceeds the unified price and is exact for whole-yuan discounts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 100 }), (fen, pct) => {
        const paid = discountedPriceFen(fen, pct);
        expect(Number.isInteger(paid)).toBe(true);
        expect(paid).toBeLessThanOrEqual(fen);
        expect(Math.abs(paid - (fen * (100 - pct)) / 100)).toBeLessThanOrEqual(0.5);
      }),
    );
  });
  it('refuses a discount outside 0-100%', () => {
    expect(() => discountedPriceFen(100, 120)).toThrow(RangeError);
  });
});
