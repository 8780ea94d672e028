// Rebuilds entitlements: loads the facts, computes the periods in core, and replaces each
// elder's rows in bulk. From a date: periods before it are kept as they were computed.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database, DbOrTx } from '../../db/client.js';
import { applications, elders, entitlements } from '../../db/schema.js';
import { computeEntitlements, type EntitlementPeriod } from '../../../core/policy/entitlements.js';
import type { PolicyVersion, ProgrammeCode } from '../../../core/policy/policy.js';
import { elderFacts } from '../elders/elder-facts.js';
import { loadVersions } from '../policies/version-store.js';

type ElderRow = typeof elders.$inferSelect;

async function approvals(db: DbOrTx, elderIds: number[]): Promise<Map<number, Map<ProgrammeCode, string>>> {
  const rows = await db
    .select({ elderId: applications.elderId, programme: applications.programme, from: applications.effectiveFrom })
    .from(applications)
    .where(and(inArray(applications.elderId, elderIds), eq(applications.state, 'approved')));
  const out = new Map<number, Map<ProgrammeCode, string>>();
  for (const r of rows) {
    const m = out.get(r.elderId) ?? new Map();
    const prev = m.get(r.programme as ProgrammeCode);
    if (r.from && (!prev || r.from < prev)) m.set(r.programme as ProgrammeCode, r.from);
    out.set(r.elderId, m);
  }
  return out;
}

export function periodsFor(
  rows: ElderRow[],
  versions: PolicyVersion[],
  approved: Map<number, Map<ProgrammeCode, string>>,
  from: string,
) {
  return rows.map((e) => ({
    elderId: e.id,
    periods: computeEntitlements(elderFacts(e), versions, approved.get(e.id) ?? new Map(), from),
  }));
}

async function write(
  database: Pick<Database, 'bulk'>,
  computed: { elderId: number; periods: EntitlementPeriod[] }[],
  from: string,
) {
  const ids = computed.map((c) => c.elderId);
  const flat = computed.flatMap((c) => c.periods.map((p) => ({ elderId: c.elderId, ...p })));
  await database.bulk(async (q) => {
    // Periods that ended before `from` stay; the rest is replaced, a period running across
    // `from` being cut at the day before.
    await q(`delete from entitlements where elder_id = any($1::int[]) and valid_from >= $2::date`, [ids, from]);
    await q(
      `update entitlements set valid_to = ($2::date - 1) where elder_id = any($1::int[]) and (valid_to is null or valid_to >= $2::date)`,
      [ids, from],
    );
    // Death ends every entitlement on the date of death, even when it is recorded late.
    await q(
      `delete from entitlements e using elders el where el.id = e.elder_id and e.elder_id = any($1::int[]) and e.valid_from > el.death_date`,
      [ids],
    );
    await q(
      `update entitlements e set valid_to = el.death_date from elders el
             where el.id = e.elder_id and e.elder_id = any($1::int[]) and (e.valid_to is null or e.valid_to > el.death_date)`,
      [ids],
    );
    if (flat.length === 0) return;
    await q(
      `insert into entitlements (elder_id, programme, version_id, class_code, class_label, benefit, district_share, street_share, valid_from, valid_to)
       select * from unnest($1::int[], $2::text[], $3::int[], $4::text[], $5::text[], $6::jsonb[], $7::int[], $8::int[], $9::date[], $10::date[])`,
      [
        flat.map((p) => p.elderId),
        flat.map((p) => p.programme),
        flat.map((p) => p.versionId),
        flat.map((p) => p.classCode),
        flat.map((p) => p.classLabel),
        flat.map((p) => JSON.stringify(p.benefit)),
        flat.map((p) => p.costShare.district),
        flat.map((p) => p.costShare.street),
        flat.map((p) => p.validFrom),
        flat.map((p) => p.validTo),
      ],
    );
  });
}

/** Recomputes the given elders from a date (default: all elders), in batches. Returns how many. */
export async function recomputeEntitlements(
  database: Pick<Database, 'db' | 'bulk'>,
  from: string,
  elderIds?: number[],
): Promise<number> {
  const db = database.db;
  const versions = await loadVersions(db);
  let done = 0;
  let lastId = 0;
  for (;;) {
    const batch = await db
      .select()
      .from(elders)
      .where(and(elderIds ? inArray(elders.id, elderIds) : sql`true`, sql`${elders.id} > ${lastId}`))
      .orderBy(elders.id)
      .limit(5000);
    if (batch.length === 0) break;
    const approved = await approvals(
      db,
      batch.map((e) => e.id),
    );
    await write(database, periodsFor(batch, versions, approved, from), from);
    done += batch.length;
    lastId = batch[batch.length - 1].id;
  }
  return done;
}

export async function entitlementsOf(db: DbOrTx, elderId: number) {
  return db
    .select()
    .from(entitlements)
    .where(eq(entitlements.elderId, elderId))
    .orderBy(entitlements.programme, entitlements.validFrom);
}
