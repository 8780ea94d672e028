import { z } from '../zod.js';
import { PageQuery, pageOf } from './common.js';

export const JOB_RUN_STATES = ['running', 'done', 'failed'] as const;
export const JobRunState = z.enum(JOB_RUN_STATES);
/** ok: last run succeeded and recently; failed: last run failed (or its server died); overdue: no success for too long. */
export const JOB_HEALTHS = ['ok', 'failed', 'overdue'] as const;

export const JobRun = z.object({
  id: z.number().int(),
  job: z.string(),
  slot: z.string(),
  state: JobRunState,
  attempt: z.number().int(),
  serverId: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** A running run whose lease ran out: its server stopped; another server will take it over. */
  stale: z.boolean(),
  retryAt: z.string().nullable(),
  result: z.record(z.string(), z.unknown()).nullable(),
  /** What the run did, in words. */
  summary: z.string().nullable(),
  /** The error of this attempt, or of an earlier one when a retry then succeeded. */
  error: z.string().nullable(),
});
export type JobRun = z.infer<typeof JobRun>;

export const JobStatus = z.object({
  name: z.string(),
  label: z.string(),
  schedule: z.string(),
  health: z.enum(JOB_HEALTHS),
  lastRun: JobRun.nullable(),
  lastSuccessAt: z.string().nullable(),
  failures24h: z.number().int(),
});
export const JobList = z.object({ items: z.array(JobStatus), serverId: z.string(), now: z.string() });

export const JobRunsQuery = PageQuery.extend({
  job: z.string().trim().max(40).optional(),
  state: JobRunState.optional(),
});
export const JobRunsPage = pageOf(JobRun);

export const JobNameParams = z.object({ name: z.string().max(40) });
export const JobRunStarted = z.object({ id: z.number().int(), slot: z.string() });
