// The terminal registry (issue 17): numbers checked (IMEI by its Luhn digit, SIM as a mobile or
// IoT number), one device per protocol and key, bindings with history, status from the app's
// clock against the offline hours, jurisdiction by the elder's or the device's region, trails in
// order and range, and the free-terminal programme's list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { makeTestApp, type TestApp } from '../helpers/test-app.js';
import { auditLog, deviceEvents, devices } from '../../src/server/db/schema.js';
import { housekeepingJobs } from '../../src/server/jobs/housekeeping.js';
import { ingestDeviceEvents } from '../../src/server/modules/devices/ingest.js';
import { elderBody, idFor } from '../helpers/elder-fixtures.js';
import { imeiValid } from '../../src/core/devices/identifiers.js';
import { shanghaiDate } from '../../src/shared/today.js';
import { addDays } from '../../src/core/calendar/working-days.js';

let t: TestApp;
const cookies: Record<string, string> = {};
let community: number;
let otherStreetCommunity: number;
let streetId: number;

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
const call = (who: string, method: Method, url: string, payload?: object) =>
  t.app.inject({ method, url, payload, headers: { cookie: cookies[who] } });

const VALID_IMEI = '490154203237518';
let seq = 100;
async function makeElder(over: Record<string, unknown> = {}, regionId = community) {
  const res = await call(
    'admin',
    'POST',
    '/api/elders',
    elderBody(regionId, { idNumber: idFor('19450315', seq++), ...over }),
  );
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as number;
}
async function register(over: Record<string, unknown> = {}) {
  const res = await call('admin', 'POST', '/api/devices', {
    kind: 'watch',
    protocol: 'watch',
    deviceKey: `88000${seq++}`,
    regionId: streetId,
    ...over,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
/** Moves the app's clock; sessions idle past their limit, so everyone logs in again. */
async function advance(minutes: number) {
  t.advance(minutes);
  for (const u of Object.keys(cookies)) cookies[u] = await t.login(u);
}
const deviceCount = async () => (await t.database.db.select({ n: count() }).from(devices))[0].n;

beforeAll(async () => {
  t = await makeTestApp();
  for (const u of ['admin', 'street', 'street2', 'community', 'operator']) cookies[u] = await t.login(u);
  const regions = (await call('admin', 'GET', '/api/regions')).json() as {
    id: number;
    name: string;
    parentId: number;
    level: string;
  }[];
  const c = regions.find((r) => r.name === '金塔巷社区')!;
  community = c.id;
  streetId = c.parentId;
  otherStreetCommunity = regions.find((r) => r.level === 'community' && r.parentId !== streetId)!.id;
});
afterAll(() => t.close());

describe('registering a terminal', () => {
  it('checks the IMEI’s Luhn digit and the SIM number, naming the field in Chinese, and stores nothing', async () => {
    expect(imeiValid(VALID_IMEI)).toBe(true);
    expect(imeiValid('490154203237519')).toBe(false);
    const before = await deviceCount();
    const bad = await call('admin', 'POST', '/api/devices', {
      kind: 'watch',
      protocol: 'watch',
      deviceKey: '8800000001',
      imei: '490154203237519',
      simNumber: '1381234567',
      regionId: streetId,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual(
      expect.arrayContaining([
        { field: 'imei', message: expect.stringContaining('校验位') },
        { field: 'simNumber', message: expect.stringContaining('SIM 卡号') },
      ]),
    );
    expect(await deviceCount()).toBe(before);
  });

  it('takes an 11-digit mobile or a 13-digit IoT SIM and refuses the same protocol and key twice (409, deviceKey)', async () => {
    const d = await register({ deviceKey: '8800000002', imei: VALID_IMEI, simNumber: '1440123456789', vendor: '3G' });
    expect(d).toMatchObject({ deviceKey: '8800000002', imei: VALID_IMEI, status: 'never', elderId: null });
    const before = await deviceCount();
    const dup = await call('admin', 'POST', '/api/devices', {
      kind: 'home_box',
      protocol: 'watch',
      deviceKey: '8800000002',
      simNumber: '13812345678',
      regionId: streetId,
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().errors).toEqual([{ field: 'deviceKey', message: expect.stringContaining('8800000002') }]);
    expect(dup.json().detail).toMatch(/已登记/);
    expect(await deviceCount()).toBe(before);
    // The same key under another protocol is another device.
    await register({ protocol: 'mqtt', deviceKey: '8800000002' });
    const audits = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'device.register'));
    expect(audits.length).toBeGreaterThanOrEqual(2);
  });

  it('refuses a region outside the caller’s jurisdiction', async () => {
    const res = await call('street2', 'POST', '/api/devices', {
      kind: 'door',
      protocol: 'mqtt',
      deviceKey: 'door-1',
      regionId: streetId,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('regionId');
  });
});

describe('binding', () => {
  it('keeps a history: binding to another elder closes the open binding; unbind and retire close it too', async () => {
    const a = await makeElder({ name: '钱一' });
    const b = await makeElder({ name: '钱二' });
    const d = await register();
    const first = await call('street', 'POST', `/api/devices/${d.id}/bind`, { elderId: a });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ elderId: a, elderName: '钱一' });
    expect((await call('street', 'POST', `/api/devices/${d.id}/bind`, { elderId: a })).statusCode).toBe(409);
    await advance(60);
    const second = (
      await call('street', 'POST', `/api/devices/${d.id}/bind`, { elderId: b, reason: '换给钱二' })
    ).json();
    expect(second.elderId).toBe(b);
    expect(second.bindings).toHaveLength(2);
    expect(second.bindings[0]).toMatchObject({ elderId: b, unboundAt: null, boundBy: '李秀英', reason: '换给钱二' });
    expect(second.bindings[1]).toMatchObject({ elderId: a, unboundAt: expect.any(String), unboundBy: '李秀英' });

    const ofA = (await call('community', 'GET', `/api/elders/${a}/devices`)).json();
    expect(ofA.devices).toEqual([]);
    expect(ofA.bindings).toEqual([expect.objectContaining({ deviceId: d.id, elderId: a })]);

    const unbound = (await call('street', 'POST', `/api/devices/${d.id}/unbind`, { reason: '老人住院' })).json();
    expect(unbound.elderId).toBeNull();
    expect(unbound.bindings.every((x: { unboundAt: string | null }) => x.unboundAt)).toBe(true);
    expect((await call('street', 'POST', `/api/devices/${d.id}/unbind`, {})).statusCode).toBe(409);

    await call('street', 'POST', `/api/devices/${d.id}/bind`, { elderId: a });
    const retired = (await call('street', 'POST', `/api/devices/${d.id}/retire`, { reason: '损坏' })).json();
    expect(retired).toMatchObject({ status: 'retired', elderId: null });
    expect(retired.bindings[0].unboundAt).not.toBeNull();
    expect((await call('street', 'POST', `/api/devices/${d.id}/bind`, { elderId: a })).statusCode).toBe(409);
    const actions = (
      await t.database.db
        .select()
        .from(auditLog)
        .where(eq(auditLog.entityId, String(d.id)))
    )
      .filter((x) => x.entityType === 'device')
      .map((x) => x.action);
    expect(actions).toEqual(
      expect.arrayContaining(['device.register', 'device.bind', 'device.unbind', 'device.retire']),
    );
  });

  it('refuses a deceased elder and an elder outside the caller’s jurisdiction', async () => {
    const far = await makeElder({ name: '孙远' }, otherStreetCommunity);
    const d = await register();
    const res = await call('street', 'POST', `/api/devices/${d.id}/bind`, { elderId: far });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ field: 'elderId' });
    const gone = await makeElder({ name: '孙故' });
    const died = await call('admin', 'POST', `/api/elders/${gone}/status`, {
      status: 'deceased',
      deathDate: shanghaiDate(t.deps.clock()),
      reason: '家属告知',
    });
    expect(died.statusCode, died.body).toBe(200);
    const dead = await call('street', 'POST', `/api/devices/${d.id}/bind`, { elderId: gone });
    expect(dead.statusCode).toBe(400);
    expect(dead.json().errors[0]).toMatchObject({ field: 'elderId', message: expect.stringContaining('已故') });
    // Another street cannot see this street's unbound device at all.
    expect((await call('street2', 'GET', `/api/devices/${d.id}`)).statusCode).toBe(404);
  });
});

describe('status from the app’s clock', () => {
  it('a device heard from is online, silent past the offline hours is offline; low battery and unbound filter', async () => {
    const elder = await makeElder({ name: '李在线' });
    const d = await register({ deviceKey: '8811111111' });
    await call('admin', 'POST', `/api/devices/${d.id}/bind`, { elderId: elder });
    const quiet = await register({ deviceKey: '8822222222' });
    const neverHeard = await register({ deviceKey: '8855555555' });
    await ingestDeviceEvents(
      t.database,
      'watch',
      '8811111111',
      [{ kind: 'heartbeat', deviceKey: '8811111111', at: null, battery: 80 }],
      t.deps.clock(),
    );
    await ingestDeviceEvents(
      t.database,
      'watch',
      '8822222222',
      [{ kind: 'heartbeat', deviceKey: '8822222222', at: null, battery: 10 }],
      t.deps.clock(),
    );
    const ids = async (status: string) =>
      ((await call('admin', 'GET', `/api/devices?status=${status}&pageSize=200`)).json().items as { id: number }[]).map(
        (x) => x.id,
      );
    expect(await ids('online')).toEqual(expect.arrayContaining([d.id, quiet.id]));
    expect(await ids('low_battery')).toContain(quiet.id);
    expect(await ids('low_battery')).not.toContain(d.id);
    expect(await ids('unbound')).toContain(quiet.id);
    expect(await ids('unbound')).not.toContain(d.id);
    expect(await ids('offline')).not.toContain(d.id);
    expect(await ids('never')).toContain(neverHeard.id);
    expect(await ids('online')).not.toContain(neverHeard.id);

    const page = (await call('admin', 'GET', '/api/devices?q=88111')).json();
    expect(page.items.map((x: { id: number }) => x.id)).toEqual([d.id]);
    expect((await call('admin', 'GET', `/api/devices?q=${encodeURIComponent('李在')}`)).json().items[0].id).toBe(d.id);

    await advance(page.offlineHours * 60 - 5);
    expect(await ids('online')).toContain(d.id);
    await advance(10);
    expect(await ids('offline')).toEqual(expect.arrayContaining([d.id, quiet.id]));
    // Registered a day ago and never heard from: offline too, as the console's list has it.
    expect(await ids('offline')).toContain(neverHeard.id);
    expect(await ids('never')).not.toContain(neverHeard.id);
    expect(await ids('online')).not.toContain(d.id);
    expect((await call('admin', 'GET', `/api/devices/${d.id}`)).json().status).toBe('offline');
    await ingestDeviceEvents(
      t.database,
      'watch',
      '8811111111',
      [{ kind: 'heartbeat', deviceKey: '8811111111', at: null, battery: 79 }],
      t.deps.clock(),
    );
    expect(await ids('online')).toContain(d.id);
  });

  it('sorts and pages, and a community worker sees only devices of elders in the community', async () => {
    const asc = (await call('admin', 'GET', '/api/devices?sort=deviceKey&pageSize=3')).json();
    const keys = asc.items.map((x: { deviceKey: string }) => x.deviceKey);
    expect(keys).toEqual([...keys].sort());
    expect(asc.total).toBeGreaterThan(3);
    const mine = (await call('community', 'GET', '/api/devices?pageSize=200')).json();
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((x: { elderId: number | null }) => x.elderId !== null)).toBe(true);
  });
});

describe('trail', () => {
  it('answers valid positions in order within the range, and refuses a range backwards', async () => {
    const d = await register({ deviceKey: '8833333333' });
    const base = t.deps.clock().getTime();
    const at = (min: number) => new Date(base - min * 60_000).toISOString();
    const pos = (min: number, lat: number, valid = true) => ({
      kind: 'position' as const,
      deviceKey: '8833333333',
      at: at(min),
      fix: { lat, lng: 103.83, valid, accuracy: 10 },
    });
    // Sent out of order, one invalid (V) and one at 0,0.
    await ingestDeviceEvents(
      t.database,
      'watch',
      '8833333333',
      [
        pos(10, 36.03),
        pos(30, 36.01),
        pos(20, 36.02),
        pos(15, 36.025, false),
        { ...pos(5, 0), fix: { lat: 0, lng: 0, valid: true } },
      ],
      t.deps.clock(),
    );
    const all = (await call('admin', 'GET', `/api/devices/${d.id}/trail`)).json();
    expect(all.points.map((p: { lat: number }) => p.lat)).toEqual([36.01, 36.02, 36.03]);
    expect(all.truncated).toBe(false);
    const some = (
      await call(
        'admin',
        'GET',
        `/api/devices/${d.id}/trail?from=${encodeURIComponent(at(25))}&to=${encodeURIComponent(at(12))}`,
      )
    ).json();
    expect(some.points.map((p: { lat: number }) => p.lat)).toEqual([36.02]);
    const back = await call(
      'admin',
      'GET',
      `/api/devices/${d.id}/trail?from=${encodeURIComponent(at(5))}&to=${encodeURIComponent(at(25))}`,
    );
    expect(back.statusCode).toBe(400);
    expect(back.json().errors[0]).toMatchObject({ field: 'from', message: expect.stringContaining('早于') });
  });
});

describe('free terminals (70+ living alone, an example the district sets)', () => {
  it('lists the entitled with whether each has a terminal, filters by it, and follows a new condition from its date', async () => {
    const old = await makeElder({ name: '周独居', idNumber: idFor('19400101', seq++), livingFlags: ['alone'] });
    const withFamily = await makeElder({ name: '周同住', idNumber: idFor('19400101', seq++), livingFlags: [] });
    const young = await makeElder({ name: '周年轻', idNumber: idFor('19600101', seq++), livingFlags: ['alone'] });
    const equipped = await makeElder({ name: '周有表', idNumber: idFor('19380101', seq++), livingFlags: ['alone'] });
    const d = await register();
    await call('admin', 'POST', `/api/devices/${d.id}/bind`, { elderId: equipped });

    const page = (await call('admin', 'GET', '/api/free-terminals?pageSize=200')).json();
    expect(page.example).toBe(true);
    const ids = page.items.map((x: { id: number }) => x.id);
    expect(ids).toEqual(expect.arrayContaining([old, equipped]));
    expect(ids).not.toContain(withFamily);
    expect(ids).not.toContain(young);
    expect(page.items.find((x: { id: number }) => x.id === equipped).devices).toEqual([
      expect.objectContaining({ id: d.id }),
    ]);
    expect(page.items.find((x: { id: number }) => x.id === old).reasons.join()).toMatch(/满 70 岁/);
    expect(page.withDevice).toBeGreaterThanOrEqual(1);
    const no = (await call('admin', 'GET', '/api/free-terminals?has=no&pageSize=200')).json();
    expect(no.items.map((x: { id: number }) => x.id)).toContain(old);
    expect(no.items.map((x: { id: number }) => x.id)).not.toContain(equipped);
    const yes = (await call('admin', 'GET', '/api/free-terminals?has=yes&pageSize=200')).json();
    expect(yes.items.map((x: { id: number }) => x.id)).toContain(equipped);
    expect(yes.items.map((x: { id: number }) => x.id)).not.toContain(old);
    expect(yes.total + no.total).toBe(page.entitled);

    // The district's own: 60 and over, living alone — from tomorrow.
    const rules = (await call('admin', 'GET', '/api/provider-rules')).json();
    const latest = rules[0];
    const tomorrow = addDays(shanghaiDate(t.deps.clock()), 1);
    const created = await call('admin', 'POST', '/api/provider-rules', {
      effectiveFrom: tomorrow,
      params: {
        ...latest.params,
        freeTerminal: {
          condition: {
            all: [
              { field: 'age', op: 'gte', value: 60 },
              { field: 'livingFlag', op: 'has', value: 'alone' },
            ],
          },
        },
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(
      (await call('admin', 'GET', '/api/free-terminals?pageSize=200')).json().items.map((x: { id: number }) => x.id),
    ).not.toContain(young);
    await advance(24 * 60);
    const after = (await call('admin', 'GET', '/api/free-terminals?pageSize=200')).json();
    expect(after.example).toBe(false);
    expect(after.items.map((x: { id: number }) => x.id)).toContain(young);
  });
});

describe('position retention', () => {
  it('the daily job deletes positions and heartbeats older than POSITION_RETENTION_DAYS and keeps alarms', async () => {
    const d = await register({ deviceKey: '8844444444' });
    const now = t.deps.clock();
    await ingestDeviceEvents(
      t.database,
      'watch',
      '8844444444',
      [
        { kind: 'heartbeat', deviceKey: '8844444444', at: null },
        { kind: 'position', deviceKey: '8844444444', at: null, fix: { lat: 36.06, lng: 103.83, valid: true } },
        { kind: 'alarm', deviceKey: '8844444444', at: null, alarm: 'sos', fix: null },
      ],
      now,
    );
    const job = housekeepingJobs(t.deps).find((j) => j.name === 'position-retention')!;
    const kinds = async () =>
      (await t.database.db.select().from(deviceEvents).where(eq(deviceEvents.deviceId, d.id)))
        .map((e) => e.kind)
        .sort();
    const day = 86_400_000;
    await job.run(
      { db: t.database.db } as never,
      new Date(now.getTime() + (t.config.positionRetentionDays - 1) * day),
      'x',
    );
    expect(await kinds()).toEqual(expect.arrayContaining(['alarm', 'position']));
    const r = await job.run(
      { db: t.database.db } as never,
      new Date(now.getTime() + (t.config.positionRetentionDays + 1) * day),
      'x',
    );
    expect(r.events).toBeGreaterThanOrEqual(1);
    expect(await kinds()).toEqual(['alarm']);
  });
});
