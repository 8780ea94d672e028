import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  adjustedRadius,
  computeRating,
  DEFAULT_PROVIDER_RULES as R,
  previousQuarter,
  quarterOf,
  quarterRange,
  radiusFactor,
  radiusProblem,
  rulesProblems,
} from './rules.js';
import { agreementState, mayServeOn, overlappingAgreement } from './agreements.js';

const ratings = (very: number, ok: number, basic: number, bad: number) => ({
  very_satisfied: very,
  satisfied: ok,
  basic,
  unsatisfied: bad,
});

describe('provider rating', () => {
  it('is the mean satisfaction, to one decimal', () => {
    const r = computeRating({ ratings: ratings(60, 30, 10, 0), verifiedOrders: 100, upheldComplaints: 0 }, R);
    expect(r.score).toBe(91.5); // (60×100 + 30×85 + 10×60) / 100
    expect(r.reason).toContain('评价 100 条');
  });
  it('loses points for upheld complaints per hundred verified orders', () => {
    const r = computeRating({ ratings: ratings(60, 30, 10, 0), verifiedOrders: 200, upheldComplaints: 3 }, R);
    expect(r.score).toBe(84); // 91.5 − 1.5 × 5
    expect(r.reason).toContain('属实投诉 3 件');
  });
  it('gives no score below the minimum sample', () => {
    expect(
      computeRating({ ratings: ratings(10, 5, 0, 0), verifiedOrders: 15, upheldComplaints: 0 }, R).score,
    ).toBeNull();
  });
  it('stays within 0-100', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(500), { minLength: 4, maxLength: 4 }),
        fc.nat(1000),
        fc.nat(100),
        (c, orders, complaints) => {
          const s = computeRating(
            { ratings: ratings(c[0], c[1], c[2], c[3]), verifiedOrders: orders, upheldComplaints: complaints },
            R,
          ).score;
          if (s !== null) {
            expect(s).toBeGreaterThanOrEqual(0);
            expect(s).toBeLessThanOrEqual(100);
          }
        },
      ),
    );
  });
});

describe('service radius by rating', () => {
  it('widens for good scores and shrinks for bad ones, band by band', () => {
    expect(radiusFactor(95, R)).toBe(1.2);
    expect(radiusFactor(90, R)).toBe(1.2);
    expect(radiusFactor(89.9, R)).toBe(1);
    expect(radiusFactor(70, R)).toBe(0.8);
    expect(radiusFactor(10, R)).toBe(0.5);
    expect(radiusFactor(null, R)).toBe(1);
  });
  it('starts from the agreed radius each quarter, within the district limits', () => {
    expect(adjustedRadius(3000, 95, R)).toBe(3600);
    expect(adjustedRadius(3000, 50, R)).toBe(1500);
    expect(adjustedRadius(800, 10, R)).toBe(500); // 400 m would be below the minimum
    expect(adjustedRadius(28_000, 99, R)).toBe(30_000);
    // Not compounding: the same score gives the same radius however many quarters pass.
    expect(adjustedRadius(3000, 95, R)).toBe(adjustedRadius(3000, 95, R));
  });
  it('checks a radius against the limits', () => {
    expect(radiusProblem(0, R)).toBe('too_small');
    expect(radiusProblem(500_000, R)).toBe('too_large');
    expect(radiusProblem(3000, R)).toBeNull();
  });
  it('refuses rules without a floor band or with crossed limits', () => {
    expect(rulesProblems(R)).toEqual([]);
    expect(rulesProblems({ ...R, radiusBands: [{ minScore: 50, factor: 1 }] }).map((p) => p.field)).toContain(
      'params.radiusBands',
    );
    expect(rulesProblems({ ...R, radiusMinM: 5000, radiusMaxM: 4000 }).map((p) => p.field)).toContain(
      'params.radiusMaxM',
    );
  });
});

describe('quarters', () => {
  it('names and bounds quarters', () => {
    expect(quarterOf('2026-11-23')).toBe('2026Q4');
    expect(quarterOf('2026-03-31')).toBe('2026Q1');
    expect(previousQuarter('2026Q1')).toBe('2025Q4');
    expect(quarterRange('2026Q2')).toEqual({ from: '2026-04-01', to: '2026-06-30' });
  });
});

describe('service agreements', () => {
  const a = { status: 'active' as const, startDate: '2025-01-01', endDate: '2026-12-31' };
  it('have a state on a date', () => {
    expect(agreementState(a, '2026-11-23')).toBe('active');
    expect(agreementState(a, '2027-01-01')).toBe('expired');
    expect(agreementState(a, '2024-12-31')).toBe('not_started');
    expect(agreementState({ ...a, status: 'suspended' }, '2026-11-23')).toBe('suspended');
    expect(agreementState({ ...a, status: 'terminated' }, '2026-11-23')).toBe('terminated');
  });
  it('let a provider serve only while approved and in force', () => {
    expect(mayServeOn('approved', [a], '2026-11-23')).toBe(true);
    expect(mayServeOn('approved', [{ ...a, status: 'suspended' }], '2026-11-23')).toBe(false);
    expect(mayServeOn('pending', [a], '2026-11-23')).toBe(false);
    expect(mayServeOn('approved', [a], '2027-01-01')).toBe(false);
  });
  it('may not overlap unless terminated', () => {
    expect(overlappingAgreement([a], { startDate: '2026-12-01', endDate: '2027-12-31' })).toBe(a);
    expect(overlappingAgreement([a], { startDate: '2027-01-01', endDate: '2027-12-31' })).toBeNull();
    expect(
      overlappingAgreement([{ ...a, status: 'terminated' }], { startDate: '2026-12-01', endDate: '2027-12-31' }),
    ).toBeNull();
  });
});
