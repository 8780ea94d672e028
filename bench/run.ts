// `npm run bench [http|import|search|entitlements|orders|dispatch|devices|month-end] [pglite|postgres]`: requests per second of authenticated list routes, as a ratio against the
// same server's trivial route (/api/health/live, no database, no session) measured in the
// same run. Ratios, not absolute numbers, because machines here are shared and noisy.
import { fork } from 'node:child_process';
import path from 'node:path';
import autocannon from 'autocannon';
import { importBench } from './import-bench.js';
import { searchBench } from './search-bench.js';
import { entitlementsBench } from './entitlements-bench.js';
import { batchDispatchBench, orderCreationBench } from './orders-bench.js';
import { monthEndBench } from './month-end-bench.js';
import { devicesBench } from './devices-bench.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const connections = 10;

async function measure(url: string, headers: Record<string, string> = {}) {
  const result = await autocannon({ url, connections, duration: seconds, headers });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result.requests.average;
}

async function benchOn(db: 'pglite' | 'postgres') {
  const child = fork(path.join(import.meta.dirname, 'bench-server.ts'), {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, TEST_DB: db },
  });
  const address = await new Promise<string>((resolve, reject) => {
    child.once('message', (m: { address: string }) => resolve(m.address));
    child.once('exit', (code) => reject(new Error(`bench server exited ${code}`)));
  });
  try {
    const login = await fetch(`${address}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'Yiyang@2026' }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    await measure(`${address}/api/health/live`); // warm-up
    const baseline = await measure(`${address}/api/health/live`);
    const rows: [string, number][] = [];
    for (const [name, route] of [
      ['账户列表 /api/users', '/api/users?pageSize=20'],
      ['区域树 /api/regions', '/api/regions'],
    ] as const) {
      rows.push([name, await measure(address + route, { cookie })]);
    }
    console.log(`\n[${db}] 基线 /api/health/live：${baseline.toFixed(0)} 请求/秒`);
    for (const [name, rps] of rows)
      console.log(`  ${name}：${rps.toFixed(0)} 请求/秒，为基线的 ${(rps / baseline).toFixed(3)}`);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

const only = process.argv[2];
const dbs = (process.env.DATABASE_URL ? (['pglite', 'postgres'] as const) : (['pglite'] as const)).filter(
  (d) => !process.argv[3] || d === process.argv[3],
);
if (!process.env.DATABASE_URL) console.log('未设置 DATABASE_URL：只在 PGlite 上测');
const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
if (!only || only === 'http') for (const db of dbs) await benchOn(db);
if (!only || only === 'import') for (const db of dbs) await importBench(db, ROWS);
if (!only || only === 'search') for (const db of dbs) await searchBench(db, ROWS);
if (!only || only === 'entitlements') for (const db of dbs) await entitlementsBench(db, ROWS);
if (!only || only === 'orders') for (const db of dbs) await orderCreationBench(db);
if (!only || only === 'dispatch') batchDispatchBench();
// 10,000 watches on the gateway, ingest against the parsing floor, and alarm-to-console latency.
if (!only || only === 'devices') for (const db of dbs) await devicesBench(db);
// The month-end is measured at the district's size on PostgreSQL only (PGlite, in one process, is
// the single-user embedded database); BENCH_ELDERS / BENCH_ORDERS scale it down for a quick look.
if ((!only || only === 'month-end') && process.env.DATABASE_URL) {
  await monthEndBench(
    'postgres',
    Number(process.env.BENCH_ELDERS ?? 100_000),
    Number(process.env.BENCH_ORDERS ?? 1_000_000),
  );
}
