// One database interface over two engines: PGlite (embedded, for the zero-setup start and
// tests) and PostgreSQL (production). Both speak the same SQL and run the same migrations.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
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
  if (opts.memory) client = new PGlite();
  else {
    const dir = path.join(opts.dataDir!, 'pglite');
    fs.mkdirSync(dir, { recursive: true });
    client = new PGlite(dir);
  }
  await client.waitReady;
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
  return { db, kind: 'pglite', bulk, listen, close: () => client.close() };
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
