// Builds the real app on a fresh database with the demo district: PGlite in memory, or a
// throwaway PostgreSQL database when TEST_DB=postgres (DATABASE_URL names the server).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import { migrateDatabase, openDatabase, type Database } from '../../src/server/db/client.js';
import { loadDemoDistrict, DEMO_PASSWORD } from '../../src/server/demo/demo-district.js';
import { makeDeps, type Deps } from '../../src/server/deps.js';
import type { Config } from '../../src/server/config.js';
import { ensureReferenceData } from '../../src/server/seeds.js';
import { createCipher, type PersonalDataCipher } from '../../src/server/security/personal-data.js';
import { createScheduler, type Scheduler } from '../../src/server/jobs/scheduler.js';
import { housekeepingJobs } from '../../src/server/jobs/housekeeping.js';

export { DEMO_PASSWORD };

export async function openTestDatabase(): Promise<{ database: Database; drop: () => Promise<void>; url?: string }> {
  if (process.env.TEST_DB !== 'postgres') {
    return { database: await openDatabase({ memory: true }), drop: async () => {} };
  }
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('TEST_DB=postgres needs DATABASE_URL');
  const name = `yiyang_t_${crypto.randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const database = await openDatabase({
    databaseUrl: url.toString(),
    poolSize: process.env.DB_POOL_SIZE ? Number(process.env.DB_POOL_SIZE) : undefined,
  });
  return {
    database,
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export interface TestApp {
  app: Awaited<ReturnType<typeof buildApp>>;
  database: Database;
  cipher: PersonalDataCipher;
  deps: Deps;
  /** The throwaway PostgreSQL database, when the tests run on one (a second server may join it). */
  databaseUrl?: string;
  config: Config;
  /** Moves the app's clock forward. */
  advance(minutes: number): void;
  /** Sets the app's clock to this moment (it runs on from there). */
  setNow(at: Date): void;
  /** The product's jobs on the app's clock, not ticking: a test calls tick() after moving the clock. */
  scheduler: Scheduler;
  login(username: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

/** The keys machine callers use in tests. */
export const TEST_KEYS = {
  telephonyApiKey: 'pbx-test-key-0123456789',
  smsInboundKey: 'sms-test-key-0123456789',
  deviceWebhookSecret: 'webhook-test-secret-0123456789',
} as const;

export async function makeTestApp(
  opts: { demo?: boolean; webDir?: string; elders?: number; demoOrders?: boolean; config?: Partial<Config> } = {},
): Promise<TestApp> {
  const { database, drop, url } = await openTestDatabase();
  await migrateDatabase(database);
  await ensureReferenceData(database.db);
  let offsetMs = 0;
  // Uploaded documents go to a directory of the test's own, removed at close.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiyang-test-'));
  // Tests log in far more often than a person; the login rate limit has its own test.
  const config = {
    ...loadConfig({}),
    webDir: opts.webDir ?? '/nonexistent',
    dataDir,
    loginRatePerMinute: 10_000,
    ...TEST_KEYS,
    ...opts.config,
  };
  const cipher = createCipher(crypto.randomBytes(32));
  if (opts.demo !== false)
    await loadDemoDistrict(database, {
      cipher,
      elders: opts.elders ?? 0,
      orders: opts.demoOrders ?? false,
      dataDir: config.dataDir,
    });
  const deps = makeDeps(database, config, cipher, () => new Date(Date.now() + offsetMs));
  const scheduler = createScheduler({
    db: database.db,
    jobs: housekeepingJobs(deps),
    serverId: 'test-server',
    clock: deps.clock,
    log: { info: () => {}, warn: () => {} },
  });
  const app = await buildApp(deps, { scheduler });
  await app.ready();
  return {
    app,
    deps,
    databaseUrl: url,
    config,
    database,
    cipher,
    advance: (m) => {
      offsetMs += m * 60_000;
    },
    setNow: (at) => {
      offsetMs = at.getTime() - Date.now();
    },
    scheduler,
    async login(username, password = DEMO_PASSWORD) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
      if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
      const c = res.cookies.find((x) => x.name === 'yy_session');
      return `yy_session=${c!.value}`;
    },
    async close() {
      await scheduler.stop(10_000);
      await app.close();
      await database.close();
      await drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A new server on the same data, as after a restart: a new app and scheduler running `jobs`,
 * and on PostgreSQL a new connection pool. Returns that pool for the test to close at its end
 * (null on PGlite, where the one in-memory database is shared). The old app is closed here.
 */
export async function restartTestApp(
  t: TestApp,
  jobs: (deps: Deps) => Parameters<typeof createScheduler>[0]['jobs'],
  serverId: string,
): Promise<Database | null> {
  await t.scheduler.stop(10_000);
  const old = t.app;
  const database = t.databaseUrl ? await openDatabase({ databaseUrl: t.databaseUrl, poolSize: 5 }) : t.database;
  const deps = makeDeps(database, t.config, t.cipher, t.deps.clock);
  const scheduler = createScheduler({
    db: database.db,
    jobs: jobs(deps),
    serverId,
    clock: deps.clock,
    log: { info: () => {}, warn: () => {} },
  });
  const app = await buildApp(deps, { scheduler });
  await app.ready();
  t.app = app;
  t.scheduler = scheduler;
  await old.close();
  return t.databaseUrl ? database : null;
}
