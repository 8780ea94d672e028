// Rebuilds entitlements: loads the facts, computes the periods in core, and writes only what
// differs from what is stored (core/policy/entitlement-diff.ts). From a date: periods before it
// stay as they were. It runs inside the transaction of the change that causes it (a file
// created, imported, edited, assessed, decided) and, for changes that come by themselves with
// the date (a policy version starting, the horizon moving), once a day for everyone.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database, DbOrTx } from '../../db/client.js';
import { applications, elders, entitlements } from '../../db/schema.js';
import { computeEntitlements, type EntitlementPeriod } from '../../../core/policy/entitlements.js';
import { planEntitlementWrite, type StoredPeriod } from '../../../core/policy/entitlement-diff.js';
import type { Benefit, PolicyVersion, ProgrammeCode } from '../../../core/policy/policy.js';
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

const CHUNK = 1000;

const storedOf = (r: typeof entitlements.$inferSelect): StoredPeriod => ({
  id: r.id,
  programme: r.programme as ProgrammeCode,
  versionId: r.versionId,
  classCode: r.classCode,
  classLabel: r.classLabel,
  benefit: r.benefit as Benefit,
  costShare: r.costShare,
  validFrom: r.validFrom,
  validTo: r.validTo,
});

/**
 * Recomputes the given elders from a date within the caller's transaction. Returns how many
 * elders' periods changed (0 when the facts are as they were: then nothing is written).
 */
export async function recomputeIn(
  tx: DbOrTx,
  from: string,
  elderIds: readonly number[],
  versions?: PolicyVersion[],
): Promise<number> {
  if (elderIds.length === 0) return 0;
  const ids = [...elderIds];
  const rows = await tx.select().from(elders).where(inArray(elders.id, ids));
  const approved = await approvals(tx, ids);
  const stored = new Map<number, StoredPeriod[]>();
  for (const r of await tx.select().from(entitlements).where(inArray(entitlements.elderId, ids))) {
    const list = stored.get(r.elderId) ?? [];
    list.push(storedOf(r));
    stored.set(r.elderId, list);
  }
  const computed = periodsFor(rows, versions ?? (await loadVersions(tx)), approved, from);
  const deathOf = new Map(rows.map((r) => [r.id, r.deathDate]));
  const remove: number[] = [];
  const add: (EntitlementPeriod & { elderId: number })[] = [];
  let changed = 0;
  for (const c of computed) {
    const plan = planEntitlementWrite(stored.get(c.elderId) ?? [], c.periods, from, deathOf.get(c.elderId) ?? null);
    if (plan.remove.length === 0 && plan.add.length === 0) continue;
    changed++;
    remove.push(...plan.remove);
    add.push(...plan.add.map((p) => ({ ...p, elderId: c.elderId })));
  }
  for (let i = 0; i < remove.length; i += CHUNK)
    await tx.delete(entitlements).where(inArray(entitlements.id, remove.slice(i, i + CHUNK)));
  for (let i = 0; i < add.length; i += CHUNK)
    await tx.insert(entitlements).values(
      add.slice(i, i + CHUNK).map((p) => ({
        elderId: p.elderId,
        programme: p.programme,
        versionId: p.versionId,
        classCode: p.classCode,
        classLabel: p.classLabel,
        benefit: p.benefit,
        costShare: p.costShare,
        validFrom: p.validFrom,
        validTo: p.validTo,
      })),
    );
  return changed;
}

/**
 * Recomputes the given elders from a date (default: all elders), in batches of their own
 * transactions. Returns how many elders' periods changed.
 */
export async function recomputeEntitlements(
  database: Pick<Database, 'db'>,
  from: string,
  elderIds?: number[],
): Promise<number> {
  const db = database.db;
  const versions = await loadVersions(db);
  let changed = 0;
  let lastId = 0;
  for (;;) {
    const batch = await db
      .select({ id: elders.id })
      .from(elders)
      .where(and(elderIds ? inArray(elders.id, elderIds) : sql`true`, sql`${elders.id} > ${lastId}`))
      .orderBy(elders.id)
      .limit(2000);
    if (batch.length === 0) break;
    changed += await db.transaction((tx) =>
      recomputeIn(
        tx,
        from,
        batch.map((e) => e.id),
        versions,
      ),
    );
    lastId = batch[batch.length - 1].id;
  }
  return changed;
}

export async function entitlementsOf(db: DbOrTx, elderId: number) {
  return db
    .select()
    .from(entitlements)
    .where(eq(entitlements.elderId, elderId))
    .orderBy(entitlements.programme, entitlements.validFrom);
}
