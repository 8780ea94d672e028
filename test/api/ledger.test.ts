// The entitlement ledger through the API: the month job issues hours once however often it
// runs, lapses what the rules say at month end, refuses bad and future months, and its entries
// cannot be changed even with SQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { makeTestApp, type TestApp } from '../helpers/test-app.js';
import { orderWorld } from '../helpers/order-fixtures.js';
import { runLedgerMonth } from '../../src/server/modules/ledger/run-month.js';
import { systemActor } from '../../src/server/modules/audit/audit-writer.js';
import { activeDays } from '../../src/core/ledger/issuance.js';
import { monthEnd, nextMonth, previousMonth } from '../../src/core/calendar/months.js';
import { daysBetween } from '../../src/core/calendar/working-days.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof orderWorld>>;
const SYSTEM = systemActor('test');

beforeAll(async () => {
  t = await makeTestApp();
  w = await orderWorld(t, 501);
});
afterAll(() => t.close());

async function firstMonthMinutes(elderId: number, month: string) {
  const ents = (await w.call('admin', 'GET', `/api/elders/${elderId}/entitlements`)).json() as {
    programme: string;
    validFrom: string;
    validTo: string | null;
  }[];
  const e = ents.find((x) => x.programme === 'home_care_subsidy')!;
  const days = activeDays(month, { from: e.validFrom, to: e.validTo });
  return Math.floor((1200 * days) / (daysBetween(`${month}-01`, monthEnd(month)) + 1));
}

describe('the month job', () => {
  it("issues a poor elder's 20 free hours once, however often it runs", async () => {
    const elderId = await w.makeElder();
    const month = w.today.slice(0, 7);
    const first = await w.call('admin', 'POST', '/api/ledger/months', { month });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().issued).toBeGreaterThanOrEqual(1);
    const again = await Promise.all([0, 1].map(() => w.call('admin', 'POST', '/api/ledger/months', { month })));
    expect(again.map((r) => r.json().issued)).toEqual([0, 0]);
    const ledger = (await w.call('admin', 'GET', `/api/elders/${elderId}/ledger`)).json();
    const hours = ledger.find(
      (a: { programme: string; unit: string }) => a.programme === 'home_care_subsidy' && a.unit === 'minutes',
    );
    // Entitled from the day the file was made: this month is prorated by its days, rounded down.
    const expected = await firstMonthMinutes(elderId, month);
    expect(hours, JSON.stringify({ hours, expected })).toMatchObject({
      programmeName: '居家养老服务补贴',
      balance: expected,
    });
    expect(hours.entries).toEqual([
      expect.objectContaining({
        kind: 'issue',
        amount: expected,
        period: month,
        note: expect.stringContaining('每月 20 小时'),
      }),
    ]);
  });

  it('at the next month unused hours lapse and the new month is issued', async () => {
    const elderId = await w.makeElder();
    const month = w.today.slice(0, 7);
    await runLedgerMonth(t.database.db, month, SYSTEM);
    const next = nextMonth(month);
    const r = await runLedgerMonth(t.database.db, next, SYSTEM);
    expect(r.lapsed).toBeGreaterThanOrEqual(1);
    const hours = (await w.call('admin', 'GET', `/api/elders/${elderId}/ledger`))
      .json()
      .find((a: { unit: string }) => a.unit === 'minutes');
    expect(hours.balance).toBe(1200);
    const first = await firstMonthMinutes(elderId, month);
    expect(
      hours.entries
        .map((e: { kind: string; amount: number; period: string }) => `${e.kind} ${e.amount} ${e.period}`)
        .sort(),
    ).toEqual([`expire -${first} ${month}`, `issue ${first} ${month}`, `issue 1200 ${next}`].sort());
    expect(previousMonth(next)).toBe(month);
    expect(await runLedgerMonth(t.database.db, next, SYSTEM)).toMatchObject({ issued: 0, lapsed: 0 });
  });

  it('refuses a malformed or future month and callers without policy.write', async () => {
    const bad = await w.call('admin', 'POST', '/api/ledger/months', { month: '2026-13' });
    expect(bad.json().errors[0]).toMatchObject({ field: 'month' });
    const future = await w.call('admin', 'POST', '/api/ledger/months', { month: nextMonth(w.today.slice(0, 7)) });
    expect(future.statusCode).toBe(400);
    expect(future.json().errors[0].message).toContain('不能提前发放');
    expect((await w.call('operator', 'POST', '/api/ledger/months', { month: w.today.slice(0, 7) })).statusCode).toBe(
      403,
    );
  });

  it("keeps entries append-only, and an elder's ledger inside the jurisdiction", async () => {
    await expect(t.database.db.execute(sql`update ledger_entries set amount = 1`)).rejects.toThrow();
    await expect(t.database.db.execute(sql`delete from ledger_entries`)).rejects.toThrow();
    const elderId = await w.makeElder();
    expect((await w.call('community2', 'GET', `/api/elders/${elderId}/ledger`)).statusCode).toBe(404);
  });
});

describe('draws at verification', () => {
  const minutesAccount = async (elderId: number) =>
    (
      (await w.call('admin', 'GET', `/api/elders/${elderId}/ledger`)).json() as {
        unit: string;
        balance: number;
        entries: { kind: string; amount: number; orderId: number | null }[];
      }[]
    ).find((a) => a.unit === 'minutes')!;

  it('a verified visit draws once; an exception only when accepted; a rejected one never, and its hold is freed', async () => {
    const elderId = await w.makeElder();
    const verified = await w.completedOrder(elderId);
    expect(verified.verification).toBe('verified');
    const far = { lng: w.place.lng + 0.3, lat: w.place.lat };
    const odd = await w.completedOrder(elderId, { in: far, out: far }, '12:00', '14:00');
    const conceded = await w.completedOrder(elderId, { in: far, out: far }, '15:00', '17:00');
    expect([odd.verification, conceded.verification]).toEqual(['exception', 'exception']);

    let account = await minutesAccount(elderId);
    expect(account.entries.filter((e) => e.kind === 'draw')).toEqual([
      expect.objectContaining({ amount: -120, orderId: verified.id }),
    ]);
    expect(account.balance).toBe(1200 - 120);

    await w.call('provider', 'POST', `/api/orders/${odd.id}/review`, {
      decision: 'explain',
      reasonCode: 'gps_unavailable',
      note: '定位失灵',
    });
    const accepted = await w.call('placestreet', 'POST', `/api/orders/${odd.id}/review`, {
      decision: 'accept',
      resolutionCode: 'accepted_call_confirmed',
      note: '电话核实',
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    await w.call('provider', 'POST', `/api/orders/${conceded.id}/review`, { decision: 'reject', note: '确实未上门' });
    account = await minutesAccount(elderId);
    expect(
      account.entries
        .filter((e) => e.kind === 'draw')
        .map((e) => e.orderId)
        .sort(),
    ).toEqual([verified.id, odd.id].sort());
    expect(account.balance).toBe(1200 - 240);
    expect(account.balance).toBe(account.entries.reduce((s, e) => s + e.amount, 0));

    // The conceded visit's two hours are free again: a new order may use all that is left.
    const big = await w.call(
      'operator',
      'POST',
      '/api/orders',
      w.order(elderId, { lines: [{ itemId: w.careItem, quantity: 16 }], startAt: w.at('18:00'), endAt: w.at('20:00') }),
    );
    expect(big.json().lines[0].breakdown.hours[0].minutes).toBe(1200 - 240);
  });
});
