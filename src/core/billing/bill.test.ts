import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { billSmsText, monthlyBill, type BillOrder } from './bill.js';

const order = (over: Partial<BillOrder> = {}): BillOrder => ({
  id: 1,
  serviceDate: '2026-11-03',
  state: 'closed',
  verification: 'verified',
  items: '生活照料（2 小时）×2',
  listFen: 6000,
  selfPayFen: 0,
  lines: [{ breakdown: { hours: [{ programme: 'home_care_subsidy', fen: 1600 }], vouchers: [] } }],
  ...over,
});

describe('the monthly bill', () => {
  it("lists billable visits with each programme's part and what the elder owes", () => {
    const b = monthlyBill([
      order(),
      order({
        id: 2,
        serviceDate: '2026-11-05',
        verification: 'accepted',
        selfPayFen: 1000,
        lines: [{ breakdown: { hours: [], vouchers: [{ programme: 'service_voucher', fen: 2000 }] } }],
      }),
    ]);
    expect(b.lines.map((l) => l.orderId)).toEqual([1, 2]);
    expect(b.totals).toEqual({
      listFen: 12000,
      programmeFen: 3600,
      discountFen: 7400,
      selfPayFen: 1000,
      programmes: { home_care_subsidy: 1600, service_voucher: 2000 },
    });
  });
  it('holds back disputed and unsettled visits, leaves out rejected ones with a reason, and ignores what never happened', () => {
    const b = monthlyBill([
      order({ id: 3, verification: 'exception' }),
      order({ id: 4, verification: 'rejected' }),
      order({ id: 5, state: 'disputed' }),
      order({ id: 6, state: 'cancelled', verification: null }),
      order({ id: 7, state: 'confirmed', verification: null }),
    ]);
    expect(b.lines).toEqual([]);
    expect(b.held.map((h) => `${h.orderId}:${h.reason}`)).toEqual([
      '3:核验异常待审核',
      '4:核验异常不予认可，不计费',
      '5:有争议，待处理',
    ]);
  });
  it('every total is the sum of its lines, to the fen', () => {
    const part = fc.record({
      programme: fc.constantFrom('home_care_subsidy', 'service_voucher'),
      fen: fc.integer({ min: 0, max: 50_000 }),
    });
    const o = fc.record({
      id: fc.nat(),
      serviceDate: fc.constantFrom('2026-11-01', '2026-11-15'),
      state: fc.constantFrom('closed', 'completed', 'disputed', 'cancelled'),
      verification: fc.constantFrom('verified', 'accepted', 'exception', 'rejected', null),
      items: fc.constant('x'),
      listFen: fc.integer({ min: 0, max: 100_000 }),
      selfPayFen: fc.integer({ min: 0, max: 100_000 }),
      lines: fc.array(
        fc.record({
          breakdown: fc.record({ hours: fc.array(part, { maxLength: 2 }), vouchers: fc.array(part, { maxLength: 2 }) }),
        }),
        { maxLength: 3 },
      ),
    });
    fc.assert(
      fc.property(fc.array(o, { maxLength: 30 }), (orders) => {
        const b = monthlyBill(orders);
        expect(b.totals.selfPayFen).toBe(b.lines.reduce((s, l) => s + l.selfPayFen, 0));
        expect(b.totals.programmeFen).toBe(Object.values(b.totals.programmes).reduce((s, f) => s + f, 0));
        expect(b.totals.listFen).toBe(b.lines.reduce((s, l) => s + l.listFen, 0));
        // Each line's parts make up its price: programmes + class reduction + the elder's part.
        for (const l of b.lines) expect(l.programmeFen + l.discountFen + l.selfPayFen).toBe(l.listFen);
        expect(b.totals.programmeFen + b.totals.discountFen + b.totals.selfPayFen).toBe(b.totals.listFen);
      }),
    );
  });
});

describe("the bill's SMS summary", () => {
  it('says the month, the visits, the subsidy and what is owed, in yuan', () => {
    const totals = { listFen: 12_000, programmeFen: 3_200, discountFen: 1_760, selfPayFen: 7_040, programmes: {} };
    expect(billSmsText('张三', '2026-10', totals, 2, null, '12349')).toBe(
      '【颐养】张三您好：2026年10月居家养老服务 2 次，合计 120.00 元，政府补贴 32.00 元，您应付 70.40 元，请向社区或服务中心缴纳。详询 12349。',
    );
    expect(billSmsText('张三', '2026-03', totals, 2, 7_040, '12349')).toContain('3月');
    expect(billSmsText('张三', '2026-03', totals, 2, 7_040, '12349')).toContain('已缴清');
    expect(billSmsText('张三', '2026-03', totals, 2, 4_000, '12349')).toContain('已缴 40.00 元，尚欠 30.40 元');
    expect(billSmsText('张三', '2026-03', { ...totals, selfPayFen: 0 }, 2, null, '12349')).toContain('您无需缴费');
    expect(billSmsText('欧阳秀英', '2026-12', totals, 31, null, '12349').length).toBeLessThanOrEqual(140);
  });
  it('names the district hotline it is given: 965885 in Lanzhou (000 范文3 L111 「借助“965885”服务系统」), not 12349', () => {
    const totals = { listFen: 12_000, programmeFen: 3_200, discountFen: 1_760, selfPayFen: 7_040, programmes: {} };
    const text = billSmsText('张三', '2026-10', totals, 2, null, '965885');
    expect(text).toMatch(/详询 965885。$/);
    expect(text).not.toContain('12349');
  });
});
