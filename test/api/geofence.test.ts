// Safe zones and the wandering alert (issue 17, part 4): an elder flagged with dementia whose
// watch leaves every safe zone raises one geofence case — the following fixes outside do not
// raise more — and an elder without the flag raises none. The lost-elder share sends the last
// fix by SMS through the outbox, audited as trip.share.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { makeTestApp, type TestApp } from '../helpers/test-app.js';
import { alarmCases, assessments, auditLog, smsOutbox } from '../../src/server/db/schema.js';
import { ingestDeviceEvents } from '../../src/server/modules/devices/ingest.js';
import { elderBody, idFor } from '../helpers/elder-fixtures.js';
import { leftSafeZones } from '../../src/core/devices/geofence.js';

let t: TestApp;
const cookies: Record<string, string> = {};
let community: number;
let streetId: number;
const HOME = { lat: 36.06, lng: 103.83 };
// About 1.1 km north of home: outside a 500 m zone.
const AWAY = { lat: 36.07, lng: 103.83 };

const call = (who: string, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url, payload, headers: { cookie: cookies[who] } });

let seq = 300;
/** An elder living at HOME with a bound watch; flagged with dementia by the latest assessment if asked. */
async function elderWithWatch(name: string, dementia: boolean) {
  const e = await call(
    'admin',
    'POST',
    '/api/elders',
    elderBody(community, { name, idNumber: idFor('19400202', seq++), ...HOME }),
  );
  expect(e.statusCode, e.body).toBe(201);
  const elderId = e.json().id as number;
  const base = {
    elderId,
    standard: 'GB/T 42195-2022',
    assessor: '评估员',
    reason: 'first',
    answers: {},
    riskEventsLast30Days: 0,
    dimensions: {},
    total: 50,
    preliminaryGrade: 'moderate',
    grade: 'moderate',
    adjustments: [],
    nextDue: '2099-01-01',
  };
  // An older assessment says the opposite: only the latest counts.
  await t.database.db.insert(assessments).values([
    { ...base, assessedOn: '2020-01-01', dementiaOrMentalDisorder: !dementia },
    { ...base, assessedOn: '2024-01-01', dementiaOrMentalDisorder: dementia },
  ]);
  const key = `77${seq++}`;
  const d = await call('admin', 'POST', '/api/devices', {
    kind: 'watch',
    protocol: 'watch',
    deviceKey: key,
    regionId: streetId,
  });
  expect(d.statusCode, d.body).toBe(201);
  await call('admin', 'POST', `/api/devices/${d.json().id}/bind`, { elderId });
  return { elderId, deviceId: d.json().id as number, key };
}

let n = 0;
const at = () => new Date(t.deps.clock().getTime() + n++ * 1000).toISOString();
const move = (key: string, p: { lat: number; lng: number }) =>
  ingestDeviceEvents(
    t.database,
    'watch',
    key,
    [{ kind: 'position', deviceKey: key, at: at(), fix: { ...p, valid: true, accuracy: 20 } }],
    t.deps.clock(),
  );
const casesOf = (deviceId: number) =>
  t.database.db
    .select()
    .from(alarmCases)
    .where(and(eq(alarmCases.deviceId, deviceId), eq(alarmCases.type, 'geofence')));

beforeAll(async () => {
  t = await makeTestApp();
  for (const u of ['admin', 'operator', 'street2']) cookies[u] = await t.login(u);
  const regions = (await call('admin', 'GET', '/api/regions')).json() as {
    id: number;
    name: string;
    parentId: number;
  }[];
  const c = regions.find((r) => r.name === '金塔巷社区')!;
  community = c.id;
  streetId = c.parentId;
});
afterAll(() => t.close());

describe('the wandering rule', () => {
  it('fires on leaving (inside before, or no earlier fix), not while away, not with no zones', () => {
    const zone = [{ ...HOME, radiusM: 500 }];
    expect(leftSafeZones(AWAY, HOME, zone)).toBe(true);
    expect(leftSafeZones(AWAY, null, zone)).toBe(true);
    expect(leftSafeZones(AWAY, AWAY, zone)).toBe(false);
    expect(leftSafeZones(HOME, AWAY, zone)).toBe(false);
    expect(leftSafeZones(AWAY, HOME, [])).toBe(false);
    // A second zone containing the position: still safe.
    expect(leftSafeZones(AWAY, HOME, [...zone, { ...AWAY, radiusM: 100 }])).toBe(false);
  });
});

describe('safe zones and wandering alerts', () => {
  it('offers home + 500 m, refuses a radius outside 50–5000 m naming the field, and audits setting and removing', async () => {
    const { elderId } = await elderWithWatch('吴安', false);
    const loc = (await call('admin', 'GET', `/api/elders/${elderId}/location`)).json();
    expect(loc.suggestedZone).toEqual({ name: '住所周边', ...HOME, radiusM: 500 });
    expect(loc.dementia).toBe(false);
    const bad = await call('admin', 'POST', `/api/elders/${elderId}/geofences`, { name: '家', ...HOME, radiusM: 40 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([{ field: 'radiusM', message: expect.stringContaining('50 到 5000 米') }]);
    const made = await call('admin', 'POST', `/api/elders/${elderId}/geofences`, loc.suggestedZone);
    expect(made.statusCode, made.body).toBe(201);
    // Another street's staff cannot touch this elder's zones.
    expect((await call('street2', 'DELETE', `/api/elders/${elderId}/geofences/${made.json().id}`)).statusCode).toBe(
      404,
    );
    const del = await call('admin', 'DELETE', `/api/elders/${elderId}/geofences/${made.json().id}`);
    expect(del.statusCode).toBe(200);
    expect((await call('admin', 'GET', `/api/elders/${elderId}/location`)).json().geofences).toEqual([]);
    const actions = (await t.database.db.select().from(auditLog).where(eq(auditLog.entityType, 'geofence'))).map(
      (a) => a.action,
    );
    expect(actions).toEqual(['geofence.set', 'geofence.delete']);
  });

  it('raises one geofence case when an elder flagged with dementia leaves the zone, and none for an elder without the flag', async () => {
    const flagged = await elderWithWatch('郑忆', true);
    const plain = await elderWithWatch('郑清', false);
    for (const e of [flagged, plain])
      await call('admin', 'POST', `/api/elders/${e.elderId}/geofences`, { name: '住所周边', ...HOME, radiusM: 500 });

    for (const e of [flagged, plain]) {
      const inside = await move(e.key, HOME);
      expect(inside.cases).toEqual([]);
    }
    const left = await move(flagged.key, AWAY);
    expect(left.cases).toEqual([{ id: expect.any(Number), joined: false }]);
    // Still away a minute later: no second case, no repeat.
    t.advance(1);
    expect((await move(flagged.key, { lat: 36.071, lng: 103.831 })).cases).toEqual([]);
    const [c] = await casesOf(flagged.deviceId);
    expect(c).toMatchObject({ state: 'open', elderId: flagged.elderId, repeats: 0, lat: AWAY.lat });
    expect(c.note).toMatch(/住所周边/);
    expect(await casesOf(flagged.deviceId)).toHaveLength(1);

    // The elder without the flag walks the same way: nothing.
    expect((await move(plain.key, AWAY)).cases).toEqual([]);
    expect(await casesOf(plain.deviceId)).toHaveLength(0);

    // Home and out again while the case is open: the leaving joins it (the one-open-case index).
    await move(flagged.key, HOME);
    const again = await move(flagged.key, AWAY);
    expect(again.cases).toEqual([{ id: c.id, joined: true }]);
    expect(await casesOf(flagged.deviceId)).toHaveLength(1);

    const loc = (await call('operator', 'GET', `/api/elders/${flagged.elderId}/location`)).json();
    expect(loc.dementia).toBe(true);
    expect(loc.openCase).toMatchObject({ id: c.id, type: 'geofence' });
    expect(loc.devices[0].lastFix).toMatchObject({ lat: AWAY.lat, accuracy: 20, ageMinutes: 0 });
  });

  it('shares the last fix with grid workers by SMS through the outbox, audited as trip.share', async () => {
    const e = await elderWithWatch('冯走', true);
    const none = await call('operator', 'POST', `/api/elders/${e.elderId}/location/share`, { phones: ['13900000001'] });
    expect(none.statusCode).toBe(400);
    await move(e.key, AWAY);
    t.advance(7);
    cookies.operator = await t.login('operator');
    const bad = await call('operator', 'POST', `/api/elders/${e.elderId}/location/share`, { phones: ['1390000'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('phones.0');
    const res = await call('operator', 'POST', `/api/elders/${e.elderId}/location/share`, {
      phones: ['13900000001', '13900000002', '13900000001'],
      note: '穿蓝色外套',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().queued).toBe(2);
    expect(res.json().body).toMatch(
      /冯走.*最后定位 \d+月\d+日 \d\d:\d\d（[67]分钟前.*36\.07000.*103\.83000.*误差约20米.*穿蓝色外套.*12349/,
    );
    const queued = await t.database.db.select().from(smsOutbox).where(eq(smsOutbox.elderId, e.elderId));
    expect(queued).toHaveLength(2);
    expect(queued[0]).toMatchObject({ state: 'pending', phoneMasked: '139****0001' });
    const [audit] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'trip.share'), eq(auditLog.entityId, String(e.elderId))));
    expect(JSON.stringify(audit.after)).not.toContain('13900000001');
  });
});
