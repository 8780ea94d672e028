// Cash programmes through the API: payee accounts kept encrypted and masked, the month's
// allowance and 特困 lists with their problem lines, the bank file in the configured layout,
// a sent list closed to regeneration, and money sent after a death turned into a recovery item.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { makeTestApp, type TestApp } from '../helpers/test-app.js';
import { orderWorld } from '../helpers/order-fixtures.js';
import { idFor } from '../helpers/elder-fixtures.js';
import { applications, payeeAccounts } from '../../src/server/db/schema.js';
import { recomputeEntitlements } from '../../src/server/modules/entitlements/recompute.js';
import { monthEnd, previousMonth } from '../../src/core/calendar/months.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof orderWorld>>;
let seq = 900;

beforeAll(async () => {
  t = await makeTestApp();
  w = await orderWorld(t, 901);
});
afterAll(() => t.close());

async function elderWith(programmes: string[], over: Record<string, unknown> = {}) {
  const id = await w.makeElder({ idNumber: idFor('19340315', (seq += 2)), ...over }, false);
  for (const programme of programmes) {
    await t.database.db.insert(applications).values({
      elderId: id,
      regionId: w.place.regionId,
      programme,
      kind: 'new',
      state: 'approved',
      submittedOn: '2025-01-02',
      effectiveFrom: '2025-01-01',
    });
  }
  await recomputeEntitlements(t.database, `${previousMonth(w.today.slice(0, 7))}-01`, [id]);
  return id;
}
/** A payee account as the four-eyes path leaves it: asked for by the district, approved by the street. */
async function setPayee(elderId: number, payee: Record<string, string>) {
  const asked = await w.call('admin', 'POST', `/api/elders/${elderId}/payee-changes`, { ...payee, reason: '登记账户' });
  if (asked.statusCode !== 201) return asked;
  const approved = await w.call('placestreet', 'POST', `/api/payee-changes/${asked.json().id}/decision`, {
    decision: 'approve',
  });
  expect(approved.statusCode, approved.body).toBe(200);
  return asked;
}
const lines = async (listId: number) =>
  (await w.call('admin', 'GET', `/api/payment-lists/${listId}/lines?pageSize=200`)).json().items as {
    elderId: number;
    part: string;
    month: string;
    amountFen: number;
    pooled: boolean;
    problem: string | null;
    accountMasked: string | null;
  }[];

describe('cash payment lists', () => {
  it('pays the allowance to recorded accounts, exports the bank file, and recovers what was sent after a death', async () => {
    const month = w.today.slice(0, 7);
    const paid = await elderWith(['old_age_allowance']);
    const noAccount = await elderWith(['old_age_allowance']);
    const bad = await setPayee(paid, {
      payeeKind: 'self',
      payeeName: '张三',
      bankName: '农业银行',
      accountNo: '6222 abc',
    });
    expect(bad.json().errors[0]).toMatchObject({ field: 'accountNo', message: expect.stringContaining('数字') });
    const put = await setPayee(paid, {
      payeeKind: 'self',
      payeeName: '张三',
      bankName: '农业银行',
      accountNo: '6228 4800 1234 5678 901',
    });
    expect(put.json()).toMatchObject({ accountMasked: '6228 **** 8901' });
    const [stored] = await t.database.db.select().from(payeeAccounts).where(eq(payeeAccounts.elderId, paid));
    expect(stored.accountCipher).not.toContain('1234');

    const made = await w.call('admin', 'POST', '/api/payment-lists', { month, kind: 'allowance' });
    expect(made.statusCode, made.body).toBe(201);
    const list = made.json();
    const mine = (await lines(list.id)).filter((l) => [paid, noAccount].includes(l.elderId));
    // Each line says the month it pays for: a monthly list's lines, its own month.
    expect(new Set(mine.map((l) => l.month))).toEqual(new Set([month]));
    // Born 1934: 90–99 band, 50 yuan a month (004 模板3:「90―99岁老人每人每月不低于50元」).
    expect(mine.find((l) => l.elderId === paid)).toMatchObject({
      part: 'allowance',
      amountFen: 5_000,
      problem: null,
      accountMasked: '6228 **** 8901',
    });
    expect(mine.find((l) => l.elderId === noAccount)).toMatchObject({ problem: '没有收款账户' });
    expect(list.totals.problemLines).toBeGreaterThanOrEqual(1);

    const file = await w.call('admin', 'POST', `/api/payment-lists/${list.id}/bank-file`, {});
    expect(file.statusCode, file.body).toBe(200);
    expect(file.body).toContain('6228480012345678901');
    expect(file.body).toContain('50.00');
    // Only lines that can be paid go to the bank: a header and one row per such line.
    expect(file.body.trim().split('\r\n')).toHaveLength(
      1 + (await lines(list.id)).filter((l) => !l.problem && !l.pooled).length,
    );
    const again = await w.call('admin', 'POST', '/api/payment-lists', { month, kind: 'allowance' });
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toContain('不能重新生成');
    expect((await w.call('admin', 'POST', `/api/payment-lists/${list.id}/paid`, {})).json()).toMatchObject({
      state: 'paid',
    });

    // The death is recorded late, in the month before: this month's payment must come back.
    const died = monthEnd(previousMonth(month));
    expect(
      (
        await w.call('admin', 'POST', `/api/elders/${paid}/status`, {
          status: 'deceased',
          deathDate: died,
          reason: '病故',
        })
      ).statusCode,
    ).toBe(200);
    const prev = await w.call('admin', 'POST', '/api/payment-lists', {
      month: previousMonth(month),
      kind: 'allowance',
    });
    expect(prev.json().recoveriesFound).toBe(1);
    expect((await lines(prev.json().id)).find((l) => l.elderId === paid)).toMatchObject({ amountFen: 5_000 });
    const rec = (await w.call('admin', 'GET', '/api/payment-recoveries?state=open')).json().items;
    expect(rec[0]).toMatchObject({
      elderId: paid,
      month,
      amountFen: 5_000,
      reason: expect.stringContaining('不应发放'),
    });
    expect(
      (
        await w.call('admin', 'POST', `/api/payment-recoveries/${rec[0].id}`, {
          state: 'recovered',
          note: '家属已退回',
        })
      ).json(),
    ).toMatchObject({ state: 'recovered' });
    expect(
      (await w.call('admin', 'POST', `/api/payment-recoveries/${rec[0].id}`, { state: 'waived', note: '再办一次' }))
        .statusCode,
    ).toBe(409);
  });

  it('特困 support: the basic part to the person or the home, the care part pooled; the bank layout is configurable', async () => {
    const month = w.today.slice(0, 7);
    const tekun = (mode: string) => ({ categories: [{ type: 'tekun', certificateNo: 'TK123456', supportMode: mode }] });
    const home = await elderWith(['tekun_support'], tekun('concentrated'));
    const misfiled = await elderWith(['tekun_support'], tekun('concentrated'));
    await setPayee(home, {
      payeeKind: 'institution',
      payeeName: '城关区中心敬老院',
      bankName: '工商银行',
      accountNo: '0200001234567890',
    });
    await setPayee(misfiled, {
      payeeKind: 'self',
      payeeName: '李四',
      bankName: '工商银行',
      accountNo: '0200009876543210',
    });

    const badLayout = await w.call('admin', 'PUT', '/api/bank-layout', {
      name: '缺金额',
      columns: [{ title: '账号', field: 'accountNo' }],
      header: true,
      amountIn: 'yuan',
    });
    expect(badLayout.statusCode).toBe(400);
    expect(badLayout.json().errors[0].message).toContain('账号和金额');
    expect(
      (
        await w.call('admin', 'PUT', '/api/bank-layout', {
          name: '某银行批量代发',
          columns: [
            { title: '账号', field: 'accountNo' },
            { title: '户名', field: 'payeeName' },
            { title: '金额', field: 'amount' },
          ],
          header: false,
          amountIn: 'fen',
        })
      ).statusCode,
    ).toBe(200);

    const list = (await w.call('admin', 'POST', '/api/payment-lists', { month, kind: 'tekun' })).json();
    const ls = await lines(list.id);
    expect(ls.filter((l) => l.elderId === home).map((l) => [l.part, l.amountFen, l.pooled, l.problem])).toEqual([
      ['basic', 100_000, false, null],
      ['care', 18_400, true, null],
    ]);
    expect(ls.find((l) => l.elderId === misfiled && l.part === 'basic')!.problem).toContain('供养机构');
    const file = (await w.call('admin', 'POST', `/api/payment-lists/${list.id}/bank-file`, {})).body;
    expect(file.trim().split('\r\n')).toContain('0200001234567890,城关区中心敬老院,100000');
    expect(file).not.toContain('18400');
    expect((await w.call('street', 'GET', '/api/payment-lists')).statusCode).toBe(403);
    expect(
      (await w.call('admin', 'POST', '/api/payment-lists', { month: '2099-01', kind: 'tekun' })).json().errors[0],
    ).toMatchObject({ field: 'month' });
  });
});
