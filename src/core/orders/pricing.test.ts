import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { priceOrder, type Entitlements, type PricedLine } from './pricing.js';

const care2h: PricedLine = {
  itemId: 10,
  quantity: 2,
  unit: 'hour',
  durationMinutes: 60,
  unitPriceFen: 3000,
  subsidyEligible: true,
};
const bath: PricedLine = {
  itemId: 1,
  quantity: 1,
  unit: 'visit',
  durationMinutes: 90,
  unitPriceFen: 6000,
  subsidyEligible: true,
};
const repair: PricedLine = {
  itemId: 70,
  quantity: 1,
  unit: 'item',
  durationMinutes: 90,
  unitPriceFen: 8000,
  subsidyEligible: false,
};
const none: Entitlements = { hours: [], vouchers: [], selfPayDiscountPercent: null };

describe('a visits programme buys the visit (003 方案11 L657 「每次探訪服務費4元」)', () => {
  const visit: PricedLine = {
    itemId: 95,
    quantity: 1,
    unit: 'visit',
    durationMinutes: 30,
    unitPriceFen: 400,
    subsidyEligible: true,
    boughtBy: ['visiting'],
  };
  const visits = (remainingVisits: number, feePerVisitFen = 400): Entitlements => ({
    ...none,
    visits: [{ programme: 'visiting', remainingVisits, feePerVisitFen }],
  });
  it('pays its fee for the visit, and the elder pays nothing', () => {
    const r = priceOrder([visit], visits(3));
    expect(r.lines[0]).toMatchObject({ coveredByHoursFen: 400, selfPayListFen: 0, selfPayFen: 0 });
    expect(r.lines[0].hours).toEqual([{ programme: 'visiting', minutes: 30, fen: 400 }]);
    expect(r).toMatchObject({ listFen: 400, programmeFen: 400, selfPayFen: 0 });
    expect(r.usage).toEqual({ hours: {}, vouchers: {}, visits: { visiting: 1 } });
  });
  it('at its fee whatever the unified price: above it, the elder still pays nothing', () => {
    const r = priceOrder([{ ...visit, unitPriceFen: 600 }], visits(3));
    expect(r).toMatchObject({ listFen: 600, programmeFen: 400, selfPayFen: 0 });
  });
  it("the month's visits used up, or an item it does not buy: the elder pays as anyone would", () => {
    expect(priceOrder([visit], visits(0))).toMatchObject({ programmeFen: 0, selfPayFen: 400 });
    expect(priceOrder([{ ...visit, boughtBy: [] }], visits(3))).toMatchObject({ programmeFen: 0, selfPayFen: 400 });
    expect(priceOrder([visit], visits(0)).usage.visits).toBeUndefined();
  });
  it('one visit an order: a second unit is not another call at the door', () => {
    const r = priceOrder([{ ...visit, quantity: 2 }, visit], visits(3));
    expect(r).toMatchObject({ listFen: 1200, programmeFen: 400, selfPayFen: 800 });
    expect(r.usage.visits).toEqual({ visiting: 1 });
  });
});

describe('who pays for an order', () => {
  it('free hours first: a disabled A-class elder pays nothing for two hours of care', () => {
    const r = priceOrder([care2h], {
      ...none,
      hours: [{ programme: 'home_care_subsidy', remainingMinutes: 600, hourlyRateFen: 1500 }],
    });
    expect(r.lines[0]).toMatchObject({ listFen: 6000, minutes: 120, coveredByHoursFen: 6000, selfPayFen: 0 });
    expect(r.lines[0].hours).toEqual([{ programme: 'home_care_subsidy', minutes: 120, fen: 3000 }]);
    expect(r).toMatchObject({ programmeFen: 3000, selfPayFen: 0, usage: { hours: { home_care_subsidy: 120 } } });
  });

  it('then vouchers, then the elder at the class price for what is left', () => {
    const r = priceOrder([care2h], {
      hours: [{ programme: 'home_care_subsidy', remainingMinutes: 30, hourlyRateFen: 800 }],
      vouchers: [{ programme: 'service_voucher', remainingFen: 2000 }],
      selfPayDiscountPercent: 20,
    });
    const l = r.lines[0];
    expect(l.coveredByHoursFen).toBe(1500); // 30 of 120 minutes of 60 yuan
    expect(l.hours[0]).toEqual({ programme: 'home_care_subsidy', minutes: 30, fen: 400 });
    expect(l.vouchers).toEqual([{ programme: 'service_voucher', fen: 2000 }]);
    expect(l.selfPayListFen).toBe(2500);
    expect(l.selfPayFen).toBe(2000);
    expect(r.usage).toEqual({ hours: { home_care_subsidy: 30 }, vouchers: { service_voucher: 2000 } });
  });

  it('a C-class elder pays the discounted price; items subsidies may not pay are at the unified price', () => {
    const r = priceOrder([bath, repair], {
      ...none,
      selfPayDiscountPercent: 20,
      vouchers: [{ programme: 'service_voucher', remainingFen: 50_000 }],
    });
    expect(r.lines[1]).toMatchObject({ vouchers: [], selfPayFen: 8000 });
    expect(r.lines[0]).toMatchObject({ vouchers: [{ programme: 'service_voucher', fen: 6000 }], selfPayFen: 0 });
    const noVoucher = priceOrder([bath, repair], { ...none, selfPayDiscountPercent: 20 });
    expect(noVoucher.selfPayFen).toBe(4800 + 8000);
  });

  it('draws balances across lines in order and never beyond them', () => {
    const r = priceOrder([care2h, care2h], {
      ...none,
      hours: [{ programme: 'h', remainingMinutes: 150, hourlyRateFen: 800 }],
    });
    expect(r.lines.map((l) => l.hours[0]?.minutes ?? 0)).toEqual([120, 30]);
  });

  it('keeps every balance whole and every line adding up, whatever comes', () => {
    const line = fc.record({
      itemId: fc.nat(200),
      quantity: fc.integer({ min: 1, max: 5 }),
      unit: fc.constantFrom('visit', 'hour', 'meal', 'item') as fc.Arbitrary<PricedLine['unit']>,
      durationMinutes: fc.integer({ min: 0, max: 600 }),
      unitPriceFen: fc.integer({ min: 0, max: 100_000 }),
      subsidyEligible: fc.boolean(),
    });
    const ent = fc.record({
      hours: fc.array(
        fc.record({
          programme: fc.constantFrom('a', 'b'),
          remainingMinutes: fc.nat(3000),
          hourlyRateFen: fc.integer({ min: 0, max: 5000 }),
        }),
        { maxLength: 2 },
      ),
      vouchers: fc.array(fc.record({ programme: fc.constantFrom('v', 'w'), remainingFen: fc.nat(100_000) }), {
        maxLength: 2,
      }),
      selfPayDiscountPercent: fc.option(fc.integer({ min: 0, max: 100 })),
    });
    fc.assert(
      fc.property(fc.array(line, { maxLength: 6 }), ent, (lines, e) => {
        const r = priceOrder(lines, e);
        for (const l of r.lines) {
          const vouchers = l.vouchers.reduce((s, v) => s + v.fen, 0);
          expect(l.coveredByHoursFen + vouchers + l.selfPayListFen).toBe(l.listFen);
          expect(l.selfPayFen).toBeLessThanOrEqual(l.selfPayListFen);
          expect(l.selfPayListFen).toBeGreaterThanOrEqual(0);
        }
        const used = (k: string, xs: { programme: string }[], f: (x: never) => number) =>
          xs.filter((x) => x.programme === k).reduce((s, x) => s + f(x as never), 0);
        for (const k of ['a', 'b'])
          expect(r.usage.hours[k] ?? 0).toBeLessThanOrEqual(
            used(k, e.hours, (h: { remainingMinutes: number }) => h.remainingMinutes),
          );
        for (const k of ['v', 'w'])
          expect(r.usage.vouchers[k] ?? 0).toBeLessThanOrEqual(
            used(k, e.vouchers, (v: { remainingFen: number }) => v.remainingFen),
          );
        expect(r.listFen).toBe(lines.reduce((s, l) => s + l.unitPriceFen * l.quantity, 0));
      }),
    );
  });
});
