// Records every application step that is past its deadline. One statement, idempotent by its
// unique key: running it twice a day, or on two servers at once, records each lapse once.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';

export async function recordOverdueApplications(db: Db, today: string): Promise<number> {
  const res = (await db.execute(sql`
    insert into application_overdue (application_id, state, deadline, recorded_on)
    select id, state, deadline, ${today}::date from applications
    where deadline < ${today}::date and state not in ('approved', 'rejected', 'cancelled')
    on conflict do nothing
    returning application_id`)) as unknown as { rows: unknown[] };
  return res.rows.length;
}
