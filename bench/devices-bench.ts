// Terminals at a district's scale (issue 17, Performance), in one run per database:
//   (a) the floor: the same frames the watches send (five LK heartbeats to one UD position),
//       framed and decoded in a loop — frames per second with no sockets and no database;
//   (b) 10,000 simulated watches (scripts/simulate-devices.ts) connected at once to the watch
//       gateway as the server runs it (startWatchIngest), in a child process with the HTTP app and
//       the database (PGlite in that process, or PostgreSQL): first at the stated load in real time
//       (a heartbeat a minute, a position every five minutes), then compressed BENCH_WATCH_SPEEDUP
//       times (60 by default, a minute a second; 6 on PGlite) to find the ingest throughput —
//       events stored per second as a share of the floor — with the child's CPU share (of one
//       core, from /proc) and RSS;
//   (c) alarm to console under each load: a logged-in operator's SSE stream (/api/console/stream)
//       receives `alarm` events while SOS frames are sent from watches with no open case; the time
//       from the frame's write to the event, p50 and p99 (target p99 ≤ 1 s on PostgreSQL, at the
//       stated load). Beyond what the database takes, an SOS waits its turn behind the heartbeats
//       queued before it; after the overloaded phase the watches disconnect and what the gateway
//       had not stored by then is counted as not delivered (a real watch sends it again).
// The load generator runs on the same machine (and, here, the same two cores) as the server and
// PostgreSQL: the figures are what this machine does with all three, not the gateway alone.
//
// Ten thousand sockets on each side: the child and this process each need a file descriptor per
// watch. Below that (`ulimit -n`) the watch count is capped with a message; BENCH_WATCHES asks
// for another count, BENCH_SECONDS scales each phase.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { lkFrame, udFrame } from '../src/core/devices/simulated-watch.js';
import { decodeWatchFrame, WatchFramer } from '../src/core/devices/watch-protocol.js';
import { startSimulation, simulatedKeys, homesAround, type Simulation } from '../scripts/simulate-devices.js';
import { seededRandom } from '../src/core/seeded-random.js';

const PHASE_SECONDS = Math.max(10, Number(process.env.BENCH_SECONDS ?? 5) * 4);
const WANTED = Number(process.env.BENCH_WATCHES ?? 10_000);
/** SOS frames a second during each phase, each from a watch without an open case. */
const SOS_PER_SECOND = 5;
const CENTRE = { lat: 36.0611, lng: 103.8343 };

// ---- (a) the floor ----

/** The frames of the load, in its proportions: five heartbeats to one position, from many watches. */
function loadFrames(n = 6000): Buffer[] {
  const r = seededRandom(3);
  const homes = homesAround(CENTRE, 1000, r);
  const keys = simulatedKeys(1000, 0).watches;
  return Array.from({ length: n }, (_, i) => {
    const k = i % 1000;
    const id = { vendor: '3G', deviceId: keys[k]! };
    const text =
      i % 6 === 5
        ? udFrame(id, {
            at: new Date(),
            ...homes[k]!,
            valid: true,
            signal: r.int(40, 100),
            battery: r.int(20, 100),
            satellites: 8,
            steps: r.int(0, 5000),
          })
        : lkFrame(id, { steps: r.int(0, 5000), battery: r.int(20, 100) });
    return Buffer.from(text, 'latin1');
  });
}

function floor(seconds: number): number {
  const frames = loadFrames();
  const framer = new WatchFramer();
  let n = 0;
  const until = performance.now() + seconds * 1000;
  const start = performance.now();
  while (performance.now() < until) {
    for (const f of frames) {
      for (const out of framer.push(f)) if (out.kind === 'frame') decodeWatchFrame(out.frame);
      n++;
    }
  }
  return n / ((performance.now() - start) / 1000);
}

// ---- the child: database, app and gateway ----

interface ChildReady {
  address: string;
  gatewayPort: number;
}
/** The child's CPU time (ms) and resident memory, read from /proc: no need for its event loop to answer. */
function procSample(pid: number): { cpuMs: number; rss: number } {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of stat (11 and 12 after the command), in clock ticks.
  const ticks = Number(fields[11]) + Number(fields[12]);
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return { cpuMs: ticks * (1000 / CLOCK_TICKS), rss: rssKb * 1024 };
}
/** USER_HZ: 100 on Linux everywhere it matters. */
const CLOCK_TICKS = 100;

async function runChild() {
  const { openTestDatabase } = await import('../test/helpers/test-app.js');
  const { migrateDatabase } = await import('../src/server/db/client.js');
  const { loadDemoDistrict } = await import('../src/server/demo/demo-district.js');
  const { createCipher } = await import('../src/server/security/personal-data.js');
  const { buildApp } = await import('../src/server/app.js');
  const { loadConfig } = await import('../src/server/config.js');
  const { makeDeps } = await import('../src/server/deps.js');
  const { startWatchIngest } = await import('../src/server/gateway/watch-ingest.js');
  const { rowsOf } = await import('../src/server/db/rows.js');
  const count = Number(process.env.BENCH_CHILD_WATCHES);
  const { database, drop } = await openTestDatabase();
  await migrateDatabase(database);
  const cipher = createCipher(crypto.randomBytes(32));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiyang-devices-bench-'));
  await loadDemoDistrict(database, { cipher, elders: 0, orders: false, dataDir });
  // The watches, registered in the communities (the operator's console sees the whole district).
  const keys = simulatedKeys(count, 0).watches;
  await database.bulk((q) =>
    q(
      `insert into devices (kind, protocol, vendor, device_key, region_id)
       select 'watch', 'watch', '3G', k, (select array_agg(id) from regions where level = 'community')[1 + (i % 40)]
       from unnest($1::text[]) with ordinality as u(k, i)`,
      [keys],
    ),
  );
  const config = { ...loadConfig({}), webDir: '/nonexistent' };
  const deps = makeDeps(database, config, cipher);
  const app = await buildApp(deps);
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const quiet = { info: () => {}, warn: () => {}, error: (o: object, m?: string) => console.error(m, o) };
  const gateway = await startWatchIngest({ database, port: 0, host: '127.0.0.1', clock: deps.clock, log: quiet });
  // Figures from the database, asked for between phases: while ingestion runs beyond what the
  // database takes, this process may answer late (PGlite runs in its event loop).
  const answer = async (m: { kind: string; from?: string; to?: string }) => {
    if (m.kind === 'rows') {
      const [row] = rowsOf<{ n: number }>(
        await database.db.execute(
          sql`select count(*)::int as n from device_events where received_at >= ${m.from} and received_at < ${m.to}`,
        ),
      );
      process.send!({ kind: 'rows', rows: row!.n, gateway: gateway.counters() });
    } else if (m.kind === 'cases') {
      const rows = rowsOf<{ id: number; key: string }>(
        await database.db.execute(
          sql`select c.id, d.device_key as key from alarm_cases c join devices d on d.id = c.device_id`,
        ),
      );
      process.send!({ kind: 'cases', cases: rows });
    } else if (m.kind === 'stop') {
      await gateway.close();
      await app.close();
      await database.close();
      await drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    }
  };
  process.on('message', (m: { kind: string }) => void answer(m));
  process.send!({ kind: 'ready', address, gatewayPort: gateway.port } satisfies ChildReady & { kind: string });
}

// ---- the parent: load, console and figures ----

/** Open files this process may hold (`ulimit -n`). */
function openFileLimit(): number {
  try {
    const line = fs
      .readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const soft = line?.split(/\s{2,}/)[1];
    return soft && /^\d+$/.test(soft) ? Number(soft) : Infinity;
  } catch {
    return Infinity;
  }
}

function request<T>(child: ReturnType<typeof fork>, kind: string, reply: string, extra: object = {}): Promise<T> {
  return new Promise((resolve) => {
    const on = (m: { kind: string }) => {
      if (m.kind !== reply) return;
      child.off('message', on);
      resolve(m as T);
    };
    child.on('message', on);
    child.send({ kind, ...extra });
  });
}

/** The operator's console stream: the time each alarm case was first heard of. */
async function consoleStream(address: string) {
  const login = await fetch(`${address}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'operator', password: 'Yiyang@2026' }),
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const heard = new Map<number, number>();
  let ready!: () => void;
  const isReady = new Promise<void>((res) => (ready = res));
  const req = http.get(`${address}/api/console/stream`, { headers: { cookie } }, (res) => {
    let buf = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      const at = Date.now();
      buf += chunk;
      for (let end = buf.indexOf('\n\n'); end >= 0; end = buf.indexOf('\n\n')) {
        const block = buf.slice(0, end);
        buf = buf.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event === 'ready') ready();
        if (event !== 'alarm' || !data) continue;
        const e = JSON.parse(data) as { caseId: number; change: string };
        if (e.change === 'raised' && !heard.has(e.caseId)) heard.set(e.caseId, at);
      }
    });
  });
  req.on('error', () => {});
  await isReady;
  return { heard, close: () => req.destroy() };
}

const pct = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : Infinity;
const ms = (x: number) => (Number.isFinite(x) ? `${x} 毫秒` : '—');

export async function devicesBench(db: 'pglite' | 'postgres') {
  // PGlite (one process, the embedded single-user database) is overloaded far sooner: compressed
  // 60 times, its backlog would take minutes to drain; 6 times is already beyond it.
  const speedup = Number(process.env.BENCH_WATCH_SPEEDUP ?? (db === 'postgres' ? 60 : 6));
  const limit = openFileLimit();
  // Each side holds a socket per watch, plus the database, the app and a margin.
  const watches = Math.min(WANTED, Math.max(0, limit - 300));
  if (watches < WANTED)
    console.log(
      `\n文件描述符上限（ulimit -n）为 ${limit}：模拟手表数由 ${WANTED} 降为 ${watches}。` +
        `要测满 ${WANTED} 块，请先在同一 shell 中执行 ulimit -n ${WANTED + 1000}（需要时调高硬上限）。`,
    );
  const floorFps = floor(Math.min(5, PHASE_SECONDS / 4));
  const child = fork(import.meta.filename, {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, TEST_DB: db, DEVICES_BENCH_CHILD: '1', BENCH_CHILD_WATCHES: String(watches) },
  });
  const { address, gatewayPort } = await new Promise<ChildReady>((resolve, reject) => {
    child.once('message', (m: ChildReady) => resolve(m));
    child.once('exit', (code) => reject(new Error(`devices bench server exited ${code}`)));
  });
  const written = new Map<string, number>();
  let sim: Simulation | null = null;
  const stream = await consoleStream(address);
  try {
    const keys = simulatedKeys(watches, 0).watches;
    const homes = homesAround(CENTRE, watches, seededRandom(5));
    const t = performance.now();
    sim = await startSimulation({
      devices: keys.map((k, i) => ({ deviceKey: k, protocol: 'watch', home: homes[i]! })),
      host: '127.0.0.1',
      port: gatewayPort,
      speed: 1,
      alarmsPerDeviceHour: 0,
      silentShare: 0,
      drainShare: 0,
      connectPerSecond: 2000,
      onAlarmWritten: (key, at) => written.set(key, at),
    });
    // Connected, and every watch's first LK answered (the connection storm stored and behind us).
    while (sim.counters().watchesConnected < watches || sim.counters().lkReplies < watches) {
      if (performance.now() - t > 120_000) throw new Error(`只连上 ${sim.counters().watchesConnected} 块手表`);
      await new Promise((r) => setTimeout(r, 200));
    }
    console.log(
      `\n[${db}] 终端接入：${watches.toLocaleString()} 块模拟手表同时在线（连上用时 ${((performance.now() - t) / 1000).toFixed(1)} 秒）；` +
        `解析基线（同样的帧，成帧+解码，无网络无数据库）${Math.round(floorFps).toLocaleString()} 帧/秒`,
    );
    let next = 0;
    const phase = async (label: string, speed: number, last: boolean) => {
      sim!.setSpeed(speed);
      await new Promise((r) => setTimeout(r, 3000)); // settle into the rate
      const c0 = sim!.counters();
      const p0 = procSample(child.pid!);
      const from = new Date();
      const w0 = performance.now();
      const first = next;
      const sos = setInterval(() => {
        // From the far end of the list: watches with no open case.
        const key = keys[keys.length - 1 - next++];
        if (key) sim!.raiseAlarm(key, 'sos');
      }, 1000 / SOS_PER_SECOND);
      await new Promise((r) => setTimeout(r, PHASE_SECONDS * 1000));
      clearInterval(sos);
      const wallMs = performance.now() - w0;
      const to = new Date();
      const p1 = procSample(child.pid!);
      const c1 = sim!.counters();
      // Alarms sent near the end are given a few seconds; after the last phase the watches
      // disconnect, and what the gateway had not yet taken is dropped with them (a watch resends).
      await new Promise((r) => setTimeout(r, 3000));
      if (last) await sim!.stop();
      const waitFrom = performance.now();
      // Every heartbeat answered (LK) was stored; every other stored event is a row.
      const { rows } = await request<{ rows: number }>(child, 'rows', 'rows', {
        from: from.toISOString(),
        to: to.toISOString(),
      });
      const lateMs = performance.now() - waitFrom;
      const { cases } = await request<{ cases: { id: number; key: string }[] }>(child, 'cases', 'cases');
      const latencies: number[] = [];
      let lost = 0;
      for (let i = first; i < next; i++) {
        const key = keys[keys.length - 1 - i]!;
        const sent = written.get(key);
        const c = cases.find((x) => x.key === key);
        const heard = c ? stream.heard.get(c.id) : undefined;
        if (sent === undefined) continue;
        if (heard === undefined) lost++;
        else latencies.push(heard - sent);
      }
      latencies.sort((a, b) => a - b);
      const secs = wallMs / 1000;
      const offered = (watches / 60 + watches / 300) * speed;
      const eps = (c1.lkReplies - c0.lkReplies + rows) / secs;
      const cpu = ((p1.cpuMs - p0.cpuMs) / wallMs) * 100;
      console.log(
        `  ${label}：提供 ${Math.round(offered).toLocaleString()} 帧/秒（另每秒 ${SOS_PER_SECOND} 次 SOS），入库 ${Math.round(eps).toLocaleString()} 事件/秒` +
          `（解析基线的 ${(eps / floorFps).toFixed(4)}）；服务进程 CPU ${cpu.toFixed(0)}%（单核），RSS ${Math.round(p1.rss / 2 ** 20)} MB` +
          (lateMs > 2000 ? `；超出处理能力，结束后 ${(lateMs / 1000).toFixed(0)} 秒才回应` : ''),
      );
      const p99 = pct(latencies, 99);
      console.log(
        `  ${label}：报警→调度台 SSE ${latencies.length} 次，p50 ${ms(pct(latencies, 50))}，p99 ${ms(p99)}` +
          (lost ? `，${lost} 次未送达（手表断开前未入库）` : '') +
          (db === 'postgres' && !last ? `（目标 p99 ≤ 1000 毫秒：${p99 <= 1000 && !lost ? '达到' : '未达到'}）` : ''),
      );
    };
    await phase('实时负载（心跳每 60 秒、位置每 5 分钟）', 1, false);
    await phase(
      `压缩 ${speedup} 倍（心跳每 ${(60 / speedup).toFixed(1)} 秒、位置每 ${(300 / speedup).toFixed(1)} 秒）`,
      speedup,
      true,
    );
  } finally {
    stream.close();
    await sim?.stop();
    child.send({ kind: 'stop' });
    await new Promise((r) => child.once('exit', r));
  }
}

if (process.env.DEVICES_BENCH_CHILD === '1') await runChild();
