// Brings personal data stored under older rules up to the current ones, at every start. It runs in
// the server because only the server holds the data key at run time: an SQL migration could not
// encrypt. Every step is idempotent, so a second start (or a second server) finds nothing to do.
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { caregivers, elders } from '../../db/schema.js';
import type { PersonalDataCipher } from '../../security/personal-data.js';
import { systemActor, writeAudit } from '../audit/audit-writer.js';
import { sealedCertificate, type StoredCategory } from './elder-records.js';

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

/**
 * Certificate numbers (低保, 残疾, 优抚 …) stored in clear inside the categories jsonb become
 * cipher and mask. Rows are converted in keyset pages so a large registry never sits in memory.
 */
async function encryptCertificateNumbers(db: Db, cipher: PersonalDataCipher) {
  const legacy = sql`jsonb_path_exists(${elders.categories}, '$[*].certificateNo')`;
  let converted = 0;
  let lastId = 0;
  for (;;) {
    const rows = await db
      .select({ id: elders.id, categories: elders.categories })
      .from(elders)
      .where(and(legacy, gt(elders.id, lastId)))
      .orderBy(asc(elders.id))
      .limit(500);
    if (rows.length === 0) break;
    await db.transaction(async (tx) => {
      for (const r of rows) {
        const categories = (r.categories as StoredCategory[]).map(({ certificateNo: _n, ...c }) => ({
          ...c,
          ...sealedCertificate({ ...c, certificateNo: _n }, cipher),
        }));
        await tx.update(elders).set({ categories }).where(eq(elders.id, r.id));
      }
    });
    converted += rows.length;
    lastId = rows[rows.length - 1].id;
  }
  if (converted)
    await writeAudit(db, systemActor(), {
      action: 'elder.certificates_encrypted',
      entityType: 'elder',
      after: { elders: converted },
    });
  return converted;
}

/** Returns what it changed, for the start-up log. */
export async function upgradeStoredPersonalData(db: Db, cipher: PersonalDataCipher) {
  return { idMasks: await remaskIdNumbers(db), certificates: await encryptCertificateNumbers(db, cipher) };
}
