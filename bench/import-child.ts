// Runs one import in a process of its own, so its peak memory is its own: a fresh database
// with the demo district (same region codes as the roster's), then the roster file given.
import fs from 'node:fs';
import crypto from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { loadConfig } from '../src/server/config.js';
import { migrateDatabase } from '../src/server/db/client.js';
import { importJobs, regions, users } from '../src/server/db/schema.js';
import { loadDemoDistrict } from '../src/server/demo/demo-district.js';
import { makeDeps } from '../src/server/deps.js';
import { createCipher } from '../src/server/security/personal-data.js';
import { runImport } from '../src/server/modules/elders/elder-import.js';
import { openTestDatabase } from '../test/helpers/test-app.js';

const cipher = createCipher(crypto.randomBytes(32));
const { database, drop } = await openTestDatabase();
try {
  await migrateDatabase(database);
  await loadDemoDistrict(database, { cipher, elders: 0 });
  const bytes = fs.readFileSync(process.argv[2]);
  const [admin] = await database.db.select().from(users).where(eq(users.username, 'admin'));
  const [root] = await database.db.select().from(regions).where(eq(regions.level, 'district'));
  const deps = makeDeps(database, { ...loadConfig({}), webDir: '/nonexistent' }, cipher);
  const [job] = await database.db
    .insert(importJobs)
    .values({ createdBy: admin.id, filename: 'bench.xlsx', mode: 'valid_rows', status: 'running', file: bytes })
    .returning();
  const rssBefore = process.memoryUsage().rss;
  const t = performance.now();
  await runImport({
    deps,
    scope: { kind: 'region', regionId: root.id, path: root.path, isRoot: true },
    actor: { userId: admin.id, username: 'admin', ip: null, requestId: null },
    jobId: job.id,
    mode: 'valid_rows',
    file: bytes,
  });
  const ms = performance.now() - t;
  const [done] = await database.db
    .select({ inserted: importJobs.inserted, errorCount: importJobs.errorCount })
    .from(importJobs)
    .where(eq(importJobs.id, job.id));
  const [{ n }] = (
    (await database.db.execute(sql`select count(*)::int as n from elders`)) as unknown as { rows: { n: number }[] }
  ).rows;
  process.send!({
    ms,
    rssBefore,
    maxRss: process.resourceUsage().maxRSS * 1024,
    inserted: done.inserted,
    errors: done.errorCount,
    rows: n,
  });
} finally {
  await database.close();
  await drop();
}
