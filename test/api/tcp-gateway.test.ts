// The watch protocol's TCP gateway over real sockets (issue 17): replies only after the sink has
// stored the events, frames split and coalesced, and the defences — per-address cap, idle timeout,
// frame rate, repeated garbage — each closing only the offending connection, counted. Frames are
// real captures from Traccar's WatchProtocolDecoderTest.java (github.com/traccar/traccar).
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceEvent } from '../../src/core/devices/device-event.js';
import {
  startWatchGateway,
  type WatchGateway,
  type WatchGatewayLimits,
  type WatchSink,
  type WatchSinkMeta,
} from '../../src/server/gateway/tcp-gateway.js';

const LK = '[3G*4700186508*000B*LK,0,10,100]';
const LK_REPLY = '[3G*4700186508*0002*LK]';
const SOS =
  '[3G*8809008845*00C0*AL,271219,094744,V,00.000000,N, 0.0000000,E,0.00,0.0,0.0,0,100,81,0,0,00010000,7,0,460,0,9336,3981,141,9336,3912,141,9336,3982,140,9765,4233,134,9765,4071,134,9765,4321,134,9336,4353,132,0,0.0]';
const SOS_REPLY = '[3G*8809008845*0002*AL]';
const UD =
  '[SG*8800000015*0087*UD,220414,134652,A,22.571707,N,113.8613968,E,0.1,0.0,100,7,60,90,1000,50,0000,4,1,460,0,9360,4082,131,9360,4092,148,9360,4091,143,9360,4153,141]';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

class Client {
  received = '';
  closed = false;
  readonly timeline: string[];
  private constructor(
    readonly socket: net.Socket,
    timeline: string[],
  ) {
    this.timeline = timeline;
    socket.on('data', (d: Buffer) => {
      this.received += d.toString('latin1');
      timeline.push(`reply:${d.toString('latin1')}`);
    });
    socket.on('close', () => (this.closed = true));
    socket.on('error', () => {});
  }
  static connect(port: number, timeline: string[] = []): Promise<Client> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('error', reject);
      socket.once('connect', () => resolve(new Client(socket, timeline)));
    });
  }
  send(data: string | Buffer) {
    this.socket.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
  }
  waitFor(text: string) {
    return until(() => this.received.includes(text), `reply ${text} (got ${JSON.stringify(this.received)})`);
  }
  waitClosed() {
    return until(() => this.closed, 'connection closed');
  }
}

interface Logged {
  level: string;
  obj: object;
  msg?: string;
}
const logs: Logged[] = [];
const log = {
  info: (obj: object, msg?: string) => logs.push({ level: 'info', obj, msg }),
  warn: (obj: object, msg?: string) => logs.push({ level: 'warn', obj, msg }),
  error: (obj: object, msg?: string) => logs.push({ level: 'error', obj, msg }),
};

const open: WatchGateway[] = [];
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.socket.destroy();
  await Promise.all(open.splice(0).map((g) => g.close()));
  logs.length = 0;
});

interface Stored {
  events: DeviceEvent[];
  meta: WatchSinkMeta;
}
async function start(sink: WatchSink, limits: Partial<WatchGatewayLimits> = {}) {
  const g = await startWatchGateway({ port: 0, host: '127.0.0.1', sink, log, limits });
  open.push(g);
  return g;
}
async function connect(g: WatchGateway, timeline?: string[]) {
  const c = await Client.connect(g.port, timeline);
  clients.push(c);
  return c;
}
function recorder() {
  const stored: Stored[] = [];
  const sink: WatchSink = async (events, meta) => {
    stored.push({ events, meta });
  };
  return { stored, sink };
}

describe('watch gateway over TCP', () => {
  it('answers LK after storing the heartbeat, with the vendor and device in the meta', async () => {
    const { stored, sink } = recorder();
    const g = await start(sink);
    const c = await connect(g);
    c.send(LK);
    await c.waitFor(LK_REPLY);
    expect(c.received).toBe(LK_REPLY);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.events).toEqual([
      { deviceKey: '4700186508', kind: 'heartbeat', at: null, steps: 0, battery: 100 },
    ]);
    expect(stored[0]!.meta).toMatchObject({ vendor: '3G', deviceKey: '4700186508' });
    expect(stored[0]!.meta.remote).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(g.counters()).toMatchObject({ frames: 1, events: 1, replies: 1, connections: 1, connectionsAccepted: 1 });
  });

  it('reassembles a frame split across reads and separates frames coalesced in one, in order', async () => {
    const { stored, sink } = recorder();
    const g = await start(sink);
    const c = await connect(g);
    c.send(SOS.slice(0, 40));
    await sleep(30);
    c.send(SOS.slice(40) + UD + LK);
    await c.waitFor(LK_REPLY);
    expect(c.received).toBe(SOS_REPLY + LK_REPLY);
    expect(stored.map((s) => s.events.map((e) => e.kind))).toEqual([
      ['position', 'alarm'],
      ['position'],
      ['heartbeat'],
    ]);
    expect(stored[0]!.events[1]).toMatchObject({ kind: 'alarm', alarm: 'sos', deviceKey: '8809008845' });
    expect(stored.map((s) => s.meta.vendor)).toEqual(['3G', 'SG', '3G']);
  });

  it('writes the alarm acknowledgement only after the sink resolves', async () => {
    const timeline: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const g = await start(async (events) => {
      timeline.push(`sink-start:${events.length}`);
      await gate;
      timeline.push('sink-done');
    });
    const c = await connect(g, timeline);
    c.send(SOS);
    await until(() => timeline.length > 0, 'sink called');
    await sleep(150);
    expect(c.received).toBe('');
    expect(timeline).toEqual(['sink-start:2']);
    release();
    await c.waitFor(SOS_REPLY);
    expect(timeline).toEqual(['sink-start:2', 'sink-done', `reply:${SOS_REPLY}`]);
  });

  it('a sink that throws closes that connection without a reply; the gateway goes on', async () => {
    const { stored, sink } = recorder();
    const g = await start(async (events, meta) => {
      if (meta.deviceKey === '8809008845') throw new Error('database down');
      await sink(events, meta);
    });
    const failing = await connect(g);
    failing.send(SOS + LK);
    await failing.waitClosed();
    expect(failing.received).toBe('');
    expect(g.counters()).toMatchObject({ sinkErrors: 1, replies: 0 });
    expect(logs.some((l) => l.level === 'error' && /sink failed/.test(l.msg ?? ''))).toBe(true);

    const other = await connect(g);
    other.send(LK);
    await other.waitFor(LK_REPLY);
    expect(stored).toHaveLength(1);
  });

  it('counts a type it does not read, answers nothing for it, and keeps the connection', async () => {
    const { stored, sink } = recorder();
    const g = await start(sink);
    const c = await connect(g);
    c.send('[3G*8308406279*0008*rcapture]' + LK);
    await c.waitFor(LK_REPLY);
    expect(c.received).toBe(LK_REPLY);
    expect(stored).toHaveLength(1);
    expect(g.counters()).toMatchObject({ frames: 2, unknown: 1 });
  });

  it('caps connections per address', async () => {
    const { sink } = recorder();
    const g = await start(sink, { maxConnectionsPerAddress: 2 });
    const a = await connect(g);
    const b = await connect(g);
    await until(() => g.counters().connections === 2, 'two connections');
    const c = await connect(g);
    await c.waitClosed();
    expect(g.counters()).toMatchObject({ connections: 2, connectionsRejected: 1 });
    a.send(LK);
    await a.waitFor(LK_REPLY);
    expect(b.closed).toBe(false);
    // a place frees when one closes
    a.socket.destroy();
    await until(() => g.counters().connections === 1, 'one connection');
    const d = await connect(g);
    d.send(LK);
    await d.waitFor(LK_REPLY);
  });

  it('closes an idle connection, and only that one', async () => {
    const { sink } = recorder();
    const g = await start(sink, { idleTimeoutMs: 200 });
    const idle = await connect(g);
    const busy = await connect(g);
    for (let i = 0; i < 8; i++) {
      busy.send(LK);
      await sleep(60);
    }
    await idle.waitClosed();
    expect(busy.closed).toBe(false);
    expect(g.counters().idleClosed).toBe(1);
  });

  it('closes a connection that sends frames faster than the rate limit', async () => {
    const { stored, sink } = recorder();
    const g = await start(sink, { frameBurst: 3, framesPerSecond: 1 });
    const c = await connect(g);
    c.send(LK.repeat(10));
    await c.waitClosed();
    expect(g.counters().rateLimited).toBe(1);
    expect(stored.length).toBeLessThanOrEqual(3);
    const next = await connect(g);
    next.send(LK);
    await next.waitFor(LK_REPLY);
  });

  it('survives garbage and oversized frames, and closes a connection that keeps sending them', async () => {
    const { sink } = recorder();
    const g = await start(sink, { maxContentBytes: 256, maxDropsPerConnection: 3 });
    const c = await connect(g);
    c.send('GET / HTTP/1.1\r\n\r\n' + LK);
    await c.waitFor(LK_REPLY);
    expect(g.counters().dropped).toBe(1);
    for (let i = 0; i < 4 && !c.closed; i++) {
      c.send(`[3G*4700186508*FFFF*TK,${'x'.repeat(300)}`);
      await sleep(20);
    }
    await c.waitClosed();
    expect(g.counters().abuseClosed).toBe(1);
    expect(g.counters().dropped).toBeGreaterThan(3);
  });

  it('close() stops listening and ends open connections', async () => {
    const { sink } = recorder();
    const g = await start(sink);
    const c = await connect(g);
    await g.close();
    await c.waitClosed();
    await expect(Client.connect(g.port)).rejects.toThrow(/ECONNREFUSED/);
  });
});
