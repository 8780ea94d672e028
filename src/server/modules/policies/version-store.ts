// Policy versions as the core reads them, for one programme or all.
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { policyVersions } from '../../db/schema.js';
import type { PolicyParams, PolicyVersion, ProgrammeCode } from '../../../core/policy/policy.js';

export async function loadVersions(db: DbOrTx, programme?: ProgrammeCode): Promise<PolicyVersion[]> {
  const rows = await db
    .select()
    .from(policyVersions)
    .where(programme ? eq(policyVersions.programme, programme) : undefined)
    .orderBy(policyVersions.programme, policyVersions.effectiveFrom);
  return rows.map((v) => ({
    id: v.id,
    programme: v.programme as ProgrammeCode,
    effectiveFrom: v.effectiveFrom,
    effectiveTo: v.effectiveTo,
    params: v.params as PolicyParams,
  }));
}
