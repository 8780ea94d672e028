// Recomputing every elder's entitlements against all programmes, against the floor: the same
// computation in memory, without reading or writing the database.
import crypto from 'node:crypto';
import { migrateDatabase } from '../src/server/db/client.js';
import { elders, policyVersions } from '../src/server/db/schema.js';
import { loadDemoDistrict } from '../src/server/demo/demo-district.js';
import { createCipher } from '../src/server/security/personal-data.js';
import { ensurePolicySeeds } from '../src/server/modules/policies/policy-seeds.js';
import { periodsFor, recomputeEntitlements } from '../src/server/modules/entitlements/recompute.js';
import type { PolicyParams, PolicyVersion, ProgrammeCode } from '../src/core/policy/policy.js';
import { shanghaiDate } from '../src/shared/today.js';
import { openTestDatabase } from '../test/helpers/test-app.js';

export async function entitlementsBench(db: 'pglite' | 'postgres', count: number) {
  process.env.TEST_DB = db;
  const { database, drop } = await openTestDatabase();
  try {
    await migrateDatabase(database);
    await ensurePolicySeeds(database.db);
    await loadDemoDistrict(database, { cipher: createCipher(crypto.randomBytes(32)), elders: count });
    const today = shanghaiDate();
    const rows = await database.db.select().from(elders);
    const versions: PolicyVersion[] = (await database.db.select().from(policyVersions)).map((v) => ({
      id: v.id,
      programme: v.programme as ProgrammeCode,
      effectiveFrom: v.effectiveFrom,
      effectiveTo: v.effectiveTo,
      params: v.params as PolicyParams,
    }));
    let t = performance.now();
    const computed = periodsFor(rows, versions, new Map(), today);
    const memoryMs = performance.now() - t;
    t = performance.now();
    await recomputeEntitlements(database, today);
    const fullMs = performance.now() - t;
    const periods = computed.reduce((n, c) => n + c.periods.length, 0);
    console.log(
      `\n[${db}] 重算 ${count.toLocaleString()} 位老人 × ${new Set(versions.map((v) => v.programme)).size} 个项目的待遇（${periods.toLocaleString()} 个时段）：${(fullMs / 1000).toFixed(1)} 秒（目标 ≤ 10 秒）`,
    );
    console.log(`  纯内存计算 ${(memoryMs / 1000).toFixed(1)} 秒；含读写为其 ${(fullMs / memoryMs).toFixed(1)} 倍`);
  } finally {
    await database.close();
    await drop();
  }
}
