// The provider rules in force on a date, and the first version a new installation starts with.
import { asc, count } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { providerRuleVersions } from '../../db/schema.js';
import { DEFAULT_PROVIDER_RULES, type ProviderRules } from '../../../core/providers/rules.js';
import { versionOn } from '../../../core/dated.js';
import { registryRulesOf, type RegistryRules } from '../../../core/elders/registry-age.js';
import { ProblemError } from '../../http/problem.js';
import { PROVIDER_MESSAGES as M } from './messages.js';

export async function ensureProviderRules(db: DbOrTx) {
  const [{ n }] = await db.select({ n: count() }).from(providerRuleVersions);
  if (n === 0) {
    await db
      .insert(providerRuleVersions)
      .values({ effectiveFrom: '2025-01-01', params: DEFAULT_PROVIDER_RULES, note: '初始规则' })
      .onConflictDoNothing();
  }
}

export async function rulesOn(db: DbOrTx, date: string): Promise<{ id: number; params: ProviderRules }> {
  const versions = await db.select().from(providerRuleVersions).orderBy(asc(providerRuleVersions.effectiveFrom));
  const v = versionOn(versions, date);
  if (!v) throw new ProblemError(500, '缺少规则', M.noRules);
  return { id: v.id, params: v.params as ProviderRules };
}

/** The elder registry's rules on a date (the minimum age), the defaults filling an older version. */
export async function registryRulesOn(db: DbOrTx, date: string): Promise<RegistryRules> {
  return registryRulesOf((await rulesOn(db, date)).params);
}
