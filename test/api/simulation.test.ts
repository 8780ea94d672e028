// A district's year, day by day, on the product's own clock and jobs: new files, a roster
// imported (and imported again), approvals and refusals, deaths (some recorded late), moves
// between streets, evidence running out, birthdays crossing 80, 90 and 100, a policy version
// starting in the middle of a month, the month's cash lists generated, regenerated, sent and
// paid, month-ends, and servers restarting — with, on PostgreSQL, a second server ticking the
// same jobs at the same moments; and every other day a visit booked, dispatched, accepted,
// checked in and out at the door (or cancelled), drawing on the ledger across month-ends.
// After every simulated day the money's and the orders' invariants must hold.
// SIM_DAYS (default 400) sets the length; `npm run soak` runs a longer one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { makeTestApp, type TestApp } from '../helpers/test-app.js';
import { elderBody, idFor } from '../helpers/elder-fixtures.js';
import { approveApplication } from '../helpers/approved-application.js';
import { applications, elders } from '../../src/server/db/schema.js';
import { orderWorld } from '../helpers/order-fixtures.js';
import { rosterGrids, writeRoster } from '../helpers/roster-file.js';
import { openDatabase, type Database } from '../../src/server/db/client.js';
import { makeDeps } from '../../src/server/deps.js';
import { createScheduler, type Scheduler } from '../../src/server/jobs/scheduler.js';
import { housekeepingJobs } from '../../src/server/jobs/housekeeping.js';
import { recomputeIn } from '../../src/server/modules/entitlements/recompute.js';
import { rowsOf } from '../../src/server/db/rows.js';
import { seededRandom } from '../../src/core/seeded-random.js';
import { addDays } from '../../src/core/calendar/working-days.js';
import { previousMonth } from '../../src/core/calendar/months.js';

const DAYS = Number(process.env.SIM_DAYS ?? 400);
const START = '2027-01-04';
const at = (day: string, hhmm = '09:00') => new Date(`${day}T${hhmm}:00+08:00`);
const quiet = { info: () => {}, warn: () => {} };

let t: TestApp;
let second: { database: Database; scheduler: Scheduler } | null = null;
let admin = '';
const rnd = seededRandom(20270104);
let seq = 100;

beforeAll(async () => {
  // Sessions outlive the simulated days, so each user signs in once.
  t = await makeTestApp({ config: { sessionIdleMinutes: 1_000_000, sessionAbsoluteHours: 100_000 } });
  t.setNow(at(addDays(START, -1)));
  // On PostgreSQL a second server — its own connection pool, scheduler and identity — joins.
  if (t.databaseUrl) {
    const database = await openDatabase({ databaseUrl: t.databaseUrl, poolSize: 5 });
    const deps = makeDeps(database, t.config, t.cipher, t.deps.clock);
    second = {
      database,
      scheduler: createScheduler({
        db: database.db,
        jobs: housekeepingJobs(deps),
        serverId: 'sim-server-2',
        clock: deps.clock,
        log: quiet,
      }),
    };
  }
}, 300_000);
afterAll(async () => {
  if (second) {
    await second.scheduler.stop(10_000);
    await second.database.close();
  }
  await t.close();
});

const call = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
  t.app.inject({ method, url, payload: payload as never, headers: { cookie: admin } });
const q = async <T>(query: ReturnType<typeof sql>) => rowsOf<T>(await t.database.db.execute(query));

/** What must hold after every day. Returns the broken ones, named. */
async function invariants(): Promise<string[]> {
  const broken: string[] = [];
  const [overlap] = await q<{ n: number }>(sql`
    select count(*)::int as n from entitlements a join entitlements b
      on a.elder_id = b.elder_id and a.programme = b.programme and a.id < b.id
     and a.valid_from <= coalesce(b.valid_to, '9999-12-31') and b.valid_from <= coalesce(a.valid_to, '9999-12-31')`);
  if (overlap.n) broken.push(`${overlap.n} 对重叠的待遇期间`);
  const [cut] = await q<{ n: number }>(sql`
    select count(*)::int as n from entitlements a join entitlements b
      on a.elder_id = b.elder_id and a.programme = b.programme and b.valid_from = a.valid_to + 1
     and a.version_id = b.version_id and a.class_code = b.class_code and a.benefit = b.benefit
     and a.cost_share = b.cost_share`);
  if (cut.n) broken.push(`${cut.n} 处待遇期间无事实变化却被切开`);
  const [ledger] = await q<{ n: number }>(sql`
    select count(*)::int as n from ledger_accounts a
    left join (select account_id, sum(amount) as total from ledger_entries group by account_id) e on e.account_id = a.id
    where a.balance <> coalesce(e.total, 0) or a.balance < 0`);
  if (ledger.n) broken.push(`${ledger.n} 个账户余额与分录不符`);
  const [issued] = await q<{ n: number }>(sql`
    select count(*)::int as n from (select account_id, period from ledger_entries where kind = 'issue'
      group by 1, 2 having count(*) > 1) x`);
  if (issued.n) broken.push(`${issued.n} 个账户同一月份发放两次`);
  const [yearly] = await q<{ n: number; examples: string | null }>(sql`
    select count(*)::int as n, string_agg(account_id::text, ',') as examples from (
      select account_id from ledger_entries e where kind = 'issue' and note like '服务券每年%'
        and not exists (select 1 from ledger_entries r where r.reverses = e.id)
      group by account_id, substr(period, 1, 4) having count(*) > 1) x`);
  const [states] = await q<{ n: number; examples: string | null }>(sql`
    select count(*)::int as n, string_agg(o.id::text, ',') as examples from orders o
    where o.state is distinct from (select e.to_state from order_events e where e.order_id = o.id order by e.id desc limit 1)`);
  if (states.n) broken.push(`${states.n} 张工单的状态与其最后一步不符（${states.examples}）`);
  const [chain] = await q<{ n: number; examples: string | null }>(sql`
    select count(*)::int as n, string_agg(distinct order_id::text, ',') as examples from (
      select order_id, from_state, lag(to_state) over (partition by order_id order by id) as prev from order_events) x
    where prev is not null and from_state is distinct from prev`);
  if (chain.n) broken.push(`${chain.n} 步工单状态变化不是从上一状态出发（${chain.examples}）`);
  if (yearly.n) broken.push(`${yearly.n} 个账户年度服务券一年发放两次（${yearly.examples}）`);
  const [paidTwice] = await q<{ n: number; examples: string | null }>(sql`
    select count(*)::int as n, string_agg(distinct elder_id::text, ',') as examples from (
      select elder_id from payment_lines where duplicate_of is null
      group by elder_id, programme, part, month having count(*) > 1) x`);
  if (paidTwice.n) broken.push(`${paidTwice.n} 个老人×项目×月份在名单上出现两次（${paidTwice.examples}）`);
  const [afterDeath] = await q<{ n: number }>(sql`
    select count(*)::int as n from payment_lines l join payment_lists p on p.id = l.list_id join elders e on e.id = l.elder_id
    where p.state = 'draft' and e.death_date is not null and to_char(e.death_date, 'YYYY-MM') < l.month`);
  if (afterDeath.n) broken.push(`${afterDeath.n} 行为去世后月份的发放（未发出的名单）`);
  return broken;
}

/** A month's cash lists, ledger and draws, through the reconciliation. */
async function reconciles(month: string): Promise<string[]> {
  const res = await call('GET', `/api/reconciliation?month=${month}`);
  if (res.statusCode !== 200) return [`${month} 对账：${res.body}`];
  return res
    .json()
    .checks.filter((c: { key: string; ok: boolean }) => /^(cash|ledger|draws)-/.test(c.key) && !c.ok)
    .map((c: { label: string; details: string[] }) => `${month} ${c.label}：${c.details.slice(0, 3).join('；')}`);
}

let communities: { id: number; street: number }[] = [];
const living: number[] = [];

async function newElder(day: string) {
  const year = Number(day.slice(0, 4));
  // Ages around the thresholds so that birthdays cross 80, 90 and 100 during the run.
  const age = rnd.pick([79, 80, 85, 89, 90, 95, 99, 100, 70]);
  const birth = `${year - age}${String(rnd.int(1, 12)).padStart(2, '0')}${String(rnd.int(1, 28)).padStart(2, '0')}`;
  const kind = rnd.int(0, 9);
  const categories =
    kind < 2
      ? [{ type: 'tekun', certificateNo: `TK${seq}`, supportMode: rnd.pick(['dispersed', 'concentrated']) }]
      : kind < 4
        ? // 低保 evidence that runs out during the run.
          [{ type: 'dibao', certificateNo: `DB${seq}`, validUntil: addDays(day, rnd.int(20, 200)) }]
        : [];
  const region = rnd.pick(communities);
  const res = await call(
    'POST',
    '/api/elders',
    elderBody(region.id, { name: '模拟老人', idNumber: idFor(birth, (seq += 2) % 1000), categories }),
  );
  if (res.statusCode !== 201) throw new Error(`${day} 新建档案：${res.body}`);
  living.push(res.json().id);
  // 特困 support follows approval (001 L30): approved as the five-guarantee path leaves it, from the day.
  if (kind < 2) await approveApplication(t, res.json().id, 'tekun_support', { effectiveFrom: day });
}

/** A roster of files imported in bulk, waited for; the same file again must change nothing. */
let roster: Buffer | null = null;
async function importRoster(day: string) {
  if (!roster) {
    const grids = await rosterGrids(t.database.db);
    const file = path.join(os.tmpdir(), `sim-roster-${process.pid}.xlsx`);
    await writeRoster(file, 40, grids, day);
    roster = fs.readFileSync(file);
    fs.rmSync(file);
  }
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/elders/imports?mode=valid_rows&filename=${encodeURIComponent('名册.xlsx')}`,
    payload: roster,
    headers: {
      cookie: admin,
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    },
  });
  if (res.statusCode !== 202) throw new Error(`${day} 导入：${res.body}`);
  for (let i = 0; i < 600; i++) {
    const job = (await call('GET', `/api/elders/imports/${res.json().id}`)).json();
    if (job.status !== 'running') {
      if (job.status !== 'done') throw new Error(`${day} 导入：${JSON.stringify(job)}`);
      return job as { inserted: number; updated: number };
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${day} 导入未完成`);
}

/** As the approval path leaves an application decided (the path itself has its own tests). */
async function decide(day: string, approved: boolean) {
  const elderId = rnd.pick(living);
  const programme = rnd.pick(['home_care_subsidy', 'service_voucher']);
  await t.database.db.transaction(async (tx) => {
    if (programme === 'service_voucher')
      await tx.update(elders).set({ abilityGrade: 'complete' }).where(eq(elders.id, elderId));
    const [e] = await tx.select({ regionId: elders.regionId }).from(elders).where(eq(elders.id, elderId));
    await tx.insert(applications).values({
      elderId,
      regionId: e.regionId,
      programme,
      kind: 'new',
      state: approved ? 'approved' : 'rejected',
      submittedOn: day,
      effectiveFrom: approved ? `${day.slice(0, 7)}-01` : null,
    });
    await recomputeIn(tx, day, [elderId]);
  });
}

type World = Awaited<ReturnType<typeof orderWorld>>;
let w: World;
const orderElders: number[] = [];
const booked = new Map<string, number[]>();

/** Where the demo caregiver serves: elders approved for home care from the start, files kept current. */
async function orderSetup() {
  w = await orderWorld(t, 301);
  // The providers' agreements and the caregiver's certificates are renewed through the run.
  await t.database.db.execute(sql`update provider_agreements set end_date = '2031-12-31'`);
  await t.database.db.execute(sql`update caregiver_certificates set valid_until = '2031-12-31'`);
  await t.database.db.execute(sql`update provider_licences set valid_until = '2031-12-31'`);
  for (let i = 0; i < 4; i++) {
    const id = await w.makeElder({ idNumber: idFor('19400101', 301 + i * 2) }, false);
    await t.database.db.transaction(async (tx) => {
      await tx.insert(applications).values({
        elderId: id,
        regionId: w.place.regionId,
        programme: 'home_care_subsidy',
        kind: 'new',
        state: 'approved',
        submittedOn: START,
        effectiveFrom: START,
      });
      await recomputeIn(tx, START, [id]);
    });
    orderElders.push(id);
  }
}

/** Tomorrow's visit booked by the operator, confirmed, dispatched and accepted. */
async function book(day: string, d: number) {
  const date = addDays(day, 1);
  const elderId = orderElders[d % orderElders.length];
  const r = await w.call(
    'operator',
    'POST',
    '/api/orders',
    w.order(elderId, { startAt: w.at('09:00', date), endAt: w.at('11:00', date) }),
    { 'idempotency-key': `sim-order-${d}` },
  );
  if (r.statusCode !== 201) throw new Error(`${day} 下单：${r.body}`);
  const id = r.json().id as number;
  const steps: [string, string, Record<string, unknown>][] = [
    ['operator', 'confirm', {}],
    ['operator', 'dispatch', { caregiverId: w.caregiver.id }],
    ['caregiver', 'accept', {}],
  ];
  for (const [user, action, extra] of steps) {
    const s = await w.call(user, 'POST', `/api/orders/${id}/actions`, { action, ...extra });
    if (s.statusCode !== 200) throw new Error(`${day} 工单 ${id} ${action}：${s.body}`);
  }
  booked.set(date, [...(booked.get(date) ?? []), id]);
}

/** The day's visits: at the door on time and for the booked time, or cancelled by the family. */
async function visit(day: string, d: number) {
  for (const id of booked.get(day) ?? []) {
    if (d % 5 === 0) {
      t.setNow(at(day, '08:00'));
      const c = await w.call('operator', 'POST', `/api/orders/${id}/actions`, {
        action: 'cancel',
        reason: '家属临时取消',
      });
      if (c.statusCode !== 200) throw new Error(`${day} 取消 ${id}：${c.body}`);
      continue;
    }
    for (const [hhmm, action] of [
      ['09:00', 'check_in'],
      ['11:00', 'check_out'],
    ] as const) {
      t.setNow(at(day, hhmm));
      const r = await w.call('caregiver', 'POST', `/api/orders/${id}/actions`, { action, ...w.door() });
      if (r.statusCode !== 200) throw new Error(`${day} 工单 ${id} ${action}：${r.body}`);
    }
  }
}

async function tick(now: Date) {
  await Promise.all([t.scheduler.tick(now), second?.scheduler.tick(now)]);
}

describe('a simulated year of the district', () => {
  it(`keeps the money right after every one of ${DAYS} days`, async () => {
    admin = await t.login('admin');
    const regions = (await call('GET', '/api/regions')).json() as {
      id: number;
      level: string;
      parentId: number | null;
    }[];
    communities = regions.filter((r) => r.level === 'community').map((r) => ({ id: r.id, street: r.parentId! }));
    for (let i = 0; i < 30; i++) await newElder(START);
    await orderSetup();

    const allowanceVersion = async (from: string) => {
      const p = (await call('GET', '/api/policies'))
        .json()
        .find((x: { code: string }) => x.code === 'old_age_allowance');
      const params = structuredClone(p.versions[0].params);
      for (const c of params.classes) c.benefit.amountFen += 2_000;
      const r = await call('POST', '/api/policies/old_age_allowance/versions', {
        effectiveFrom: from,
        params,
        note: '模拟：提高高龄津贴',
      });
      if (r.statusCode !== 201) throw new Error(`新版本：${r.body}`);
    };

    const failures: string[] = [];
    const listMonths = new Set<string>();
    for (let d = 0; d < DAYS && failures.length === 0; d++) {
      const day = addDays(START, d);
      // Late at night the jobs of the new day run first (the month job, the daily recompute).
      t.setNow(at(day, '00:05'));
      await tick(at(day, '00:05'));
      await visit(day, d);
      t.setNow(at(day, '12:00'));
      if (d % 2 === 0) await book(day, d);

      if (d % 3 === 0) await newElder(day);
      if (d % 10 === 5) await decide(day, true);
      if (d % 10 === 8) await decide(day, false);
      if (d % 17 === 9 && living.length > 10) {
        // A death, sometimes recorded days late.
        const id = living.splice(rnd.int(0, living.length - 1), 1)[0];
        const r = await call('POST', `/api/elders/${id}/status`, {
          status: 'deceased',
          deathDate: addDays(day, -rnd.int(0, 9)),
          reason: '病故',
        });
        if (r.statusCode !== 200) throw new Error(`${day} 去世：${r.body}`);
      }
      if (d % 13 === 6) {
        const id = rnd.pick(living);
        const to = rnd.pick(communities);
        await call('POST', `/api/elders/${id}/transfer`, { regionId: to.id, reason: '随子女搬迁' });
      }
      if (d === 20) expect((await importRoster(day)).inserted).toBeGreaterThan(30);
      if (d === 200) expect(await importRoster(day)).toMatchObject({ inserted: 0 });
      // A new allowance standard posted ahead, starting in the middle of a month.
      if (d === 40) await allowanceVersion(`${addDays(day, 60).slice(0, 7)}-15`);

      // The month's lists: made on the 1st for the month before, made again on the 2nd and
      // 5th (drafts), sent to the bank on the 6th, marked paid on the 8th.
      const dom = Number(day.slice(8, 10));
      const lastMonth = previousMonth(day.slice(0, 7));
      if ([1, 2, 5].includes(dom) && d > 0)
        for (const kind of ['allowance', 'tekun'] as const) {
          const r = await call('POST', '/api/payment-lists', { month: lastMonth, kind });
          // Once sent, a list is closed to regeneration; any other refusal is a failure.
          const closed = r.statusCode === 409 && r.json().detail.includes('不能重新生成');
          if (r.statusCode >= 300 && !closed) failures.push(`${day} 生成${kind}名单：${r.body}`);
          listMonths.add(lastMonth);
        }
      if (dom === 6 || dom === 8) {
        const lists = (await call('GET', `/api/payment-lists?month=${lastMonth}`)).json().items as {
          id: number;
          state: string;
        }[];
        for (const l of lists) {
          if (dom === 6 && l.state === 'draft') await call('POST', `/api/payment-lists/${l.id}/bank-file`, {});
          if (dom === 8 && l.state === 'exported') await call('POST', `/api/payment-lists/${l.id}/paid`, {});
        }
      }
      // A server restarts now and then: a new scheduler with a new identity on the same data.
      if (d % 90 === 45) {
        await t.scheduler.stop(10_000);
        t.scheduler = createScheduler({
          db: t.database.db,
          jobs: housekeepingJobs(t.deps),
          serverId: `sim-server-1-${d}`,
          clock: t.deps.clock,
          log: quiet,
        });
      }
      t.setNow(at(day, '18:00'));
      await tick(at(day, '18:00'));

      failures.push(...(await invariants()).map((b) => `${day}：${b}`));
      if ([1, 2, 5, 6, 8].includes(dom) && d > 0) failures.push(...(await reconciles(lastMonth)));
    }
    for (const m of listMonths) failures.push(...(await reconciles(m)));
    expect(failures).toEqual([]);
    // The run did what a district does: lists were made for most months and money was issued.
    expect(listMonths.size).toBeGreaterThanOrEqual(Math.floor(DAYS / 31));
    const [made] = await q<{ lines: number; issues: number; deaths: number; draws: number }>(sql`
      select (select count(*) from payment_lines)::int as lines,
             (select count(*) from ledger_entries where kind = 'issue')::int as issues,
             (select count(*) from ledger_entries where kind = 'draw')::int as draws,
             (select count(*) from elders where death_date is not null)::int as deaths`);
    expect(made.draws).toBeGreaterThan(DAYS / 4);
    expect(made.lines).toBeGreaterThan(0);
    expect(made.issues).toBeGreaterThan(0);
    expect(made.deaths).toBeGreaterThan(0);
  }, 1_800_000);
});
