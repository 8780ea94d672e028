import { describe, expect, it } from 'vitest';
import { monthWorth, planAppropriations, type ApprovedSpan } from './appropriation.js';

const hoursDaily = { kind: 'hours', hoursPerMonth: null, hoursPerDay: 2, hourlyRateFen: 1500 } as const;
const span = (over: Partial<ApprovedSpan> = {}): ApprovedSpan => ({
  elderId: 1,
  streetId: 10,
  programme: 'home_care_subsidy',
  benefit: hoursDaily,
  from: '2026-01-01',
  to: null,
  districtShare: 6,
  streetShare: 4,
  ...over,
});

describe('quarterly appropriation (002 第5篇 L279: 按照实际审批人数和标准……按季度向街道拨付)', () => {
  it('is worth 2 h × 15 yuan a day for a disabled elder: 90 days of 2026Q1 make 2,700 yuan', () => {
    expect(planAppropriations([span()], '2026Q1')).toEqual([
      {
        streetId: 10,
        programme: 'home_care_subsidy',
        headcount: 1,
        amountFen: 270_000,
        districtFen: 162_000,
        streetFen: 108_000,
      },
    ]);
  });
  it('counts only the days approved: from 2026-03-02, 30 days of March', () => {
    expect(planAppropriations([span({ from: '2026-03-02' })], '2026Q1')[0].amountFen).toBe(90_000);
  });
  it('adds the elders of a street up, heads once, and leaves cash out', () => {
    const rows = planAppropriations(
      [
        span(),
        span({ elderId: 2, benefit: { kind: 'hours', hoursPerMonth: 20, hoursPerDay: null, hourlyRateFen: 800 } }),
        span({ elderId: 2, to: '2026-01-31' }),
        span({
          elderId: 3,
          programme: 'old_age_allowance',
          benefit: { kind: 'cash', amountFen: 5000, per: 'month', careShareFen: 0 },
        }),
        span({ elderId: 4, streetId: 11 }),
      ],
      '2026Q1',
    );
    expect(rows.map((r) => [r.streetId, r.programme, r.headcount, r.amountFen])).toEqual([
      [10, 'home_care_subsidy', 2, 270_000 + 3 * 16_000 + 31 * 3000],
      [11, 'home_care_subsidy', 1, 270_000],
    ]);
    for (const r of rows) expect(r.districtFen + r.streetFen).toBe(r.amountFen);
  });
  it('prices a month share of monthly benefits down to the fen, never up', () => {
    const visits = { kind: 'visits', visitsPerMonth: 3, feePerVisitFen: 400 } as const;
    expect(monthWorth(visits, '2026-02', { from: '2026-02-15', to: null })).toBe(Math.floor((1200 * 14) / 28));
    expect(
      monthWorth({ kind: 'voucher', valueFen: 50000, per: 'year' }, '2026-04', { from: '2026-01-01', to: null }),
    ).toBe(4166);
  });
});
