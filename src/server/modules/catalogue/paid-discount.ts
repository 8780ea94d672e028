// The paid (C) class discount in force on a date, read from the home-care subsidy policy: the
// catalogue stores only the unified price and derives the paid price from this.
import type { DbOrTx } from '../../db/client.js';
import { discountClass, versionOn } from '../../../core/policy/policy.js';
import { loadVersions } from '../policies/version-store.js';

export async function paidDiscountOn(db: DbOrTx, date: string): Promise<number | null> {
  const v = versionOn(await loadVersions(db, 'home_care_subsidy'), date);
  return v ? (discountClass(v.params)?.benefit.percentOff ?? null) : null;
}
