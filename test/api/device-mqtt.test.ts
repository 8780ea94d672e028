// MQTT ingestion against real brokers (issue 17): the embedded aedes on a free port, and the
// Mosquitto on this machine when it is reachable. A device publishes QoS 1 events on its topic;
// the server stores them once, raises a case for an SOS and tells the device on its ack topic;
// payloads that cannot be stored are counted and never stop the subscriber; a message the server
// took but never stored (it crashed) is delivered again by the broker to the restarted server;
// two servers on Mosquitto split the messages (shared subscription) rather than both take them.
import crypto from 'node:crypto';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt, { type MqttClient } from 'mqtt';
import { count, eq } from 'drizzle-orm';
import { makeTestApp, type TestApp } from '../helpers/test-app.js';
import { alarmCases, deviceEvents, devices, elders } from '../../src/server/db/schema.js';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../src/server/gateway/mqtt-broker.js';
import { startMqttIngest, type MqttIngest, type MqttLog } from '../../src/server/gateway/mqtt-ingest.js';
import { ackTopic, DEFAULT_TOPIC_ROOT, eventsTopic } from '../../src/server/gateway/mqtt-topics.js';
import { ingestDeviceEvents } from '../../src/server/modules/devices/ingest.js';
import { startMqtt } from '../../src/server/gateway/mqtt-start.js';

const MOSQUITTO_URL = 'mqtt://127.0.0.1:1883';
const mosquittoUp = await new Promise<boolean>((resolve) => {
  const s = net.connect(1883, '127.0.0.1');
  const done = (up: boolean) => {
    s.destroy();
    resolve(up);
  };
  s.once('connect', () => done(true));
  s.once('error', () => done(false));
  s.setTimeout(1000, () => done(false));
});
if (!mosquittoUp) console.warn(`Mosquitto is not reachable at ${MOSQUITTO_URL}: its MQTT cases are skipped`);

// MQTT_TEST_LOG=1 shows what the subscribers log.
const say = (level: string) => (obj: object, msg?: string) =>
  process.env.MQTT_TEST_LOG ? console.log(level, msg, JSON.stringify(obj)) : undefined;
const quiet: MqttLog = { info: say('info'), warn: say('warn'), error: say('error') };
const rand = () => crypto.randomBytes(4).toString('hex');

let t: TestApp;
let elderId: number;
beforeAll(async () => {
  t = await makeTestApp({ elders: 3 });
  [{ id: elderId }] = await t.database.db.select({ id: elders.id }).from(elders).limit(1);
});
afterAll(() => t.close());

async function registerDevice(key: string) {
  const [d] = await t.database.db
    .insert(devices)
    .values({ kind: 'watch', protocol: 'mqtt', vendor: '测试', deviceKey: key, elderId })
    .returning();
  return d.id;
}
const eventsOf = async (deviceId: number) =>
  (await t.database.db.select({ n: count() }).from(deviceEvents).where(eq(deviceEvents.deviceId, deviceId)))[0].n;

async function waitFor(what: string, check: () => boolean | Promise<boolean>, ms = 10_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const at = (s = 0) => new Date(t.deps.clock().getTime() + s * 1000).toISOString();
const fix = { lat: 36.0611, lng: 103.8343, valid: true, accuracy: 10 };

interface Case {
  name: string;
  up: boolean;
  protocolVersion: 4 | 5;
  shared: boolean;
  url: () => string;
}
let embedded: EmbeddedBroker;
/** The embedded broker's server login in these tests (the product makes a new one each start). */
const SERVER_LOGIN = { username: 'yiyang-server', password: 'test-broker-secret', clientIdPrefix: 'yiyang-server-' };
const cases: Case[] = [
  { name: 'embedded aedes', up: true, protocolVersion: 4, shared: false, url: () => embedded.url },
  {
    name: `Mosquitto at ${MOSQUITTO_URL}${mosquittoUp ? '' : ' (skipped: not reachable)'}`,
    up: mosquittoUp,
    protocolVersion: 5,
    shared: true,
    url: () => MOSQUITTO_URL,
  },
];

beforeAll(async () => {
  embedded = await startEmbeddedBroker({ port: 0, host: '127.0.0.1', log: quiet, server: SERVER_LOGIN });
});
afterAll(() => embedded?.close());

describe.each(cases)('MQTT ingestion via $name', (c) => {
  // Test runs share Mosquitto with each other (and maybe a dev server): each uses its own topics.
  const root = c.name.startsWith('embedded') ? DEFAULT_TOPIC_ROOT : `yiyang-test-${rand()}/v1`;
  const open: { end: () => Promise<unknown> }[] = [];
  const server = (extra: Partial<Parameters<typeof startMqttIngest>[0]> = {}) => {
    const s = startMqttIngest({
      url: c.url(),
      database: t.database,
      clock: t.deps.clock,
      log: quiet,
      clientId: `yiyang-test-${rand()}`,
      ...(c.name.startsWith('embedded') ? { username: SERVER_LOGIN.username, password: SERVER_LOGIN.password } : {}),
      protocolVersion: c.protocolVersion,
      shared: c.shared,
      topicRoot: root,
      sessionExpirySeconds: 120,
      reconnectMinMs: 100,
      ...extra,
    });
    open.push({ end: () => s.close() });
    return s;
  };
  const device = async () => {
    const d = await mqtt.connectAsync(c.url(), { clientId: `dev-${rand()}`, protocolVersion: c.protocolVersion });
    open.push({ end: () => d.endAsync() });
    return d;
  };
  const publish = (d: MqttClient, key: string, payload: unknown) =>
    d.publishAsync(eventsTopic(key, root), typeof payload === 'string' ? payload : JSON.stringify(payload), {
      qos: 1,
    });
  afterAll(async () => {
    for (const o of open.reverse()) await o.end().catch(() => {});
  });

  let s: MqttIngest;
  beforeAll(async () => {
    if (!c.up) return;
    s = server();
    await s.ready;
  });

  it.skipIf(!c.up)('stores QoS 1 events once, raises a case for an SOS and tells the device', async () => {
    const key = `MQ${rand()}`;
    const deviceId = await registerDevice(key);
    const d = await device();
    const acks: unknown[] = [];
    await d.subscribeAsync(ackTopic(key, root), { qos: 1 });
    d.on('message', (_topic, m) => acks.push(JSON.parse(m.toString())));

    const batch = [
      { kind: 'heartbeat', at: at(-120), battery: 71, signal: 55 },
      { kind: 'position', at: at(-60), fix },
      { kind: 'health', at: at(-30), reading: 'heart_rate', value: 88 },
    ];
    await publish(d, key, batch);
    const sos = { kind: 'alarm', at: at(-1), alarm: 'sos', fix };
    await publish(d, key, sos);
    // The same SOS again (a device that did not hear back sends it again): stored once.
    await publish(d, key, sos);
    await waitFor('two acks', () => acks.length === 2);
    // The heartbeat moves the device's status but is not kept as a row (ingest.ts).
    expect(await eventsOf(deviceId)).toBe(3);
    const [cs] = await t.database.db.select().from(alarmCases).where(eq(alarmCases.deviceId, deviceId));
    expect(cs).toMatchObject({ type: 'sos', state: 'open', elderId, lat: fix.lat });
    expect(acks).toEqual([
      { at: expect.any(String), stored: 1, duplicates: 0, alarmCaseIds: [cs.id] },
      { at: expect.any(String), stored: 0, duplicates: 1, alarmCaseIds: [] },
    ]);
    const [dv] = await t.database.db.select().from(devices).where(eq(devices.id, deviceId));
    expect(dv).toMatchObject({ battery: 71, signal: 55, lastLat: fix.lat, lastLng: fix.lng });
  });

  it.skipIf(!c.up)('counts payloads it cannot store and goes on with the next message', async () => {
    const key = `MQ${rand()}`;
    const deviceId = await registerDevice(key);
    const d = await device();
    const before = { ...s.counters };
    await publish(d, key, 'not json {');
    await publish(d, key, { kind: 'position', at: at(), fix: { lat: 'north' } });
    await publish(d, key, [{ kind: 'heartbeat' }]);
    await publish(d, key, { kind: 'teleport', at: at() });
    await publish(d, `NOBODY${rand()}`, { kind: 'heartbeat', at: at() });
    await publish(d, key, Buffer.from([0xff, 0x00, 0xfe]).toString('latin1'));
    await publish(d, key, { kind: 'position', at: at(3), fix, battery: 42 });
    await waitFor('the valid message after the bad ones', async () => (await eventsOf(deviceId)) === 1);
    expect(s.counters.invalid - before.invalid).toBe(5);
    expect(s.counters.unknownDevice - before.unknownDevice).toBe(1);
    expect(s.state()).toBe('connected');
  });

  it.skipIf(!c.up)('a message taken but not stored before a crash is delivered again after the restart', async () => {
    const key = `MQ${rand()}`;
    const deviceId = await registerDevice(key);
    // Its own topics: the shared server above must not take this message.
    const crashRoot = `yiyang-crash-${rand()}/v1`;
    const clientId = `yiyang-test-crash-${rand()}`;
    let taken!: () => void;
    const tookIt = new Promise<void>((r) => (taken = r));
    const crashing = startMqttIngest({
      url: c.url(),
      database: t.database,
      clock: t.deps.clock,
      log: quiet,
      clientId,
      ...(c.name.startsWith('embedded') ? { username: SERVER_LOGIN.username, password: SERVER_LOGIN.password } : {}),
      protocolVersion: c.protocolVersion,
      shared: c.shared,
      topicRoot: crashRoot,
      sessionExpirySeconds: 120,
      // Storing never finishes: the process dies first.
      ingest: () => {
        taken();
        return new Promise(() => {});
      },
    });
    await crashing.ready;
    const d = await device();
    await d.publishAsync(eventsTopic(key, crashRoot), JSON.stringify({ kind: 'alarm', at: at(), alarm: 'fall', fix }), {
      qos: 1,
    });
    await tookIt;
    // A crash: the connection goes without a DISCONNECT, the session stays on the broker.
    crashing.client.options.reconnectPeriod = 0;
    crashing.client.stream.destroy();
    crashing.client.end(true);
    expect(await eventsOf(deviceId)).toBe(0);

    const restarted = startMqttIngest({
      url: c.url(),
      database: t.database,
      clock: t.deps.clock,
      log: quiet,
      clientId,
      ...(c.name.startsWith('embedded') ? { username: SERVER_LOGIN.username, password: SERVER_LOGIN.password } : {}),
      protocolVersion: c.protocolVersion,
      shared: c.shared,
      topicRoot: crashRoot,
      sessionExpirySeconds: 120,
    });
    open.push({ end: () => restarted.close() });
    await waitFor('the redelivered alarm', async () => (await eventsOf(deviceId)) === 1);
    const [cs] = await t.database.db.select().from(alarmCases).where(eq(alarmCases.deviceId, deviceId));
    expect(cs).toMatchObject({ type: 'fall', state: 'open' });
  });

  it.skipIf(!c.up)('a failed store is not acknowledged: the broker delivers it again and it is stored', async () => {
    const key = `MQ${rand()}`;
    const deviceId = await registerDevice(key);
    const failRoot = `yiyang-fail-${rand()}/v1`;
    let calls = 0;
    const flaky = server({
      topicRoot: failRoot,
      attempts: 1,
      // The database is down for the first try.
      ingest: (...args) =>
        ++calls === 1 ? Promise.reject(new Error('connection refused')) : ingestDeviceEvents(...args),
    });
    await flaky.ready;
    const d = await device();
    await d.publishAsync(eventsTopic(key, failRoot), JSON.stringify({ kind: 'alarm', at: at(), alarm: 'sos', fix }), {
      qos: 1,
    });
    await waitFor('the stored alarm after the failure', async () => (await eventsOf(deviceId)) === 1);
    expect(calls).toBe(2);
    expect(flaky.counters).toMatchObject({ failures: 1, events: 1 });
    await waitFor('reconnected', () => flaky.state() === 'connected');
  });

  // Aedes grants a $share subscription but never delivers to it (tried: aedes 1.2), so on it each
  // server subscribes plainly and both take every message; ingest's dedupe stores each once.
  const twoServers = c.shared
    ? 'two servers in the shared group split the messages, each stored once'
    : 'two servers without shared subscriptions both take every message, each stored once';
  it.skipIf(!c.up)(twoServers, async () => {
    const key = `MQ${rand()}`;
    const deviceId = await registerDevice(key);
    const second = server();
    await second.ready;
    const before = { first: { ...s.counters }, second: { ...second.counters } };
    const d = await device();
    for (let i = 0; i < 20; i++) await publish(d, key, { kind: 'position', at: at(i), fix, battery: 90 - i });
    const taken = () => ({
      first: s.counters.acked - before.first.acked,
      second: second.counters.acked - before.second.acked,
    });
    await waitFor('20 events taken', () => taken().first + taken().second === (c.shared ? 20 : 40));
    expect(await eventsOf(deviceId)).toBe(20);
    const dup = s.counters.duplicates - before.first.duplicates + second.counters.duplicates - before.second.duplicates;
    if (c.shared) {
      expect(taken().first).toBeGreaterThan(0);
      expect(taken().second).toBeGreaterThan(0);
      expect(dup).toBe(0);
    } else {
      expect(taken()).toEqual({ first: 20, second: 20 });
      expect(dup).toBe(20);
    }
  });
});

describe('MQTT in the server process', () => {
  const logged: string[] = [];
  const log: MqttLog = { info: () => {}, warn: () => {}, error: (_o, msg) => logged.push(msg ?? '') };
  const config = (mqttEmbeddedPort: number) => ({
    mqttUrl: undefined,
    mqttEmbeddedPort,
    mqttEmbeddedHost: '127.0.0.1',
    port: 3000,
  });

  it('starts the embedded broker and subscribes to it; 0 turns MQTT off', async () => {
    const free = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const running = await startMqtt({ config: config(free), database: t.database, clock: t.deps.clock, log });
    expect(running?.broker?.port).toBe(free);
    await running!.ingest.ready;
    expect(running!.ingest.state()).toBe('connected');
    await running!.close();
    expect(await startMqtt({ config: config(0), database: t.database, clock: t.deps.clock, log })).toBeNull();
  });

  it('goes on without MQTT, saying why, when the embedded broker’s port is taken', async () => {
    const holder = net.createServer();
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', () => r()));
    const taken = (holder.address() as net.AddressInfo).port;
    try {
      expect(await startMqtt({ config: config(taken), database: t.database, clock: t.deps.clock, log })).toBeNull();
      expect(logged.at(-1)).toContain('MQTT_EMBEDDED_PORT');
    } finally {
      holder.close();
    }
  });
});

describe('who may do what on the embedded broker (a stranger is a device, nothing more)', () => {
  const connect = (opts: mqtt.IClientOptions) =>
    mqtt.connectAsync(embedded.url, { protocolVersion: 4, reconnectPeriod: 0, ...opts });
  it('refuses a stranger reading every device (#) or another’s events, and a wrong server login', async () => {
    const stranger = await connect({ clientId: `dev-${rand()}` });
    try {
      // A refused subscription comes back as a failure (128); a device may read its own acknowledgements only.
      await expect(stranger.subscribeAsync('#', { qos: 1 })).rejects.toThrow(/Subscribe error/);
      await expect(stranger.subscribeAsync(eventsTopic('VICTIM01'), { qos: 1 })).rejects.toThrow(/Subscribe error/);
      const own = await stranger.subscribeAsync(ackTopic('VICTIM01'), { qos: 1 });
      expect(own.map((g) => g.qos)).toEqual([1]);
    } finally {
      await stranger.endAsync();
    }
    await expect(
      connect({ clientId: `dev-${rand()}`, username: 'yiyang-server', password: 'guess' }),
    ).rejects.toThrow();
  });
  it('refuses a stranger taking the server’s client id (its session, and the alarms queued in it)', async () => {
    await expect(connect({ clientId: 'yiyang-server-vm-3000', clean: false })).rejects.toThrow();
    const server = await connect({
      clientId: 'yiyang-server-vm-3000',
      username: SERVER_LOGIN.username,
      password: SERVER_LOGIN.password,
    });
    await server.endAsync();
  });
});
