// One embedded database, one process: a second open of the same DATA_DIR is refused with a
// message naming the directory and the holder, and a lock left by a killed process is taken
// over. PGlite only (PostgreSQL has its own locking).
import { spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataDirLockedError, openDatabase } from '../../src/server/db/client.js';
import { removeTempDirs, spawnServer, tempDataDir } from '../helpers/server-process.js';

const onPglite = process.env.TEST_DB !== 'postgres';
afterAll(removeTempDirs);
const tempDir = () => tempDataDir('yiyang-lock-');

const lockOf = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'pglite.lock'), 'utf8'));

const start = (dataDir: string) => spawnServer(dataDir);

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.on('exit', () => resolve());
  });

describe.runIf(onPglite)('the embedded database directory lock', () => {
  it('refuses a second open of the same directory in the same process, and frees it on close', async () => {
    const dir = tempDir();
    const first = await openDatabase({ dataDir: dir });
    try {
      expect(lockOf(dir)).toMatchObject({ pid: process.pid, hostname: os.hostname() });
      const second = openDatabase({ dataDir: dir });
      await expect(second).rejects.toBeInstanceOf(DataDirLockedError);
      await expect(second).rejects.toThrow(`数据目录 ${dir} 正被本进程（PID ${process.pid}）使用，拒绝启动`);
    } finally {
      await first.close();
    }
    expect(fs.existsSync(path.join(dir, 'pglite.lock'))).toBe(false);
    const again = await openDatabase({ dataDir: dir });
    await again.close();
  });

  it('takes over a lock left by a process that no longer runs, but not one of a live process', async () => {
    const dir = tempDir();
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    const lock = path.join(dir, 'pglite.lock');
    fs.writeFileSync(
      lock,
      JSON.stringify({ pid: dead, hostname: os.hostname(), startedAt: new Date(Date.now() - 60_000).toISOString() }),
    );
    const database = await openDatabase({ dataDir: dir });
    expect(lockOf(dir).pid).toBe(process.pid);
    await database.close();

    // A live process (this test's parent, say) holding the lock: refused, and the lock stays its.
    const live = { pid: process.ppid, hostname: os.hostname(), startedAt: new Date().toISOString() };
    fs.writeFileSync(lock, JSON.stringify(live));
    await expect(openDatabase({ dataDir: dir })).rejects.toThrow(`正被另一个进程 ${process.ppid}`);
    expect(lockOf(dir)).toEqual(live);
  });

  it('a second server on the same DATA_DIR exits with the message; after the first is killed, a new one starts', async () => {
    const dir = tempDir();
    const first = start(dir);
    expect(await first.outcome).toEqual({ up: true });
    try {
      const second = start(dir);
      expect(await second.outcome).toEqual({ up: false, code: 2 });
      expect(second.output()).toContain(`数据目录 ${dir} 正被另一个进程 ${first.child.pid}`);
      // The first one still serves.
      expect((await fetch(`http://127.0.0.1:${first.port}/api/health`)).status).toBe(200);
    } finally {
      first.child.kill('SIGKILL');
      await exited(first.child);
    }
    // kill -9 leaves the lock file behind: the next start sees its process gone and takes over.
    expect(lockOf(dir).pid).toBe(first.child.pid);
    const third = start(dir);
    expect(await third.outcome).toEqual({ up: true });
    const login = await fetch(`http://127.0.0.1:${third.port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'Yiyang@2026' }),
    });
    expect(login.status).toBe(200);
    third.child.kill('SIGTERM');
    await exited(third.child);
    // A clean shutdown removes the lock.
    expect(fs.existsSync(path.join(dir, 'pglite.lock'))).toBe(false);
  }, 400_000);
});
