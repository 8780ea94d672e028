// Work orders through the API: pricing against entitlements, idempotent creation, no overdraw
// under parallel requests, bad input, dispatch, the caregiver's steps and visit verification.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { makeTestApp, type TestApp } from '../helpers/test-app.js';
import { idFor } from '../helpers/elder-fixtures.js';
import { orderWorld } from '../helpers/order-fixtures.js';
import { shanghaiDate } from '../../src/shared/today.js';
import { addDays } from '../../src/core/calendar/working-days.js';
import { expireUnaccepted } from '../../src/server/jobs/expire-dispatches.js';
import { orders } from '../../src/server/db/schema.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof orderWorld>>;
let cookies: Record<string, string>;
let place: { lng: number; lat: number; regionId: number };
const today = shanghaiDate();
const tomorrow = addDays(today, 1);
const at = (hhmm: string, date = tomorrow) => `${date}T${hhmm}:00+08:00`;
const makeElder = (over: Record<string, unknown> = {}, approved = true) => w.makeElder(over, approved);
const order = (elderId: number, over: Record<string, unknown> = {}) => w.order(elderId, over);
const call = (
  user: string,
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  payload?: object,
  headers: Record<string, string> = {},
) => w.call(user, method, url, payload, headers);

beforeAll(async () => {
  t = await makeTestApp();
  w = await orderWorld(t);
  ({ cookies, place } = w);
});
afterAll(() => t.close());

describe('creating orders', () => {
  it("prices two hours of care against a poor elder's free monthly hours, once per idempotency key", async () => {
    const elderId = await makeElder();
    const headers = { 'idempotency-key': `test-${elderId}-first` };
    const r = await call('operator', 'POST', '/api/orders', order(elderId), headers);
    expect(r.statusCode).toBe(201);
    const o = r.json();
    expect(o).toMatchObject({ state: 'created', classCode: 'A3', listFen: 6000, selfPayFen: 0, programmeFen: 1600 });
    expect(o.lines[0].breakdown.hours).toEqual([{ programme: 'home_care_subsidy', minutes: 120, fen: 1600 }]);
    const again = await call('operator', 'POST', '/api/orders', order(elderId), headers);
    expect(again.statusCode).toBe(200);
    // The answer to creation is built without reading back; it must say what a read says.
    expect(again.json()).toEqual(o);
    expect((await call('operator', 'GET', `/api/orders?elderId=${elderId}`)).json().total).toBe(1);
  });

  it('refuses an idempotency key reused for another request, naming the key, and creates nothing', async () => {
    const elderId = await makeElder();
    const otherElder = await makeElder();
    const headers = { 'idempotency-key': `reuse-${elderId}-key` };
    const first = await call('operator', 'POST', '/api/orders', order(elderId), headers);
    expect(first.statusCode).toBe(201);
    const [stored] = await t.database.db
      .select({ hash: orders.idempotencyHash })
      .from(orders)
      .where(eq(orders.id, first.json().id));
    expect(stored.hash).toMatch(/^[0-9a-f]{64}$/);
    // Another elder under the same key: not the first elder's order, and no order at all.
    const other = await call('operator', 'POST', '/api/orders', order(otherElder), headers);
    expect(other.statusCode).toBe(422);
    expect(other.json().errors).toEqual([{ field: 'Idempotency-Key', message: expect.stringContaining('幂等键') }]);
    expect(other.json().detail).toContain('Idempotency-Key');
    expect((await call('operator', 'GET', `/api/orders?elderId=${otherElder}`)).json().total).toBe(0);
    // The same elder at another time is another request too.
    const later = await call(
      'operator',
      'POST',
      '/api/orders',
      order(elderId, { startAt: at('13:00'), endAt: at('15:00') }),
      headers,
    );
    expect(later.statusCode).toBe(422);
    // The same moment written in UTC is the same request: answered again.
    const utc = order(elderId, {
      startAt: new Date(at('09:00')).toISOString(),
      endAt: new Date(at('11:00')).toISOString(),
      notes: null,
    });
    const again = await call('operator', 'POST', '/api/orders', utc, headers);
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    expect((await call('operator', 'GET', `/api/orders?elderId=${elderId}`)).json().total).toBe(1);
  });

  it('answers concurrent first uses of one key with one 201 and the same order for the rest', async () => {
    const elderId = await makeElder();
    const headers = { 'idempotency-key': `race-${elderId}-key` };
    const results = await Promise.all(
      Array.from({ length: 8 }, () => call('operator', 'POST', '/api/orders', order(elderId), headers)),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(results.map((r) => r.json().id)).size).toBe(1);
    expect((await call('operator', 'GET', `/api/orders?elderId=${elderId}`)).json().total).toBe(1);
  });

  it('an elder with no approved application pays the paid-class price', async () => {
    const elderId = await makeElder({ categories: [] }, false);
    const o = (await call('operator', 'POST', '/api/orders', order(elderId))).json();
    expect(o).toMatchObject({ classCode: 'C', listFen: 6000, programmeFen: 0, selfPayFen: 4800 });
  });

  it('never draws more hours than the month holds, however many operators order at once', async () => {
    const elderId = await makeElder();
    const results = await Promise.all(
      Array.from({ length: 14 }, (_, i) =>
        call(
          'operator',
          'POST',
          '/api/orders',
          order(elderId, { startAt: at('07:00', addDays(tomorrow, 0)), endAt: at('08:00') }),
          { 'idempotency-key': `parallel-${elderId}-${i}` },
        ),
      ),
    );
    expect(results.filter((r) => r.statusCode !== 201).map((r) => r.body)).toEqual([]);
    const listed = (await call('operator', 'GET', `/api/orders?elderId=${elderId}&pageSize=50`)).json();
    expect(listed.total).toBe(14);
    const minutes = listed.items.reduce(
      (s: number, o: { lines: { breakdown: { hours: { minutes: number }[] } }[] }) =>
        s + o.lines.reduce((a, l) => a + l.breakdown.hours.reduce((b, h) => b + h.minutes, 0), 0),
      0,
    );
    expect(minutes).toBe(20 * 60); // A3: 20 hours a month, all used, none twice
    expect(listed.items.filter((o: { selfPayFen: number }) => o.selfPayFen > 0)).toHaveLength(4);
  });

  it('refuses a deceased elder, a window in the past or backwards, an unknown item, and an elder not entitled', async () => {
    const dead = await makeElder();
    await call('admin', 'POST', `/api/elders/${dead}/status`, { status: 'deceased', deathDate: today, reason: '病故' });
    const r1 = await call('operator', 'POST', '/api/orders', order(dead));
    expect(r1.statusCode).toBe(409);
    expect(r1.json().detail).toContain('已故');
    const alive = await makeElder();
    const past = await call(
      'operator',
      'POST',
      '/api/orders',
      order(alive, { startAt: at('09:00', addDays(today, -1)), endAt: at('11:00', addDays(today, -1)) }),
    );
    expect(past.json().errors[0]).toMatchObject({ field: 'startAt' });
    const backwards = await call('operator', 'POST', '/api/orders', order(alive, { endAt: at('08:00') }));
    expect(backwards.json().errors[0]).toMatchObject({ field: 'endAt', message: '结束时间应晚于开始时间' });
    const unknown = await call(
      'operator',
      'POST',
      '/api/orders',
      order(alive, { lines: [{ itemId: 999999, quantity: 1 }] }),
    );
    expect(unknown.json().errors[0].field).toBe('lines.0.itemId');
    // Not entitled — registered elsewhere and here only a year — but in the registry: the elder
    // buys the service at the unified price, with no class and nothing from the programme.
    const outsider = await makeElder({ idNumber: idFor('19600101', 71), hukou: 'nonlocal', residenceYears: 1 }, false);
    const r5 = await call('operator', 'POST', '/api/orders', order(outsider));
    expect(r5.statusCode).toBe(201);
    expect(r5.json()).toMatchObject({ classCode: null, programmeFen: 0, selfPayFen: r5.json().listFen });
    expect((await call('provider', 'POST', '/api/orders', order(alive))).statusCode).toBe(403);
  });
});

describe('dispatch and the visit', () => {
  it('goes from dispatch to check-out, and a check-in 30 km away is an exception', async () => {
    const elderId = await makeElder();
    const o = (await call('operator', 'POST', '/api/orders', order(elderId))).json();
    const me = (await call('caregiver', 'GET', '/api/caregivers')).json().items[0];
    expect((await call('caregiver', 'POST', `/api/orders/${o.id}/actions`, { action: 'accept' })).statusCode).toBe(404);
    await call('operator', 'POST', `/api/orders/${o.id}/actions`, { action: 'confirm' });
    const candidates = (await call('operator', 'GET', `/api/orders/${o.id}/candidates`)).json();
    expect(candidates.map((c: { caregiverId: number }) => c.caregiverId)).toContain(me.id);
    const d = await call('operator', 'POST', `/api/orders/${o.id}/actions`, { action: 'dispatch', caregiverId: me.id });
    expect(d.json()).toMatchObject({ state: 'dispatched', caregiverId: me.id, providerId: me.providerId });
    // Two taps on "accept": one counts.
    const both = await Promise.all(
      [0, 1].map(() => call('caregiver', 'POST', `/api/orders/${o.id}/actions`, { action: 'accept' })),
    );
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    // At the booked start, inside the check-in window: only the place is wrong.
    const lead = (Date.parse(o.startAt) - t.deps.clock().getTime()) / 60_000;
    t.advance(lead);
    cookies.caregiver = await t.login('caregiver');
    const farIn = await call('caregiver', 'POST', `/api/orders/${o.id}/actions`, {
      action: 'check_in',
      lng: place.lng,
      lat: place.lat + 0.27,
    });
    expect(farIn.json().state).toBe('in_service');
    t.advance(120);
    cookies.caregiver = await t.login('caregiver');
    try {
      const out = (
        await call('caregiver', 'POST', `/api/orders/${o.id}/actions`, {
          action: 'check_out',
          lng: place.lng,
          lat: place.lat,
        })
      ).json();
      expect(out.state).toBe('completed');
      const ver = out.events.at(-1).data.verification;
      expect(ver.verified).toBe(false);
      expect(ver.exceptions.map((e: { code: string }) => e.code)).toEqual(['check_in_far']);
      expect(ver.checkInDistanceM).toBeGreaterThan(29_000);
    } finally {
      t.advance(-120 - lead);
      cookies.caregiver = await t.login('caregiver');
    }
    // Others see nothing of it.
    expect((await call('community2', 'GET', `/api/orders/${o.id}`)).statusCode).toBe(404);
  });

  it('dispatches to the best candidate by itself, and a refusal needs a reason and frees the order', async () => {
    const elderId = await makeElder();
    const o = (
      await call('operator', 'POST', '/api/orders', order(elderId, { startAt: at('14:00'), endAt: at('16:00') }))
    ).json();
    await call('operator', 'POST', `/api/orders/${o.id}/actions`, { action: 'confirm' });
    const auto = await call('operator', 'POST', `/api/orders/${o.id}/actions`, { action: 'dispatch' });
    expect(auto.statusCode).toBe(200);
    const first = auto.json().caregiverId;
    expect(first).not.toBeNull();
    expect(auto.json().events.at(-1).data.auto.distanceM).toBeGreaterThanOrEqual(0);
    // The operator overrides it to the demo caregiver, and it is recorded as an override.
    const me = (await call('caregiver', 'GET', '/api/caregivers')).json().items[0];
    if (first !== me.id) {
      const over = await call('operator', 'POST', `/api/orders/${o.id}/actions`, {
        action: 'reassign',
        caregiverId: me.id,
        reason: '老人点名要刘阿姨',
      });
      expect(over.statusCode, over.body).toBe(200);
      expect(over.json().events.at(-1).data.override).toEqual({ recommended: expect.any(Number) });
    }
    const noReason = await call('caregiver', 'POST', `/api/orders/${o.id}/actions`, { action: 'refuse' });
    expect(noReason.json().errors[0].field).toBe('reason');
    const refused = await call('caregiver', 'POST', `/api/orders/${o.id}/actions`, {
      action: 'refuse',
      reason: '当天另有安排',
    });
    expect(refused.statusCode).toBe(200);
    const back = (await call('operator', 'GET', `/api/orders/${o.id}`)).json();
    expect(back).toMatchObject({ state: 'confirmed', caregiverId: null });
    // …and is not offered to the one who refused.
    const again = (await call('operator', 'GET', `/api/orders/${o.id}/candidates`)).json();
    expect(again.map((c: { caregiverId: number }) => c.caregiverId)).not.toContain(me.id);
  });

  it('refuses to dispatch to a caregiver who cannot take it', async () => {
    const elderId = await makeElder();
    const o = (
      await call('operator', 'POST', '/api/orders', order(elderId, { startAt: at('21:00'), endAt: at('22:00') }))
    ).json();
    await call('operator', 'POST', `/api/orders/${o.id}/actions`, { action: 'confirm' });
    const me = (await call('caregiver', 'GET', '/api/caregivers')).json().items[0];
    const r = await call('operator', 'POST', `/api/orders/${o.id}/actions`, { action: 'dispatch', caregiverId: me.id });
    expect(r.statusCode).toBe(409);
    expect(r.json().errors[0]).toMatchObject({ field: 'caregiverId', message: '不在工作时间内' });
  });

  it('an order not accepted within 15 minutes goes to the next caregiver, once', async () => {
    const elderId = await makeElder();
    const o = (
      await call('operator', 'POST', '/api/orders', order(elderId, { startAt: at('15:00'), endAt: at('16:00') }))
    ).json();
    await call('operator', 'POST', `/api/orders/${o.id}/actions`, { action: 'confirm' });
    const first = (await call('operator', 'POST', `/api/orders/${o.id}/actions`, { action: 'dispatch' })).json()
      .caregiverId;
    expect(await expireUnaccepted(t.database.db, new Date(Date.now() + 14 * 60_000))).toEqual({
      expired: 0,
      redispatched: 0,
    });
    const later = new Date(Date.now() + 16 * 60_000);
    const r = await expireUnaccepted(t.database.db, later);
    expect(r.expired).toBe(1);
    const after = (await call('operator', 'GET', `/api/orders/${o.id}`)).json();
    expect(after.events.map((e: { action: string; actor: string }) => `${e.action}:${e.actor}`)).toEqual(
      expect.arrayContaining(['expire:system']),
    );
    if (r.redispatched) expect(after).toMatchObject({ state: 'dispatched' });
    else expect(after).toMatchObject({ state: 'confirmed', caregiverId: null });
    expect(after.caregiverId).not.toBe(first);
    // Running it again at the same moment changes nothing.
    expect((await expireUnaccepted(t.database.db, later)).expired).toBe(0);
  });
});
