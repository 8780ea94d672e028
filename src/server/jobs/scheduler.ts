// One mechanism for every scheduled job: each job names the slot that is due now (a minute, a day,
// a month); a server runs a slot only after claiming its row in job_runs, and the unique key
// (job, slot) lets exactly one claim succeed however many servers tick at once. A failed run is
// retried after a back-off, and a run whose server died (its lease ran out) is taken over, each by
// one compare-and-set UPDATE. See README, Design, "Jobs".
import { and, eq, lt, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { jobRuns } from '../db/schema.js';
import { shanghaiDate } from '../../shared/today.js';

export type JobResult = Record<string, unknown>;
export type Clock = () => Date;

/** The few logger methods the scheduler uses; pino and Fastify's logger both fit. */
export interface JobLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface JobContext {
  db: Db;
  serverId: string;
  log: JobLog;
}

export interface JobDefinition {
  /** Key in job_runs.job (at most 40 characters). */
  name: string;
  /** What the district admin reads on the jobs page. */
  label: string;
  /** The schedule in words, e.g. 每分钟. */
  schedule: string;
  /** Length of one period: a job without a success for three periods is overdue. */
  periodMs: number;
  /** The slot due at this moment; null when the job is not due at all. */
  slotOf(now: Date): string | null;
  /** How long a claim holds before another server may take the run over; renewed while running. */
  leaseMs: number;
  /** Attempts of one slot before it is left failed (default 5); a later slot starts afresh. */
  maxAttempts?: number;
  /** First retry delay; doubles with each attempt, at most an hour (default one minute). */
  retryBaseMs?: number;
  run(ctx: JobContext, now: Date, slot: string): Promise<JobResult>;
  /** What a run did, in Chinese, from its result. */
  describe?(result: JobResult): string;
}

export interface ClaimedRun {
  id: number;
  attempt: number;
}

export interface Scheduler {
  readonly jobs: readonly JobDefinition[];
  readonly serverId: string;
  /** Claims and runs every job's due slot; jobs run one after another. Resolves when all are done. */
  tick(now?: Date): Promise<void>;
  /**
   * Starts one run of a job now (slot manual:<time>), whatever its schedule. Resolves once the run
   * is claimed, with its id and a promise of its end; null when this server is already running it.
   */
  runNow(name: string, now?: Date): Promise<{ id: number; slot: string; finished: Promise<void> } | null>;
  /** Resolves when no run of this scheduler is in flight. */
  idle(): Promise<void>;
  start(intervalMs?: number): void;
  /** Stops ticking and waits (at most waitMs) for runs in flight; a run still going is taken over after its lease. */
  stop(waitMs?: number): Promise<void>;
}

export const MAX_RETRY_DELAY_MS = 3_600_000;
const DEFAULT_MAX_ATTEMPTS = 5;
const DEFAULT_RETRY_BASE_MS = 60_000;

/** Delay before attempt `attempt + 1` after attempt `attempt` failed: base, 2×base, 4×base … capped. */
export function retryDelay(attempt: number, baseMs = DEFAULT_RETRY_BASE_MS) {
  return Math.min(baseMs * 2 ** (attempt - 1), MAX_RETRY_DELAY_MS);
}

// Slots name Shanghai local time so that the page and the day's boundary read as the users' day.
const shanghaiIso = (now: Date) => new Date(now.getTime() + 8 * 3_600_000).toISOString();

/** Slot of an every-n-seconds job: 10s:2026-11-29T21:40:10. */
export function secondsSlot(n: number) {
  return (now: Date) => {
    const floored = new Date(Math.floor(now.getTime() / (n * 1000)) * n * 1000);
    return `${n}s:${shanghaiIso(floored).slice(0, 19)}`;
  };
}
/** Slot of an every-n-minutes job: minute:2026-11-29T21:40, or 10min:2026-11-29T21:40. */
export function minutesSlot(n: number) {
  return (now: Date) => {
    const floored = new Date(Math.floor(now.getTime() / (n * 60_000)) * n * 60_000);
    return `${n === 1 ? 'minute' : `${n}min`}:${shanghaiIso(floored).slice(0, 16)}`;
  };
}
/** Slot of a daily job: day:2026-11-29 (the Shanghai calendar day). */
export const daySlot = (now: Date) => `day:${shanghaiDate(now)}`;
/** Slot of a monthly job: month:2026-11. */
export const monthSlot = (now: Date) => `month:${shanghaiDate(now).slice(0, 7)}`;
export const manualSlot = (now: Date) => `manual:${now.toISOString()}`;

const message = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 2000);

export function createScheduler(opts: {
  db: Db;
  jobs: readonly JobDefinition[];
  serverId: string;
  clock: Clock;
  log: JobLog;
}): Scheduler {
  const { db, jobs, serverId, clock, log } = opts;
  const names = new Set<string>();
  for (const j of jobs) {
    if (names.has(j.name)) throw new Error(`job ${j.name} defined twice`);
    names.add(j.name);
  }
  const ctx: JobContext = { db, serverId, log };
  // Jobs of this process that are running now: a job never overlaps itself within a process.
  const running = new Map<string, Promise<void>>();
  let timer: NodeJS.Timeout | null = null;
  // After stop(), a tick in progress claims nothing more.
  let stopped = false;

  /** Inserts the slot's row; only one server's insert can succeed. */
  async function claimNew(job: JobDefinition, slot: string, now: Date): Promise<ClaimedRun | null> {
    const [row] = await db
      .insert(jobRuns)
      .values({
        job: job.name,
        slot,
        state: 'running',
        attempt: 1,
        serverId,
        startedAt: now,
        leaseUntil: new Date(now.getTime() + job.leaseMs),
      })
      .onConflictDoNothing({ target: [jobRuns.job, jobRuns.slot] })
      .returning({ id: jobRuns.id, attempt: jobRuns.attempt });
    return row ?? null;
  }

  /**
   * Takes over the slot's existing row when it failed and its retry is due, or when its server's
   * lease ran out. One UPDATE whose WHERE is re-checked on the locked row, so of two servers
   * trying at once the second finds the row running again and updates nothing.
   */
  async function claimAgain(job: JobDefinition, slot: string, now: Date): Promise<ClaimedRun | null> {
    const [row] = await db
      .update(jobRuns)
      .set({
        state: 'running',
        attempt: sql`${jobRuns.attempt} + 1`,
        serverId,
        startedAt: now,
        finishedAt: null,
        leaseUntil: new Date(now.getTime() + job.leaseMs),
        retryAt: null,
        result: null,
      })
      .where(
        and(
          eq(jobRuns.job, job.name),
          eq(jobRuns.slot, slot),
          lt(jobRuns.attempt, job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS),
          or(
            and(eq(jobRuns.state, 'failed'), lte(jobRuns.retryAt, now)),
            and(eq(jobRuns.state, 'running'), lt(jobRuns.leaseUntil, now)),
          ),
        ),
      )
      .returning({ id: jobRuns.id, attempt: jobRuns.attempt });
    return row ?? null;
  }

  // The end of a run is written only while the row is still ours: if another server took it over
  // (our lease ran out), its record stands and ours is dropped.
  const ours = (run: ClaimedRun) =>
    and(
      eq(jobRuns.id, run.id),
      eq(jobRuns.state, 'running'),
      eq(jobRuns.serverId, serverId),
      eq(jobRuns.attempt, run.attempt),
    );

  async function execute(job: JobDefinition, run: ClaimedRun, slot: string, now: Date) {
    // A long run renews its lease, so only a dead server's run is ever taken over.
    const renew = setInterval(
      () => {
        db.update(jobRuns)
          .set({ leaseUntil: new Date(clock().getTime() + job.leaseMs) })
          .where(ours(run))
          .catch((err: unknown) => log.warn({ err, job: job.name, slot }, 'job lease renewal failed'));
      },
      Math.max(1000, Math.floor(job.leaseMs / 3)),
    );
    renew.unref();
    try {
      const result = await job.run(ctx, now, slot);
      clearInterval(renew);
      const saved = await db
        .update(jobRuns)
        .set({ state: 'done', finishedAt: clock(), result })
        .where(ours(run))
        .returning({ id: jobRuns.id });
      if (!saved.length) log.warn({ job: job.name, slot }, 'job finished after another server took it over');
      else if (Object.values(result).some((v) => typeof v === 'number' && v > 0))
        log.info({ job: job.name, slot, ...result }, 'job done');
    } catch (err) {
      clearInterval(renew);
      const finished = clock();
      log.warn({ err, job: job.name, slot, attempt: run.attempt }, 'job failed');
      await db
        .update(jobRuns)
        .set({
          state: 'failed',
          finishedAt: finished,
          error: message(err),
          retryAt: new Date(finished.getTime() + retryDelay(run.attempt, job.retryBaseMs)),
        })
        .where(ours(run))
        .catch((e: unknown) => log.warn({ err: e, job: job.name, slot }, 'job failure could not be recorded'));
    }
  }

  /** Runs the job's slot if this server wins it; skips when the job is already running here. */
  async function runSlot(job: JobDefinition, slot: string, now: Date) {
    if (stopped || running.has(job.name)) return;
    let release!: () => void;
    running.set(
      job.name,
      new Promise<void>((r) => {
        release = r;
      }),
    );
    try {
      const run = (await claimNew(job, slot, now)) ?? (await claimAgain(job, slot, now));
      if (run) await execute(job, run, slot, now);
    } catch (err) {
      // The claim itself failed (database away): nothing was recorded; the next tick tries again.
      log.warn({ err, job: job.name, slot }, 'job claim failed');
    } finally {
      running.delete(job.name);
      release();
    }
  }

  const scheduler: Scheduler = {
    jobs,
    serverId,
    async tick(now = clock()) {
      for (const job of jobs) {
        const slot = job.slotOf(now);
        if (slot) await runSlot(job, slot, now);
      }
    },
    async runNow(name, now = clock()) {
      const job = jobs.find((j) => j.name === name);
      if (!job) throw new Error(`unknown job ${name}`);
      if (running.has(name)) return null;
      const slot = manualSlot(now);
      let release!: () => void;
      const finished = new Promise<void>((r) => {
        release = r;
      });
      running.set(name, finished);
      try {
        const run = await claimNew(job, slot, now);
        if (!run) {
          running.delete(name);
          release();
          return null;
        }
        void execute(job, run, slot, now).finally(() => {
          running.delete(name);
          release();
        });
        return { id: run.id, slot, finished };
      } catch (err) {
        running.delete(name);
        release();
        throw err;
      }
    },
    async idle() {
      while (running.size) await Promise.all(running.values());
    },
    start(intervalMs = 10_000) {
      if (timer) return;
      stopped = false;
      const tick = () => {
        scheduler.tick().catch((err: unknown) => log.warn({ err }, 'job tick failed'));
      };
      tick();
      timer = setInterval(tick, intervalMs);
      timer.unref();
    },
    async stop(waitMs = 15_000) {
      if (timer) clearInterval(timer);
      timer = null;
      stopped = true;
      let timeout: NodeJS.Timeout | undefined;
      await Promise.race([
        scheduler.idle(),
        new Promise<void>((r) => {
          timeout = setTimeout(r, waitMs);
        }),
      ]);
      clearTimeout(timeout);
    },
  };
  return scheduler;
}
