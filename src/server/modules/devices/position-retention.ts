// Positions are personal data kept only as long as the district's retention says
// (POSITION_RETENTION_DAYS): device positions and heartbeats (which say where nothing, but
// accumulate fastest) and caregivers' trip positions older than that are deleted, in batches
// so no one statement holds locks for long. Alarms and health readings stay: they are records.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { rowsOf } from '../../db/rows.js';

const BATCH = 10_000;
const DAY_MS = 86_400_000;

async function deleteInBatches(db: DbOrTx, statement: () => ReturnType<typeof sql>): Promise<number> {
  let total = 0;
  for (;;) {
    const n = rowsOf(await db.execute(statement())).length;
    total += n;
    if (n < BATCH) return total;
  }
}

export async function purgeOldPositions(db: DbOrTx, now: Date, retentionDays: number) {
  const cutoff = new Date(now.getTime() - retentionDays * DAY_MS).toISOString();
  const events = await deleteInBatches(
    db,
    () => sql`delete from device_events where id in (
      select id from device_events where received_at < ${cutoff}::timestamptz and kind in ('position', 'heartbeat') limit ${BATCH})
      returning id`,
  );
  const trips = await deleteInBatches(
    db,
    () => sql`delete from trip_positions where id in (
      select id from trip_positions where at < ${cutoff}::timestamptz limit ${BATCH})
      returning id`,
  );
  return { events, trips };
}
