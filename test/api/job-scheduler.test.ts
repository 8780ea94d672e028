// The job mechanism on a fake clock: one run per slot however many ticks and schedulers, retries
// after a back-off with each attempt recorded, and a dead server's run taken over after its lease.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { asc, eq, sql } from 'drizzle-orm';
import { migrateDatabase, type Database } from '../../src/server/db/client.js';
import { jobRuns } from '../../src/server/db/schema.js';
import {
  createScheduler,
  daySlot,
  minutesSlot,
  retryDelay,
  type JobDefinition,
  type JobResult,
} from '../../src/server/jobs/scheduler.js';
import { openTestDatabase } from '../helpers/test-app.js';

let database: Database;
let drop: () => Promise<void>;
let now: Date;
const clock = () => now;
const quiet = { info: () => {}, warn: () => {} };
const at = (iso: string) => new Date(iso);
const later = (ms: number) => new Date(now.getTime() + ms);

beforeAll(async () => {
  ({ database, drop } = await openTestDatabase());
  await migrateDatabase(database);
});
afterAll(async () => {
  await database.close();
  await drop();
});
beforeEach(async () => {
  await database.db.delete(jobRuns);
  now = at('2026-11-29T13:40:05Z'); // 21:40:05 in Shanghai
});

const runsOf = (job: string) => database.db.select().from(jobRuns).where(eq(jobRuns.job, job)).orderBy(asc(jobRuns.id));

function job(name: string, run: JobDefinition['run'], extra: Partial<JobDefinition> = {}): JobDefinition {
  return {
    name,
    label: name,
    schedule: '每分钟',
    periodMs: 60_000,
    slotOf: minutesSlot(1),
    leaseMs: 60_000,
    run,
    ...extra,
  };
}
const scheduler = (jobs: JobDefinition[], serverId = 'server-a') =>
  createScheduler({ db: database.db, jobs, serverId, clock, log: quiet });

describe('slots', () => {
  it('names Shanghai minutes, days and months', async () => {
    const { secondsSlot, monthSlot } = await import('../../src/server/jobs/scheduler.js');
    expect(minutesSlot(1)(now)).toBe('minute:2026-11-29T21:40');
    expect(minutesSlot(10)(at('2026-11-29T13:49:59Z'))).toBe('10min:2026-11-29T21:40');
    expect(secondsSlot(10)(at('2026-11-29T13:40:19.9Z'))).toBe('10s:2026-11-29T21:40:10');
    // 16:30 UTC is already the next day in Shanghai.
    expect(daySlot(at('2026-11-30T16:30:00Z'))).toBe('day:2026-12-01');
    expect(monthSlot(at('2026-11-30T16:30:00Z'))).toBe('month:2026-12');
  });
});

describe('one run per slot', () => {
  it('runs a slot once however many ticks, schedulers and overlapping ticks', async () => {
    const calls: string[] = [];
    const counting = job('count', async (_ctx, _now, slot) => {
      calls.push(slot);
      await new Promise((r) => setTimeout(r, 20));
      return { counted: 1 };
    });
    const a = scheduler([counting], 'server-a');
    const b = scheduler([counting], 'server-b');
    await Promise.all([a.tick(), a.tick(), b.tick(), b.tick(), a.tick()]);
    await a.tick();
    await b.tick();
    expect(calls).toEqual(['minute:2026-11-29T21:40']);
    const [row] = await runsOf('count');
    expect(row).toMatchObject({ slot: 'minute:2026-11-29T21:40', state: 'done', attempt: 1, result: { counted: 1 } });
    expect(row.finishedAt).not.toBeNull();
    expect(['server-a', 'server-b']).toContain(row.serverId);

    now = later(60_000);
    await Promise.all([a.tick(), b.tick()]);
    expect(calls).toEqual(['minute:2026-11-29T21:40', 'minute:2026-11-29T21:41']);
    expect(await runsOf('count')).toHaveLength(2);
  });

  it('skips a job that is not due, and claims nothing after stop()', async () => {
    let calls = 0;
    const never = job('never', async () => ({ n: ++calls }), { slotOf: () => null });
    const every = job('every', async () => ({ n: ++calls }));
    const s = scheduler([never, every]);
    await s.stop(0);
    await s.tick();
    expect(calls).toBe(0);
    s.start(60_000);
    await s.stop();
    expect(calls).toBe(1);
    expect(await runsOf('never')).toHaveLength(0);
  });

  it('runs a job by hand in a slot of its own, and not twice at once on one server', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const slow = job('slow', async () => {
      await gate;
      return { done: 1 };
    });
    const s = scheduler([slow]);
    const started = await s.runNow('slow');
    expect(started?.slot).toBe(`manual:${now.toISOString()}`);
    expect(await s.runNow('slow')).toBeNull();
    // The scheduled tick skips the job while its manual run goes on here.
    await s.tick();
    release();
    await started!.finished;
    const rows = await runsOf('slow');
    expect(rows.map((r) => [r.slot, r.state])).toEqual([[`manual:${now.toISOString()}`, 'done']]);
  });
});

describe('retries', () => {
  it('records a failure and retries after the back-off, keeping the earlier error', async () => {
    let attempts = 0;
    const flaky = job(
      'flaky',
      async (): Promise<JobResult> => {
        attempts++;
        if (attempts < 3) throw new Error(`第 ${attempts} 次出错`);
        return { ok: 1 };
      },
      { slotOf: daySlot, periodMs: 86_400_000 },
    );
    const a = scheduler([flaky], 'server-a');
    const b = scheduler([flaky], 'server-b');
    const t0 = now;
    await a.tick();
    let [row] = await runsOf('flaky');
    expect(row).toMatchObject({ state: 'failed', attempt: 1, error: '第 1 次出错' });
    expect(row.retryAt).toEqual(new Date(t0.getTime() + retryDelay(1)));
    expect(row.finishedAt).toEqual(t0);

    // Not before its time, on any server.
    now = new Date(t0.getTime() + retryDelay(1) - 1000);
    await Promise.all([a.tick(), b.tick()]);
    expect(attempts).toBe(1);

    now = new Date(t0.getTime() + retryDelay(1));
    await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
    expect(attempts).toBe(2);
    [row] = await runsOf('flaky');
    expect(row).toMatchObject({ state: 'failed', attempt: 2, error: '第 2 次出错' });
    const t2 = now;
    expect(row.retryAt).toEqual(new Date(t2.getTime() + 2 * 60_000));

    now = new Date(t2.getTime() + 2 * 60_000);
    await Promise.all([a.tick(), b.tick()]);
    expect(attempts).toBe(3);
    const rows = await runsOf('flaky');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ state: 'done', attempt: 3, result: { ok: 1 }, error: '第 2 次出错' });
  });

  it('gives up a slot after its attempts and starts afresh with the next slot', async () => {
    let attempts = 0;
    const broken = job(
      'broken',
      async () => {
        attempts++;
        throw new Error('坏了');
      },
      { slotOf: daySlot, maxAttempts: 2, retryBaseMs: 1000 },
    );
    const s = scheduler([broken]);
    for (let i = 0; i < 5; i++) {
      await s.tick();
      now = later(60_000);
    }
    expect(attempts).toBe(2);
    expect((await runsOf('broken'))[0]).toMatchObject({ state: 'failed', attempt: 2 });
    now = later(86_400_000);
    await s.tick();
    expect(attempts).toBe(3);
    expect(await runsOf('broken')).toHaveLength(2);
  });

  it('doubles the delay up to an hour', () => {
    expect([1, 2, 3, 4, 8, 20].map((a) => retryDelay(a))).toEqual([
      60_000, 120_000, 240_000, 480_000, 3_600_000, 3_600_000,
    ]);
  });
});

describe('a server that died', () => {
  const daily = (calls: string[]) =>
    job(
      'daily',
      async (ctx) => {
        calls.push(ctx.serverId);
        return { ran: 1 };
      },
      { slotOf: daySlot, leaseMs: 5 * 60_000 },
    );
  const orphan = (leaseUntil: Date) =>
    database.db.insert(jobRuns).values({
      job: 'daily',
      slot: daySlot(now),
      state: 'running',
      attempt: 1,
      serverId: 'dead-server',
      startedAt: new Date(now.getTime() - 10 * 60_000),
      leaseUntil,
    });

  it('leaves a running slot alone while its lease holds', async () => {
    const calls: string[] = [];
    await orphan(later(60_000));
    await scheduler([daily(calls)]).tick();
    expect(calls).toEqual([]);
    expect((await runsOf('daily'))[0]).toMatchObject({ state: 'running', serverId: 'dead-server' });
  });

  it('takes the run over once its lease ran out, on exactly one server', async () => {
    const calls: string[] = [];
    await orphan(later(-1000));
    const a = scheduler([daily(calls)], 'server-a');
    const b = scheduler([daily(calls)], 'server-b');
    await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
    expect(calls).toHaveLength(1);
    const rows = await runsOf('daily');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ state: 'done', attempt: 2, serverId: calls[0], startedAt: now });
  });

  it('drops the late result of a run another server took over', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const slow = job(
      'slow-daily',
      async (ctx) => {
        if (ctx.serverId === 'server-a') await gate;
        return { by: ctx.serverId };
      },
      { slotOf: daySlot, leaseMs: 60_000 },
    );
    // server-a's clock stops (its lease is not renewed in time): server-b takes over.
    const a = scheduler([slow], 'server-a');
    const b = scheduler([slow], 'server-b');
    const first = a.tick();
    await new Promise((r) => setTimeout(r, 50));
    await database.db.execute(
      sql`update job_runs set lease_until = ${later(-1).toISOString()} where job = 'slow-daily'`,
    );
    await b.tick();
    release();
    await first;
    const rows = await runsOf('slow-daily');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ state: 'done', serverId: 'server-b', attempt: 2, result: { by: 'server-b' } });
  });
});
