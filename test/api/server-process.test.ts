// The product as a process: first start loads demo data, a restart keeps it, SIGTERM shuts
// down cleanly, DEMO=0 prints a one-time admin password, and a database with migrations the
// code does not know is refused. Runs on PGlite only (the embedded path is what it covers).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { migrateDatabase, MigrationsNewerThanCodeError } from '../../src/server/db/client.js';
import { openTestDatabase } from '../helpers/test-app.js';

const onPglite = process.env.TEST_DB !== 'postgres';
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function tempDir() {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'yiyang-'));
  dirs.push(d);
  return d;
}

interface Started {
  child: ChildProcess;
  output: () => string;
  port: number;
}

async function start(dataDir: string, env: Record<string, string> = {}): Promise<Started> {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: '',
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      WEB_DIR: '/nonexistent',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    out += d;
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (out.includes('颐养已启动')) {
        clearInterval(timer);
        resolve();
      }
    }, 100);
    child.on('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`exited ${code}: ${out}`));
    });
  });
  return { child, output: () => out, port };
}

const stop = (s: Started) =>
  new Promise<number | null>((resolve) => {
    s.child.removeAllListeners('exit');
    s.child.on('exit', (code) => resolve(code));
    s.child.kill('SIGTERM');
  });

describe.runIf(onPglite)('server process', () => {
  it('loads the demo once, keeps data across a restart, and shuts down cleanly', async () => {
    const dir = tempDir();
    const first = await start(dir);
    expect(first.output()).toContain('演示账户');
    const login = await fetch(`http://127.0.0.1:${first.port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'Yiyang@2026' }),
    });
    expect(login.status).toBe(200);
    expect(await stop(first)).toBe(0);

    const second = await start(dir);
    expect(second.output()).not.toContain('演示账户');
    const health = await (await fetch(`http://127.0.0.1:${second.port}/api/health`)).json();
    expect(health.database.kind).toBe('pglite');
    const again = await fetch(`http://127.0.0.1:${second.port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'Yiyang@2026' }),
    });
    expect(again.status).toBe(200);
    expect(await stop(second)).toBe(0);
  });

  it('without demo data creates one administrator with a one-time password', async () => {
    const s = await start(tempDir(), { DEMO: '0' });
    const m = s.output().match(/用户名 admin\s+密码 (\S+)/);
    expect(m).not.toBeNull();
    const res = await fetch(`http://127.0.0.1:${s.port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: m![1] }),
    });
    expect((await res.json()).mustChangePassword).toBe(true);
    expect(await stop(s)).toBe(0);
  });
});

describe('migrations', () => {
  it('refuses a database whose migrations are newer than the code', async () => {
    const { database, drop } = await openTestDatabase();
    try {
      await migrateDatabase(database);
      const far = Date.now() + 10 * 365 * 86_400_000;
      await database.db.execute(
        sql`insert into drizzle.__drizzle_migrations (hash, created_at) values ('from-the-future', ${far})`,
      );
      await expect(migrateDatabase(database)).rejects.toThrow(MigrationsNewerThanCodeError);
      await expect(migrateDatabase(database)).rejects.toThrow(/比程序新/);
    } finally {
      await database.close();
      await drop();
    }
  });
});
