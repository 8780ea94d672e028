// Two call-centre figures. (1) Order creation through the HTTP API with 100 concurrent clients:
// throughput and p99, as a share of the same server's trivial route in the same run, then a
// count of orders against 201 answers (none lost, none twice). Each order prices entitlements
// under its elder's row lock, so this is the real path, not a bare insert.
// (2) Batch dispatch of 1,000 orders to 300 caregivers: time, travel against nearest-first on
// the same instance, and on 12 × 12 instances the gap to the exact optimum.
import { fork } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import autocannon from 'autocannon';
import { batchAssign, greedyNearest } from '../src/core/dispatch/batch.js';
import { DEFAULT_DISPATCH_WEIGHTS } from '../src/core/dispatch/candidates.js';
import { exactAssignmentCost, makeInstance } from '../src/core/dispatch/dispatch-fixtures.js';
import { haversineMeters } from '../src/core/geo/geo.js';
import { seededRandom } from '../src/core/seeded-random.js';
import { addDays } from '../src/core/calendar/working-days.js';
import { shanghaiDate } from '../src/shared/today.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const CLIENTS = 100;

async function startServer(db: 'pglite' | 'postgres') {
  const child = fork(path.join(import.meta.dirname, 'bench-server.ts'), {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, TEST_DB: db, BENCH_ELDERS: process.env.BENCH_ELDERS ?? '2000' },
  });
  const address = await new Promise<string>((resolve, reject) => {
    child.once('message', (m: { address: string }) => resolve(m.address));
    child.once('exit', (code) => reject(new Error(`bench server exited ${code}`)));
  });
  return {
    address,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

export async function orderCreationBench(db: 'pglite' | 'postgres') {
  const { address, stop } = await startServer(db);
  try {
    const login = await fetch(`${address}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'operator', password: 'Yiyang@2026' }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    const get = async (url: string) => (await fetch(address + url, { headers: { cookie } })).json();
    const elders: number[] = [];
    for (let page = 1; elders.length < 1000; page++) {
      const p = await get(`/api/elders?pageSize=200&page=${page}&status=active`);
      if (!p.items.length) break;
      elders.push(...p.items.filter((e: { status: string }) => e.status === 'active').map((e: { id: number }) => e.id));
    }
    const item = (await get(`/api/catalogue/items?q=${encodeURIComponent('生活照料（2 小时）')}`)).items[0].id;
    const before = (await get('/api/orders?pageSize=1')).total as number;
    const day = addDays(shanghaiDate(), 2);
    let n = 0;
    const body = () => {
      const i = n++;
      const hour = 8 + (i % 10);
      return JSON.stringify({
        elderId: elders[i % elders.length],
        channel: 'phone',
        lines: [{ itemId: item, quantity: 1 }],
        startAt: `${day}T${String(hour).padStart(2, '0')}:00:00+08:00`,
        endAt: `${day}T${String(hour).padStart(2, '0')}:45:00+08:00`,
      });
    };
    const run = (opts: autocannon.Options) =>
      autocannon({ connections: CLIENTS, ...(opts.amount ? {} : { duration: seconds }), ...opts });
    await run({ url: `${address}/api/health/live`, duration: 2 }); // warm-up
    const base = await run({ url: `${address}/api/health/live` });
    // A fixed number of orders rather than a duration: every request is answered before the
    // count, so the count can be compared with the answers exactly.
    const amount = Number(process.env.BENCH_ORDERS ?? (db === 'postgres' ? 3000 : 400));
    const created = await run({
      url: `${address}/api/orders`,
      amount,
      requests: [
        {
          method: 'POST',
          setupRequest: (req) => ({
            ...req,
            headers: {
              ...req.headers,
              cookie,
              'content-type': 'application/json',
              'idempotency-key': crypto.randomUUID(),
            },
            body: body(),
          }),
        },
      ],
    });
    // The target read as a load: 200 orders a second offered by the same 100 clients, and the p99 then.
    const offered = await run({
      url: `${address}/api/orders`,
      amount: Math.round(amount / 2),
      overallRate: 200,
      requests: [
        {
          method: 'POST',
          setupRequest: (req) => ({
            ...req,
            headers: {
              ...req.headers,
              cookie,
              'content-type': 'application/json',
              'idempotency-key': crypto.randomUUID(),
            },
            body: body(),
          }),
        },
      ],
    });
    const after = (await get('/api/orders?pageSize=1')).total as number;
    const ok = created['2xx'] + offered['2xx'];
    const rps = created.requests.average;
    console.log(`\n[${db}] 新建工单（${CLIENTS} 个并发客户端，${amount} 单，${elders.length} 位老人轮流）`);
    console.log(`  基线 /api/health/live：${base.requests.average.toFixed(0)} 请求/秒`);
    console.log(
      `  新建工单：${rps.toFixed(0)} 单/秒（目标 ≥ 200），为基线的 ${(rps / base.requests.average).toFixed(3)}；p50 ${created.latency.p50} ms，p99 ${created.latency.p99} ms（目标 ≤ 200 ms）`,
    );
    console.log(
      `  以每秒 200 单的速度送单（${Math.round(amount / 2)} 单）：实际 ${offered.requests.average.toFixed(0)} 单/秒，p50 ${offered.latency.p50} ms，p99 ${offered.latency.p99} ms`,
    );
    const codes = Object.entries({
      ...created.statusCodeStats,
      ...Object.fromEntries(
        Object.entries(offered.statusCodeStats ?? {}).map(([c, v]) => [
          c,
          {
            count:
              (v as { count: number }).count +
              ((created.statusCodeStats as Record<string, { count: number }> | undefined)?.[c]?.count ?? 0),
          },
        ]),
      ),
    })
      .map(([code, v]) => `${code}×${(v as { count: number }).count}`)
      .join('，');
    console.log(
      `  应答：${codes}，错误：${created.errors}；库中新增工单 ${after - before}：${after - before === ok ? '一致，无丢失无重复' : '不一致！'}`,
    );
    if (after - before !== ok) process.exitCode = 1;
  } finally {
    await stop();
  }
}

export function batchDispatchBench() {
  const r = seededRandom(20261123);
  const { orders, caregivers } = makeInstance(r.next, { orders: 1000, caregivers: 300 });
  const times: number[] = [];
  let batch = batchAssign(orders, caregivers, DEFAULT_DISPATCH_WEIGHTS);
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    batch = batchAssign(orders, caregivers, DEFAULT_DISPATCH_WEIGHTS);
    times.push(performance.now() - t);
  }
  const t0 = performance.now();
  const greedy = greedyNearest(orders, caregivers, DEFAULT_DISPATCH_WEIGHTS);
  const greedyMs = performance.now() - t0;
  const saved = (1 - batch.totalDistanceM / greedy.totalDistanceM) * 100;
  // Distance alone on a busy day: fewer caregivers than rounds need, so choices matter more.
  const tight = makeInstance(seededRandom(7).next, { orders: 1000, caregivers: 120 });
  const distanceOnly = { ...DEFAULT_DISPATCH_WEIGHTS, perBookedHour: 0 };
  const tb = batchAssign(tight.orders, tight.caregivers, distanceOnly),
    tg = greedyNearest(tight.orders, tight.caregivers, distanceOnly);
  let worstGap = 0;
  for (let seed = 1; seed <= 50; seed++) {
    const small = makeInstance(seededRandom(seed).next, { orders: 12, caregivers: 12, sameStart: true });
    const got = batchAssign(small.orders, small.caregivers, distanceOnly).totalDistanceM;
    const exact = exactAssignmentCost(
      small.orders.map((o) => small.caregivers.map((c) => Math.round(haversineMeters(c.base, o.location)))),
    );
    worstGap = Math.max(worstGap, (got - exact) / exact);
  }
  const median = [...times].sort((a, b) => a - b)[1];
  console.log('\n批量派单（纯计算）');
  console.log(
    `  1000 单 × 300 人：${(median / 1000).toFixed(2)} 秒（目标 ≤ 2 秒；逐单就近 ${(greedyMs / 1000).toFixed(2)} 秒，为其 ${(median / greedyMs).toFixed(1)} 倍）；派出 ${batch.assignments.length} 单（就近 ${greedy.assignments.length}）`,
  );
  console.log(
    `  总路程 ${(batch.totalDistanceM / 1000).toFixed(0)} 公里，逐单就近 ${(greedy.totalDistanceM / 1000).toFixed(0)} 公里，节省 ${saved.toFixed(1)}%（评分兼顾当日工作量）`,
  );
  const perOrder = (x: { totalDistanceM: number; assignments: unknown[] }) =>
    x.totalDistanceM / x.assignments.length / 1000;
  console.log(
    `  人手紧张日（1000 单 × 120 人，只计路程）：派出 ${tb.assignments.length} 单对 ${tg.assignments.length} 单，每单路程 ${perOrder(tb).toFixed(2)} 公里对 ${perOrder(tg).toFixed(2)} 公里，节省 ${((1 - perOrder(tb) / perOrder(tg)) * 100).toFixed(1)}%`,
  );
  console.log(`  12 × 12 同时段 50 例：与精确最优的最大差距 ${(worstGap * 100).toFixed(2)}%（目标 ≤ 1%）`);
}
