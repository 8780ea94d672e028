// Recurring plans (周期服务计划): which days a plan makes an order on, at what instants, and
// when it must stop. China keeps one offset (UTC+8) all year, so a local time is a fixed shift.
import { addDays } from '../calendar/working-days.js';

export interface PlanShape {
  weekdays: readonly number[];
  startTime: string;
  endTime: string;
  startsOn: string;
  endsOn: string | null;
}

/** ISO weekday 1 (Monday) … 7 of a YYYY-MM-DD date. */
export const isoWeekday = (date: string) => {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
};

/** The instant of a Shanghai local date and HH:MM. */
export const shanghaiInstant = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+08:00`);

/** The plan's days in [from, to], within its own start and end. */
export function planDates(plan: PlanShape, from: string, to: string): string[] {
  const first = from > plan.startsOn ? from : plan.startsOn;
  const last = plan.endsOn !== null && plan.endsOn < to ? plan.endsOn : to;
  const out: string[] = [];
  for (let d = first; d <= last; d = addDays(d, 1)) if (plan.weekdays.includes(isoWeekday(d))) out.push(d);
  return out;
}

export type ElderStatus = 'active' | 'suspended' | 'moved_out' | 'deceased';
const GONE: Partial<Record<ElderStatus, string>> = { deceased: '老人已去世', moved_out: '老人已迁出' };

/** Why a plan stops for good on `today`, or null while it should go on. */
export function planStopReason(plan: PlanShape, elderStatus: ElderStatus, today: string): string | null {
  const gone = GONE[elderStatus];
  if (gone) return gone;
  if (plan.endsOn !== null && plan.endsOn < today) return '计划已到结束日期';
  return null;
}

/** Problems with a plan's shape, by field. */
export function planProblems(plan: PlanShape, today: string): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  if (plan.weekdays.length === 0) out.push({ field: 'weekdays', message: '请至少选择一天' });
  if (plan.endTime <= plan.startTime) out.push({ field: 'endTime', message: '结束时间应晚于开始时间' });
  if (plan.startsOn < today) out.push({ field: 'startsOn', message: '开始日期不能早于今天' });
  if (plan.endsOn !== null && plan.endsOn < plan.startsOn)
    out.push({ field: 'endsOn', message: '结束日期不能早于开始日期' });
  return out;
}
