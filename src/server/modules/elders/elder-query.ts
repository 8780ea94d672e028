// Turns a list query into SQL conditions, inside the caller's jurisdiction. Used by the list,
// the export and the needs-survey summary so that all three agree on what a filter means.
import { and, arrayContains, eq, gte, inArray, isNull, like, lte, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { elders, regions } from '../../db/schema.js';
import type { DbOrTx } from '../../db/client.js';
import { inRegionScope, regionInScope, regionSubtree, type Scope } from '../../auth/scope.js';
import type { ElderQuery } from '../../../shared/schemas/elders.js';
import { birthDateRangeForAges, normalizeIdNumber } from '../../../core/elders/idcard.js';
import { normalizePhone } from '../../../core/elders/phone.js';
import type { PersonalDataCipher } from '../../security/personal-data.js';
import { prefixPattern } from '../../db/like-pattern.js';

const AGE_BANDS: Record<string, [number, number | null]> = {
  '60-69': [60, 69],
  '70-79': [70, 79],
  '80-89': [80, 89],
  '90+': [90, null],
  '100+': [100, null],
};

export type ElderFilter = Omit<ElderQuery, 'page' | 'pageSize' | 'sort'>;

export async function elderConditions(
  db: DbOrTx,
  scope: Scope,
  q: ElderFilter,
  cipher: PersonalDataCipher,
  today: string,
): Promise<SQL> {
  const conds: SQL[] = [inRegionScope(db, scope, elders.regionId)];
  if (q.regionId) {
    const region = await regionInScope(db, scope, q.regionId);
    conds.push(inRegionScope(db, regionSubtree(region), elders.regionId));
  }
  if (q.q) {
    const text = q.q;
    const id = normalizeIdNumber(text);
    const phone = normalizePhone(text);
    if (/^\d{17}[\dX]$/.test(id)) conds.push(eq(elders.idHash, cipher.index(id)));
    else if (/^(1\d{10}|0\d{2,3}-?\d{7,8})$/.test(phone)) conds.push(eq(elders.phoneHash, cipher.index(phone)));
    else if (/^[a-zA-Z]+$/.test(text)) {
      const lower = text.toLowerCase();
      conds.push(or(like(elders.nameInitials, `${lower}%`), like(elders.namePinyin, `${lower}%`))!);
    } else conds.push(like(elders.name, prefixPattern(text)));
  }
  if (q.category) conds.push(arrayContains(elders.categoryTypes, [q.category]));
  if (q.flag) conds.push(arrayContains(elders.livingFlags, [q.flag]));
  if (q.ageBand) {
    const [min, max] = AGE_BANDS[q.ageBand];
    const range = birthDateRangeForAges(min, max, today);
    conds.push(lte(elders.birthDate, range.to));
    if (range.from) conds.push(gte(elders.birthDate, range.from));
  }
  if (q.grade === 'none') conds.push(isNull(elders.abilityGrade));
  else if (q.grade) conds.push(eq(elders.abilityGrade, q.grade));
  // Deceased and moved-out elders leave the work lists; their files stay and can be listed.
  if (q.status === 'current') conds.push(inArray(elders.status, ['active', 'suspended']));
  else if (q.status !== 'all') conds.push(eq(elders.status, q.status));
  if (q.expired) {
    conds.push(
      sql`exists (select 1 from jsonb_array_elements(${elders.categories}) c where c->>'validUntil' < ${today})`,
    );
  }
  return and(...conds)!;
}

export const parentRegion = alias(regions, 'parent_region');
/** Where an elder lives, as people say it: the community, and the grid when there is one. */
export const regionLabel = sql<string>`case when ${regions.level} = 'grid' then ${parentRegion.name} || ' ' || ${regions.name} else ${regions.name} end`;

export function selectEldersWithRegion(db: DbOrTx) {
  return db
    .select({ elder: elders, regionName: regionLabel })
    .from(elders)
    .innerJoin(regions, eq(regions.id, elders.regionId))
    .leftJoin(parentRegion, eq(parentRegion.id, regions.parentId));
}
