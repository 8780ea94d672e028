// One database interface over two engines: PGlite (embedded, for the zero-setup start and
// tests) and PostgreSQL (production). Both speak the same SQL and run the same migrations.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
import os from 'node:os';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema.js';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export type RawQuery = (text: string, params: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /**
   * Runs fn in one transaction with a plain parameterised query function, for bulk paths
   * (INSERT … SELECT FROM unnest($1::…[])) where an ORM-built statement would be slow.
   */
  bulk<T>(fn: (query: RawQuery) => Promise<T>): Promise<T>;
  /**
   * Calls onPayload for every NOTIFY on the channel, from any server on the same database, once
   * the notifying transaction commits. Returns the unsubscribe.
   */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

interface JournalEntry {
  idx: number;
  when: number;
  tag: string;
}
export function codeMigrations(): JournalEntry[] {
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8'));
  return journal.entries as JournalEntry[];
}

export class MigrationsNewerThanCodeError extends Error {}

/** Another process (or this one) has the embedded database's directory open. */
export class DataDirLockedError extends Error {}

const LOCK_FILE = 'pglite.lock';
/** Lock files this process holds: its own pid in a lock file means "mine" only if listed here. */
const heldLocks = new Set<string>();

interface LockOwner {
  pid: number;
  hostname: string;
  startedAt: string;
}

function pidAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Who still holds the lock, or null when it is stale. PGlite is one process's database: a second
 * process on the same directory writes over the first one's pages.
 */
function holderOf(file: string, owner: LockOwner | null): { who: string; hint?: string } | null {
  if (!owner) {
    // Written right after the exclusive create: unreadable only for the moment another process
    // is starting, or forever if one was killed in between.
    return Date.now() - fs.statSync(file).mtimeMs < 10_000 ? { who: '另一个正在启动的进程' } : null;
  }
  const who = `进程 ${owner.pid}（主机 ${owner.hostname}，${owner.startedAt} 启动）`;
  // Its process cannot be checked from here (a shared disk, or a recreated container).
  if (owner.hostname !== os.hostname()) return { who, hint: `如确认它已停止，请删除锁文件 ${file} 后重试。` };
  // Written before this machine last started: whatever runs under that pid now is another program.
  const bootedAt = Date.now() - os.uptime() * 1000;
  if (Date.parse(owner.startedAt) < bootedAt) return null;
  if (owner.pid === process.pid) return heldLocks.has(file) ? { who: `本进程（PID ${owner.pid}）` } : null;
  return pidAlive(owner.pid) ? { who: `另一个${who}` } : null;
}

function parseOwner(text: string): LockOwner | null {
  try {
    const o = JSON.parse(text) as Partial<LockOwner>;
    const valid = typeof o.pid === 'number' && typeof o.hostname === 'string' && typeof o.startedAt === 'string';
    return valid ? (o as LockOwner) : null;
  } catch {
    return null;
  }
}

/**
 * Takes the data directory's lock file, created exclusively, with the owner's pid, host and start
 * time. A lock left by a process that no longer runs (killed, machine restarted) is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  const file = path.resolve(dataDir, LOCK_FILE);
  const mine = JSON.stringify({ pid: process.pid, hostname: os.hostname(), startedAt: new Date().toISOString() });
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx');
      try {
        fs.writeSync(fd, mine);
      } finally {
        fs.closeSync(fd);
      }
      heldLocks.add(file);
      const release = () => {
        process.off('exit', release);
        if (!heldLocks.delete(file)) return;
        // Only our own lock: after a takeover the file is another process's.
        try {
          if (fs.readFileSync(file, 'utf8') === mine) fs.unlinkSync(file);
        } catch {
          // Already gone.
        }
      };
      process.on('exit', release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue; // released meanwhile
      throw err;
    }
    const holder = holderOf(file, parseOwner(text));
    if (holder)
      throw new DataDirLockedError(
        `数据目录 ${dataDir} 正被${holder.who}使用，拒绝启动：两个进程同时写同一个嵌入式数据库会损坏数据。` +
          `请先停止那个进程，或为本进程换一个 DATA_DIR；多台服务器共用数据请改用 PostgreSQL（DATABASE_URL）。` +
          (holder.hint ?? ''),
      );
    // Stale. Moved aside rather than deleted, so that of two processes taking it over at once only
    // one succeeds; if what was moved is not what was read, another process took it over in
    // between: it goes back, and the next round sees a live lock.
    const aside = `${file}.${process.pid}.stale`;
    try {
      fs.renameSync(file, aside);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw err;
    }
    if (fs.readFileSync(aside, 'utf8') !== text) {
      try {
        fs.linkSync(aside, file);
      } catch {
        // A third process has it now; the next round reads that one.
      }
    }
    fs.unlinkSync(aside);
  }
  throw new DataDirLockedError(
    `数据目录 ${dataDir} 的锁文件 ${file} 被反复抢占，拒绝启动：请确认没有其他进程在使用它。`,
  );
}

export async function openDatabase(opts: {
  databaseUrl?: string;
  dataDir?: string;
  memory?: boolean;
  poolSize?: number;
  onIdleError?: (err: Error) => void;
}): Promise<Database> {
  if (opts.databaseUrl) {
    const { default: pg } = await import('pg');
    const { drizzle } = await import('drizzle-orm/node-postgres');
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 20 });
    // An idle connection the server closes (restart, failover, admin shutdown) is dropped and
    // replaced on next use; without a listener the pool's error event would end the process.
    pool.on('error', (err) => opts.onIdleError?.(err));
    const db = drizzle(pool, { schema }) as unknown as Db;
    const bulk = async <T>(fn: (query: RawQuery) => Promise<T>) => {
      const conn = await pool.connect();
      try {
        await conn.query('begin');
        const result = await fn((text, params) => conn.query(text, params));
        await conn.query('commit');
        return result;
      } catch (err) {
        await conn.query('rollback');
        throw err;
      } finally {
        conn.release();
      }
    };
    const listen = (channel: string, onPayload: (payload: string) => void) =>
      listenPostgres(pg, opts.databaseUrl!, channel, onPayload, opts.onIdleError);
    return { db, kind: 'postgres', bulk, listen, close: () => pool.end() };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  let client;
  let unlock = () => {};
  if (opts.memory) client = new PGlite();
  else {
    const dir = path.join(opts.dataDir!, 'pglite');
    fs.mkdirSync(dir, { recursive: true });
    unlock = lockDataDir(opts.dataDir!);
    try {
      client = new PGlite(dir);
    } catch (err) {
      unlock();
      throw err;
    }
  }
  try {
    await client.waitReady;
  } catch (err) {
    unlock();
    throw err;
  }
  const db = drizzle(client, { schema }) as unknown as Db;
  const bulk = <T>(fn: (query: RawQuery) => Promise<T>) =>
    client.transaction((tx) =>
      fn((text, params) => tx.query(text, params) as Promise<{ rows: Record<string, unknown>[] }>),
    );
  const listen = async (channel: string, onPayload: (payload: string) => void) => {
    const unlisten = await client.listen(channel, onPayload);
    return async () => {
      if (!client.closed) await unlisten();
    };
  };
  const close = async () => {
    try {
      await client.close();
    } finally {
      unlock();
    }
  };
  return { db, kind: 'pglite', bulk, listen, close };
}

/**
 * LISTEN needs a connection of its own, held for as long as anyone listens: a pool would hand
 * it back. When the server drops it (restart, failover) it is opened again after a pause.
 */
async function listenPostgres(
  pg: typeof import('pg').default,
  url: string,
  channel: string,
  onPayload: (payload: string) => void,
  onError?: (err: Error) => void,
) {
  let client: import('pg').Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const connect = async () => {
    const c = new pg.Client({ connectionString: url });
    c.on('notification', (n) => {
      if (n.channel === channel && n.payload !== undefined) onPayload(n.payload);
    });
    c.on('error', (err) => {
      onError?.(err);
      c.end().catch(() => {});
      if (!stopped) retry = setTimeout(() => void connect().catch((e) => onError?.(e)), 1000);
    });
    await c.connect();
    await c.query(`listen ${JSON.stringify(channel)}`);
    if (stopped) await c.end();
    else client = c;
  };
  await connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    await client?.end().catch(() => {});
  };
}

/** Applied migration timestamps, or [] on an empty database. */
async function appliedMigrations(db: Db): Promise<number[]> {
  const exists = (await db.execute(sql`select to_regclass('drizzle.__drizzle_migrations') as t`)) as unknown as {
    rows: { t: string | null }[];
  };
  if (!exists.rows[0].t) return [];
  const res = (await db.execute(
    sql`select created_at from drizzle.__drizzle_migrations order by created_at`,
  )) as unknown as { rows: { created_at: string }[] };
  return res.rows.map((r) => Number(r.created_at));
}

export async function migrateDatabase(database: Database): Promise<{ applied: number; latest: string }> {
  const known = codeMigrations();
  const latestKnown = known[known.length - 1];
  const applied = await appliedMigrations(database.db);
  const unknown = applied.filter((when) => when > latestKnown.when);
  if (unknown.length > 0) {
    throw new MigrationsNewerThanCodeError(
      `数据库的结构版本比程序新（数据库中有 ${unknown.length} 个本程序不认识的迁移），拒绝启动。` +
        `请升级程序到与数据库匹配的版本，或换用其他数据库。`,
    );
  }
  // Nothing to apply: the migrator is not called, since its CREATE SCHEMA IF NOT EXISTS needs a
  // privilege that a server running as a role owning nothing (README, "Audit") does not have.
  if (known.every((k) => applied.includes(k.when))) return { applied: applied.length, latest: latestKnown.tag };
  if (database.kind === 'postgres') {
    const { migrate } = await import('drizzle-orm/node-postgres/migrator');
    await migrate(database.db as unknown as Parameters<typeof migrate>[0], { migrationsFolder: MIGRATIONS_DIR });
  } else {
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    await migrate(database.db as unknown as Parameters<typeof migrate>[0], { migrationsFolder: MIGRATIONS_DIR });
  }
  const after = await appliedMigrations(database.db);
  return { applied: after.length, latest: latestKnown.tag };
}

export async function migrationStatus(db: Db) {
  const known = codeMigrations();
  const applied = await appliedMigrations(db);
  const latestApplied = known.filter((k) => applied.includes(k.when)).at(-1)?.tag ?? null;
  return { applied: applied.length, known: known.length, version: latestApplied };
}
