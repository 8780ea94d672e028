// Work orders through the API: pricing against entitlements, idempotent creation, no overdraw
// under parallel requests, bad input, dispatch, the caregiver's steps and visit verification.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/test-app.js';
import { elderBody, idFor } from '../helpers/elder-fixtures.js';
import { applications, serviceItems } from '../../src/server/db/schema.js';
import { recomputeEntitlements } from '../../src/server/modules/entitlements/recompute.js';
import { shanghaiDate } from '../../src/shared/today.js';
import { addDays } from '../../src/core/calendar/working-days.js';
import { eq } from 'drizzle-orm';
import { expireUnaccepted } from '../../src/server/jobs/expire-dispatches.js';

let t: TestApp;
const cookies: Record<string, string> = {};
const today = shanghaiDate();
const tomorrow = addDays(today, 1);
const at = (hhmm: string, date = tomorrow) => `${date}T${hhmm}:00+08:00`;
let place: { lng: number; lat: number; regionId: number };
let careItem: number; // 生活照料（2 小时）, per hour
let seq = 31;

async function makeElder(over: Record<string, unknown> = {}, approved = true) {
  const res = await call('admin', 'POST', '/api/elders', elderBody(place.regionId, {
    idNumber: idFor('19450315', seq += 2), lng: place.lng, lat: place.lat,
    categories: [{ type: 'dibao', certificateNo: 'DB1234567', validUntil: '2030-12-31' }], ...over,
  }));
  if (res.statusCode !== 201) throw new Error(res.body);
  const id = res.json().id;
  if (approved) {
    // An approved home-care application, as the approval path would leave it.
    const [community] = (await call('admin', 'GET', '/api/regions')).json().filter((r: { id: number }) => r.id === place.regionId);
    await t.database.db.insert(applications).values({ elderId: id, regionId: community.id, programme: 'home_care_subsidy', kind: 'new', state: 'approved', submittedOn: '2025-01-02', effectiveFrom: '2025-01-01' });
    await recomputeEntitlements(t.database, today, [id]);
  }
  return id as number;
}
const order = (elderId: number, over: Record<string, unknown> = {}) => ({ elderId, channel: 'phone', lines: [{ itemId: careItem, quantity: 2 }], startAt: at('09:00'), endAt: at('11:00'), ...over });
const call = (user: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, headers: Record<string, string> = {}) =>
  t.app.inject({ method, url, payload, headers: { cookie: cookies[user], ...headers } });

beforeAll(async () => {
  t = await makeTestApp();
  for (const u of ['admin', 'operator', 'provider', 'caregiver', 'community2', 'street']) cookies[u] = await t.login(u);
  // Where the demo caregiver's provider has a service point: its elders can be served by it.
  const me = (await call('caregiver', 'GET', '/api/caregivers')).json().items[0];
  const provider = (await call('admin', 'GET', `/api/providers/${me.providerId}`)).json();
  const point = provider.points.find((p: { areaKind: string; regionId: number | null }) => p.areaKind === 'radius' && p.regionId);
  place = { lng: point.lng, lat: point.lat, regionId: point.regionId };
  const regions = (await call('admin', 'GET', '/api/regions')).json();
  if (regions.find((r: { id: number }) => r.id === place.regionId).level === 'street') throw new Error('point region should be a community');
  [{ id: careItem }] = await t.database.db.select({ id: serviceItems.id }).from(serviceItems).where(eq(serviceItems.name, '生活照料（2 小时）'));
  // The demo caregiver works every day from 7 to 20, so the tests do not depend on the weekday.
  const detail = (await call('provider', 'GET', `/api/caregivers/${me.id}`)).json();
  const put = await call('provider', 'PUT', `/api/caregivers/${me.id}`, {
    name: detail.name, skills: [...new Set([...detail.skills, 'personal_care', 'cleaning'])], workDays: [1, 2, 3, 4, 5, 6, 7], workStart: '07:00', workEnd: '20:00',
    homeAddress: detail.homeAddress, homeLng: place.lng, homeLat: place.lat, joinedOn: detail.joinedOn,
  });
  if (put.statusCode !== 200) throw new Error(put.body);
});
afterAll(() => t.close());

describe('creating orders', () => {
  it('prices two hours of care against a poor elder\'s free monthly hours, once per idempotency key', async () => {
    const elderId = await makeElder();
    const headers = { 'idempotency-key': `test-${elderId}-first` };
    const r = await call('operator', 'POST', '/api/orders', order(elderId), headers);
    expect(r.statusCode).toBe(201);
    const o = r.json();
    expect(o).toMatchObject({ state: 'created', classCode: 'A3', listFen: 6000, selfPayFen: 0, programmeFen: 1600 });
    expect(o.lines[0].breakdown.hours).toEqual([{ programme: 'home_care_subsidy', minutes: 120, fen: 1600 }]);
    const again = await call('operator', 'POST', '/api/orders', order(elderId), headers);
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(o.id);
    expect((await call('operator', 'GET', `/api/orders?elderId=${elderId}`)).json().total).toBe(1);
  });

  it('an elder with no approved application pays the paid-class price', async () => {
    const elderId = await makeElder({ categories: [] }, false);
    const o = (await call('operator', 'POST', '/api/orders', order(elderId))).json();
    expect(o).toMatchObject({ classCode: 'C', listFen: 6000, programmeFen: 0, selfPayFen: 4800 });
  });

  it('never draws more hours than the month holds, however many operators order at once', async () => {
    const elderId = await makeElder();
    const results = await Promise.all(Array.from({ length: 14 }, (_, i) => call('operator', 'POST', '/api/orders', order(elderId, { startAt: at('07:00', addDays(tomorrow, 0)), endAt: at('08:00') }), { 'idempotency-key': `parallel-${elderId}-${i}` })));
    expect(results.filter((r) => r.statusCode !== 201).map((r) => r.body)).toEqual([]);
    const listed = (await call('operator', 'GET', `/api/orders?elderId=${elderId}&pageSize=50`)).json();
    expect(listed.total).toBe(14);
    const minutes = listed.items.reduce((s: number, o: { lines: { breakdown: { hours: { minutes: number }[] } }[] }) => s + o.lines.reduce((a, l) => a + l.breakdown.hours.reduce((b, h) => b + h.minutes, 0), 0), 0);
    expect(minutes).toBe(20 * 60); // A3: 20 hours a month, all used, none twice
    expect(listed.items.filter((o: { selfPayFen: number }) => o.selfPayFen > 0)).toHaveLength(4);
  });

  it('refuses a deceased elder, a window in the past or backwards, an unknown item, and an elder under 60', async () => {
    const dead = await makeElder();
    await call('admin', 'POST', `/api/elders/${dead}/status`, { status: 'deceased', deathDate: today, reason: '病故' });
    const r1 = await call('operator', 'POST', '/api/orders', order(dead));
    expect(r1.statusCode).toBe(409);
    expect(r1.json().detail).toContain('已故');
    const alive = await makeElder();
    const past = await call('operator', 'POST', '/api/orders', order(alive, { startAt: at('09:00', addDays(today, -1)), endAt: at('11:00', addDays(today, -1)) }));
    expect(past.json().errors[0]).toMatchObject({ field: 'startAt' });
    const backwards = await call('operator', 'POST', '/api/orders', order(alive, { endAt: at('08:00') }));
    expect(backwards.json().errors[0]).toMatchObject({ field: 'endAt', message: '结束时间应晚于开始时间' });
    const unknown = await call('operator', 'POST', '/api/orders', order(alive, { lines: [{ itemId: 999999, quantity: 1 }] }));
    expect(unknown.json().errors[0].field).toBe('lines.0.itemId');
    const young = await makeElder({ idNumber: idFor('19800101', 71) }, false);
    const r5 = await call('operator', 'POST', '/api/orders', order(young));
    expect(r5.statusCode).toBe(409);
    expect(r5.json().errors[0].field).toBe('elderId');
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
    const both = await Promise.all([0, 1].map(() => call('caregiver', 'POST', `/api/orders/${o.id}/actions`, { action: 'accept' })));
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const farIn = await call('caregiver', 'POST', `/api/orders/${o.id}/actions`, { action: 'check_in', lng: place.lng, lat: place.lat + 0.27 });
    expect(farIn.json().state).toBe('in_service');
    t.advance(120);
    cookies.caregiver = await t.login('caregiver');
    try {
      const out = (await call('caregiver', 'POST', `/api/orders/${o.id}/actions`, { action: 'check_out', lng: place.lng, lat: place.lat })).json();
      expect(out.state).toBe('completed');
      const ver = out.events.at(-1).data.verification;
      expect(ver.verified).toBe(false);
      expect(ver.exceptions.map((e: { code: string }) => e.code)).toEqual(['check_in_far']);
      expect(ver.checkInDistanceM).toBeGreaterThan(29_000);
    } finally {
      t.advance(-120);
      cookies.caregiver = await t.login('caregiver');
    }
    // Others see nothing of it.
    expect((await call('community2', 'GET', `/api/orders/${o.id}`)).statusCode).toBe(404);
  });

  it('dispatches to the best candidate by itself, and a refusal needs a reason and frees the order', async () => {
    const elderId = await makeElder();
    const o = (await call('operator', 'POST', '/api/orders', order(elderId, { startAt: at('14:00'), endAt: at('16:00') }))).json();
    await call('operator', 'POST', `/api/orders/${o.id}/actions`, { action: 'confirm' });
    const auto = await call('operator', 'POST', `/api/orders/${o.id}/actions`, { action: 'dispatch' });
    expect(auto.statusCode).toBe(200);
    const first = auto.json().caregiverId;
    expect(first).not.toBeNull();
    expect(auto.json().events.at(-1).data.auto.distanceM).toBeGreaterThanOrEqual(0);
    // The operator overrides it to the demo caregiver, and it is recorded as an override.
    const me = (await call('caregiver', 'GET', '/api/caregivers')).json().items[0];
    if (first !== me.id) {
      const over = await call('operator', 'POST', `/api/orders/${o.id}/actions`, { action: 'reassign', caregiverId: me.id, reason: '老人点名要刘阿姨' });
      expect(over.statusCode, over.body).toBe(200);
      expect(over.json().events.at(-1).data.override).toEqual({ recommended: expect.any(Number) });
    }
    const noReason = await call('caregiver', 'POST', `/api/orders/${o.id}/actions`, { action: 'refuse' });
    expect(noReason.json().errors[0].field).toBe('reason');
    const refused = await call('caregiver', 'POST', `/api/orders/${o.id}/actions`, { action: 'refuse', reason: '当天另有安排' });
    expect(refused.statusCode).toBe(200);
    const back = (await call('operator', 'GET', `/api/orders/${o.id}`)).json();
    expect(back).toMatchObject({ state: 'confirmed', caregiverId: null });
    // …and is not offered to the one who refused.
    const again = (await call('operator', 'GET', `/api/orders/${o.id}/candidates`)).json();
    expect(again.map((c: { caregiverId: number }) => c.caregiverId)).not.toContain(me.id);
  });

  it('refuses to dispatch to a caregiver who cannot take it', async () => {
    const elderId = await makeElder();
    const o = (await call('operator', 'POST', '/api/orders', order(elderId, { startAt: at('21:00'), endAt: at('22:00') }))).json();
    await call('operator', 'POST', `/api/orders/${o.id}/actions`, { action: 'confirm' });
    const me = (await call('caregiver', 'GET', '/api/caregivers')).json().items[0];
    const r = await call('operator', 'POST', `/api/orders/${o.id}/actions`, { action: 'dispatch', caregiverId: me.id });
    expect(r.statusCode).toBe(409);
    expect(r.json().errors[0]).toMatchObject({ field: 'caregiverId', message: '不在工作时间内' });
  });

  it('an order not accepted within 15 minutes goes to the next caregiver, once', async () => {
    const elderId = await makeElder();
    const o = (await call('operator', 'POST', '/api/orders', order(elderId, { startAt: at('15:00'), endAt: at('16:00') }))).json();
    await call('operator', 'POST', `/api/orders/${o.id}/actions`, { action: 'confirm' });
    const first = (await call('operator', 'POST', `/api/orders/${o.id}/actions`, { action: 'dispatch' })).json().caregiverId;
    expect(await expireUnaccepted(t.database.db, new Date(Date.now() + 14 * 60_000))).toEqual({ expired: 0, redispatched: 0 });
    const later = new Date(Date.now() + 16 * 60_000);
    const r = await expireUnaccepted(t.database.db, later);
    expect(r.expired).toBe(1);
    const after = (await call('operator', 'GET', `/api/orders/${o.id}`)).json();
    expect(after.events.map((e: { action: string; actor: string }) => `${e.action}:${e.actor}`)).toEqual(expect.arrayContaining(['expire:system']));
    if (r.redispatched) expect(after).toMatchObject({ state: 'dispatched' });
    else expect(after).toMatchObject({ state: 'confirmed', caregiverId: null });
    expect(after.caregiverId).not.toBe(first);
    // Running it again at the same moment changes nothing.
    expect((await expireUnaccepted(t.database.db, later)).expired).toBe(0);
  });
});
