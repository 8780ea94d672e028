import { describe, expect, it } from 'vitest';
import { bankRows, cashLines, overpaid, type CashElder } from './payment-list.js';

const tekun = {
  programme: 'tekun_support',
  benefit: { kind: 'cash' as const, amountFen: 118_400, per: 'month' as const, careShareFen: 18_400 },
  from: '2017-01-01',
  to: null,
};
const allowance = {
  programme: 'old_age_allowance',
  benefit: { kind: 'cash' as const, amountFen: 10_000, per: 'month' as const, careShareFen: 0 },
  from: '2025-01-01',
  to: null,
};
const elder = (over: Partial<CashElder> = {}): CashElder => ({
  elderId: 1,
  deathDate: null,
  supportMode: 'dispersed',
  entitlements: [tekun, allowance],
  payee: { kind: 'self', name: '张三' },
  ...over,
});

describe('cash payment lists', () => {
  it("pays dispersed support's basic part to the person and pools the care part", () => {
    expect(cashLines('tekun', '2026-11', elder())).toEqual([
      {
        elderId: 1,
        month: '2026-11',
        programme: 'tekun_support',
        part: 'basic',
        amountFen: 100_000,
        pooled: false,
        problem: null,
      },
      {
        elderId: 1,
        month: '2026-11',
        programme: 'tekun_support',
        part: 'care',
        amountFen: 18_400,
        pooled: true,
        problem: null,
      },
    ]);
    expect(cashLines('allowance', '2026-11', elder())).toEqual([
      {
        elderId: 1,
        month: '2026-11',
        programme: 'old_age_allowance',
        part: 'allowance',
        amountFen: 10_000,
        pooled: false,
        problem: null,
      },
    ]);
  });
  it('「按季度对90-99岁老年人高龄补助……每人每月补助100元」 (002 第4篇): a quarterly benefit waits for the quarter’s last month, then pays each of its months once', () => {
    const quarterly = {
      ...allowance,
      from: '2026-11-15',
      benefit: { ...allowance.benefit, paidEvery: 'quarter' as const },
    };
    const e = elder({ entitlements: [quarterly] });
    expect(cashLines('allowance', '2026-10', e)).toEqual([]);
    expect(cashLines('allowance', '2026-11', e)).toEqual([]);
    expect(cashLines('allowance', '2026-12', e).map((l) => [l.month, l.amountFen])).toEqual([
      ['2026-11', 10_000],
      ['2026-12', 10_000],
    ]);
    // The month of death is paid, the months after are not, on the quarter's list too.
    const died = elder({ entitlements: [{ ...quarterly, from: '2026-10-01' }], deathDate: '2026-11-03' });
    expect(cashLines('allowance', '2026-12', died).map((l) => l.month)).toEqual(['2026-10', '2026-11']);
  });
  it('001 L142 Dongping 「分散供养标准从年每人1200元增长到1400元」: a yearly standard is paid a twelfth a month, the year adding up', () => {
    const yearly = {
      programme: 'tekun_support',
      benefit: { kind: 'cash' as const, amountFen: 140_000, per: 'year' as const, careShareFen: 0 },
      from: '2026-01-01',
      to: null,
    };
    const months = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`);
    const paid = months.map((m) => cashLines('tekun', m, elder({ entitlements: [yearly] })));
    expect(paid.every((l) => l.length === 1 && l[0].part === 'basic')).toBe(true);
    // 1,400 yuan / 12 = 116.666…: 116.67 for the first eight months, 116.66 for the last four.
    expect(paid.map((l) => l[0].amountFen)).toEqual([...Array(8).fill(11_667), ...Array(4).fill(11_666)]);
    expect(paid.reduce((s, l) => s + l[0].amountFen, 0)).toBe(140_000);
  });
  it("concentrated support goes to the home's account; a person's account there is a problem to fix", () => {
    expect(
      cashLines(
        'tekun',
        '2026-11',
        elder({ supportMode: 'concentrated', payee: { kind: 'institution', name: '城关敬老院' } }),
      )[0].problem,
    ).toBeNull();
    expect(cashLines('tekun', '2026-11', elder({ supportMode: 'concentrated' }))[0].problem).toContain('供养机构');
    expect(cashLines('allowance', '2026-11', elder({ payee: null }))[0].problem).toBe('没有收款账户');
  });
  it('a month split into periods (a recompute, a birthday) still pays one line per programme and part', () => {
    const cut = [
      { ...allowance, to: '2026-11-09' },
      { ...allowance, from: '2026-11-10', to: '2026-11-19' },
      {
        ...allowance,
        from: '2026-11-20',
        benefit: { ...allowance.benefit, amountFen: 20_000 },
      },
    ];
    const tekunCut = [
      { ...tekun, to: '2026-11-14' },
      { ...tekun, from: '2026-11-15' },
    ];
    const lines = cashLines('allowance', '2026-11', elder({ entitlements: cut }));
    expect(lines).toHaveLength(1);
    // The standard in force on the month's first day; the new one pays from December.
    expect(lines[0].amountFen).toBe(10_000);
    expect(cashLines('allowance', '2026-12', elder({ entitlements: cut }))[0].amountFen).toBe(20_000);
    const t = cashLines('tekun', '2026-11', elder({ entitlements: tekunCut }));
    expect(t.map((l) => l.part)).toEqual(['basic', 'care']);
    // Entitled from the middle of a month: that month is paid at the standard it began with.
    expect(
      cashLines('allowance', '2026-11', elder({ entitlements: [{ ...allowance, from: '2026-11-20' }] }))[0].amountFen,
    ).toBe(10_000);
  });
  it('the month of death is paid, the months after are not', () => {
    expect(
      cashLines(
        'allowance',
        '2026-11',
        elder({ deathDate: '2026-11-03', entitlements: [{ ...allowance, to: '2026-11-03' }] }),
      ),
    ).toHaveLength(1);
    expect(
      cashLines(
        'allowance',
        '2026-12',
        elder({ deathDate: '2026-11-03', entitlements: [{ ...allowance, to: '2026-11-03' }] }),
      ),
    ).toEqual([]);
    // Even if the entitlement was not yet cut when the list is made.
    expect(cashLines('allowance', '2026-12', elder({ deathDate: '2026-11-03' }))).toEqual([]);
  });
  it('money sent for a month after the death becomes a recovery item', () => {
    const sent = [
      { lineId: 7, elderId: 1, month: '2026-11', amountFen: 10_000 },
      { lineId: 8, elderId: 1, month: '2026-12', amountFen: 10_000 },
      { lineId: 9, elderId: 2, month: '2026-12', amountFen: 3_000 },
    ];
    expect(overpaid(sent, (id) => (id === 1 ? '2026-11-20' : null))).toEqual([
      { lineId: 8, elderId: 1, month: '2026-12', amountFen: 10_000, reason: '已于 2026-11-20 去世，2026-12 不应发放' },
    ]);
  });
  it('the bank file follows the layout, in yuan or fen', () => {
    const line = {
      payeeName: '张三',
      accountNo: '6222000011112222',
      bankName: '农业银行',
      amountFen: 100_050,
      idNumber: '620102194503150011',
      elderName: '张三',
      month: '2026-11',
      programme: '特困人员供养',
      remark: '2026-11 特困供养',
    };
    expect(
      bankRows(
        {
          columns: [
            { title: '序号', field: 'seq' },
            { title: '账号', field: 'accountNo' },
            { title: '金额', field: 'amount' },
          ],
          header: true,
          amountIn: 'yuan',
        },
        [line],
      ),
    ).toEqual([
      ['序号', '账号', '金额'],
      ['1', '6222000011112222', '1000.50'],
    ]);
    expect(
      bankRows(
        {
          columns: [
            { title: '金额（分）', field: 'amount' },
            { title: '户名', field: 'payeeName' },
          ],
          header: false,
          amountIn: 'fen',
        },
        [line],
      ),
    ).toEqual([['100050', '张三']]);
  });
});
