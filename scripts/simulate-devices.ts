// `npm run simulate -- --watches N --mqtt M [--host 127.0.0.1] [--port 5091]
//   [--mqtt-url mqtt://127.0.0.1:1884] [--speed 60] [--register] [--seconds S]`
//
// Simulated terminals for demos and load: N watches speaking the watch protocol over TCP to the
// gateway (WATCH_GATEWAY_PORT) and M devices publishing JSON over MQTT (yiyang/v1/devices/{key}/
// events, QoS 1). Each beats every 60 s and reports a position every 5 minutes (simulated time:
// --speed 60 makes a minute a second), walking about its home — a few hundred metres, some
// wandering farther; now and then an SOS or a fall; some go silent, some run their battery down
// (a low-battery alarm, then silence). Watches read the gateway's answers (LK, AL): an alarm is
// sent again until its AL comes back, as a watch does; MQTT alarms until the server's message
// on …/ack. Counters every 10 seconds; Ctrl-C stops.
//
// --register creates the devices through the HTTP API (--api, default http://127.0.0.1:$PORT, as
// --user/--password, the demo's admin by default) and binds them to elders, 70 and older first
// (those living alone before the others, oldest first): through the API because a running server
// with the embedded database holds it alone, and so every registration is audited like an
// operator's. Already registered keys are reused. Without --register the keys must exist already
// (or the gateway counts them as unknown devices and answers them all the same).
import net from 'node:net';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import mqtt from 'mqtt';
import {
  alFrame,
  lkFrame,
  udFrame,
  type SimulatedAlarm,
  type WatchIdentity,
  type WatchReading,
} from '../src/core/devices/simulated-watch.js';
import { WatchFramer, watchFrameType } from '../src/core/devices/watch-protocol.js';
import { seededRandom, type Random } from '../src/core/seeded-random.js';
import { ackTopic, eventsTopic } from '../src/server/gateway/mqtt-topics.js';

const HEARTBEAT_MS = 60_000;
const POSITION_MS = 5 * 60_000;
/** The gateway's frame rate per connection is 5 a second: beyond this speed watches would be cut off. */
export const MAX_SPEED = 240;
/** The gateway allows 500 connections per address; loopback clients spread over 127.0.0.x. */
const PER_LOCAL_ADDRESS = 400;
const DISTRICT_CENTRE = { lat: 36.0611, lng: 103.8343 };

export interface SimDeviceSpec {
  deviceKey: string;
  protocol: 'watch' | 'mqtt';
  /** Where the elder lives (WGS-84); the walk stays about it. */
  home: { lat: number; lng: number };
  /** Watches only: 3G, SG or ZJ (ZJ frames carry a serial). */
  vendor?: string;
}

export interface SimulationOptions {
  devices: SimDeviceSpec[];
  host: string;
  port: number;
  mqttUrl?: string;
  /** Simulated time runs this many times faster than real time (intervals shrink; frames carry the real time). */
  speed: number;
  seed?: number;
  /** SOS or fall alarms per device and simulated hour. */
  alarmsPerDeviceHour?: number;
  /** Shares of devices that go silent, run their battery flat, wander farther than a few hundred metres. */
  silentShare?: number;
  drainShare?: number;
  wanderShare?: number;
  /** An alarm not answered within this many real milliseconds is sent again. */
  alarmResendMs?: number;
  /** Spread connections over 127.0.0.x when the gateway is on loopback (default: when host starts 127.). */
  spreadLoopback?: boolean;
  /** Watches connect at this many a second (default: all at once). */
  connectPerSecond?: number;
  /** Called when a watch's alarm frame has been written, and when its AL answer came back. */
  onAlarmWritten?: (deviceKey: string, at: number) => void;
  onAlarmAnswered?: (deviceKey: string, at: number) => void;
}

export interface SimulationCounters {
  watches: number;
  watchesConnected: number;
  mqttDevices: number;
  mqttConnected: number;
  heartbeats: number;
  positions: number;
  alarms: number;
  lkReplies: number;
  alReplies: number;
  alarmsResent: number;
  alarmsPending: number;
  reconnects: number;
  mqttPublished: number;
  mqttPublishFailures: number;
  mqttAlarmAcks: number;
  silent: number;
  lowBattery: number;
  flat: number;
}

export interface Simulation {
  counters(): SimulationCounters;
  /** Changes the time compression from now on (the bench runs real time, then compressed). */
  setSpeed(speed: number): void;
  /** Makes one device raise an alarm now (the bench's and a demo's SOS); false if it cannot. */
  raiseAlarm(deviceKey: string, alarm: SimulatedAlarm): boolean;
  stop(): Promise<void>;
}

const M_PER_DEG = 111_320;

interface DeviceState {
  spec: SimDeviceSpec;
  id: WatchIdentity;
  lat: number;
  lng: number;
  battery: number;
  /** Battery percent lost per simulated hour. */
  drain: number;
  signal: number;
  steps: number;
  /** Metres from home it keeps within. */
  range: number;
  /** Simulated ms after the start at which it stops sending (null: never). */
  silentAfter: number | null;
  silent: boolean;
  lowSent: boolean;
  lastTick: number;
  started: boolean;
  /** Simulated times of the next heartbeat and position. */
  nextBeat: number;
  nextFix: number;
}

/** Starts the simulated devices; they run until stop(). */
export async function startSimulation(o: SimulationOptions): Promise<Simulation> {
  const checkSpeed = (x: number) => {
    if (!(x > 0 && x <= MAX_SPEED)) throw new Error(`速度倍数应在 0 到 ${MAX_SPEED} 之间`);
  };
  checkSpeed(o.speed);
  const r = seededRandom(o.seed ?? 1);
  // Simulated time advances by the real time between ticks times the speed of the moment.
  let speed = o.speed;
  let simTime = 0;
  let realAt = Date.now();
  const simNow = () => simTime + (Date.now() - realAt) * speed;
  const resendMs = o.alarmResendMs ?? 10_000;
  const alarmRate = o.alarmsPerDeviceHour ?? 0.02;
  const spread = o.spreadLoopback ?? o.host.startsWith('127.');
  let stopped = false;
  const c: SimulationCounters = {
    watches: 0,
    watchesConnected: 0,
    mqttDevices: 0,
    mqttConnected: 0,
    heartbeats: 0,
    positions: 0,
    alarms: 0,
    lkReplies: 0,
    alReplies: 0,
    alarmsResent: 0,
    alarmsPending: 0,
    reconnects: 0,
    mqttPublished: 0,
    mqttPublishFailures: 0,
    mqttAlarmAcks: 0,
    silent: 0,
    lowBattery: 0,
    flat: 0,
  };
  const transports = new Map<string, Transport>();
  const states = new Map<string, DeviceState>();

  const newState = (spec: SimDeviceSpec, i: number): DeviceState => {
    const vendor = spec.vendor ?? (i % 10 === 9 ? 'ZJ' : i % 3 === 0 ? 'SG' : '3G');
    const drains = r.next() < (o.drainShare ?? 0.05);
    return {
      spec,
      id: { vendor, deviceId: spec.deviceKey, serial: vendor === 'ZJ' ? '0075' : null },
      lat: spec.home.lat,
      lng: spec.home.lng,
      battery: r.int(35, 100),
      drain: drains ? r.int(12, 20) : 1 + r.next() * 2,
      signal: r.int(40, 100),
      steps: 0,
      range: r.next() < (o.wanderShare ?? 0.1) ? r.int(800, 2000) : r.int(100, 400),
      silentAfter: r.next() < (o.silentShare ?? 0.05) ? r.int(10, 180) * 60_000 : null,
      silent: false,
      lowSent: false,
      lastTick: 0,
      started: false,
      nextBeat: r.next() * HEARTBEAT_MS,
      nextFix: r.next() * POSITION_MS,
    };
  };

  /** Moves the device on by the simulated time since its last report and updates its battery. */
  const advance = (s: DeviceState) => {
    const now = simNow();
    const hours = (now - s.lastTick) / 3_600_000;
    s.lastTick = now;
    s.battery -= s.drain * hours;
    // Charged overnight: an ordinary watch does not run flat.
    if (s.battery < 20 && s.drain < 5) s.battery = 100;
    s.signal = Math.max(10, Math.min(100, s.signal + r.int(-5, 5)));
    // Most of the time at home; otherwise a walk, pulled back towards home beyond its range.
    const away = distanceM(s, s.spec.home);
    if (r.next() < 0.5 && away < 50) {
      s.lat = s.spec.home.lat + ((r.next() - 0.5) * 10) / M_PER_DEG;
      s.lng = s.spec.home.lng + ((r.next() - 0.5) * 10) / (M_PER_DEG * Math.cos((s.lat * Math.PI) / 180));
    } else {
      const step = r.int(20, 120) * Math.min(1, hours * 12 + 0.1);
      const back = away > s.range ? Math.atan2(s.spec.home.lat - s.lat, s.spec.home.lng - s.lng) : null;
      const angle = back !== null && r.next() < 0.7 ? back : r.next() * 2 * Math.PI;
      s.lat += (step * Math.sin(angle)) / M_PER_DEG;
      s.lng += (step * Math.cos(angle)) / (M_PER_DEG * Math.cos((s.lat * Math.PI) / 180));
      s.steps += Math.round(step * 1.4);
    }
  };

  const reading = (s: DeviceState, valid = true): WatchReading => ({
    at: new Date(),
    lat: s.lat,
    lng: s.lng,
    valid,
    speedKmh: 0,
    course: 0,
    satellites: valid ? r.int(5, 12) : 0,
    signal: s.signal,
    battery: Math.max(0, s.battery),
    steps: s.steps,
  });

  /** Ends a device's life as a sender: silent, or flat. */
  const goQuiet = (s: DeviceState, why: 'silent' | 'flat') => {
    if (s.silent) return;
    s.silent = true;
    c[why]++;
    transports.get(s.spec.deviceKey)?.close();
  };

  const heartbeat = (s: DeviceState) => {
    if (s.silent || stopped) return;
    advance(s);
    if (s.silentAfter !== null && simNow() >= s.silentAfter) return goQuiet(s, 'silent');
    if (s.battery <= 0) return goQuiet(s, 'flat');
    const t = transports.get(s.spec.deviceKey)!;
    t.heartbeat(s);
    c.heartbeats++;
    if (s.battery < 15 && !s.lowSent) {
      s.lowSent = true;
      c.lowBattery++;
      t.alarm(s, ['low_battery']);
    } else if (r.next() < (alarmRate * HEARTBEAT_MS) / 3_600_000) {
      t.alarm(s, [r.next() < 0.7 ? 'sos' : 'fall']);
    }
  };
  const position = (s: DeviceState) => {
    if (s.silent || stopped) return;
    advance(s);
    transports.get(s.spec.deviceKey)!.position(s);
    c.positions++;
  };

  // ---- the watch protocol over TCP ----
  let watchIndex = 0;
  const watchTransport = (s: DeviceState): Transport => {
    const localAddress = spread ? `127.0.0.${2 + Math.floor(watchIndex++ / PER_LOCAL_ADDRESS)}` : undefined;
    let socket: net.Socket | null = null;
    let connected = false;
    let closed = false;
    const framer = new WatchFramer();
    /** Alarm frames written and not yet answered, oldest first (the gateway answers in order). */
    const pending: { frame: string; sentAt: number }[] = [];

    const write = (frame: string) => {
      if (connected && socket) socket.write(frame);
    };
    const connect = () => {
      if (closed || stopped) return;
      const sock = net.connect({ host: o.host, port: o.port, localAddress });
      socket = sock;
      sock.setNoDelay(true);
      sock.on('connect', () => {
        connected = true;
        c.watchesConnected++;
        // A watch says LK first and sends again what was not answered.
        write(lkFrame(s.id, { steps: s.steps, battery: Math.max(0, s.battery) }));
        for (const p of pending) {
          write(p.frame);
          p.sentAt = Date.now();
        }
      });
      sock.on('data', (chunk) => {
        for (const out of framer.push(chunk)) {
          if (out.kind !== 'frame') continue;
          const type = watchFrameType(out.frame);
          if (type === 'LK') c.lkReplies++;
          else if (type === 'AL') {
            c.alReplies++;
            if (pending.shift()) {
              c.alarmsPending--;
              o.onAlarmAnswered?.(s.spec.deviceKey, Date.now());
            }
          }
        }
      });
      sock.on('error', () => {});
      sock.on('close', () => {
        if (connected) c.watchesConnected--;
        connected = false;
        socket = null;
        if (!closed && !stopped) {
          c.reconnects++;
          setTimeout(connect, 1000 + r.int(0, 4000));
        }
      });
    };
    return {
      start: connect,
      resendDue(now) {
        for (const p of pending) {
          if (now - p.sentAt < resendMs || !connected) continue;
          c.alarmsResent++;
          p.sentAt = now;
          write(p.frame);
        }
      },
      heartbeat: (st) => write(lkFrame(st.id, { steps: st.steps, battery: Math.max(0, st.battery) })),
      position: (st) => write(udFrame(st.id, reading(st))),
      alarm(st, alarms) {
        const frame = alFrame(st.id, reading(st), alarms);
        pending.push({ frame, sentAt: Date.now() });
        c.alarms++;
        c.alarmsPending++;
        write(frame);
        if (connected) o.onAlarmWritten?.(st.spec.deviceKey, Date.now());
        return connected;
      },
      close() {
        closed = true;
        c.alarmsPending -= pending.length;
        pending.length = 0;
        socket?.destroy();
      },
    };
  };

  // ---- MQTT: the JSON of src/shared/schemas/device-mqtt.ts, QoS 1 ----
  const mqttTransport = (s: DeviceState): Transport => {
    let client: mqtt.MqttClient | null = null;
    const pending: { body: string; sentAt: number }[] = [];
    const publish = (body: string) => {
      if (!client) return;
      client.publish(eventsTopic(s.spec.deviceKey), body, { qos: 1 }, (err) => {
        if (err) c.mqttPublishFailures++;
        else c.mqttPublished++;
      });
    };
    const fix = (st: DeviceState) => ({ lat: st.lat, lng: st.lng, valid: true, accuracy: r.int(5, 30) });
    const common = (st: DeviceState) => ({
      at: new Date().toISOString(),
      battery: Math.max(0, Math.round(st.battery)),
      signal: st.signal,
    });
    return {
      resendDue(now) {
        for (const p of pending) {
          if (now - p.sentAt < resendMs) continue;
          c.alarmsResent++;
          p.sentAt = now;
          publish(p.body);
        }
      },
      start() {
        if (!o.mqttUrl) throw new Error('模拟 MQTT 设备需要 --mqtt-url');
        const cl = mqtt.connect(o.mqttUrl, {
          clientId: `yiyang-sim-${s.spec.deviceKey}`,
          clean: true,
          reconnectPeriod: 2000,
          connectTimeout: 10_000,
        });
        client = cl;
        let up = false;
        cl.on('connect', () => {
          if (!up) c.mqttConnected++;
          up = true;
          cl.subscribe(ackTopic(s.spec.deviceKey), { qos: 1 });
        });
        cl.on('offline', () => {
          if (up) c.mqttConnected--;
          up = false;
        });
        cl.on('error', () => {});
        cl.on('message', () => {
          // The server's word that the alarm is stored (…/ack): the oldest one waiting.
          c.mqttAlarmAcks++;
          if (pending.shift()) c.alarmsPending--;
        });
      },
      heartbeat: (st) => publish(JSON.stringify({ kind: 'heartbeat', ...common(st), steps: st.steps })),
      position: (st) => publish(JSON.stringify({ kind: 'position', ...common(st), fix: fix(st) })),
      alarm(st, alarms) {
        const body = JSON.stringify(alarms.map((alarm) => ({ kind: 'alarm', ...common(st), alarm, fix: fix(st) })));
        pending.push({ body, sentAt: Date.now() });
        c.alarms++;
        c.alarmsPending++;
        publish(body);
        return client?.connected ?? false;
      },
      close() {
        c.alarmsPending -= pending.length;
        pending.length = 0;
        if (client?.connected) c.mqttConnected--;
        client?.removeAllListeners('offline');
        client?.end(true);
        client = null;
      },
    };
  };

  for (const [i, spec] of o.devices.entries()) {
    const s = newState(spec, i);
    states.set(spec.deviceKey, s);
    transports.set(spec.deviceKey, spec.protocol === 'watch' ? watchTransport(s) : mqttTransport(s));
    if (spec.protocol === 'watch') c.watches++;
    else c.mqttDevices++;
  }
  // One loop drives every device (ten thousand timers would cost more than the frames): watches
  // connect at the rate asked (all at once by default), then each beats and reports on its own
  // schedule, started at a random point of its intervals so the load is even rather than in waves.
  const perSecond = o.connectPerSecond ?? Infinity;
  const all = [...states.values()];
  const loopStarted = Date.now();
  let startedCount = 0;
  let lastSweep = 0;
  const TICK_MS = 50;
  const tick = () => {
    if (stopped) return;
    const now = Date.now();
    simTime += (now - realAt) * speed;
    realAt = now;
    const due = Number.isFinite(perSecond) ? Math.floor(((now - loopStarted) / 1000) * perSecond) + 1 : all.length;
    while (startedCount < Math.min(due, all.length)) {
      const s = all[startedCount++]!;
      s.started = true;
      s.lastTick = simTime;
      s.nextBeat += simTime;
      s.nextFix += simTime;
      transports.get(s.spec.deviceKey)!.start();
    }
    for (const s of all) {
      if (!s.started || s.silent) continue;
      if (simTime >= s.nextBeat) {
        // Far behind (the loop was starved): the next one from now, not a burst of catching up.
        s.nextBeat = Math.max(s.nextBeat + HEARTBEAT_MS, simTime);
        heartbeat(s);
      }
      if (!s.silent && simTime >= s.nextFix) {
        s.nextFix = Math.max(s.nextFix + POSITION_MS, simTime);
        position(s);
      }
    }
    if (now - lastSweep >= 1000) {
      lastSweep = now;
      for (const t of transports.values()) t.resendDue(now);
    }
  };
  const loop = setInterval(tick, TICK_MS);
  tick();

  return {
    counters: () => ({ ...c }),
    setSpeed(x) {
      checkSpeed(x);
      simTime = simNow();
      realAt = Date.now();
      speed = x;
    },
    raiseAlarm(deviceKey, alarm) {
      const s = states.get(deviceKey);
      if (!s || s.silent || stopped) return false;
      advance(s);
      return transports.get(deviceKey)!.alarm(s, [alarm]);
    },
    async stop() {
      stopped = true;
      clearInterval(loop);
      for (const t of transports.values()) t.close();
      // Let the sockets' close events run.
      await new Promise((res) => setTimeout(res, 50));
    },
  };
}

interface Transport {
  start(): void;
  /** Sends again the alarms not answered within the resend time. */
  resendDue(now: number): void;
  heartbeat(s: DeviceState): void;
  position(s: DeviceState): void;
  /** Sends an alarm (kept until answered); whether it went out now. */
  alarm(s: DeviceState, alarms: SimulatedAlarm[]): boolean;
  close(): void;
}

function distanceM(a: { lat: number; lng: number }, b: { lat: number; lng: number }) {
  const dy = (a.lat - b.lat) * M_PER_DEG;
  const dx = (a.lng - b.lng) * M_PER_DEG * Math.cos((a.lat * Math.PI) / 180);
  return Math.hypot(dx, dy);
}

/** Keys the simulator uses: ten-digit watch ids as real watches have, and sim-mqtt-NNNNN. */
export const simulatedKeys = (watches: number, mqttDevices: number, watchBase = 9_100_000_000) => ({
  watches: Array.from({ length: watches }, (_, i) => String(watchBase + i + 1)),
  mqtt: Array.from({ length: mqttDevices }, (_, i) => `sim-mqtt-${String(i + 1).padStart(5, '0')}`),
});

/** Homes scattered about a centre (within about 3 km) for devices not registered here. */
export function homesAround(centre: { lat: number; lng: number }, n: number, r: Random) {
  return Array.from({ length: n }, () => ({
    lat: centre.lat + ((r.next() - 0.5) * 6000) / M_PER_DEG,
    lng: centre.lng + ((r.next() - 0.5) * 6000) / (M_PER_DEG * Math.cos((centre.lat * Math.PI) / 180)),
  }));
}

// ---- --register: through the HTTP API ----

interface ApiClient {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body: unknown): Promise<{ status: number; body: T }>;
}

async function apiLogin(base: string, username: string, password: string): Promise<ApiClient> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`登录 ${username} 失败：${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const headers = { cookie, 'content-type': 'application/json' };
  return {
    async get<T>(path: string) {
      const r = await fetch(base + path, { headers });
      if (r.status !== 200) throw new Error(`GET ${path}：${r.status} ${await r.text()}`);
      return (await r.json()) as T;
    },
    async post<T>(path: string, body: unknown) {
      const r = await fetch(base + path, { method: 'POST', headers, body: JSON.stringify(body) });
      return { status: r.status, body: (await r.json()) as T };
    },
  };
}

interface ElderRow {
  id: number;
  regionId: number;
  age: number;
}

/** Elders to give devices to: 70 and older, living alone first, oldest first; then the other 70+. */
async function eldersForDevices(api: ApiClient, n: number): Promise<ElderRow[]> {
  const chosen = new Map<number, ElderRow>();
  for (const flag of ['&flag=alone', '']) {
    for (const band of ['90+', '80-89', '70-79']) {
      for (let page = 1; chosen.size < n; page++) {
        const p = await api.get<{ items: ElderRow[] }>(
          `/api/elders?status=active&ageBand=${encodeURIComponent(band)}${flag}&pageSize=200&page=${page}`,
        );
        for (const e of p.items) if (chosen.size < n) chosen.set(e.id, e);
        if (p.items.length < 200) break;
      }
    }
  }
  return [...chosen.values()];
}

/** Registers the devices and binds each to an elder; returns their specs with the elders' homes. */
export async function registerThroughApi(
  base: string,
  login: { username: string; password: string },
  keys: { watches: string[]; mqtt: string[] },
  log: (line: string) => void,
): Promise<SimDeviceSpec[]> {
  const api = await apiLogin(base, login.username, login.password);
  const all = [
    ...keys.watches.map((k) => ({ key: k, protocol: 'watch' as const, kind: 'watch' })),
    ...keys.mqtt.map((k, i) => ({ key: k, protocol: 'mqtt' as const, kind: i % 2 === 0 ? 'home_box' : 'fall' })),
  ];
  const elders = await eldersForDevices(api, all.length);
  if (elders.length < all.length) log(`只有 ${elders.length} 位在册老人可绑定，其余设备不绑定`);
  const specs: SimDeviceSpec[] = [];
  let created = 0;
  let reused = 0;
  const one = async (d: (typeof all)[number], i: number) => {
    const elder = elders[i];
    const detail = elder
      ? await api.get<{ lat: number | null; lng: number | null; regionId: number }>(`/api/elders/${elder.id}`)
      : null;
    const regionId = detail?.regionId ?? elders[0]?.regionId;
    if (!regionId) throw new Error('没有在册老人：请先载入演示数据（npm run demo）或登记老人');
    const made = await api.post<{ id: number }>('/api/devices', {
      kind: d.kind,
      protocol: d.protocol,
      deviceKey: d.key,
      vendor: '模拟器',
      regionId,
    });
    let id: number;
    if (made.status === 201) {
      id = made.body.id;
      created++;
    } else if (made.status === 409) {
      const found = await api.get<{ items: { id: number; deviceKey: string }[] }>(
        `/api/devices?q=${encodeURIComponent(d.key)}&pageSize=20`,
      );
      const hit = found.items.find((x) => x.deviceKey === d.key);
      if (!hit) throw new Error(`设备 ${d.key} 已存在但查不到`);
      id = hit.id;
      reused++;
    } else {
      throw new Error(`登记设备 ${d.key} 失败：${made.status} ${JSON.stringify(made.body)}`);
    }
    if (elder) {
      const bound = await api.post(`/api/devices/${id}/bind`, { elderId: elder.id, reason: '设备模拟器登记' });
      // 409: bound to this elder already (a second run), or retired.
      if (bound.status !== 200 && bound.status !== 409)
        throw new Error(`绑定设备 ${d.key} 失败：${bound.status} ${JSON.stringify(bound.body)}`);
    }
    const home = detail?.lat != null && detail.lng != null ? { lat: detail.lat, lng: detail.lng } : DISTRICT_CENTRE;
    specs[i] = { deviceKey: d.key, protocol: d.protocol, home };
  };
  // A few at a time: the API is the one operators use too.
  for (let i = 0; i < all.length; i += 8) await Promise.all(all.slice(i, i + 8).map((d, k) => one(d, i + k)));
  log(
    `登记设备：新登记 ${created}，已存在 ${reused}；绑定老人 ${Math.min(elders.length, all.length)} 位（70 岁以上优先）`,
  );
  return specs;
}

export function formatCounters(c: SimulationCounters): string {
  const parts = [
    `手表在线 ${c.watchesConnected}/${c.watches}`,
    c.mqttDevices ? `MQTT 在线 ${c.mqttConnected}/${c.mqttDevices}` : null,
    `心跳 ${c.heartbeats}（LK 应答 ${c.lkReplies}）`,
    `位置 ${c.positions}`,
    `报警 ${c.alarms}（AL 应答 ${c.alReplies}${c.mqttDevices ? `，MQTT 确认 ${c.mqttAlarmAcks}` : ''}，待应答 ${c.alarmsPending}，重发 ${c.alarmsResent}）`,
    c.mqttDevices
      ? `MQTT 已发布 ${c.mqttPublished}${c.mqttPublishFailures ? `（失败 ${c.mqttPublishFailures}）` : ''}`
      : null,
    `重连 ${c.reconnects}`,
    `静默 ${c.silent}，低电量 ${c.lowBattery}，电量耗尽 ${c.flat}`,
  ];
  return parts.filter(Boolean).join(' · ');
}

async function main() {
  const { values } = parseArgs({
    options: {
      watches: { type: 'string', default: '10' },
      mqtt: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: process.env.WATCH_GATEWAY_PORT ?? '5091' },
      'mqtt-url': { type: 'string', default: process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1884' },
      speed: { type: 'string', default: '1' },
      seed: { type: 'string', default: '1' },
      'alarm-rate': { type: 'string', default: '0.02' },
      seconds: { type: 'string' },
      register: { type: 'boolean', default: false },
      api: { type: 'string', default: `http://127.0.0.1:${process.env.PORT ?? 3000}` },
      user: { type: 'string', default: 'admin' },
      password: { type: 'string', default: process.env.SIM_PASSWORD ?? 'Yiyang@2026' },
      'key-base': { type: 'string', default: '9100000000' },
    },
  });
  const num = (name: keyof typeof values, min: number, max = Infinity) => {
    const v = Number(values[name]);
    if (!Number.isFinite(v) || v < min || v > max) {
      console.error(`--${name} 应为 ${min} 到 ${max} 之间的数`);
      process.exit(2);
    }
    return v;
  };
  const watches = Math.floor(num('watches', 0, 20_000));
  const mqttCount = Math.floor(num('mqtt', 0, 5_000));
  const speed = num('speed', 0.01, MAX_SPEED);
  const seed = Math.floor(num('seed', 0));
  const keys = simulatedKeys(watches, mqttCount, Math.floor(num('key-base', 1)));
  const log = (line: string) => console.log(`[${new Date().toLocaleTimeString('zh-CN', { hour12: false })}] ${line}`);
  let specs: SimDeviceSpec[];
  if (values.register) {
    specs = await registerThroughApi(values.api!, { username: values.user!, password: values.password! }, keys, log);
  } else {
    const homes = homesAround(DISTRICT_CENTRE, watches + mqttCount, seededRandom(seed + 1));
    specs = [
      ...keys.watches.map((k, i) => ({ deviceKey: k, protocol: 'watch' as const, home: homes[i]! })),
      ...keys.mqtt.map((k, i) => ({ deviceKey: k, protocol: 'mqtt' as const, home: homes[watches + i]! })),
    ];
  }
  const sim = await startSimulation({
    devices: specs,
    host: values.host!,
    port: Math.floor(num('port', 1, 65535)),
    mqttUrl: mqttCount > 0 ? values['mqtt-url'] : undefined,
    speed,
    seed,
    alarmsPerDeviceHour: num('alarm-rate', 0),
    // Thousands of watches connect over a few seconds rather than in one burst.
    connectPerSecond: watches > 500 ? 1000 : undefined,
  });
  log(
    `模拟 ${watches} 块手表 → ${values.host}:${values.port}` +
      (mqttCount ? `，${mqttCount} 台 MQTT 设备 → ${values['mqtt-url']}` : '') +
      `；时间加速 ${speed} 倍（心跳每 ${(60 / speed).toFixed(2)} 秒，位置每 ${(300 / speed).toFixed(1)} 秒）`,
  );
  const timer = setInterval(() => log(formatCounters(sim.counters())), 10_000);
  const finish = async () => {
    clearInterval(timer);
    await sim.stop();
    log(`结束：${formatCounters(sim.counters())}`);
    process.exit(0);
  };
  process.on('SIGINT', () => void finish());
  process.on('SIGTERM', () => void finish());
  if (values.seconds) setTimeout(() => void finish(), num('seconds', 1) * 1000);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    console.error((err as Error).message);
    process.exit(1);
  });
}
