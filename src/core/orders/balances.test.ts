import { describe, expect, it } from 'vitest';
import { balancesOn } from './balances.js';

const used = (serviceDate: string, hours: Record<string, number> = {}, vouchers: Record<string, number> = {}) => ({ serviceDate, usage: { hours, vouchers } });

describe('balances on a service day', () => {
  it('hours granted per day count only that day\'s orders', () => {
    const b = balancesOn('2026-11-23', [{ programme: 'home_care_subsidy', benefit: { kind: 'hours', hoursPerDay: 2, hoursPerMonth: null, hourlyRateFen: 1500 } }],
      [used('2026-11-23', { home_care_subsidy: 90 }), used('2026-11-22', { home_care_subsidy: 120 })], null);
    expect(b.hours).toEqual([{ programme: 'home_care_subsidy', remainingMinutes: 30, hourlyRateFen: 1500 }]);
  });
  it('hours and vouchers granted per month count the calendar month, yearly vouchers the year', () => {
    const b = balancesOn('2026-11-23', [
      { programme: 'home_care_subsidy', benefit: { kind: 'hours', hoursPerDay: null, hoursPerMonth: 10, hourlyRateFen: 800 } },
      { programme: 'service_voucher', benefit: { kind: 'voucher', valueFen: 50000, per: 'year' } },
    ], [used('2026-11-01', { home_care_subsidy: 300 }, { service_voucher: 12000 }), used('2026-10-31', { home_care_subsidy: 600 }, { service_voucher: 8000 }), used('2025-12-31', {}, { service_voucher: 40000 })], null);
    expect(b.hours[0].remainingMinutes).toBe(300);
    expect(b.vouchers).toEqual([{ programme: 'service_voucher', remainingFen: 30000 }]);
  });
  it('never goes below zero, and takes the discount of a self-pay class', () => {
    const b = balancesOn('2026-11-23', [
      { programme: 'home_care_subsidy', benefit: { kind: 'hours', hoursPerDay: null, hoursPerMonth: 1, hourlyRateFen: 800 } },
      { programme: 'x', benefit: { kind: 'discount', percentOff: 20 } },
    ], [used('2026-11-02', { home_care_subsidy: 90 })], null);
    expect(b.hours[0].remainingMinutes).toBe(0);
    expect(b.selfPayDiscountPercent).toBe(20);
  });
});
