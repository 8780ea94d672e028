// A place where the demo caregiver's provider serves, elders there with approved home-care
// entitlements, and an order body: what the order and call-centre API tests build on.
import { eq } from 'drizzle-orm';
import type { TestApp } from './test-app.js';
import { elderBody, idFor } from './elder-fixtures.js';
import { applications, elders, serviceItems, users } from '../../src/server/db/schema.js';
import { ensureElderMonth } from '../../src/server/modules/ledger/run-month.js';
import { recomputeEntitlements } from '../../src/server/modules/entitlements/recompute.js';
import { shanghaiDate } from '../../src/shared/today.js';
import { addDays } from '../../src/core/calendar/working-days.js';
import { useMechanicsPolicy } from './mechanics-policy.js';

export const USERS = ['admin', 'operator', 'provider', 'caregiver', 'community2', 'street'] as const;

export async function orderWorld(t: TestApp, firstSeq = 31) {
  await useMechanicsPolicy(t);
  const cookies: Record<string, string> = {};
  for (const u of USERS) cookies[u] = await t.login(u);
  const today = shanghaiDate();
  const tomorrow = addDays(today, 1);
  const at = (hhmm: string, date = tomorrow) => `${date}T${hhmm}:00+08:00`;
  const call = (
    user: string,
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    payload?: object,
    headers: Record<string, string> = {},
  ) => t.app.inject({ method, url, payload, headers: { cookie: cookies[user], ...headers } });
  let seq = firstSeq;

  // Where the demo caregiver's provider has a service point: its elders can be served by it.
  const me = (await call('caregiver', 'GET', '/api/caregivers')).json().items[0] as { id: number; providerId: number };
  const provider = (await call('admin', 'GET', `/api/providers/${me.providerId}`)).json();
  const point = provider.points.find(
    (p: { areaKind: string; regionId: number | null }) => p.areaKind === 'radius' && p.regionId,
  );
  const place = { lng: point.lng as number, lat: point.lat as number, regionId: point.regionId as number };
  const regions = (await call('admin', 'GET', '/api/regions')).json();
  if (regions.find((r: { id: number }) => r.id === place.regionId).level === 'street')
    throw new Error('point region should be a community');
  const [{ id: careItem }] = await t.database.db
    .select({ id: serviceItems.id })
    .from(serviceItems)
    .where(eq(serviceItems.name, '生活照料（2 小时）'));
  // The demo caregiver works every day from 7 to 20, so the tests do not depend on the weekday.
  const detail = (await call('provider', 'GET', `/api/caregivers/${me.id}`)).json();
  const put = await call('provider', 'PUT', `/api/caregivers/${me.id}`, {
    name: detail.name,
    skills: [...new Set([...detail.skills, 'personal_care', 'cleaning'])],
    workDays: [1, 2, 3, 4, 5, 6, 7],
    workStart: '07:00',
    workEnd: '20:00',
    homeAddress: detail.homeAddress,
    homeLng: place.lng,
    homeLat: place.lat,
    joinedOn: detail.joinedOn,
  });
  if (put.statusCode !== 200) throw new Error(put.body);
  // Street staff of the place's own street ('placestreet'), like the demo's 'street' user.
  const streetId = regions.find((r: { id: number }) => r.id === place.regionId).parentId as number;
  const [template] = await t.database.db.select().from(users).where(eq(users.username, 'street'));
  await t.database.db.insert(users).values({
    username: 'placestreet',
    displayName: '本街道',
    role: 'street_staff',
    regionId: streetId,
    passwordHash: template.passwordHash,
  });
  cookies.placestreet = await t.login('placestreet');

  async function makeElder(over: Record<string, unknown> = {}, approved = true) {
    const res = await call(
      'admin',
      'POST',
      '/api/elders',
      elderBody(place.regionId, {
        idNumber: idFor('19450315', (seq += 2)),
        lng: place.lng,
        lat: place.lat,
        categories: [{ type: 'dibao', certificateNo: 'DB1234567', validUntil: '2030-12-31' }],
        ...over,
      }),
    );
    if (res.statusCode !== 201) throw new Error(res.body);
    const id = res.json().id as number;
    if (approved) {
      // An approved home-care application, as the approval path would leave it.
      await t.database.db.insert(applications).values({
        elderId: id,
        regionId: place.regionId,
        programme: 'home_care_subsidy',
        kind: 'new',
        state: 'approved',
        submittedOn: '2025-01-02',
        effectiveFrom: '2025-01-01',
      });
      // From the month's first day: a whole month is issued, so what tests expect of balances
      // does not depend on the day of the month they run.
      await recomputeEntitlements(t.database, `${today.slice(0, 7)}-01`, [id]);
    }
    return id;
  }
  /** An elder with the yearly service voucher (一档, completely unable), its month issued. */
  async function makeVoucherElder() {
    const id = await makeElder();
    // As the ability assessment and an approved voucher application would leave the file.
    await t.database.db.update(elders).set({ abilityGrade: 'complete' }).where(eq(elders.id, id));
    await t.database.db.insert(applications).values({
      elderId: id,
      regionId: place.regionId,
      programme: 'service_voucher',
      kind: 'new',
      state: 'approved',
      submittedOn: '2025-01-02',
      effectiveFrom: '2025-01-01',
    });
    await recomputeEntitlements(t.database, `${today.slice(0, 7)}-01`, [id]);
    await ensureElderMonth(t.database.db, id, today.slice(0, 7));
    return id;
  }
  const order = (elderId: number, over: Record<string, unknown> = {}) => ({
    elderId,
    channel: 'phone',
    lines: [{ itemId: careItem, quantity: 2 }],
    startAt: at('09:00'),
    endAt: at('11:00'),
    ...over,
  });
  const door = () => ({ lng: place.lng, lat: place.lat });

  /**
   * An order taken through to check-out by the demo caregiver, punching at the given places: in at
   * the booked start (the clock moved there, inside the check-in window), out 110 minutes later.
   */
  async function completedOrder(
    elderId: number,
    punch: { in: { lng: number; lat: number }; out: { lng: number; lat: number } } = { in: door(), out: door() },
    start = '09:00',
    end = '11:00',
  ) {
    const o = (
      await call('operator', 'POST', '/api/orders', order(elderId, { startAt: at(start), endAt: at(end) }))
    ).json();
    await call('operator', 'POST', `/api/orders/${o.id}/actions`, { action: 'confirm' });
    const d = await call('operator', 'POST', `/api/orders/${o.id}/actions`, { action: 'dispatch', caregiverId: me.id });
    if (d.statusCode !== 200) throw new Error(d.body);
    const accepted = await call('caregiver', 'POST', `/api/orders/${o.id}/actions`, { action: 'accept' });
    if (accepted.statusCode !== 200) throw new Error(accepted.body);
    let moved = (Date.parse(o.startAt) - t.deps.clock().getTime()) / 60_000;
    t.advance(moved);
    try {
      cookies.caregiver = await t.login('caregiver');
      const r = await call('caregiver', 'POST', `/api/orders/${o.id}/actions`, { action: 'check_in', ...punch.in });
      if (r.statusCode !== 200) throw new Error(r.body);
      t.advance(110);
      moved += 110;
      cookies.caregiver = await t.login('caregiver');
      const out = await call('caregiver', 'POST', `/api/orders/${o.id}/actions`, { action: 'check_out', ...punch.out });
      if (out.statusCode !== 200) throw new Error(out.body);
      return out.json();
    } finally {
      t.advance(-moved);
      // Sessions are checked against the moved clock: sign everyone in again.
      for (const u of [...USERS, 'placestreet']) cookies[u] = await t.login(u);
    }
  }
  return {
    cookies,
    call,
    at,
    today,
    tomorrow,
    place,
    streetId,
    careItem,
    caregiver: me,
    makeElder,
    makeVoucherElder,
    order,
    door,
    completedOrder,
  };
}
