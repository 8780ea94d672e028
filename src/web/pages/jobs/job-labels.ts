// Words of the jobs page. The jobs' own names, schedules and summaries come from the server
// (src/server/jobs/housekeeping.ts), where the jobs are defined.
import type { JOB_HEALTHS, JOB_RUN_STATES } from '../../../shared/schemas/jobs.js';

export const JOB_HEALTH_LABELS: Record<(typeof JOB_HEALTHS)[number], { text: string; color: string }> = {
  ok: { text: '正常', color: 'green' },
  failed: { text: '失败', color: 'red' },
  overdue: { text: '逾期', color: 'orange' },
};

export const JOB_RUN_STATE_LABELS: Record<(typeof JOB_RUN_STATES)[number], { text: string; color: string }> = {
  running: { text: '运行中', color: 'blue' },
  done: { text: '成功', color: 'green' },
  failed: { text: '失败', color: 'red' },
};

export const JOB_TEXT = {
  title: '任务运行',
  intro:
    '系统定时任务在每个时段只运行一次（多台服务器也不重复）；失败的任务会自动重试。' +
    '“逾期”表示已超过约三个周期没有成功运行，请检查服务器是否在运行。',
  runNow: '立即运行',
  history: '运行记录',
  stale: '中断（服务器已停止，将由其他服务器接手）',
  confirmRun: (label: string) => `立即运行“${label}”？`,
  confirmRunDetail: '任务在后台运行，结果见运行记录。此操作会记入审计日志。',
  started: (label: string) => `“${label}”已开始运行`,
  earlierError: '此前失败：',
  retryAt: '将于此时重试：',
  never: '从未运行',
  manual: '手动',
} as const;
