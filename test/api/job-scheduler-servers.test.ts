// Two servers, each with its own connection pool to one PostgreSQL database, tick the same slots
// at the same moments, many times: every job and slot has exactly one run row and its effect
// happened exactly once. (On PGlite there is only ever one process, so this runs on PostgreSQL.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { migrateDatabase, openDatabase, type Database } from '../../src/server/db/client.js';
import { createScheduler, daySlot, minutesSlot, type JobDefinition } from '../../src/server/jobs/scheduler.js';
import { openTestDatabase } from '../helpers/test-app.js';

const onPostgres = process.env.TEST_DB === 'postgres';
const quiet = { info: () => {}, warn: () => {} };

describe.skipIf(!onPostgres)('jobs on two servers', () => {
  let first: Database;
  let second: Database;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const opened = await openTestDatabase();
    first = opened.database;
    drop = opened.drop;
    await migrateDatabase(first);
    second = await openDatabase({ databaseUrl: opened.url!, poolSize: 4 });
    await first.db.execute(sql`create table job_effects (job text not null, slot text not null, server text not null)`);
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
    await drop?.();
  });

  // The effect is written through the server's own pool, so a double run would leave two rows.
  const effectJob = (name: string, extra: Partial<JobDefinition> = {}): JobDefinition => ({
    name,
    label: name,
    schedule: '每分钟',
    periodMs: 60_000,
    slotOf: minutesSlot(1),
    leaseMs: 60_000,
    run: async (ctx, _now, slot) => {
      await ctx.db.execute(sql`insert into job_effects (job, slot, server) values (${name}, ${slot}, ${ctx.serverId})`);
      await new Promise((r) => setTimeout(r, Math.random() * 5));
      return { effects: 1 };
    },
    ...extra,
  });

  it('runs each job once per slot across both servers', async () => {
    let now = new Date('2026-11-29T13:40:00Z');
    const clock = () => now;
    const jobs = [effectJob('every-minute'), effectJob('daily', { slotOf: daySlot })];
    // Three schedulers per pool: each stands for a process, so ticks overlap inside a pool too.
    const servers = [first, first, first, second, second, second].map((d, i) =>
      createScheduler({ db: d.db, jobs, serverId: `server-${i}`, clock, log: quiet }),
    );
    const minutes = 15;
    for (let m = 0; m < minutes; m++) {
      now = new Date(Date.parse('2026-11-29T13:40:00Z') + m * 60_000);
      await Promise.all(servers.flatMap((s) => [s.tick(), s.tick(), s.tick()]));
    }
    const runs = (await first.db.execute(
      sql`select job, slot, count(*)::int as n, min(state) as state from job_runs group by job, slot order by job, slot`,
    )) as unknown as { rows: { job: string; slot: string; n: number; state: string }[] };
    expect(runs.rows.filter((r) => r.job === 'every-minute')).toHaveLength(minutes);
    expect(runs.rows.filter((r) => r.job === 'daily')).toHaveLength(1);
    expect(runs.rows.every((r) => r.n === 1 && r.state === 'done')).toBe(true);
    const effects = (await second.db.execute(
      sql`select job, slot, count(*)::int as n, count(distinct server)::int as servers from job_effects group by job, slot`,
    )) as unknown as { rows: { job: string; slot: string; n: number }[] };
    expect(effects.rows).toHaveLength(minutes + 1);
    expect(effects.rows.every((r) => r.n === 1)).toBe(true);
    // Both pools won some slots: the race was real.
    const winners = (await first.db.execute(sql`select distinct server_id from job_runs`)) as unknown as {
      rows: { server_id: string }[];
    };
    expect(winners.rows.length).toBeGreaterThan(1);
  });

  it('retries a failed run and takes over a dead run on exactly one server', async () => {
    const now = new Date('2026-12-01T02:00:00Z');
    const clock = () => now;
    await first.db.execute(sql`
      insert into job_runs (job, slot, state, attempt, server_id, started_at, finished_at, lease_until, retry_at, error)
      values
        ('retried', ${daySlot(now)}, 'failed', 1, 'gone', ${new Date(now.getTime() - 600_000).toISOString()},
         ${new Date(now.getTime() - 590_000).toISOString()}, ${new Date(now.getTime() - 540_000).toISOString()},
         ${new Date(now.getTime() - 1000).toISOString()}, '连接中断'),
        ('orphaned', ${daySlot(now)}, 'running', 1, 'gone', ${new Date(now.getTime() - 600_000).toISOString()},
         null, ${new Date(now.getTime() - 1000).toISOString()}, null, null)`);
    const jobs = [effectJob('retried', { slotOf: daySlot }), effectJob('orphaned', { slotOf: daySlot })];
    const servers = [first, second, first, second].map((d, i) =>
      createScheduler({ db: d.db, jobs, serverId: `taker-${i}`, clock, log: quiet }),
    );
    for (let i = 0; i < 5; i++) await Promise.all(servers.flatMap((s) => [s.tick(), s.tick()]));
    const rows = (await first.db.execute(
      sql`select job, state, attempt, server_id from job_runs where job in ('retried', 'orphaned') order by job`,
    )) as unknown as { rows: { job: string; state: string; attempt: number; server_id: string }[] };
    expect(rows.rows.map((r) => [r.job, r.state, r.attempt])).toEqual([
      ['orphaned', 'done', 2],
      ['retried', 'done', 2],
    ]);
    const effects = (await first.db.execute(
      sql`select job, count(*)::int as n from job_effects where job in ('retried', 'orphaned') group by job order by job`,
    )) as unknown as { rows: { job: string; n: number }[] };
    expect(effects.rows).toEqual([
      { job: 'orphaned', n: 1 },
      { job: 'retried', n: 1 },
    ]);
  });
});
