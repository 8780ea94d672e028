// The paid (C) class discount in force on a date, read from the home-care subsidy policy: the
// catalogue stores only the unified price and derives the paid price from this.
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { policyVersions } from '../../db/schema.js';
import { versionOn, type PolicyParams } from '../../../core/policy/policy.js';

export async function paidDiscountOn(db: DbOrTx, date: string): Promise<number | null> {
  const versions = await db.select().from(policyVersions).where(eq(policyVersions.programme, 'home_care_subsidy'));
  const v = versionOn(versions, date);
  if (!v) return null;
  for (const c of (v.params as PolicyParams).classes) if (c.benefit.kind === 'discount') return c.benefit.percentOff;
  return null;
}
