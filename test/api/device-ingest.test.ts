// One place where every device path's events land (issue 17): stored once, the device's status
// and last position kept, an alarm raised as a case — a repeat joining the open one — and
// nothing stored for a device the registry does not know.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, ne } from 'drizzle-orm';
import { makeTestApp, type TestApp } from '../helpers/test-app.js';
import { alarmCases, deviceEvents, devices, elders } from '../../src/server/db/schema.js';
import { ingestDeviceEvents, plausibleFix } from '../../src/server/modules/devices/ingest.js';
import type { DeviceEvent } from '../../src/core/devices/device-event.js';

let t: TestApp;
let deviceId: number;
let elderId: number;
beforeAll(async () => {
  t = await makeTestApp({ elders: 5 });
  const [e] = await t.database.db.select().from(elders).limit(1);
  elderId = e.id;
  const [d] = await t.database.db
    .insert(devices)
    .values({ kind: 'watch', protocol: 'watch', deviceKey: '8800000015', elderId: e.id })
    .returning();
  deviceId = d.id;
});
afterAll(() => t.close());

const now = () => t.deps.clock();
const fix = { lat: 36.06, lng: 103.83, valid: true, accuracy: 15 };

describe('device event ingestion', () => {
  it('stores events once, keeps the last fix and battery, and ignores a device it does not know', async () => {
    const events: DeviceEvent[] = [
      { kind: 'heartbeat', deviceKey: '8800000015', at: null, battery: 80 },
      { kind: 'position', deviceKey: '8800000015', at: now().toISOString(), fix, battery: 79, signal: 60 },
    ];
    const first = await ingestDeviceEvents(t.database, 'watch', '8800000015', events, now());
    expect(first).toMatchObject({ unknownDevice: false, stored: 2, duplicates: 0 });
    // The heartbeat moves the status again; the position is the same event sent twice.
    const again = await ingestDeviceEvents(t.database, 'watch', '8800000015', events, now());
    expect(again).toMatchObject({ stored: 1, duplicates: 1 });
    const kinds = (await t.database.db.select().from(deviceEvents).where(eq(deviceEvents.deviceId, deviceId))).map(
      (e) => e.kind,
    );
    expect(kinds).toEqual(['position']);
    const [d] = await t.database.db.select().from(devices).where(eq(devices.id, deviceId));
    expect(d).toMatchObject({ battery: 79, signal: 60, lastLat: 36.06, lastLng: 103.83 });
    const unknown = await ingestDeviceEvents(t.database, 'watch', '9999', events, now());
    expect(unknown).toMatchObject({ unknownDevice: true, stored: 0 });
  });

  it('takes a reading without its own time once within the minute, and again later', async () => {
    const pulse: DeviceEvent = { kind: 'health', deviceKey: '8800000015', at: null, reading: 'heart_rate', value: 72 };
    const t0 = now();
    const one = await ingestDeviceEvents(t.database, 'watch', '8800000015', [pulse, pulse], t0);
    expect(one).toMatchObject({ stored: 1, duplicates: 1 });
    const later = await ingestDeviceEvents(
      t.database,
      'watch',
      '8800000015',
      [pulse],
      new Date(t0.getTime() + 120_000),
    );
    expect(later).toMatchObject({ stored: 1, duplicates: 0 });
  });

  it('never draws 0,0 or a fix outside China, and does not believe a clock a year off', async () => {
    expect(plausibleFix({ lat: 0, lng: 0, valid: true })).toBe(false);
    expect(plausibleFix({ lat: 48.85, lng: 2.35, valid: true })).toBe(false);
    expect(plausibleFix({ lat: 36.06, lng: 103.83, valid: false })).toBe(false);
    const r = await ingestDeviceEvents(
      t.database,
      'watch',
      '8800000015',
      [{ kind: 'position', deviceKey: '8800000015', at: '2001-01-01T00:00:00Z', fix: { lat: 0, lng: 0, valid: true } }],
      now(),
    );
    expect(r.stored).toBe(1);
    const [d] = await t.database.db.select().from(devices).where(eq(devices.id, deviceId));
    expect(d.lastLat).toBe(36.06);
    const rows = await t.database.db.select().from(deviceEvents).where(eq(deviceEvents.deviceId, deviceId));
    const bad = rows.find((x) => (x.payload as DeviceEvent).at === '2001-01-01T00:00:00Z')!;
    expect(bad).toMatchObject({ lat: null, valid: false });
    expect(Math.abs(bad.deviceAt!.getTime() - now().getTime())).toBeLessThan(60_000);
  });

  it('raises an SOS as a case for the elder’s region, and a repeat joins the open case', async () => {
    const sos = (n: number): DeviceEvent => ({
      kind: 'alarm',
      deviceKey: '8800000015',
      at: new Date(now().getTime() + n * 1000).toISOString(),
      alarm: 'sos',
      fix,
    });
    const a = await ingestDeviceEvents(t.database, 'watch', '8800000015', [sos(1)], now());
    const b = await ingestDeviceEvents(t.database, 'watch', '8800000015', [sos(2)], now());
    expect(a.cases).toEqual([{ id: expect.any(Number), joined: false }]);
    expect(b.cases).toEqual([{ id: a.cases[0].id, joined: true }]);
    const [c] = await t.database.db.select().from(alarmCases).where(eq(alarmCases.id, a.cases[0].id));
    const [e] = await t.database.db.select().from(elders).where(eq(elders.id, elderId));
    expect(c).toMatchObject({ state: 'open', type: 'sos', repeats: 1, regionId: e.regionId, elderId });
  });

  it('raises an alarm from a device still bound to an elder who died, saying someone else may have it', async () => {
    const [other] = await t.database.db.select().from(elders).where(ne(elders.id, elderId)).limit(1);
    await t.database.db
      .update(elders)
      .set({ status: 'deceased', deathDate: '2026-01-02' })
      .where(eq(elders.id, other.id));
    await t.database.db
      .insert(devices)
      .values({ kind: 'home_box', protocol: 'mqtt', deviceKey: 'BOX-DEAD-1', elderId: other.id });
    const r = await ingestDeviceEvents(
      t.database,
      'mqtt',
      'BOX-DEAD-1',
      [{ kind: 'alarm', deviceKey: 'BOX-DEAD-1', at: now().toISOString(), alarm: 'sos', fix: null }],
      now(),
    );
    const [c] = await t.database.db.select().from(alarmCases).where(eq(alarmCases.id, r.cases[0].id));
    expect(c).toMatchObject({ state: 'open', elderId: other.id, note: expect.stringContaining('已故') });
  });

  it('a device passed to another elder carries neither the last fix nor the trail of the one before', async () => {
    const admin = await t.login('admin');
    const call = (url: string, payload?: unknown) =>
      t.app.inject({ method: payload ? 'POST' : 'GET', url, payload: payload as never, headers: { cookie: admin } });
    const [d] = await t.database.db
      .insert(devices)
      .values({ kind: 'watch', protocol: 'watch', deviceKey: '8800000077' })
      .returning();
    const [a, b] = await t.database.db.select().from(elders).where(eq(elders.status, 'active')).limit(2);
    expect((await call(`/api/devices/${d.id}/bind`, { elderId: a.id })).statusCode).toBe(200);
    await ingestDeviceEvents(
      t.database,
      'watch',
      '8800000077',
      [{ kind: 'position', deviceKey: '8800000077', at: now().toISOString(), fix }],
      now(),
    );
    expect((await call(`/api/devices/${d.id}/trail`)).json().points).toHaveLength(1);
    expect((await call(`/api/devices/${d.id}/unbind`, { reason: '转给他人' })).statusCode).toBe(200);
    expect((await call(`/api/devices/${d.id}/bind`, { elderId: b.id })).statusCode).toBe(200);
    expect((await call(`/api/devices/${d.id}/trail`)).json().points).toHaveLength(0);
    const loc = (await call(`/api/elders/${b.id}/location`)).json();
    expect(loc.devices.find((x: { id: number }) => x.id === d.id)).toMatchObject({ lastFix: null });
  });
});
