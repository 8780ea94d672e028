// 「An alarm is written before it is acknowledged to the device, so a server restart loses none」
// (issue 17): fifty watches send an SOS at once, the server is killed with SIGKILL in the middle
// of the burst and started again on the same data, and every watch that got no AL sends again —
// as watches do. In the end each watch has exactly one alarm case and one stored alarm.
import net from 'node:net';
import crypto from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { migrateDatabase, openDatabase, type Database } from '../../src/server/db/client.js';
import { ensureReferenceData } from '../../src/server/seeds.js';
import { alarmCases, deviceEvents, devices } from '../../src/server/db/schema.js';
import { openTestDatabase } from '../helpers/test-app.js';
import { removeTempDirs, spawnServer, tempDataDir, type ServerProcess } from '../helpers/server-process.js';

const WATCHES = 50;
const key = (i: number) => `88${String(100000 + i).padStart(8, '0')}`;
const sos = (i: number) => {
  const content = `AL,011126,093000,A,36.061100,N,103.834300,E,0.0,0.0,0.0,8,100,80,0,0,00010000,1,1,460,0,9360,4082,131`;
  return `[SG*${key(i)}*${content.length.toString(16).toUpperCase().padStart(4, '0')}*${content}]`;
};

let db: { database: Database; drop: () => Promise<void>; url?: string } | null = null;
const children: ServerProcess[] = [];
afterAll(async () => {
  for (const c of children) c.child.kill('SIGKILL');
  await db?.drop();
  removeTempDirs();
});

async function start(dataDir: string, env: Record<string, string>): Promise<ServerProcess> {
  const s = spawnServer(dataDir, env);
  children.push(s);
  const o = await s.outcome;
  if (!o.up) throw new Error(`exited ${o.code}: ${s.output()}`);
  // The gateway opens just after the HTTP server says it is up.
  for (let i = 0; i < 200 && !s.output().includes('手表终端接入'); i++) await new Promise((r) => setTimeout(r, 100));
  if (!s.output().includes('手表终端接入')) throw new Error(`no watch gateway: ${s.output()}`);
  return s;
}

/** Sends a watch's SOS and resolves true when the AL comes back, false if the connection dies first. */
function send(port: number, i: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => s.write(sos(i)));
    s.once('data', (d) => {
      s.destroy();
      resolve(d.toString('latin1').includes('*AL]'));
    });
    s.once('error', () => resolve(false));
    s.once('close', () => resolve(false));
    setTimeout(() => {
      s.destroy();
      resolve(false);
    }, 10_000);
  });
}

describe('an alarm burst across a kill -9', () => {
  it('loses no alarm and stores none twice', async () => {
    const dataDir = tempDataDir();
    const watchPort = 21000 + Math.floor(Math.random() * 9000);
    const env: Record<string, string> = { DEMO: '0', WATCH_GATEWAY_PORT: String(watchPort) };
    // The registry first: fifty watches, on the database the server will open.
    if (process.env.TEST_DB === 'postgres') {
      db = await openTestDatabase();
      Object.assign(env, { DATABASE_URL: db.url!, DATA_KEY: crypto.randomBytes(32).toString('hex') });
    } else db = { database: await openDatabase({ dataDir }), drop: async () => {} };
    await migrateDatabase(db.database);
    await ensureReferenceData(db.database.db);
    await db.database.db.insert(devices).values(
      Array.from({ length: WATCHES }, (_, i) => ({
        kind: 'watch' as const,
        protocol: 'watch' as const,
        deviceKey: key(i),
      })),
    );
    if (process.env.TEST_DB !== 'postgres') {
      await db.database.close();
      db = null;
    }

    const first = await start(dataDir, env);
    const answered = new Set<number>();
    const burst = Array.from({ length: WATCHES }, (_, i) => send(watchPort, i).then((ok) => ok && answered.add(i)));
    // Killed while the burst is in flight.
    await new Promise((r) => setTimeout(r, 150));
    first.child.kill('SIGKILL');
    await Promise.all(burst);
    expect(answered.size).toBeLessThan(WATCHES);

    // Up again on the same data; every watch without an answer tries again until it has one.
    await start(dataDir, env);
    for (let round = 0; round < 5 && answered.size < WATCHES; round++)
      await Promise.all(
        Array.from({ length: WATCHES }, (_, i) => i)
          .filter((i) => !answered.has(i))
          .map((i) => send(watchPort, i).then((ok) => ok && answered.add(i))),
      );
    expect(answered.size, children[1]?.output()).toBe(WATCHES);

    // Read through a connection of our own (PGlite: after the server let go of the directory).
    for (const c of children) c.child.kill('SIGTERM');
    await Promise.all(
      children.map(
        (c) =>
          new Promise((r) =>
            c.child.exitCode !== null || c.child.signalCode !== null ? r(null) : c.child.once('exit', r),
          ),
      ),
    );
    const reader = db?.database ?? (await openDatabase({ dataDir }));
    const cases = await reader.db.select().from(alarmCases);
    const alarms = await reader.db.select().from(deviceEvents).where(eq(deviceEvents.kind, 'alarm'));
    expect(new Set(cases.map((c) => c.deviceId)).size).toBe(WATCHES);
    expect(cases).toHaveLength(WATCHES);
    expect(alarms).toHaveLength(WATCHES);
    if (!db) await reader.close();
  }, 240_000);
});
