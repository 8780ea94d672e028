// Money that stays right as days pass: a new file is entitled the day it is made, the daily
// recompute writes nothing when nothing changed, and a month's cash lists regenerated on any
// later day hold the same lines — one per elder, programme and part — and reconcile.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inArray, sql } from 'drizzle-orm';
import { makeTestApp, type TestApp } from '../helpers/test-app.js';
import { orderWorld, USERS } from '../helpers/order-fixtures.js';
import { elderBody, idFor } from '../helpers/elder-fixtures.js';
import { approveApplication } from '../helpers/approved-application.js';
import { entitlements } from '../../src/server/db/schema.js';
import { recomputeEntitlements } from '../../src/server/modules/entitlements/recompute.js';
import { shanghaiDate } from '../../src/shared/today.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof orderWorld>>;
let seq = 500;

beforeAll(async () => {
  t = await makeTestApp();
  w = await orderWorld(t, 951);
});
afterAll(() => t.close());

const tekun = { categories: [{ type: 'tekun', certificateNo: 'TK778899', supportMode: 'dispersed' }] };
async function newElder(over: Record<string, unknown>) {
  const res = await w.call(
    'admin',
    'POST',
    '/api/elders',
    elderBody(w.place.regionId, {
      idNumber: idFor('19330612', (seq += 2)),
      address: '和平路 8 号',
      lng: w.place.lng,
      lat: w.place.lat,
      ...over,
    }),
  );
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as number;
}
const linesOf = async (listId: number) =>
  (
    (await w.call('admin', 'GET', `/api/payment-lists/${listId}/lines?pageSize=200`)).json().items as {
      elderId: number;
      programme: string;
      part: string;
      amountFen: number;
    }[]
  )
    .map((l) => `${l.elderId}:${l.programme}:${l.part}:${l.amountFen}`)
    .sort();
const periodsOf = async (ids: number[]) =>
  (await t.database.db.select().from(entitlements).where(inArray(entitlements.elderId, ids)))
    .map((e) => `${e.id}:${e.programme}:${e.validFrom}:${e.validTo}`)
    .sort();

describe('money as days pass', () => {
  it('a 特困 elder registered today is entitled from the day the approval takes effect, today, and on this month’s list', async () => {
    const programmesOf = async (id: number) => {
      const ents = (await w.call('admin', 'GET', `/api/elders/${id}/entitlements`)).json();
      return (Array.isArray(ents) ? ents : ents.items).map((e: { programme: string }) => e.programme);
    };
    const id = await newElder(tekun);
    // The category is the condition, the approval the gate (001 L30 「申请、民主评议、公示、审核和审批」).
    expect(await programmesOf(id)).not.toContain('tekun_support');
    await approveApplication(t, id, 'tekun_support', { effectiveFrom: shanghaiDate(t.deps.clock()) });
    expect(await programmesOf(id)).toContain('tekun_support');
    const month = shanghaiDate(t.deps.clock()).slice(0, 7);
    const list = (await w.call('admin', 'POST', '/api/payment-lists', { month, kind: 'tekun' })).json();
    expect((await linesOf(list.id)).filter((l) => l.startsWith(`${id}:`))).toEqual([
      `${id}:tekun_support:basic:100000`,
      `${id}:tekun_support:care:18400`,
    ]);
  });

  it('regenerating a month’s lists on five later days, each after the daily recompute, gives the same lines', async () => {
    const ids = [await newElder(tekun), await newElder({}), await newElder({ idNumber: idFor('19250101', 777) })];
    await approveApplication(t, ids[0], 'tekun_support', { effectiveFrom: shanghaiDate(t.deps.clock()) });
    const month = shanghaiDate(t.deps.clock()).slice(0, 7);
    const generate = async (kind: 'allowance' | 'tekun') => {
      const r = await w.call('admin', 'POST', '/api/payment-lists', { month, kind });
      expect([200, 201]).toContain(r.statusCode);
      return linesOf(r.json().id);
    };
    const first = { allowance: await generate('allowance'), tekun: await generate('tekun') };
    expect(first.allowance.filter((l) => ids.some((id) => l.startsWith(`${id}:`)))).toHaveLength(3);
    const periods = await periodsOf(ids);
    for (let day = 1; day <= 5; day++) {
      t.advance(24 * 60);
      for (const u of [...USERS, 'placestreet']) w.cookies[u] = await t.login(u);
      // The daily run, as the scheduler does it: nothing changed, so nothing is written.
      expect(await recomputeEntitlements(t.database, shanghaiDate(t.deps.clock()))).toBe(0);
      expect(await periodsOf(ids)).toEqual(periods);
      expect(await generate('allowance')).toEqual(first.allowance);
      expect(await generate('tekun')).toEqual(first.tekun);
    }
    const rec = (await w.call('admin', 'GET', `/api/reconciliation?month=${month}`)).json();
    const cash = rec.checks.filter((c: { key: string }) => c.key.startsWith('cash-'));
    expect(cash.map((c: { key: string; ok: boolean; details: string[] }) => [c.key, c.ok, c.details])).toEqual([
      ['cash-allowance', true, []],
      ['cash-tekun', true, []],
      ['cash-once', true, []],
    ]);
  });

  it('the reconciliation names a line that differs from the entitlement', async () => {
    const month = shanghaiDate(t.deps.clock()).slice(0, 7);
    const r = await w.call('admin', 'POST', '/api/payment-lists', { month, kind: 'allowance' });
    const listId = r.json().id as number;
    await t.database.db.execute(
      sql`update payment_lines set amount_fen = amount_fen + 1
          where id = (select min(id) from payment_lines where list_id = ${listId})`,
    );
    const rec = (await w.call('admin', 'GET', `/api/reconciliation?month=${month}`)).json();
    const check = rec.checks.find((c: { key: string }) => c.key === 'cash-allowance');
    expect(check).toMatchObject({ ok: false, difference: 1 });
    expect(check.details[0]).toMatch(/名单 .* 元，应享 .* 元/);
  });
});
