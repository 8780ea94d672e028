// Import of a generated 100,000-row roster against the floor: the same rows, already built,
// written with a loop of plain multi-row INSERTs. Reports rows/s, the ratio and peak RSS.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { fork } from 'node:child_process';
import { eq } from 'drizzle-orm';
import { migrateDatabase } from '../src/server/db/client.js';
import { elders, regions } from '../src/server/db/schema.js';
import { loadDemoDistrict } from '../src/server/demo/demo-district.js';
import { createCipher } from '../src/server/security/personal-data.js';
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
    const grids = gridRows.map((g) => ({
      id: g.id,
      code: g.code,
      communityCode: g.code.slice(0, 12),
      lng: g.centerLng!,
      lat: g.centerLat!,
      village: false,
    }));
    const file = path.join(os.tmpdir(), `bench-roster-${rows}.xlsx`);
    const inputs = await writeRoster(file, rows, grids, today);
    const bytes = fs.readFileSync(file);

    // Floor: prebuilt rows, plain multi-row INSERT statements of 1,000 rows.
    const built = inputs.map((e) => rowValues(e, cipher, today));
    const t = performance.now();
    for (let i = 0; i < built.length; i += 1000) await database.db.insert(elders).values(built.slice(i, i + 1000));
    const floorMs = performance.now() - t;

    // The import runs in a child process with a capped heap: if it needed more, it would fail.
    // The embedded database's own JavaScript side needs more than the import does.
    const heapMb = db === 'postgres' ? 256 : 1024;
    const child = fork(path.join(import.meta.dirname, 'import-child.ts'), [file], {
      execArgv: ['--import', 'tsx', `--max-old-space-size=${heapMb}`],
      env: { ...process.env, TEST_DB: db },
    });
    const r = await new Promise<{
      ms: number;
      rssBefore: number;
      maxRss: number;
      inserted: number;
      errors: number;
      rows: number;
    }>((resolve, reject) => {
      child.once('message', resolve);
      child.once('exit', (code) => reject(new Error(`import child exited ${code}`)));
    });
    await new Promise((res) => child.once('exit', res));
    const importMs = r.ms;
    console.log(
      `\n[${db}] 导入 ${rows.toLocaleString()} 行名册（${(bytes.length / 1e6).toFixed(1)} MB）：${(importMs / 1000).toFixed(1)} 秒，${Math.round(rows / (importMs / 1000)).toLocaleString()} 行/秒；新建 ${r.inserted}，错误 ${r.errors}`,
    );
    console.log(
      `  下限（预先构造好的行，每条 INSERT 1000 行）：${(floorMs / 1000).toFixed(1)} 秒；导入为下限的 ${(importMs / floorMs).toFixed(2)} 倍（目标 ≤ 3）`,
    );
    console.log(
      `  导入进程（V8 堆上限 ${heapMb} MB）常驻内存峰值 ${(r.maxRss / 2 ** 20).toFixed(0)} MB，其中导入开始前 ${(r.rssBefore / 2 ** 20).toFixed(0)} MB${db === 'pglite' ? '（含嵌入式数据库）' : ''}`,
    );
    fs.rmSync(file);
  } finally {
    await database.close();
    await drop();
  }
}
