// The district admin's view of the scheduled jobs: health per job, the history of runs, and a run
// started by hand. The jobs themselves are defined in src/server/jobs/.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { and, count, desc, eq, gte, type SQL } from 'drizzle-orm';
import { Problem } from '../../../shared/schemas/common.js';
import { JobList, JobNameParams, JobRunStarted, JobRunsPage, JobRunsQuery } from '../../../shared/schemas/jobs.js';
import { jobRuns } from '../../db/schema.js';
import type { Deps } from '../../deps.js';
import { conflict, notFound } from '../../http/problem.js';
import type { JobDefinition, Scheduler } from '../../jobs/scheduler.js';
import { actorOf, writeAudit } from '../audit/audit-writer.js';

type Row = typeof jobRuns.$inferSelect;

const DAY_MS = 24 * 3_600_000;
/**
 * A job is overdue after about three of its periods without a success; never less than two
 * minutes, since ticks every ten seconds on unaligned servers may miss a ten-second slot or two.
 */
export const overdueAfterMs = (job: Pick<JobDefinition, 'periodMs'>) => Math.max(3 * job.periodMs, 2 * 60_000);

function summaryOf(job: JobDefinition | undefined, row: Row): string | null {
  if (row.state !== 'done' || !row.result || typeof row.result !== 'object') return null;
  return job?.describe ? job.describe(row.result as Record<string, unknown>) : null;
}

function dto(job: JobDefinition | undefined, row: Row, now: Date) {
  return {
    id: row.id,
    job: row.job,
    slot: row.slot,
    state: row.state,
    attempt: row.attempt,
    serverId: row.serverId,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    stale: row.state === 'running' && row.leaseUntil < now,
    retryAt: row.retryAt?.toISOString() ?? null,
    result: row.result && typeof row.result === 'object' ? (row.result as Record<string, unknown>) : null,
    summary: summaryOf(job, row),
    error: row.error,
  };
}

export const jobRoutes =
  (deps: Deps, scheduler: Scheduler): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    const byName = new Map(scheduler.jobs.map((j) => [j.name, j]));

    app.get(
      '/api/jobs',
      {
        config: { permission: 'job.manage' },
        schema: {
          tags: ['任务运行'],
          summary: '定时任务及其运行状况',
          response: { 200: JobList, 403: Problem },
        },
      },
      async () => {
        const now = deps.clock();
        const dayAgo = new Date(now.getTime() - DAY_MS);
        // Ordered by id, which follows the claims: the primary key serves "the latest" without an
        // index on (job, started_at).
        const items = [];
        for (const job of scheduler.jobs) {
          const [last] = await db
            .select()
            .from(jobRuns)
            .where(eq(jobRuns.job, job.name))
            .orderBy(desc(jobRuns.id))
            .limit(1);
          const [success] = await db
            .select({ finishedAt: jobRuns.finishedAt })
            .from(jobRuns)
            .where(and(eq(jobRuns.job, job.name), eq(jobRuns.state, 'done')))
            .orderBy(desc(jobRuns.id))
            .limit(1);
          // Failed attempts: a failed run's every attempt, a retried run's attempts before the last.
          const recent = await db
            .select({ state: jobRuns.state, attempt: jobRuns.attempt })
            .from(jobRuns)
            .where(and(eq(jobRuns.job, job.name), gte(jobRuns.startedAt, dayAgo)));
          const failures24h = recent.reduce((s, r) => s + (r.state === 'failed' ? r.attempt : r.attempt - 1), 0);
          const lastRun = last ? dto(job, last, now) : null;
          const lastSuccessAt = success?.finishedAt ?? null;
          const health =
            lastRun && (lastRun.state === 'failed' || lastRun.stale)
              ? 'failed'
              : !lastSuccessAt || now.getTime() - lastSuccessAt.getTime() > overdueAfterMs(job)
                ? 'overdue'
                : 'ok';
          items.push({
            name: job.name,
            label: job.label,
            schedule: job.schedule,
            health,
            lastRun,
            lastSuccessAt: lastSuccessAt?.toISOString() ?? null,
            failures24h,
          } as const);
        }
        return { items, serverId: scheduler.serverId, now: now.toISOString() };
      },
    );

    app.get(
      '/api/jobs/runs',
      {
        config: { permission: 'job.manage' },
        schema: {
          tags: ['任务运行'],
          summary: '任务运行记录',
          querystring: JobRunsQuery,
          response: { 200: JobRunsPage, 400: Problem, 403: Problem },
        },
      },
      async (req) => {
        const q = req.query;
        const conds: SQL[] = [];
        if (q.job) conds.push(eq(jobRuns.job, q.job));
        if (q.state) conds.push(eq(jobRuns.state, q.state));
        const where = conds.length ? and(...conds) : undefined;
        const [rows, [{ total }]] = await Promise.all([
          db
            .select()
            .from(jobRuns)
            .where(where)
            .orderBy(desc(jobRuns.id))
            .limit(q.pageSize)
            .offset((q.page - 1) * q.pageSize),
          db.select({ total: count() }).from(jobRuns).where(where),
        ]);
        const now = deps.clock();
        return {
          items: rows.map((r) => dto(byName.get(r.job), r, now)),
          total,
          page: q.page,
          pageSize: q.pageSize,
        };
      },
    );

    app.post(
      '/api/jobs/:name/run',
      {
        config: { permission: 'job.manage' },
        schema: {
          tags: ['任务运行'],
          summary: '立即运行一次任务（在后台运行，结果见运行记录）',
          params: JobNameParams,
          response: { 202: JobRunStarted, 403: Problem, 404: Problem, 409: Problem },
        },
      },
      async (req, reply) => {
        const job = byName.get(req.params.name);
        if (!job) throw notFound('没有这个任务');
        const started = await scheduler.runNow(job.name, deps.clock());
        if (!started) throw conflict(`“${job.label}”正在本服务器上运行，请等它结束后再试`);
        await writeAudit(db, actorOf(req), {
          action: 'job.run',
          entityType: 'job',
          entityId: job.name,
          after: { slot: started.slot, runId: started.id },
        });
        return reply.code(202).send({ id: started.id, slot: started.slot });
      },
    );
  };
