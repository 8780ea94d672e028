// `npm run demo -- [--elders N] [--seed N] [--reset]`: loads the demo district into the configured database
// (./data or DATA_DIR, or DATABASE_URL). Refuses a database that already holds data unless
// --reset is given, which first deletes everything in it.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../src/server/config.js';
import { migrateDatabase, openDatabase } from '../src/server/db/client.js';
import { isEmpty } from '../src/server/bootstrap.js';
import { DEFAULT_DEMO_ELDERS, DEMO_PASSWORD, loadDemoDistrict } from '../src/server/demo/demo-district.js';
import { createCipher, loadDataKey } from '../src/server/security/personal-data.js';
import { recomputeEntitlements } from '../src/server/modules/entitlements/recompute.js';
import { shanghaiDate } from '../src/shared/today.js';
import { ROLE_LABELS } from '../src/shared/labels.js';

const { values } = parseArgs({
  options: { seed: { type: 'string' }, elders: { type: 'string' }, reset: { type: 'boolean', default: false } },
});
const seed = values.seed === undefined ? undefined : Number(values.seed);
if (seed !== undefined && !Number.isInteger(seed)) {
  console.error('--seed 应为整数');
  process.exit(2);
}
const elders = values.elders === undefined ? DEFAULT_DEMO_ELDERS : Number(values.elders);
if (!Number.isInteger(elders) || elders < 0) {
  console.error('--elders 应为非负整数');
  process.exit(2);
}
const config = loadConfig();
if (values.reset && !config.databaseUrl)
  fs.rmSync(path.join(config.dataDir, 'pglite'), { recursive: true, force: true });
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
if (values.reset && config.databaseUrl) {
  await database.db.execute(sql`drop schema if exists public cascade`);
  await database.db.execute(sql`drop schema if exists drizzle cascade`);
  await database.db.execute(sql`create schema public`);
}
await migrateDatabase(database);
if (!(await isEmpty(database.db))) {
  console.error('数据库中已有数据，未载入演示数据。要清空后重新载入，请加 --reset（会删除库中全部数据）。');
  await database.close();
  process.exit(1);
}
const started = Date.now();
const cipher = createCipher(
  loadDataKey({ dataKey: config.dataKey, dataDir: config.dataDir, embedded: !config.databaseUrl }),
);
const logins = await loadDemoDistrict(database, { seed, cipher, elders, dataDir: config.dataDir });
await recomputeEntitlements(database, shanghaiDate());
await database.close();
console.log(
  `演示数据已载入（${((Date.now() - started) / 1000).toFixed(1)} 秒）。演示账户（密码均为 ${DEMO_PASSWORD}）：`,
);
for (const l of logins)
  console.log(`  ${l.username.padEnd(12)} ${ROLE_LABELS[l.role]} · ${l.displayName} · ${l.where}`);
