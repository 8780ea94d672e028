// Chinese working days: Monday to Friday, except official holidays, plus the weekend days that
// the State Council's schedule turns into working days (调休). The calendar is data — the
// exceptions for each year — passed in; nothing here knows any year's schedule.

export interface WorkCalendar {
  /** Weekdays that are days off (法定节假日). */
  holidays: ReadonlySet<string>;
  /** Weekend days that are working days (调休上班). */
  workdays: ReadonlySet<string>;
}

const DAY_MS = 86_400_000;
const toDate = (iso: string) => new Date(`${iso}T00:00:00Z`);
const toIso = (d: Date) => d.toISOString().slice(0, 10);
export const addDays = (iso: string, n: number) => toIso(new Date(toDate(iso).getTime() + n * DAY_MS));
/** Calendar days from one date to another (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string) =>
  Math.round((toDate(to).getTime() - toDate(from).getTime()) / DAY_MS);

export function isWorkingDay(iso: string, cal: WorkCalendar): boolean {
  if (cal.workdays.has(iso)) return true;
  if (cal.holidays.has(iso)) return false;
  const dow = toDate(iso).getUTCDay();
  return dow !== 0 && dow !== 6;
}

/** The date itself if it is a working day, else the next working day. */
export function nextWorkingDayOnOrAfter(iso: string, cal: WorkCalendar): string {
  let d = iso;
  while (!isWorkingDay(d, cal)) d = addDays(d, 1);
  return d;
}

/**
 * The day on which n working days after `iso` have passed (the start day itself not counted):
 * a deadline "within 3 working days" of a Friday application falls on the next Wednesday.
 */
export function addWorkingDays(iso: string, n: number, cal: WorkCalendar): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError('n must be a non-negative integer');
  if (n === 0) return nextWorkingDayOnOrAfter(iso, cal);
  let d = iso;
  for (let left = n; left > 0;) {
    d = addDays(d, 1);
    if (isWorkingDay(d, cal)) left--;
  }
  return d;
}

/** Working days in (from, to]: 0 when to ≤ from. */
export function workingDaysBetween(from: string, to: string, cal: WorkCalendar): number {
  let count = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(d, cal)) count++;
  return count;
}

/** A calendar-day deadline (e.g. a 5-day public notice) that lands on a day off moves to the next working day. */
export function deadlineAfterCalendarDays(iso: string, days: number, cal: WorkCalendar): string {
  return nextWorkingDayOnOrAfter(addDays(iso, days), cal);
}
