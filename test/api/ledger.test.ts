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
  const ents = (await w.call('admin', 'GET', `/api/elders/${elderId}/entitlements`)).json() as { programme: string; validFrom: string; validTo: string | null }[];
  const e = ents.find((x) => x.programme === 'home_care_subsidy')!;
  const days = activeDays(month, { from: e.validFrom, to: e.validTo });
  return Math.floor((1200 * days) / (daysBetween(`${month}-01`, monthEnd(month)) + 1));
}

describe('the month job', () => {
  it('issues a poor elder\'s 20 free hours once, however often it runs', async () => {
    const elderId = await w.makeElder();
    const month = w.today.slice(0, 7);
    const first = await w.call('admin', 'POST', '/api/ledger/months', { month });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().issued).toBeGreaterThanOrEqual(1);
    const again = await Promise.all([0, 1].map(() => w.call('admin', 'POST', '/api/ledger/months', { month })));
    expect(again.map((r) => r.json().issued)).toEqual([0, 0]);
    const ledger = (await w.call('admin', 'GET', `/api/elders/${elderId}/ledger`)).json();
    const hours = ledger.find((a: { programme: string; unit: string }) => a.programme === 'home_care_subsidy' && a.unit === 'minutes');
    // Entitled from the day the file was made: this month is prorated by its days, rounded down.
    const expected = await firstMonthMinutes(elderId, month);
    expect(hours, JSON.stringify({ hours, expected })).toMatchObject({ programmeName: '居家养老服务补贴', balance: expected });
    expect(hours.entries).toEqual([expect.objectContaining({ kind: 'issue', amount: expected, period: month, note: expect.stringContaining('每月 20 小时') })]);
  });

  it('at the next month unused hours lapse and the new month is issued', async () => {
    const elderId = await w.makeElder();
    const month = w.today.slice(0, 7);
    await runLedgerMonth(t.database.db, month, SYSTEM);
    const next = nextMonth(month);
    const r = await runLedgerMonth(t.database.db, next, SYSTEM);
    expect(r.lapsed).toBeGreaterThanOrEqual(1);
    const hours = (await w.call('admin', 'GET', `/api/elders/${elderId}/ledger`)).json().find((a: { unit: string }) => a.unit === 'minutes');
    expect(hours.balance).toBe(1200);
    const first = await firstMonthMinutes(elderId, month);
    expect(hours.entries.map((e: { kind: string; amount: number; period: string }) => `${e.kind} ${e.amount} ${e.period}`).sort())
      .toEqual([`expire -${first} ${month}`, `issue ${first} ${month}`, `issue 1200 ${next}`].sort());
    expect(previousMonth(next)).toBe(month);
    expect((await runLedgerMonth(t.database.db, next, SYSTEM))).toMatchObject({ issued: 0, lapsed: 0 });
  });

  it('refuses a malformed or future month and callers without policy.write', async () => {
    const bad = await w.call('admin', 'POST', '/api/ledger/months', { month: '2026-13' });
    expect(bad.json().errors[0]).toMatchObject({ field: 'month' });
    const future = await w.call('admin', 'POST', '/api/ledger/months', { month: nextMonth(w.today.slice(0, 7)) });
    expect(future.statusCode).toBe(400);
    expect(future.json().errors[0].message).toContain('不能提前发放');
    expect((await w.call('operator', 'POST', '/api/ledger/months', { month: w.today.slice(0, 7) })).statusCode).toBe(403);
  });

  it('keeps entries append-only, and an elder\'s ledger inside the jurisdiction', async () => {
    await expect(t.database.db.execute(sql`update ledger_entries set amount = 1`)).rejects.toThrow();
    await expect(t.database.db.execute(sql`delete from ledger_entries`)).rejects.toThrow();
    const elderId = await w.makeElder();
    expect((await w.call('community2', 'GET', `/api/elders/${elderId}/ledger`)).statusCode).toBe(404);
  });
});
