// Brings personal data stored under older rules up to the current ones, at every start. It runs in
// the server because only the server holds the data key at run time: an SQL migration could not
// encrypt. Every step is idempotent, so a second start (or a second server) finds nothing to do.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { caregivers, elders } from '../../db/schema.js';
import type { PersonalDataCipher } from '../../security/personal-data.js';

/**
 * ID masks stored as 620***********1234 (first 3, last 4) become 6****************4: beside the
 * birth date the old form left three digits to guess. Reading re-masks too; this clears the table.
 */
async function remaskIdNumbers(db: Db) {
  let changed = 0;
  for (const table of [elders, caregivers]) {
    const rows = await db
      .update(table)
      .set({
        idMasked: sql`left(${table.idMasked}, 1) || repeat('*', length(${table.idMasked}) - 2) || right(${table.idMasked}, 1)`,
      })
      .where(sql`${table.idMasked} !~ '^.\\*+.$'`)
      .returning({ id: table.id });
    changed += rows.length;
  }
  return changed;
}

/** Returns what it changed, for the start-up log. */
export async function upgradeStoredPersonalData(db: Db, _cipher: PersonalDataCipher) {
  return { idMasks: await remaskIdNumbers(db) };
}
