// The product's scheduled jobs, each run once per slot across all servers by the scheduler. Every
// job takes its time from the scheduler (the server's clock), never from the wall clock, so tests
// can move time. The labels and summaries here are what the district admin reads on 任务运行.
import { and, eq, lt } from 'drizzle-orm';
import type { Deps } from '../deps.js';
import { jobRuns } from '../db/schema.js';
import { shanghaiDate } from '../../shared/today.js';
import { deleteExpiredSessions } from '../auth/sessions.js';
import { purgeLoginAttempts } from '../auth/lockout.js';
import { systemActor } from '../modules/audit/audit-writer.js';
import { recomputedInSlot, sealAudit, verifyAudit } from '../modules/audit/audit-seal.js';
import { describeBreak } from '../../core/audit/audit-chain.js';
import { recomputeEntitlements } from '../modules/entitlements/recompute.js';
import { runLedgerMonth } from '../modules/ledger/run-month.js';
import { generatePlanOrders } from '../modules/plans/generate-plan-orders.js';
import { deliverDueSms } from '../modules/sms/sms-outbox.js';
import { purgeRosterFiles, sweepInterruptedImports } from '../modules/elders/elder-import.js';
import { expireUnaccepted } from './expire-dispatches.js';
import { escalateOverdueAlarms } from '../modules/alarms/escalate.js';
import { recordOverdueApplications } from './overdue-applications.js';
import { purgeOldPositions } from '../modules/devices/position-retention.js';
import { daySlot, minutesSlot, monthSlot, secondsSlot, type JobDefinition } from './scheduler.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const DAY = 24 * 60 * MINUTE;
/** Finished runs are kept this long for the history page. */
export const JOB_RUNS_KEPT_DAYS = 30;

const n = (v: unknown) => (typeof v === 'number' ? v : 0);

export function housekeepingJobs(deps: Deps): JobDefinition[] {
  return [
    {
      // The outbox drains every ten seconds; a message waits at most that long.
      name: 'sms-outbox',
      label: '发送短信',
      schedule: '每 10 秒',
      periodMs: 10 * SECOND,
      slotOf: secondsSlot(10),
      leaseMs: 2 * MINUTE,
      run: (ctx, now) => deliverDueSms(ctx.db, deps.sms, deps.cipher, now),
      describe: (r) =>
        n(r.sent) || n(r.failed) ? `发出 ${n(r.sent)} 条，失败 ${n(r.failed)} 条（稍后重试）` : '无待发短信',
    },
    {
      // The acceptance limit is counted in minutes, so lapsed dispatches are checked every minute.
      name: 'redispatch',
      label: '超时未接单改派',
      schedule: '每分钟',
      periodMs: MINUTE,
      slotOf: minutesSlot(1),
      leaseMs: 5 * MINUTE,
      run: (ctx, now) => expireUnaccepted(ctx.db, now),
      describe: (r) => (n(r.expired) ? `超时 ${n(r.expired)} 单，改派 ${n(r.redispatched)} 单` : '无超时工单'),
    },
    {
      // An alarm unacknowledged past the district's limit (60 s by default) is escalated: checked
      // every ten seconds, so it shows red within seconds of the limit, not a minute late.
      name: 'alarm-escalation',
      label: '警情超时升级',
      schedule: '每 10 秒',
      periodMs: 10 * SECOND,
      slotOf: secondsSlot(10),
      leaseMs: 2 * MINUTE,
      run: (ctx, now) => escalateOverdueAlarms(ctx.db, now),
      describe: (r) =>
        n(r.escalated) ? `升级超过 ${n(r.ackSeconds)} 秒未接的警情 ${n(r.escalated)} 起` : '无超时未接警情',
    },
    {
      name: 'sessions',
      label: '清理过期登录',
      schedule: '每 10 分钟',
      periodMs: 10 * MINUTE,
      slotOf: minutesSlot(10),
      leaseMs: 5 * MINUTE,
      run: async (ctx, now) => {
        await deleteExpiredSessions(ctx.db, now, deps.sessionPolicy);
        return {};
      },
      describe: () => '已清理',
    },
    {
      name: 'overdue-applications',
      label: '记录逾期审批',
      schedule: '每 10 分钟',
      periodMs: 10 * MINUTE,
      slotOf: minutesSlot(10),
      leaseMs: 5 * MINUTE,
      run: async (ctx, now) => ({ recorded: await recordOverdueApplications(ctx.db, shanghaiDate(now)) }),
      describe: (r) => (n(r.recorded) ? `新记录逾期环节 ${n(r.recorded)} 个` : '无新逾期'),
    },
    {
      name: 'plan-orders',
      label: '按服务计划生成工单',
      schedule: '每 10 分钟',
      periodMs: 10 * MINUTE,
      slotOf: minutesSlot(10),
      leaseMs: 10 * MINUTE,
      run: (ctx, now) => generatePlanOrders(ctx.db, now),
      describe: (r) => `生成工单 ${n(r.created)} 张，停止计划 ${n(r.stopped)} 个`,
    },
    {
      // Entitlement periods are computed a few years ahead; rebuilding them daily keeps that window
      // moving and cuts periods at birthdays and expired evidence. Retried through the day.
      name: 'entitlements',
      label: '重算待遇期间',
      schedule: '每天',
      periodMs: DAY,
      slotOf: daySlot,
      leaseMs: 10 * MINUTE,
      maxAttempts: 8,
      run: async (_ctx, now) => ({ changed: await recomputeEntitlements(deps, shanghaiDate(now)) }),
      describe: (r) => `待遇有变化的老人 ${n(r.changed)} 位`,
    },
    {
      // A new month: last month's balances lapse as the rules say and this month's hours and
      // vouchers are issued. Its slot is the month, so the first tick of a month (or of a server
      // started mid-month that finds it not yet done) runs it; it must not be left undone, so it is
      // retried for about a day.
      name: 'ledger-month',
      label: '月度发放与结转',
      schedule: '每月初',
      periodMs: 31 * DAY,
      slotOf: monthSlot,
      leaseMs: 10 * MINUTE,
      maxAttempts: 30,
      run: (ctx, now) => runLedgerMonth(ctx.db, shanghaiDate(now).slice(0, 7), systemActor()),
      describe: (r) => `${String(r.month ?? '')} 发放 ${n(r.issued)} 笔，作废结余 ${n(r.lapsed)} 笔`,
    },
    {
      // An import whose server stopped would show as running for ever; on PGlite only this process
      // can have the data directory open, so any import not ours is interrupted.
      name: 'import-sweep',
      label: '标记中断的导入',
      schedule: '每 5 分钟',
      periodMs: 5 * MINUTE,
      slotOf: minutesSlot(5),
      leaseMs: 5 * MINUTE,
      run: async (ctx, now) => ({
        interrupted: (await sweepInterruptedImports(ctx.db, now, { soleServer: deps.dbKind === 'pglite' })).length,
      }),
      describe: (r) => (n(r.interrupted) ? `标记中断的导入 ${n(r.interrupted)} 个` : '无中断的导入'),
    },
    {
      // Uploaded rosters hold ID numbers and phones: kept only for the error file and resuming.
      name: 'roster-files',
      label: '删除已结束导入的名册文件',
      schedule: '每小时',
      periodMs: 60 * MINUTE,
      slotOf: minutesSlot(60),
      leaseMs: 5 * MINUTE,
      run: async (ctx, now) => ({
        purged: (await purgeRosterFiles(ctx.db, now, deps.config.rosterRetentionDays)).length,
      }),
      describe: (r) =>
        n(r.purged)
          ? `删除结束超过 ${deps.config.rosterRetentionDays} 天的名册文件 ${n(r.purged)} 个`
          : '无到期的名册文件',
    },
    {
      // Tamper evidence for the audit trail: seals the rows old enough to seal, then checks the links
      // of the whole chain and recomputes this slot's share of the seals (each once a day). A break
      // fails the run, so 任务运行 shows it as 失败 with the seal and its rows.
      name: 'audit-seal',
      label: '审计日志封存与校验',
      schedule: '每 10 分钟',
      periodMs: 10 * MINUTE,
      slotOf: minutesSlot(10),
      leaseMs: 10 * MINUTE,
      run: async (ctx, now) => {
        const sealed = await sealAudit(ctx.db, now);
        const v = await verifyAudit(ctx.db, { recompute: recomputedInSlot(now) });
        if (v.break) throw new Error(describeBreak(v.break));
        return { sealed: sealed.rows, seals: v.seals, recomputed: v.rowsRecomputed };
      },
      describe: (r) =>
        `${n(r.sealed) ? `封存 ${n(r.sealed)} 条` : '无新记录可封存'}；${n(r.seals)} 个封存衔接完整，` +
        `重算 ${n(r.recomputed)} 条无误`,
    },
    {
      // Positions are kept as long as the district's retention says (POSITION_RETENTION_DAYS).
      name: 'position-retention',
      label: '删除过期定位',
      schedule: '每天',
      periodMs: DAY,
      slotOf: daySlot,
      leaseMs: 30 * MINUTE,
      run: (ctx, now) => purgeOldPositions(ctx.db, now, deps.config.positionRetentionDays),
      describe: (r) =>
        `删除 ${deps.config.positionRetentionDays} 天前的设备定位 ${n(r.events)} 条、行程定位 ${n(r.trips)} 条`,
    },
    {
      name: 'cleanup',
      label: '清理历史记录',
      schedule: '每天',
      periodMs: DAY,
      slotOf: daySlot,
      leaseMs: 10 * MINUTE,
      run: async (ctx, now) => {
        const cutoff = new Date(now.getTime() - JOB_RUNS_KEPT_DAYS * DAY);
        const runs = await ctx.db
          .delete(jobRuns)
          .where(and(eq(jobRuns.state, 'done'), lt(jobRuns.startedAt, cutoff)))
          .returning({ id: jobRuns.id });
        const logins = await purgeLoginAttempts(ctx.db, now, deps.config.loginAttemptRetentionDays);
        return { jobRuns: runs.length, loginAttempts: logins };
      },
      describe: (r) =>
        `删除 ${JOB_RUNS_KEPT_DAYS} 天前的任务记录 ${n(r.jobRuns)} 条，` +
        `${deps.config.loginAttemptRetentionDays} 天前的登录记录 ${n(r.loginAttempts)} 条`,
    },
  ];
}
