// Import of a generated 100,000-row roster against the floor: the same rows, already built,
// written with a loop of plain multi-row INSERTs. Reports rows/s, the ratio and peak RSS.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { loadConfig } from '../src/server/config.js';
import { migrateDatabase } from '../src/server/db/client.js';
import { elders, importJobs, regions, users } from '../src/server/db/schema.js';
import { loadDemoDistrict } from '../src/server/demo/demo-district.js';
import { makeDeps } from '../src/server/deps.js';
import { createCipher } from '../src/server/security/personal-data.js';
import { runImport } from '../src/server/modules/elders/elder-import.js';
import { rowValues } from '../src/server/modules/elders/elder-records.js';
import { shanghaiDate } from '../src/shared/today.js';
import { openTestDatabase } from '../test/helpers/test-app.js';
import { writeRoster } from '../test/helpers/roster-file.js';

export async function importBench(db: 'pglite' | 'postgres', rows: number) {
  process.env.TEST_DB = db;
  const today = shanghaiDate();
  const cipher = createCipher(crypto.randomBytes(32));
  const { database, drop } = await openTestDatabase();
  try {
    await migrateDatabase(database);
    await loadDemoDistrict(database, { cipher, elders: 0 });
    const gridRows = await database.db.select().from(regions).where(eq(regions.level, 'grid'));
    const grids = gridRows.map((g) => ({ id: g.id, code: g.code, communityCode: g.code.slice(0, 12), lng: g.centerLng!, lat: g.centerLat!, village: false }));
    const file = path.join(os.tmpdir(), `bench-roster-${rows}.xlsx`);
    const inputs = await writeRoster(file, rows, grids, today);
    const bytes = fs.readFileSync(file);

    // Floor: prebuilt rows, plain multi-row INSERT statements of 1,000 rows.
    const built = inputs.map((e) => rowValues(e, cipher, today));
    let t = performance.now();
    for (let i = 0; i < built.length; i += 1000) await database.db.insert(elders).values(built.slice(i, i + 1000));
    const floorMs = performance.now() - t;
    await database.db.execute(sql`truncate elders cascade`);

    const [admin] = await database.db.select().from(users).where(eq(users.username, 'admin'));
    const [root] = await database.db.select().from(regions).where(eq(regions.level, 'district'));
    const deps = makeDeps(database, { ...loadConfig({}), webDir: '/nonexistent' }, cipher);
    const [job] = await database.db.insert(importJobs).values({ createdBy: admin.id, filename: 'bench.xlsx', mode: 'valid_rows', status: 'running', file: bytes }).returning();
    let peak = process.memoryUsage().rss;
    const base = peak;
    const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 50);
    t = performance.now();
    await runImport({ deps, scope: { kind: 'region', regionId: root.id, path: root.path, isRoot: true }, actor: { userId: admin.id, username: 'admin', ip: null, requestId: null }, jobId: job.id, mode: 'valid_rows', file: bytes });
    const importMs = performance.now() - t;
    clearInterval(sampler);
    const [done] = await database.db.select().from(importJobs).where(eq(importJobs.id, job.id));
    fs.rmSync(file);
    if (done.errorCount) console.log('  错误示例：', JSON.stringify((done.errors as unknown[]).slice(0, 3)));
    console.log(`\n[${db}] 导入 ${rows.toLocaleString()} 行名册（${(bytes.length / 1e6).toFixed(1)} MB）：${(importMs / 1000).toFixed(1)} 秒，${Math.round(rows / (importMs / 1000)).toLocaleString()} 行/秒；新建 ${done.inserted}，错误 ${done.errorCount}`);
    console.log(`  下限（预先构造好的行，每条 INSERT 1000 行）：${(floorMs / 1000).toFixed(1)} 秒；导入为下限的 ${(importMs / floorMs).toFixed(2)} 倍（目标 ≤ 3）`);
    console.log(`  进程常驻内存峰值 ${(peak / 2 ** 20).toFixed(0)} MB（导入前 ${(base / 2 ** 20).toFixed(0)} MB，导入增加 ${((peak - base) / 2 ** 20).toFixed(0)} MB）`);
  } finally {
    await database.close();
    await drop();
  }
}
