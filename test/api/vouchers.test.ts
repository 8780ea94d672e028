// Paper vouchers through the API: printed from the voucher balance and never beyond it, even
// when printed at once from several desks; redeemed once, a second presentation refused and
// kept; voided back to the balance. Run on PGlite and again on PostgreSQL, where the parallel
// requests really run at the same time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { makeTestApp, type TestApp } from '../helpers/test-app.js';
import { orderWorld } from '../helpers/order-fixtures.js';
import { runLedgerMonth } from '../../src/server/modules/ledger/run-month.js';
import { systemActor } from '../../src/server/modules/audit/audit-writer.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof orderWorld>>;

beforeAll(async () => {
  t = await makeTestApp();
  w = await orderWorld(t, 701);
});
afterAll(() => t.close());

const voucherAccount = async (elderId: number) =>
  (
    (await w.call('admin', 'GET', `/api/elders/${elderId}/ledger`)).json() as {
      programme: string;
      balance: number;
      entries: { kind: string; amount: number }[];
    }[]
  ).find((a) => a.programme === 'service_voucher')!;

describe('paper vouchers', () => {
  it('prints from the balance, refuses more than it holds, and redeems each code once', async () => {
    const elderId = await w.makeVoucherElder();
    const before = (await voucherAccount(elderId)).balance;
    expect(before).toBeGreaterThanOrEqual(4000);
    const printed = await w.call('placestreet', 'POST', `/api/elders/${elderId}/vouchers`, {
      count: 2,
      valueFen: 2000,
    });
    expect(printed.statusCode, printed.body).toBe(201);
    const [a, b] = printed.json();
    expect(a).toMatchObject({ state: 'issued', valueFen: 2000, code: expect.stringMatching(/^YY[0-9A-Z]{13}$/) });
    expect((await voucherAccount(elderId)).balance).toBe(before - 4000);

    const tooMany = await w.call('placestreet', 'POST', `/api/elders/${elderId}/vouchers`, {
      count: 50,
      valueFen: 100_000,
    });
    expect(tooMany.statusCode).toBe(409);
    expect(tooMany.json().errors[0]).toMatchObject({ field: 'count', message: expect.stringContaining('余额不足') });
    expect((await voucherAccount(elderId)).balance).toBe(before - 4000);
    const badValue = await w.call('placestreet', 'POST', `/api/elders/${elderId}/vouchers`, {
      count: 0,
      valueFen: 2000,
    });
    expect(badValue.json().errors[0]).toMatchObject({ field: 'count', message: '至少印 1 张' });

    // The provider's staff scan it; the same code again — by anyone — is refused and kept.
    const scanned = await w.call('provider', 'POST', '/api/vouchers/redeem', { code: a.code.toLowerCase() });
    expect(scanned.statusCode, scanned.body).toBe(200);
    expect(scanned.json()).toMatchObject({
      state: 'redeemed',
      redeemedChannel: 'scan',
      providerName: expect.any(String),
    });
    const again = await w.call('provider', 'POST', '/api/vouchers/redeem', { code: a.code });
    expect(again.statusCode).toBe(409);
    expect(again.json().errors[0]).toMatchObject({ field: 'code', message: expect.stringContaining('不能再次兑付') });
    const refusals = (await w.call('placestreet', 'GET', '/api/vouchers/refusals')).json();
    expect(refusals[0]).toMatchObject({ code: a.code, reason: expect.stringContaining('不能再次兑付') });

    // A mistyped code is caught by its check character before anything is looked up.
    const typo = a.code.slice(0, 5) + (a.code[5] === '7' ? '8' : '7') + a.code.slice(6);
    expect((await w.call('provider', 'POST', '/api/vouchers/redeem', { code: typo })).json().errors[0]).toMatchObject({
      field: 'code',
      message: expect.stringContaining('券码不正确'),
    });

    // At the street office the clerk names the provider.
    const noProvider = await w.call('placestreet', 'POST', '/api/vouchers/redeem', { code: b.code, channel: 'office' });
    expect(noProvider.json().errors[0]).toMatchObject({ field: 'providerId' });
    const providerId = scanned.json().redeemedProviderId;
    const office = await w.call('placestreet', 'POST', '/api/vouchers/redeem', {
      code: b.code,
      channel: 'office',
      providerId,
    });
    expect(office.json()).toMatchObject({ state: 'redeemed', redeemedChannel: 'office' });

    const listed = (
      await w.call('provider', 'GET', `/api/vouchers?state=redeemed&month=${w.today.slice(0, 7)}`)
    ).json();
    expect(listed.items.map((v: { code: string }) => v.code)).toEqual(expect.arrayContaining([a.code, b.code]));
    expect((await w.call('community2', 'GET', `/api/vouchers?elderId=${elderId}`)).json().total).toBe(0);
  });

  it('a lost voucher is voided back to the balance, once', async () => {
    const elderId = await w.makeVoucherElder();
    const before = (await voucherAccount(elderId)).balance;
    const [v] = (
      await w.call('placestreet', 'POST', `/api/elders/${elderId}/vouchers`, { count: 1, valueFen: 1000 })
    ).json();
    const noReason = await w.call('placestreet', 'POST', `/api/vouchers/${v.id}/void`, { reason: '' });
    expect(noReason.json().errors[0]).toMatchObject({ field: 'reason' });
    const voided = await w.call('placestreet', 'POST', `/api/vouchers/${v.id}/void`, { reason: '老人遗失' });
    expect(voided.json()).toMatchObject({ state: 'void' });
    expect((await voucherAccount(elderId)).balance).toBe(before);
    expect((await w.call('placestreet', 'POST', `/api/vouchers/${v.id}/void`, { reason: '老人遗失' })).statusCode).toBe(
      409,
    );
    expect((await w.call('provider', 'POST', '/api/vouchers/redeem', { code: v.code })).json().detail).toContain(
      '已作废',
    );
  });

  it('parallel redemptions of one code give one success; parallel printing never overdraws', async () => {
    const elderId = await w.makeVoucherElder();
    const balance = (await voucherAccount(elderId)).balance;
    const [v] = (
      await w.call('placestreet', 'POST', `/api/elders/${elderId}/vouchers`, { count: 1, valueFen: 100 })
    ).json();
    const redeems = await Promise.all(
      Array.from({ length: 8 }, () => w.call('provider', 'POST', '/api/vouchers/redeem', { code: v.code })),
    );
    expect(redeems.map((r) => r.statusCode).sort()).toEqual([200, 409, 409, 409, 409, 409, 409, 409]);

    // A quarter of what is left, asked for six times at once: at most four can be printed.
    const left = balance - 100;
    const quarter = Math.floor(left / 4);
    const prints = await Promise.all(
      Array.from({ length: 6 }, () =>
        w.call('placestreet', 'POST', `/api/elders/${elderId}/vouchers`, { count: 1, valueFen: quarter }),
      ),
    );
    const ok = prints.filter((r) => r.statusCode === 201).length;
    expect(prints.filter((r) => r.statusCode !== 201).every((r) => r.statusCode === 409)).toBe(true);
    expect(ok).toBe(4);
    const account = await voucherAccount(elderId);
    expect(account.balance).toBe(left - 4 * quarter);
    expect(account.balance).toBe(account.entries.reduce((s, e) => s + e.amount, 0));
    // The database refuses an overdraw whatever path writes it.
    await expect(
      t.database.db.execute(sql`insert into ledger_entries (account_id, kind, amount, period)
      select id, 'draw', -(balance + 1), '2026-01' from ledger_accounts where elder_id = ${elderId} and programme = 'service_voucher'`),
    ).rejects.toThrow();
  });

  it('vouchers not redeemed by the end of the year they were printed in expire', async () => {
    const elderId = await w.makeVoucherElder();
    const [v] = (
      await w.call('placestreet', 'POST', `/api/elders/${elderId}/vouchers`, { count: 1, valueFen: 500 })
    ).json();
    await runLedgerMonth(t.database.db, `${Number(w.today.slice(0, 4)) + 1}-01`, systemActor('test'));
    const late = await w.call('provider', 'POST', '/api/vouchers/redeem', { code: v.code });
    expect(late.statusCode).toBe(409);
    expect(late.json().detail).toContain('已作废');
  });
});
