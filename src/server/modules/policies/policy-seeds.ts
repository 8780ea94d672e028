// Makes sure every programme exists with at least its seeded versions. Runs at each start and
// only adds what is missing, so a district's own versions are never touched.
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { policyVersions, programmes } from '../../db/schema.js';
import { DEFAULT_PROGRAMMES } from './default-policies.js';

export async function ensurePolicySeeds(db: Db) {
  await db.transaction(async (tx) => {
    for (const p of DEFAULT_PROGRAMMES) {
      const [existing] = await tx.select().from(programmes).where(eq(programmes.code, p.code));
      if (existing) continue;
      await tx.insert(programmes).values({ code: p.code, name: p.name, description: p.description });
      await tx.insert(policyVersions).values(
        p.versions.map((v) => ({
          programme: p.code,
          effectiveFrom: v.effectiveFrom,
          effectiveTo: v.effectiveTo,
          params: v.params,
          note: '初始标准（来自政策文件）',
        })),
      );
    }
  });
}
