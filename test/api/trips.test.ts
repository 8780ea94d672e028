// Trip tracking through the API: the caregiver's phone reports positions only for her own order
// and only while it is under way, at most one per 15 s; the order keeps its trail for those who
// may read it; the console's live view flags an order whose caregiver cannot make start + grace.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, isNull, ne } from 'drizzle-orm';
import { makeTestApp, type TestApp } from '../helpers/test-app.js';
import { orderWorld, USERS } from '../helpers/order-fixtures.js';
import { caregivers, tripPositions, users } from '../../src/server/db/schema.js';
import { housekeepingJobs } from '../../src/server/jobs/housekeeping.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof orderWorld>>;

const call = (user: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  w.call(user, method, url, payload);

/** Moves the app's clock to a local time on the orders' day and signs everyone in again. */
async function clockAt(hhmm: string) {
  t.setNow(new Date(w.at(hhmm)));
  for (const u of [...USERS, 'placestreet', 'caregiver2']) w.cookies[u] = await t.login(u);
}

async function acceptedOrder(start = '09:00', end = '11:00') {
  const elderId = await w.makeElder();
  const o = (
    await call('operator', 'POST', '/api/orders', w.order(elderId, { startAt: w.at(start), endAt: w.at(end) }))
  ).json();
  await call('operator', 'POST', `/api/orders/${o.id}/actions`, { action: 'confirm' });
  const d = await call('operator', 'POST', `/api/orders/${o.id}/actions`, {
    action: 'dispatch',
    caregiverId: w.caregiver.id,
  });
  expect(d.statusCode).toBe(200);
  return o.id as number;
}

const near = () => ({ lat: w.place.lat + 0.001, lng: w.place.lng });
// About 10 km north of the elder's home.
const far = () => ({ lat: w.place.lat + 0.09, lng: w.place.lng });

beforeAll(async () => {
  t = await makeTestApp();
  w = await orderWorld(t, 301);
  // A second caregiver of the same provider, with a login of her own.
  const [other] = await t.database.db
    .select({ id: caregivers.id })
    .from(caregivers)
    .where(
      and(
        eq(caregivers.providerId, w.caregiver.providerId),
        ne(caregivers.id, w.caregiver.id),
        isNull(caregivers.userId),
      ),
    )
    .limit(1);
  const [template] = await t.database.db.select().from(users).where(eq(users.username, 'caregiver'));
  const [u] = await t.database.db
    .insert(users)
    .values({
      username: 'caregiver2',
      displayName: '另一护理员',
      role: 'caregiver',
      providerId: w.caregiver.providerId,
      passwordHash: template.passwordHash,
    })
    .returning();
  await t.database.db.update(caregivers).set({ userId: u.id }).where(eq(caregivers.id, other.id));
  await clockAt('07:30');
});
afterAll(() => t.close());

describe('positions from the caregiver’s phone', () => {
  it('are taken only for her own order while it is accepted, en route or in service', async () => {
    const id = await acceptedOrder();
    const url = `/api/orders/${id}/trip`;
    // Dispatched, not yet accepted: no positions.
    const early = await call('caregiver', 'POST', url, near());
    expect(early.statusCode).toBe(409);
    expect(early.json().detail).toContain('已派单');
    expect((await call('caregiver', 'POST', `/api/orders/${id}/actions`, { action: 'accept' })).statusCode).toBe(200);
    // Not hers, not a caregiver, not in scope.
    expect((await call('caregiver2', 'POST', url, near())).statusCode).toBe(404);
    expect((await call('operator', 'POST', url, near())).statusCode).toBe(403);
    expect((await call('provider', 'POST', url, near())).statusCode).toBe(403);
    const ok = await call('caregiver', 'POST', url, { ...near(), accuracy: 12 });
    expect(ok.statusCode).toBe(201);
    expect(Date.parse(ok.json().nextAfter) - Date.parse(ok.json().at)).toBe(15_000);

    t.advance(1);
    await clockAt('07:31');
    expect((await call('caregiver', 'POST', `/api/orders/${id}/actions`, { action: 'depart' })).statusCode).toBe(200);
    expect((await call('caregiver', 'POST', url, near())).statusCode).toBe(201);
    await clockAt('09:00');
    const inn = await call('caregiver', 'POST', `/api/orders/${id}/actions`, { action: 'check_in', ...w.door() });
    expect(inn.json().state).toBe('in_service');
    expect((await call('caregiver', 'POST', url, w.door())).statusCode).toBe(201);
    await clockAt('10:55');
    expect(
      (await call('caregiver', 'POST', `/api/orders/${id}/actions`, { action: 'check_out', ...w.door() })).json().state,
    ).toBe('completed');
    // After check-out nothing more is taken.
    const after = await call('caregiver', 'POST', url, w.door());
    expect(after.statusCode).toBe(409);
    expect(after.json().detail).toContain('已完成');

    // The order keeps its trail, for those who may read the order.
    const trail = await call('operator', 'GET', url);
    expect(trail.statusCode).toBe(200);
    expect(trail.json().points).toHaveLength(3);
    expect(trail.json().points[0]).toMatchObject({ ...near(), accuracy: 12 });
    expect(trail.json().home).toEqual({ lat: w.place.lat, lng: w.place.lng });
    expect((await call('placestreet', 'GET', url)).json().points).toHaveLength(3);
    expect((await call('community2', 'GET', url)).statusCode).toBe(404);
    expect((await call('caregiver2', 'GET', url)).statusCode).toBe(404);
    await clockAt('07:30');
  });

  it('are at least 15 seconds apart per order (429 with Retry-After), whatever two requests race', async () => {
    const id = await acceptedOrder('13:00', '15:00');
    await call('caregiver', 'POST', `/api/orders/${id}/actions`, { action: 'accept' });
    const url = `/api/orders/${id}/trip`;
    const both = await Promise.all([call('caregiver', 'POST', url, near()), call('caregiver', 'POST', url, near())]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([201, 429]);
    const refused = both.find((r) => r.statusCode === 429)!;
    expect(refused.headers['retry-after']).toBe('15');
    expect(refused.json().detail).toContain('15 秒后');
    t.advance(10 / 60);
    const soon = await call('caregiver', 'POST', url, near());
    expect(soon.statusCode).toBe(429);
    expect(soon.headers['retry-after']).toBe('5');
    t.advance(5 / 60);
    expect((await call('caregiver', 'POST', url, near())).statusCode).toBe(201);
    // A fix dated before the last one does not slip in.
    const old = new Date(t.deps.clock().getTime() - 60_000).toISOString();
    t.advance(1);
    expect((await call('caregiver', 'POST', url, { ...near(), at: old })).statusCode).toBe(429);
    const rows = await t.database.db.select().from(tripPositions).where(eq(tripPositions.orderId, id));
    expect(rows).toHaveLength(2);
    await clockAt('07:30');
  });

  it('refuses 0,0, places outside China and odd fields, naming the field, and stores nothing', async () => {
    const id = await acceptedOrder('15:00', '17:00');
    await call('caregiver', 'POST', `/api/orders/${id}/actions`, { action: 'accept' });
    const url = `/api/orders/${id}/trip`;
    const zero = await call('caregiver', 'POST', url, { lat: 0, lng: 0 });
    expect(zero.statusCode).toBe(400);
    expect(
      zero
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['lat', 'lng']);
    const paris = await call('caregiver', 'POST', url, { lat: 48.85, lng: 2.35 });
    expect(paris.json().errors).toEqual([{ field: 'lng', message: expect.stringContaining('经度') }]);
    const extra = await call('caregiver', 'POST', url, { ...near(), speed: 3 });
    expect(extra.statusCode).toBe(400);
    const badAcc = await call('caregiver', 'POST', url, { ...near(), accuracy: -1 });
    expect(badAcc.json().errors[0].field).toBe('accuracy');
    expect(await t.database.db.select().from(tripPositions).where(eq(tripPositions.orderId, id))).toEqual([]);
  });
});

describe('the console’s live view', () => {
  it('shows caregivers on active orders and today’s homes, and flags who cannot make start + grace', async () => {
    const id = await acceptedOrder('09:00', '11:00');
    await clockAt('08:40');
    await call('caregiver', 'POST', `/api/orders/${id}/actions`, { action: 'accept' });
    // 10 km away 20 minutes before the start: about 39 minutes at 20 km/h with detours, so
    // arriving near 09:19 — after 09:15, start + 15 minutes' grace. Flagged before it is late.
    expect((await call('caregiver', 'POST', `/api/orders/${id}/trip`, far())).statusCode).toBe(201);
    const live = (await call('operator', 'GET', '/api/trips/live')).json();
    expect(live.graceMinutes).toBe(15);
    const mine = live.caregivers.find((c: { orderId: number }) => c.orderId === id);
    expect(mine).toMatchObject({ atRisk: true, state: 'accepted', caregiverId: w.caregiver.id });
    expect(mine.position).toMatchObject(far());
    expect(Date.parse(mine.eta)).toBeGreaterThan(Date.parse(w.at('09:15')));
    expect(mine.deadline).toBe(new Date(w.at('09:15')).toISOString());
    expect(mine.lateMinutes).toBeGreaterThan(0);
    expect(mine.distanceM).toBeGreaterThan(10_000);
    expect(live.homes.map((h: { orderId: number }) => h.orderId)).toContain(id);

    // Half a minute later she is round the corner: no longer at risk.
    t.advance(0.5);
    expect((await call('caregiver', 'POST', `/api/orders/${id}/trip`, near())).statusCode).toBe(201);
    const later = (await call('operator', 'GET', '/api/trips/live')).json();
    expect(later.caregivers.find((c: { orderId: number }) => c.orderId === id)).toMatchObject({
      atRisk: false,
      lateMinutes: 0,
    });

    // Jurisdiction: the other street sees neither her nor the home; her provider sees her.
    const other = (await call('community2', 'GET', '/api/trips/live')).json();
    expect(other.caregivers.map((c: { orderId: number }) => c.orderId)).not.toContain(id);
    expect(other.homes.map((h: { orderId: number }) => h.orderId)).not.toContain(id);
    const provider = (await call('provider', 'GET', '/api/trips/live')).json();
    expect(provider.caregivers.map((c: { orderId: number }) => c.orderId)).toContain(id);
    await clockAt('07:30');
  });

  it('keeps trip positions only as long as the retention says', async () => {
    const id = await acceptedOrder('17:00', '19:00');
    await call('caregiver', 'POST', `/api/orders/${id}/actions`, { action: 'accept' });
    expect((await call('caregiver', 'POST', `/api/orders/${id}/trip`, near())).statusCode).toBe(201);
    const job = housekeepingJobs(t.deps).find((j) => j.name === 'position-retention');
    expect(job).toBeDefined();
    const count = async () =>
      (await t.database.db.select().from(tripPositions).where(eq(tripPositions.orderId, id))).length;
    const day = 86_400_000;
    const retention = t.config.positionRetentionDays;
    await job!.run({ db: t.database.db } as never, new Date(t.deps.clock().getTime() + (retention - 1) * day), 'test');
    expect(await count()).toBe(1);
    await job!.run({ db: t.database.db } as never, new Date(t.deps.clock().getTime() + (retention + 1) * day), 'test');
    expect(await count()).toBe(0);
  });
});
