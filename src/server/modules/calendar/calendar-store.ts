import type { DbOrTx } from '../../db/client.js';
import { calendarDays } from '../../db/schema.js';
import type { WorkCalendar } from '../../../core/calendar/working-days.js';

/** The whole exception table: a few dozen rows a year, read per use so every instance agrees. */
export async function loadWorkCalendar(db: DbOrTx): Promise<WorkCalendar> {
  const rows = await db.select({ day: calendarDays.day, kind: calendarDays.kind }).from(calendarDays);
  return {
    holidays: new Set(rows.filter((r) => r.kind === 'holiday').map((r) => r.day)),
    workdays: new Set(rows.filter((r) => r.kind === 'workday').map((r) => r.day)),
  };
}
