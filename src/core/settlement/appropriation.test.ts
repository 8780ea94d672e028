import { describe, expect, it } from 'vitest';
import {
  appropriationChanges,
  monthWorth,
  planAppropriations,
  type ApprovedSpan,
  type ExistingAppropriation,
} from './appropriation.js';

const hoursDaily = { kind: 'hours', hoursPerMonth: null, hoursPerDay: 2, hourlyRateFen: 1500 } as const;
const span = (over: Partial<ApprovedSpan> = {}): ApprovedSpan => ({
  elderId: 1,
  streetId: 10,
  programme: 'home_care_subsidy',
  benefit: hoursDaily,
  from: '2026-01-01',
  to: null,
  costShare: [
    { level: 'district', parts: 6 },
    { level: 'street', parts: 4 },
  ],
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
        shares: { district: 162_000, street: 108_000 },
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
    for (const r of rows) expect(r.shares.district! + r.shares.street!).toBe(r.amountFen);
  });
  it('prices a month share of monthly benefits down to the fen, never up', () => {
    const visits = { kind: 'visits', visitsPerMonth: 3, feePerVisitFen: 400 } as const;
    expect(monthWorth(visits, '2026-02', { from: '2026-02-15', to: null })).toBe(Math.floor((1200 * 14) / 28));
    expect(
      monthWorth({ kind: 'voucher', valueFen: 50000, per: 'year' }, '2026-04', { from: '2026-01-01', to: null }),
    ).toBe(4166);
  });
});

describe('the appropriation by each programme’s own levels (issue 16, point 8)', () => {
  it('003 方案11 L695 「由市級財政撥款」: the city bears all of a visiting plan, the street none', () => {
    const visits = { kind: 'visits', visitsPerMonth: 3, feePerVisitFen: 400 } as const;
    const [row] = planAppropriations(
      [span({ programme: 'visiting', benefit: visits, costShare: [{ level: 'city', parts: 1 }] })],
      '2026Q1',
    );
    expect(row.shares).toEqual({ city: 3600 });
  });
  it('adds programmes with different levels on one street without mixing their rows', () => {
    const rows = planAppropriations(
      [
        span(),
        span({
          elderId: 2,
          programme: 'service_voucher',
          benefit: { kind: 'voucher', valueFen: 30000, per: 'year' },
          costShare: [
            { level: 'city', parts: 4 },
            { level: 'district', parts: 6 },
          ],
        }),
      ],
      '2026Q1',
    );
    expect(rows.map((r) => [r.programme, r.shares])).toEqual([
      ['home_care_subsidy', { district: 162_000, street: 108_000 }],
      ['service_voucher', { city: 3000, district: 4500 }],
    ]);
  });
});

describe('batches after the money moved (补拨, 扣回)', () => {
  const due = (amountFen: number, headcount = 1) => ({
    streetId: 10,
    programme: 'home_care_subsidy',
    headcount,
    amountFen,
    shares: { district: (amountFen * 6) / 10, street: (amountFen * 4) / 10 },
  });
  const row = (over: Partial<ExistingAppropriation>): ExistingAppropriation => ({
    id: 1,
    streetId: 10,
    programme: 'home_care_subsidy',
    batch: 1,
    state: 'planned',
    headcount: 1,
    amountFen: 1000,
    shares: { district: 600, street: 400 },
    ...over,
  });
  it('plans the first batch, then rewrites only it while it waits', () => {
    expect(appropriationChanges([due(1000)], [])).toEqual([
      {
        kind: 'insert',
        streetId: 10,
        programme: 'home_care_subsidy',
        batch: 1,
        headcount: 1,
        amountFen: 1000,
        shares: { district: 600, street: 400 },
      },
    ]);
    expect(appropriationChanges([due(1000)], [row({})])).toEqual([]);
    expect(appropriationChanges([due(2000, 2)], [row({})])).toEqual([
      { kind: 'update', id: 1, headcount: 2, amountFen: 2000, shares: { district: 1200, street: 800 } },
    ]);
  });
  it('adds an elder approved after the batch was sent as a second batch, the first untouched', () => {
    expect(appropriationChanges([due(3000, 2)], [row({ state: 'sent' })])).toEqual([
      {
        kind: 'insert',
        streetId: 10,
        programme: 'home_care_subsidy',
        batch: 2,
        headcount: 2,
        amountFen: 2000,
        shares: { district: 1200, street: 800 },
      },
    ]);
  });
  it('takes back what was sent for a death recorded after, and drops a waiting batch that comes to nothing', () => {
    expect(appropriationChanges([], [row({ state: 'received' })])).toEqual([
      {
        kind: 'insert',
        streetId: 10,
        programme: 'home_care_subsidy',
        batch: 2,
        headcount: 0,
        amountFen: -1000,
        shares: { district: -600, street: -400 },
      },
    ]);
    expect(
      appropriationChanges([due(1000)], [row({ state: 'sent' }), row({ id: 2, batch: 2, amountFen: 500 })]),
    ).toEqual([{ kind: 'delete', id: 2 }]);
  });
});
