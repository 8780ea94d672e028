// The checks a provider's registration data passes when registered, edited or changed on review.
import { and, eq } from 'drizzle-orm';
import { providers } from '../../db/schema.js';
import type { DbOrTx } from '../../db/client.js';
import { inProviderScope, regionInScope, type Scope } from '../../auth/scope.js';
import { conflict, fieldError } from '../../http/problem.js';
import { PROVIDER_MESSAGES as M } from './messages.js';

/** The region a provider registers in: the district or a street, inside the caller's jurisdiction. */
export async function checkRegion(db: DbOrTx, scope: Scope, regionId: number) {
  const region = await regionInScope(db, scope, regionId);
  if (region.level !== 'district' && region.level !== 'street') throw fieldError('regionId', M.regionLevel);
}

/** A second-tier affiliate's parent: an approved first-tier provider the caller can see. */
export async function checkParent(db: DbOrTx, scope: Scope, parentId: number, selfId?: number) {
  if (parentId === selfId) throw fieldError('parentId', M.parentSelf);
  const [p] = await db
    .select()
    .from(providers)
    .where(and(eq(providers.id, parentId), inProviderScope(db, scope, providers.id)));
  if (!p || p.status !== 'approved' || p.parentId !== null) throw fieldError('parentId', M.parentInvalid);
  if (selfId !== undefined) {
    const [child] = await db
      .select({ id: providers.id })
      .from(providers)
      .where(eq(providers.parentId, selfId))
      .limit(1);
    if (child) throw fieldError('parentId', M.parentInvalid);
  }
}

export async function assertCodeFree(db: DbOrTx, code: string, exceptId?: number) {
  const [dup] = await db
    .select({ id: providers.id, name: providers.name })
    .from(providers)
    .where(eq(providers.creditCode, code));
  if (dup && dup.id !== exceptId)
    throw conflict(M.creditCodeTaken(dup.name), [{ field: 'creditCode', message: M.creditCodeTaken(dup.name) }]);
}
