// Makes sure the catalogue exists: the eleven categories always, and the seeded items with
// their first prices only in a catalogue that has no items yet, so a district's own edits are
// never touched.
import { count } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { serviceCategories, serviceItems, servicePrices } from '../../db/schema.js';
import { SERVICE_CATEGORIES } from '../../../core/catalogue/categories.js';
import { CATEGORY_NAMES } from '../../../shared/service-labels.js';
import { SEED_CATALOGUE } from './catalogue-seed.js';

/** The date seeded prices take effect: the start of the seeded policies. */
export const SEED_PRICE_FROM = '2025-01-01';

export const itemCode = (categoryIndex: number, n: number) =>
  `FW${String(categoryIndex + 1).padStart(2, '0')}-${String(n).padStart(3, '0')}`;

/**
 * The catalogue items each visits programme buys, by item code — a code is never changed (the
 * district may rename, reprice or move an item), so pricing finds the 探访 item by it, not by
 * its name. FW09-012 is the seed's 探访（关爱访视）, the twelfth companionship item, priced at the
 * programme's fee: 003 方案11 L657 「探訪人員每月入戶探訪次數不低于3次,每次探訪服務費4元」.
 */
export const ITEMS_BOUGHT_BY: Readonly<Record<string, readonly string[]>> = { visiting: ['FW09-012'] };

export async function ensureCatalogueSeeds(db: DbOrTx) {
  await db.transaction(async (tx) => {
    await tx
      .insert(serviceCategories)
      .values(SERVICE_CATEGORIES.map((code, i) => ({ code, name: CATEGORY_NAMES[code], sortOrder: i + 1 })))
      .onConflictDoNothing();
    const [{ n }] = await tx.select({ n: count() }).from(serviceItems);
    if (n > 0) return;
    for (const [ci, category] of SERVICE_CATEGORIES.entries()) {
      const items = SEED_CATALOGUE[category];
      const rows = await tx
        .insert(serviceItems)
        .values(
          items.map((it, k) => ({
            code: itemCode(ci, k + 1),
            categoryCode: category,
            name: it.name,
            content: it.content,
            unit: it.unit,
            durationMinutes: it.minutes,
            requiredSkills: it.skills,
            requiredCertificates: it.certificates,
            subsidyEligible: it.subsidy,
          })),
        )
        .returning({ id: serviceItems.id });
      await tx.insert(servicePrices).values(
        rows.map((r, k) => ({
          itemId: r.id,
          effectiveFrom: SEED_PRICE_FROM,
          priceFen: Math.round(items[k].yuan * 100),
          note: '初始统一价',
        })),
      );
    }
  });
}
