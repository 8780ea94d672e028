import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_SETTLEMENT_RULES as R,
  itemKind,
  quarterMonths,
  quarterOf,
  releasedFen,
  settlementTotals,
  type SettlementFacts,
} from './settlement.js';

const facts = (over: Partial<SettlementFacts> = {}): SettlementFacts => ({
  ordersFen: 100_000,
  adjustmentsFen: 0,
  unverifiedFen: 0,
  upheldComplaints: 0,
  vouchersFen: 0,
  satisfied: 10,
  rated: 10,
  ...over,
});

describe("a provider's settlement", () => {
  it("pays the month's verified visits in full when satisfaction is high and nothing was upheld", () => {
    expect(settlementTotals(facts(), R)).toMatchObject({
      grossFen: 100_000,
      withheldFen: 10_000,
      releasedFen: 10_000,
      complaintsFen: 0,
      satisfactionPercent: 100,
      dueFen: 100_000,
    });
  });
  it('deducts each upheld complaint and shows failed visits in the gross without paying them', () => {
    const t = settlementTotals(facts({ upheldComplaints: 2, unverifiedFen: 3_200 }), R);
    expect(t).toMatchObject({ grossFen: 103_200, complaintsFen: 10_000, dueFen: 90_000 });
  });
  it('releases what is held back in proportion between the floor and full release, rounded down', () => {
    // 75% satisfied: half way from 60% to 90% releases half.
    expect(releasedFen(10_000, 3, 4, R)).toBe(5_000);
    expect(releasedFen(10_000, 6, 10, R)).toBe(0);
    expect(releasedFen(10_000, 5, 10, R)).toBe(0);
    expect(releasedFen(10_000, 9, 10, R)).toBe(10_000);
    // 2 of 3 = 66.7%: (66.67 − 60) / 30 × 10 000 = 2 222.2 → 2 222.
    expect(releasedFen(10_000, 2, 3, R)).toBe(2_222);
    // No ratings: nothing speaks against the provider.
    expect(releasedFen(10_000, 0, 0, R)).toBe(10_000);
    expect(settlementTotals(facts({ satisfied: 3, rated: 4 }), R).dueFen).toBe(95_000);
  });
  it('adds late visits as adjustments and redeemed paper vouchers', () => {
    expect(settlementTotals(facts({ adjustmentsFen: 4_800, vouchersFen: 6_000 }), R).dueFen).toBe(110_800);
    expect(itemKind('2026-10-31', '2026-11', true)).toBe('adjustment');
    expect(itemKind('2026-11-02', '2026-11', true)).toBe('order');
    expect(itemKind('2026-11-02', '2026-11', false)).toBe('unverified');
  });
  it('the due amount is always its parts, and what is released never exceeds what is held', () => {
    fc.assert(
      fc.property(
        fc
          .record({
            ordersFen: fc.nat(10_000_000),
            adjustmentsFen: fc.nat(1_000_000),
            unverifiedFen: fc.nat(1_000_000),
            upheldComplaints: fc.nat(20),
            vouchersFen: fc.nat(1_000_000),
            rated: fc.nat(500),
            satisfied: fc.nat(500),
          })
          .filter((f) => f.satisfied <= f.rated),
        (f) => {
          const t = settlementTotals(f, R);
          expect(t.releasedFen).toBeGreaterThanOrEqual(0);
          expect(t.releasedFen).toBeLessThanOrEqual(t.withheldFen);
          expect(t.dueFen).toBe(
            f.ordersFen + f.adjustmentsFen + f.vouchersFen - t.complaintsFen - t.withheldFen + t.releasedFen,
          );
          expect(Number.isInteger(t.dueFen)).toBe(true);
        },
      ),
    );
  });
  it('knows its quarters', () => {
    expect(quarterMonths('2026Q4')).toEqual(['2026-10', '2026-11', '2026-12']);
    expect(quarterOf('2026-11')).toBe('2026Q4');
    expect(quarterOf('2026-03')).toBe('2026Q1');
    expect(() => quarterMonths('2026Q5')).toThrow();
  });
});
