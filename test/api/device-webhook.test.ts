// The vendor clouds' webhook (issue 17): a signed post is stored once and an SOS in it raises a
// case; a post with a wrong or missing signature, a stale timestamp or a signature used before is
// refused in Chinese and stores nothing; an unknown device in a batch is reported, not fatal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { makeTestApp, TEST_KEYS, type TestApp } from '../helpers/test-app.js';
import { alarmCases, deviceEvents, devices, elders, webhookReceipts } from '../../src/server/db/schema.js';
import { signWebhook } from '../../src/server/modules/devices/webhook-routes.js';

let t: TestApp;
let deviceId: number;
const KEY = 'VC-000451';
const fix = { lat: 36.0611, lng: 103.8343, valid: true, accuracy: 12 };

beforeAll(async () => {
  t = await makeTestApp({ elders: 3 });
  const [e] = await t.database.db.select().from(elders).limit(1);
  const [d] = await t.database.db
    .insert(devices)
    .values({ kind: 'home_box', protocol: 'webhook', vendor: '测试厂商云', deviceKey: KEY, elderId: e.id })
    .returning();
  deviceId = d.id;
});
afterAll(() => t.close());

const seconds = () => Math.floor(t.deps.clock().getTime() / 1000);
const at = (offsetSeconds = 0) => new Date(t.deps.clock().getTime() + offsetSeconds * 1000).toISOString();

function post(body: unknown, opts: { ts?: number; secret?: string; signature?: string; raw?: string } = {}) {
  const raw = opts.raw ?? JSON.stringify(body);
  const ts = opts.ts ?? seconds();
  return t.app.inject({
    method: 'POST',
    url: '/api/devices/webhook',
    headers: {
      'content-type': 'application/json',
      'x-yiyang-timestamp': String(ts),
      'x-yiyang-signature': opts.signature ?? signWebhook(opts.secret ?? TEST_KEYS.deviceWebhookSecret, ts, raw),
    },
    payload: raw,
  });
}

const storedEvents = async () =>
  (await t.database.db.select({ n: count() }).from(deviceEvents).where(eq(deviceEvents.deviceId, deviceId)))[0].n;

describe('device webhook', () => {
  it('stores a signed post once, raising a case for its SOS', async () => {
    const body = {
      deviceKey: KEY,
      events: [
        { kind: 'heartbeat', at: at(-60), battery: 64, signal: 80 },
        { kind: 'position', at: at(-30), fix },
        { kind: 'alarm', at: at(-1), alarm: 'sos', fix },
        { kind: 'health', at: at(-20), reading: 'blood_pressure', value: [142, 91] },
      ],
    };
    const res = await post(body);
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r).toMatchObject({ devices: 1, unknownDevices: [], stored: 4, duplicates: 0 });
    expect(r.alarmCaseIds).toHaveLength(1);
    // A heartbeat moves the device's status but is not kept as a row (ingest.ts).
    expect(await storedEvents()).toBe(3);
    const [c] = await t.database.db.select().from(alarmCases).where(eq(alarmCases.id, r.alarmCaseIds[0]));
    expect(c).toMatchObject({ deviceId, type: 'sos', state: 'open', lat: fix.lat });
    const [d] = await t.database.db.select().from(devices).where(eq(devices.id, deviceId));
    expect(d).toMatchObject({ battery: 64, signal: 80, lastLat: fix.lat, lastLng: fix.lng });

    // The same events signed again (a vendor's retry with a new timestamp) are recognised.
    t.advance(1);
    const again = await post(body);
    expect(again.json()).toMatchObject({ duplicates: 3 });
    expect(await storedEvents()).toBe(3);
  });

  it('reports unknown devices in a batch and stores the known ones', async () => {
    const res = await post({
      devices: [
        { deviceKey: 'NOBODY-1', events: [{ kind: 'heartbeat', at: at() }] },
        { deviceKey: KEY, events: [{ kind: 'heartbeat', at: at(), battery: 60 }] },
        { deviceKey: 'NOBODY-2', events: [{ kind: 'position', at: at(), fix }] },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ devices: 3, unknownDevices: ['NOBODY-1', 'NOBODY-2'], stored: 1 });
    // Under another protocol the same key is another device.
    const other = await post({ protocol: 'watch', deviceKey: KEY, events: [{ kind: 'heartbeat', at: at(1) }] });
    expect(other.json()).toMatchObject({ unknownDevices: [KEY], stored: 0 });
  });

  it('refuses a wrong, missing or malformed signature in Chinese and stores nothing', async () => {
    const before = await storedEvents();
    const body = { deviceKey: KEY, events: [{ kind: 'alarm', at: at(5), alarm: 'fall', fix }] };
    const wrong = await post(body, { secret: 'not-the-secret' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ title: '签名无效', detail: expect.stringContaining('HMAC-SHA256') });
    // A body changed after signing.
    const raw = JSON.stringify(body);
    const ts = seconds();
    const tampered = await post(null, {
      ts,
      raw: raw.replace('"fall"', '"sos"'),
      signature: signWebhook(TEST_KEYS.deviceWebhookSecret, ts, raw),
    });
    expect(tampered.statusCode).toBe(401);
    const garbled = await post(body, { signature: 'sha256=xyz' });
    expect(garbled.statusCode).toBe(401);
    expect(garbled.json().detail).toContain('X-Yiyang-Signature');
    const none = await t.app.inject({
      method: 'POST',
      url: '/api/devices/webhook',
      headers: { 'content-type': 'application/json' },
      payload: raw,
    });
    expect(none.statusCode).toBe(401);
    expect(none.json().detail).toContain('缺少请求头');
    // Not even an empty body passes unsigned.
    const empty = await t.app.inject({ method: 'POST', url: '/api/devices/webhook' });
    expect(empty.statusCode).toBe(401);
    expect(await storedEvents()).toBe(before);
    expect((await t.database.db.select({ n: count() }).from(alarmCases).where(eq(alarmCases.type, 'fall')))[0].n).toBe(
      0,
    );
  });

  it('refuses a timestamp more than five minutes off, either way', async () => {
    const before = await storedEvents();
    const body = { deviceKey: KEY, events: [{ kind: 'position', at: at(7), fix, battery: 50 }] };
    for (const off of [-6 * 60, 6 * 60]) {
      const res = await post(body, { ts: seconds() + off });
      expect(res.statusCode).toBe(401);
      expect(res.json().detail).toContain('相差超过 5 分钟');
    }
    // Four minutes off is within the window.
    expect((await post(body, { ts: seconds() - 4 * 60 })).statusCode).toBe(200);
    expect(await storedEvents()).toBe(before + 1);
  });

  it('refuses a replayed post with 409, also with the signature in capitals, and forgets receipts after the window', async () => {
    const body = { deviceKey: KEY, events: [{ kind: 'position', at: at(9), fix, battery: 48 }] };
    const raw = JSON.stringify(body);
    const ts = seconds();
    const signature = signWebhook(TEST_KEYS.deviceWebhookSecret, ts, raw);
    expect((await post(null, { ts, raw, signature })).statusCode).toBe(200);
    const before = await storedEvents();
    const replay = await post(null, { ts, raw, signature });
    expect(replay.statusCode).toBe(409);
    expect(replay.json().detail).toContain('重放被拒绝');
    const upper = await post(null, { ts, raw, signature: `sha256=${signature.slice(7).toUpperCase()}` });
    expect(upper.statusCode).toBe(409);
    expect(await storedEvents()).toBe(before);

    // Eleven minutes on, the old post is stale (401, not stored) and its receipt is removed by the next post.
    t.advance(11);
    expect((await post(null, { ts, raw, signature })).statusCode).toBe(401);
    const freshRaw = JSON.stringify({ deviceKey: KEY, events: [{ kind: 'heartbeat', at: at(), battery: 47 }] });
    const freshSignature = signWebhook(TEST_KEYS.deviceWebhookSecret, seconds(), freshRaw);
    expect((await post(null, { raw: freshRaw, signature: freshSignature })).statusCode).toBe(200);
    const receipts = await t.database.db.select().from(webhookReceipts);
    expect(receipts.map((r) => r.signature)).toEqual([freshSignature.slice('sha256='.length)]);
  });

  it('validates the signed body with the events schema, naming the field', async () => {
    const before = await storedEvents();
    const res = await post({
      deviceKey: KEY,
      events: [
        { kind: 'heartbeat', at: at() },
        { kind: 'position', at: '2026-05-01 08:00', fix: { lat: 36, lng: 200 } },
      ],
    });
    expect(res.statusCode).toBe(400);
    const fields = (res.json().errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['events.1.at', 'events.1.fix.lng']));
    const neither = await post({ events: [{ kind: 'heartbeat', at: at() }] });
    expect(neither.statusCode).toBe(400);
    expect(neither.json().errors).toEqual([{ field: 'deviceKey', message: '必填' }]);
    const notJson = await post(null, { raw: '{"deviceKey":' });
    expect(notJson.statusCode).toBe(400);
    expect(await storedEvents()).toBe(before);
  });

  it('is off (404) without a secret, and other routes still read JSON as before', async () => {
    const secret = t.deps.config.deviceWebhookSecret;
    t.deps.config.deviceWebhookSecret = undefined;
    try {
      const res = await post({ deviceKey: KEY, events: [{ kind: 'heartbeat', at: at() }] });
      expect(res.statusCode).toBe(404);
      expect(res.json().detail).toContain('未启用');
    } finally {
      t.deps.config.deviceWebhookSecret = secret;
    }
    expect(await t.login('admin')).toMatch(/^yy_session=/);
  });
});
