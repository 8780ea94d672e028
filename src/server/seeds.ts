// Reference data every installation has, added at each start only where missing: the policy
// programmes, the service catalogue and the provider rules.
import type { Db } from './db/client.js';
import { ensurePolicySeeds } from './modules/policies/policy-seeds.js';
import { ensureCatalogueSeeds } from './modules/catalogue/catalogue-seeds.js';
import { ensureProviderRules } from './modules/providers/rule-store.js';

export async function ensureReferenceData(db: Db) {
  await ensurePolicySeeds(db);
  await ensureCatalogueSeeds(db);
  await ensureProviderRules(db);
}
