// The product as a process: first start loads demo data, a restart keeps it, SIGTERM shuts
// down cleanly, DEMO=0 prints a one-time admin password, and a database with migrations the
// code does not know is refused. Runs on PGlite only (the embedded path is what it covers).
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { migrateDatabase, MigrationsNewerThanCodeError } from '../../src/server/db/client.js';
import { openTestDatabase } from '../helpers/test-app.js';
import { removeTempDirs, spawnServer, tempDataDir, type ServerProcess } from '../helpers/server-process.js';

const onPglite = process.env.TEST_DB !== 'postgres';
afterAll(removeTempDirs);
const tempDir = () => tempDataDir();

type Started = ServerProcess;

/** Starts the server and waits until it is up; fails with its output if it ends first. */
async function start(dataDir: string, env: Record<string, string> = {}): Promise<Started> {
  const s = spawnServer(dataDir, env);
  const o = await s.outcome;
  if (!o.up) throw new Error(`exited ${o.code}: ${s.output()}`);
  return s;
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
