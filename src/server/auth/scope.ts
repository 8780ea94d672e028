// The one place where a caller's jurisdiction turns into query conditions. Every query for
// region-bound or provider-bound data takes its filter from here; no route filters by hand.
import { and, eq, inArray, like, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { caregivers, providers, regions } from '../db/schema.js';
import type { DbOrTx } from '../db/client.js';
import { notFound } from '../http/problem.js';

export type Scope =
  | { kind: 'region'; regionId: number; path: string; isRoot: boolean }
  | { kind: 'provider'; providerId: number }
  | { kind: 'caregiver'; providerId: number; userId: number };

const FALSE = sql`false`;

/** Ids of the regions in the caller's subtree, as a subquery. */
function subtreeIds(db: DbOrTx, path: string) {
  return db
    .select({ id: regions.id })
    .from(regions)
    .where(like(regions.path, `${path}%`));
}

/** The jurisdiction of one region: for narrowing a list to a region the caller picked. */
export function regionSubtree(region: { id: number; path: string; parentId: number | null }): Scope {
  return { kind: 'region', regionId: region.id, path: region.path, isRoot: region.parentId === null };
}

/** Rows whose region column lies in the caller's region subtree. */
export function inRegionScope(db: DbOrTx, scope: Scope, regionId: AnyPgColumn): SQL {
  if (scope.kind !== 'region') return FALSE;
  return inArray(regionId, subtreeIds(db, scope.path));
}

/** Rows bound to a provider the caller may see: their own, or any inside their region subtree. */
export function inProviderScope(db: DbOrTx, scope: Scope, providerId: AnyPgColumn): SQL {
  if (scope.kind === 'provider' || scope.kind === 'caregiver') return eq(providerId, scope.providerId);
  return inArray(
    providerId,
    db
      .select({ id: providers.id })
      .from(providers)
      .where(inRegionScope(db, scope, providers.regionId)),
  );
}

/**
 * Caregiver records the caller may see: a caregiver only its own (by its login), a provider
 * its own caregivers, a region-bound user those of the providers in its region subtree.
 */
export function inCaregiverScope(db: DbOrTx, scope: Scope, providerId: AnyPgColumn, userId: AnyPgColumn): SQL {
  if (scope.kind === 'caregiver') return and(eq(providerId, scope.providerId), eq(userId, scope.userId))!;
  return inProviderScope(db, scope, providerId);
}

/**
 * Orders the caller may see: a region-bound user those of elders in its subtree (by the region
 * the order was filed in), a provider those dispatched to it, a caregiver those sent to it.
 */
export function inOrderScope(
  db: DbOrTx,
  scope: Scope,
  regionId: AnyPgColumn,
  providerId: AnyPgColumn,
  caregiverId: AnyPgColumn,
): SQL {
  if (scope.kind === 'region') return inRegionScope(db, scope, regionId);
  if (scope.kind === 'provider') return eq(providerId, scope.providerId);
  return inArray(
    caregiverId,
    db.select({ id: caregivers.id }).from(caregivers).where(eq(caregivers.userId, scope.userId)),
  );
}

/** Rows bound either to a region or to a provider (e.g. user accounts). */
export function inRegionOrProviderScope(db: DbOrTx, scope: Scope, regionId: AnyPgColumn, providerId: AnyPgColumn): SQL {
  return or(inRegionScope(db, scope, regionId), inProviderScope(db, scope, providerId))!;
}

/**
 * The caller's jurisdiction, narrowed to one region the caller picked (a street filter on a
 * list); the caller's own when none is picked. A region outside it answers as not found.
 */
export async function narrowedScope(db: DbOrTx, scope: Scope, regionId: number | undefined): Promise<Scope> {
  return regionId ? regionSubtree(await regionInScope(db, scope, regionId)) : scope;
}

/** Loads one region if the caller may see it; otherwise answers as if it did not exist. */
export async function regionInScope(db: DbOrTx, scope: Scope, id: number, detail = '区域不存在或不在您的管辖范围内') {
  const [row] = await db
    .select()
    .from(regions)
    .where(and(eq(regions.id, id), inRegionScope(db, scope, regions.id)));
  if (!row) throw notFound(detail);
  return row;
}
