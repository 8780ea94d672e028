import { describe, expect, it } from 'vitest';
import { balancesOn, type BenefitPeriod, type LedgerMonthNet } from './balances.js';

const used = (
  serviceDate: string,
  hours: Record<string, number> = {},
  vouchers: Record<string, number> = {},
  drawn = false,
) => ({ serviceDate, usage: { hours, vouchers }, drawn });
const since = (
  programme: string,
  benefit: BenefitPeriod['benefit'],
  from = '2025-01-01',
  to: string | null = null,
): BenefitPeriod => ({ programme, benefit, from, to });
const monthly = (hours: number) =>
  since('home_care_subsidy', { kind: 'hours', hoursPerDay: null, hoursPerMonth: hours, hourlyRateFen: 800 });

describe('balances on a service day', () => {
  it("a visits programme pays the month's visits less those live orders already take, drawn or not", () => {
    const visiting = since('visiting', { kind: 'visits', visitsPerMonth: 3, feePerVisitFen: 400 });
    const v = (serviceDate: string, drawn = false) => ({
      serviceDate,
      usage: { hours: {}, vouchers: {}, visits: { visiting: 1 } },
      drawn,
    });
    const b = balancesOn(
      '2026-11-23',
      { periods: [visiting], ledger: [], live: [v('2026-11-02', true), v('2026-11-30'), v('2026-10-31')] },
      null,
    );
    expect(b.visits).toEqual([{ programme: 'visiting', remainingVisits: 1, feePerVisitFen: 400 }]);
    const full = balancesOn(
      '2026-11-23',
      { periods: [visiting], ledger: [], live: [v('2026-11-01'), v('2026-11-02'), v('2026-11-03'), v('2026-11-04')] },
      null,
    );
    expect(full.visits![0].remainingVisits).toBe(0);
  });
  it("before the month is issued, the month job's figure is projected and live orders hold their part", () => {
    const b = balancesOn(
      '2026-11-23',
      {
        periods: [monthly(10)],
        ledger: [],
        live: [used('2026-11-01', { home_care_subsidy: 300 }), used('2026-10-31', { home_care_subsidy: 600 })],
      },
      null,
    );
    expect(b.hours[0].remainingMinutes).toBe(300);
  });
  it('once issued, the ledger counts: drawn orders are in it, undrawn ones hold', () => {
    const ledger: LedgerMonthNet[] = [
      { programme: 'home_care_subsidy', unit: 'minutes', period: '2026-11', net: 600 - 120, issued: true },
    ];
    const b = balancesOn(
      '2026-11-23',
      {
        periods: [monthly(10)],
        ledger,
        live: [used('2026-11-02', { home_care_subsidy: 120 }, {}, true), used('2026-11-25', { home_care_subsidy: 60 })],
      },
      null,
    );
    expect(b.hours[0].remainingMinutes).toBe(600 - 120 - 60);
  });
  it('a prorated month projects what the job will issue, not the whole allowance', () => {
    const b = balancesOn(
      '2026-11-05',
      {
        periods: [
          since(
            'home_care_subsidy',
            { kind: 'hours', hoursPerDay: null, hoursPerMonth: 10, hourlyRateFen: 800 },
            '2025-01-01',
            '2026-11-15',
          ),
        ],
        ledger: [],
        live: [],
      },
      null,
    );
    expect(b.hours[0].remainingMinutes).toBe(300);
    const whole = balancesOn(
      '2026-11-05',
      {
        periods: [
          since(
            'home_care_subsidy',
            { kind: 'hours', hoursPerDay: null, hoursPerMonth: 10, hourlyRateFen: 800 },
            '2025-01-01',
            '2026-11-15',
          ),
        ],
        ledger: [],
        live: [],
        prorate: () => false,
      },
      null,
    );
    expect(whole.hours[0].remainingMinutes).toBe(600);
  });
  it('hours granted per day are also held to the day', () => {
    const b = balancesOn(
      '2026-11-23',
      {
        periods: [
          since('home_care_subsidy', { kind: 'hours', hoursPerDay: 2, hoursPerMonth: null, hourlyRateFen: 1500 }),
        ],
        ledger: [],
        live: [used('2026-11-23', { home_care_subsidy: 90 }), used('2026-11-22', { home_care_subsidy: 120 })],
      },
      null,
    );
    expect(b.hours).toEqual([{ programme: 'home_care_subsidy', remainingMinutes: 30, hourlyRateFen: 1500 }]);
  });
  it("vouchers carry within the year: last month's unused balance is still there", () => {
    const ledger: LedgerMonthNet[] = [
      { programme: 'service_voucher', unit: 'fen', period: '2026-10', net: 10_000 - 4_000, issued: true },
      { programme: 'service_voucher', unit: 'fen', period: '2026-11', net: 10_000, issued: true },
      { programme: 'service_voucher', unit: 'fen', period: '2025-12', net: 0, issued: true },
    ];
    const b = balancesOn(
      '2026-11-23',
      {
        periods: [since('service_voucher', { kind: 'voucher', valueFen: 10_000, per: 'month' })],
        ledger: ledger.filter((l) => l.period >= '2026'),
        live: [used('2026-11-20', {}, { service_voucher: 2_500 })],
      },
      null,
    );
    expect(b.vouchers).toEqual([{ programme: 'service_voucher', remainingFen: 16_000 - 2_500 }]);
  });
  it('hours the policy carries count the year; others only the month', () => {
    const ledger: LedgerMonthNet[] = [
      { programme: 'home_care_subsidy', unit: 'minutes', period: '2026-10', net: 200, issued: true },
      { programme: 'home_care_subsidy', unit: 'minutes', period: '2026-11', net: 600, issued: true },
    ];
    expect(
      balancesOn('2026-11-23', { periods: [monthly(10)], ledger, live: [], carriesHours: () => true }, null).hours[0]
        .remainingMinutes,
    ).toBe(800);
    expect(balancesOn('2026-11-23', { periods: [monthly(10)], ledger, live: [] }, null).hours[0].remainingMinutes).toBe(
      600,
    );
  });
  it('never goes below zero, and takes the discount of a self-pay class', () => {
    const b = balancesOn(
      '2026-11-23',
      {
        periods: [monthly(1), since('x', { kind: 'discount', percentOff: 20 })],
        ledger: [],
        live: [used('2026-11-02', { home_care_subsidy: 90 })],
      },
      null,
    );
    expect(b.hours[0].remainingMinutes).toBe(0);
    expect(b.selfPayDiscountPercent).toBe(20);
  });
  it('an entitlement that ended is not drawn on, whatever its balance', () => {
    const b = balancesOn(
      '2026-11-23',
      {
        periods: [
          since('service_voucher', { kind: 'voucher', valueFen: 10_000, per: 'month' }, '2025-01-01', '2026-11-10'),
        ],
        ledger: [{ programme: 'service_voucher', unit: 'fen', period: '2026-11', net: 3_333, issued: true }],
        live: [],
      },
      null,
    );
    expect(b.vouchers).toEqual([]);
  });
});
