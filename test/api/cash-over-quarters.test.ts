// A quarterly-paid allowance over three quarters and a year's turn, day by day on the server's clock.
//
// 002 第4篇 L161 「今年我们按季度对90-99岁老年人高龄补助进入正常管理步调，每人每月补助100元」: the
// district adopts the quarterly-002 template (through the policy page's route) from 2025-11-01,
// with its own monthly classes for 80-89 and 100+ beside it. Paid quarterly, each month is still
// due 100 yuan: the list of a quarter's last month carries a line for each of the quarter's months
// the elder was entitled in (payment-list.ts), so an elder who dies, moves out or turns 100 in the
// middle of a quarter is still paid for the months before — quarterly is when the money goes, not a
// condition that the elder still be there at the quarter's end. A month is paid at the standard of
// its first entitled day (payment-list.ts), so a birthday that changes class (89 → 90 monthly →
// quarterly; 99 → 100 quarterly → monthly) moves the payment from the next month, never pays a
// month twice, and never skips one.
//
// Each day: the jobs tick on the server's clock; files are made, people die (one recorded months
// late, after the money went), move out and come back; at each month's turn last month's lists are
// made (again on the 2nd and 5th while drafts, and once twice in one day), sent to the bank on the
// 6th and marked paid on the 8th (one left a draft, one left unpaid); the server restarts once.
// After every day: each (elder, programme, part, month) is on one line at most; a quarterly month
// only on its quarter-end list; every list holds exactly the lines the elders' months call for
// (an independent reckoning from the scenario below, not from the code); each elder's total is
// their entitled months × the month's amount; money sent for months after a death is a recovery
// item for those months only; and the reconciliation reports no difference for any listed month.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { makeTestApp, restartTestApp, type TestApp } from '../helpers/test-app.js';
import { elderBody, idFor } from '../helpers/elder-fixtures.js';
import { users } from '../../src/server/db/schema.js';
import { rowsOf } from '../../src/server/db/rows.js';
import type { Database } from '../../src/server/db/client.js';
import { createScheduler } from '../../src/server/jobs/scheduler.js';
import { housekeepingJobs } from '../../src/server/jobs/housekeeping.js';
import { addDays } from '../../src/core/calendar/working-days.js';
import { nextMonth, previousMonth } from '../../src/core/calendar/months.js';

const START = '2025-10-31';
const END = '2026-07-10';
/** The adopted quarterly version starts on the first of a month inside a quarter (Q4 2025). */
const ADOPTED_FROM = '2025-11-01';
const RESTART_ON = '2026-03-16';
/** The month turn on which the list is made twice in one day. */
const TWICE_ON = '2026-04-01';
/** Left a draft (never sent), and sent but not marked paid. */
const KEPT_DRAFT = '2026-01';
const NOT_PAID = '2026-04';
const at = (day: string, hhmm = '09:00') => new Date(`${day}T${hhmm}:00+08:00`);
const quiet = { info: () => {}, warn: () => {} };
/** The product's jobs that touch the money: the nightly recompute of entitlements and the month job. */
const moneyJobs = (deps: Parameters<typeof housekeepingJobs>[0]) =>
  housekeepingJobs(deps).filter((j) => ['entitlements', 'ledger-month'].includes(j.name));

type Event = { on: string; status: 'deceased' | 'moved_out' | 'active'; deathDate?: string };
interface Person {
  key: string;
  birth: string;
  created: string;
  payee: boolean;
  events: Event[];
}
// The scenario: who is made when, and what happens to them (recorded on `on`).
const PEOPLE: Person[] = [
  // Made the day before the adoption: October at 004's monthly 50 yuan, then quarterly from November.
  { key: 'A', birth: '1934-03-10', created: '2025-10-31', payee: true, events: [] },
  // Starts in the middle of Q4; dies in the middle of Q1 (recorded two days late): January is still due.
  {
    key: 'B',
    birth: '1930-06-01',
    created: '2025-11-03',
    payee: true,
    events: [{ on: '2026-01-22', status: 'deceased', deathDate: '2026-01-20' }],
  },
  // Moves out in the middle of Q1 and comes back in the middle of Q2.
  {
    key: 'C',
    birth: '1932-09-09',
    created: '2025-11-01',
    payee: true,
    events: [
      { on: '2026-02-10', status: 'moved_out' },
      { on: '2026-05-20', status: 'active' },
    ],
  },
  // Moves out and comes back within Q2: April (before leaving) and May, June are due.
  {
    key: 'D',
    birth: '1933-12-12',
    created: '2025-11-01',
    payee: true,
    events: [
      { on: '2026-04-10', status: 'moved_out' },
      { on: '2026-05-15', status: 'active' },
    ],
  },
  // Turns 100 on 2026-05-15: May at the quarterly 100 yuan on June's list, monthly 300 yuan from June.
  { key: 'E', birth: '1926-05-15', created: '2025-11-01', payee: true, events: [] },
  // Turns 90 on 2026-02-20: monthly 30 yuan to February, quarterly 100 yuan from March.
  { key: 'F', birth: '1936-02-20', created: '2025-11-01', payee: true, events: [] },
  // The monthly elder: 80-89 throughout.
  { key: 'G', birth: '1940-01-01', created: '2025-11-01', payee: true, events: [] },
  // Starts in the middle of Q1.
  { key: 'H', birth: '1931-07-07', created: '2026-02-14', payee: true, events: [] },
  // Dies in February, recorded only at May's turn, after March's list (Jan–Mar) went to the bank:
  // March must come back, January and February must not.
  {
    key: 'I',
    birth: '1929-08-08',
    created: '2025-11-01',
    payee: true,
    events: [{ on: '2026-05-01', status: 'deceased', deathDate: '2026-02-25' }],
  },
  // No account: on the lists as problem lines, never sent.
  { key: 'X', birth: '1935-05-05', created: '2025-11-01', payee: false, events: [] },
];

// ---- The reckoning of what is due, from the scenario alone ----

const ageOn = (birth: string, day: string) => {
  const years = Number(day.slice(0, 4)) - Number(birth.slice(0, 4));
  return day.slice(5) >= birth.slice(5) ? years : years - 1;
};
/** The month's amount and whether it is paid quarterly, by the standard in force on a day. */
function standard(birth: string, day: string): { fen: number; quarterly: boolean } | null {
  const age = ageOn(birth, day);
  if (day < ADOPTED_FROM)
    // 004 模板3, the version in force before: monthly 300 / 50 / 30 yuan.
    return age >= 100
      ? { fen: 30_000, quarterly: false }
      : age >= 90
        ? { fen: 5_000, quarterly: false }
        : age >= 80
          ? { fen: 3_000, quarterly: false }
          : null;
  return age >= 100
    ? { fen: 30_000, quarterly: false }
    : age >= 90
      ? { fen: 10_000, quarterly: true }
      : age >= 80
        ? { fen: 3_000, quarterly: false }
        : null;
}
const quarterEnd = (month: string) =>
  `${month.slice(0, 4)}-${String(Math.ceil(Number(month.slice(5, 7)) / 3) * 3).padStart(2, '0')}`;

/** The entitled days as the facts recorded by `asOf` make them: [from, to] with to null for open. */
function intervals(p: Person, asOf: string): [string, string | null][] {
  if (p.created > asOf) return [];
  const out: [string, string | null][] = [];
  let open: string | null = p.created;
  for (const e of p.events.filter((x) => x.on <= asOf)) {
    if (e.status === 'moved_out') {
      // Entitled to the day before the status changes.
      if (open) out.push([open, addDays(e.on, -1)]);
      open = null;
    } else if (e.status === 'active') open = e.on;
    else {
      if (open) out.push([open, null]);
      const d = e.deathDate!;
      // The month of death is paid; the entitlement ends on the date of death.
      return out.filter(([f]) => f <= d).map(([f, t]) => [f, t === null || t > d ? d : t]);
    }
  }
  if (open) out.push([open, null]);
  return out;
}
interface Due {
  month: string;
  fen: number;
  list: string;
}
/** Each entitled month once, at its first entitled day's standard, on the list that pays it. */
function dueOf(p: Person, asOf: string): Due[] {
  const spans = intervals(p, asOf);
  const out: Due[] = [];
  for (let m = p.created.slice(0, 7); m <= END.slice(0, 7); m = nextMonth(m)) {
    const first = spans
      .filter(([f, t]) => f.slice(0, 7) <= m && (t === null || t.slice(0, 7) >= m))
      .map(([f]) => (f > `${m}-01` ? f : `${m}-01`))
      .sort()[0];
    if (!first) continue;
    const s = standard(p.birth, first);
    if (s) out.push({ month: m, fen: s.fen, list: s.quarterly ? quarterEnd(m) : m });
  }
  return out;
}
const deathOf = (p: Person, asOf: string) =>
  p.events.find((e) => e.status === 'deceased' && e.on <= asOf)?.deathDate ?? null;

// ---- The app, its clock and the calls ----

let t: TestApp;
let extraDb: Database | null = null;
let admin = '';
let street = '';
const ids = new Map<string, number>();
const keyOf = new Map<number, string>();

beforeAll(async () => {
  // Sessions outlive the simulated months: each user signs in once.
  t = await makeTestApp({ config: { sessionIdleMinutes: 1_000_000, sessionAbsoluteHours: 100_000 } });
  t.setNow(at(START));
  t.scheduler = createScheduler({
    db: t.database.db,
    jobs: moneyJobs(t.deps),
    serverId: 'quarters-first',
    clock: t.deps.clock,
    log: quiet,
  });
  admin = await t.login('admin');
  street = await t.login('street');
}, 120_000);
afterAll(async () => {
  await t.close();
  await extraDb?.close();
});

const call = (who: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
  t.app.inject({ method, url, payload: payload as never, headers: { cookie: who } });
const q = async <T>(query: ReturnType<typeof sql>) => rowsOf<T>(await t.database.db.execute(query));

/** A new server on the same data (test-app's restartTestApp), running the same jobs. */
async function restart(day: string) {
  extraDb = await restartTestApp(t, moneyJobs, `quarters-${day}`);
}

let communityId = 0;
async function makeFile(p: Person, seq: number) {
  const res = await call(
    admin,
    'POST',
    '/api/elders',
    elderBody(communityId, { name: `季度${p.key}`, idNumber: idFor(p.birth.replaceAll('-', ''), seq) }),
  );
  if (res.statusCode !== 201) throw new Error(`新建 ${p.key}：${res.body}`);
  const id = res.json().id as number;
  ids.set(p.key, id);
  keyOf.set(id, p.key);
  if (!p.payee) return;
  // The four-eyes path: asked for by the district, approved by the street.
  const asked = await call(admin, 'POST', `/api/elders/${id}/payee-changes`, {
    payeeKind: 'self',
    payeeName: `收款${p.key}`,
    bankName: '农业银行',
    accountNo: `6228 4800 0000 ${String(1000 + seq)}`,
    reason: '登记账户',
  });
  if (asked.statusCode !== 201) throw new Error(`账户 ${p.key}：${asked.body}`);
  const ok = await call(street, 'POST', `/api/payee-changes/${asked.json().id}/decision`, { decision: 'approve' });
  if (ok.statusCode !== 200) throw new Error(`审核账户 ${p.key}：${ok.body}`);
}

async function adoptQuarterly() {
  const p = (await call(admin, 'GET', '/api/policies'))
    .json()
    .find((x: { code: string }) => x.code === 'old_age_allowance');
  const template = p.templates.find((x: { key: string }) => x.key === 'quarterly-002');
  expect(template.params.classes[0].benefit).toMatchObject({ amountFen: 10_000, paidEvery: 'quarter' });
  // As the policy page does it: the template's terms, the district's own classes beside it (the
  // template says 「其他年龄段文件未规定」), marked as the district's figures.
  const params = structuredClone(template.params);
  const age = (n: number) => ({ field: 'age', op: 'gte', value: n });
  const cash = (fen: number) => ({ kind: 'cash', amountFen: fen, per: 'month', careShareFen: 0 });
  params.baseCondition = age(80);
  params.classes = [
    { code: '100+', label: '百岁及以上', condition: age(100), benefit: cash(30_000) },
    ...template.params.classes,
    { code: '80-89', label: '80-89 岁', condition: age(80), benefit: cash(3_000) },
  ];
  params.examples = [...(params.examples ?? []), 'class:100+', 'class:80-89'];
  const r = await call(admin, 'POST', '/api/policies/old_age_allowance/versions', {
    effectiveFrom: ADOPTED_FROM,
    params,
    note: `采用模板：${template.title}`,
  });
  expect(r.statusCode, r.body).toBe(201);
  // The route recomputes everyone after answering: there is nobody yet (the demo district is
  // loaded without elders), so that is done at once; the files below are entitled as they are made.
  const [{ n }] = await q<{ n: number }>(sql`select count(*)::int as n from elders`);
  expect(n).toBe(0);
  await new Promise((res) => setTimeout(res, 100));
}

type ListRow = { id: number; month: string; kind: string; state: string };
const listsOf = (month: string) =>
  q<ListRow>(sql`select id, month, kind, state from payment_lists where month = ${month} order by kind`);

type LineRow = { list: string; elderId: number; month: string; amountFen: number; recovering: boolean };
const allowanceLines = () =>
  q<LineRow>(sql`
    select p.month as list, l.elder_id as "elderId", l.month, l.amount_fen as "amountFen",
      exists (select 1 from payment_recoveries x where x.line_id = l.id) as recovering
    from payment_lines l join payment_lists p on p.id = l.list_id
    where p.kind = 'allowance' and l.duplicate_of is null`);

async function generate(month: string, kind: 'allowance' | 'tekun') {
  const r = await call(admin, 'POST', '/api/payment-lists', { month, kind });
  // Once sent, a list is closed to regeneration; any other refusal is a failure.
  if (r.statusCode === 409 && String(r.json().detail).includes('不能重新生成')) return null;
  if (r.statusCode !== 201) throw new Error(`生成 ${month} ${kind}：${r.statusCode} ${r.body}`);
  return r.json() as { id: number; totals: unknown };
}

let reconciled = '';
/** What must hold after every day; the broken ones, named. */
async function invariants(day: string): Promise<string[]> {
  const broken: string[] = [];
  const [twice] = await q<{ n: number; examples: string | null }>(sql`
    select count(*)::int as n, string_agg(distinct elder_id::text, ',') as examples from (
      select elder_id from payment_lines where duplicate_of is null
      group by elder_id, programme, part, month having count(*) > 1) x`);
  if (twice.n) broken.push(`${twice.n} 个老人×项目×月份在两行上（${twice.examples}）`);
  // A line for another month than its list's is a quarterly month, on its quarter's last list.
  const misplaced = await q<{ elderId: number; month: string; list: string }>(sql`
    select l.elder_id as "elderId", l.month, p.month as list from payment_lines l join payment_lists p on p.id = l.list_id
    where l.month <> p.month
      and p.month <> to_char(date_trunc('quarter', to_date(l.month, 'YYYY-MM')) + interval '2 months', 'YYYY-MM')`);
  for (const m of misplaced) broken.push(`老人 ${m.elderId} 的 ${m.month} 在 ${m.list} 的名单上，不是该季度末月`);

  const lines = (await allowanceLines()).filter((l) => keyOf.has(l.elderId));
  const listMonths = (await q<{ month: string }>(sql`select month from payment_lists where kind = 'allowance'`)).map(
    (r) => r.month,
  );
  for (const p of PEOPLE) {
    const id = ids.get(p.key);
    if (id === undefined) continue;
    const due = dueOf(p, day).filter((d) => listMonths.includes(d.list));
    const mine = lines.filter((l) => l.elderId === id);
    // Every list holds exactly the months that list pays, at their amounts (lines being recovered aside).
    const want = due.map((d) => `${d.list}←${d.month}:${d.fen / 100}`).sort();
    const have = mine
      .filter((l) => !l.recovering)
      .map((l) => `${l.list}←${l.month}:${l.amountFen / 100}`)
      .sort();
    if (want.join() !== have.join()) broken.push(`${p.key}：名单应为 [${want.join(' ')}]，实为 [${have.join(' ')}]`);
    // Σ lines = Σ entitled months × the month's amount.
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const paid = sum(mine.filter((l) => !l.recovering).map((l) => l.amountFen));
    const owed = sum(due.map((d) => d.fen));
    if (paid !== owed) broken.push(`${p.key}：名单合计 ${paid / 100} 元，应享 ${owed / 100} 元`);
    // Only months after the death come back.
    const death = deathOf(p, day);
    for (const l of mine.filter((x) => x.recovering))
      if (!death || l.month <= death.slice(0, 7)) broken.push(`${p.key}：${l.month} 被列入追回，但该月应发`);
  }
  const recoveries = await q<{ elderId: number; month: string; lineMonth: string; amountFen: number }>(sql`
    select x.elder_id as "elderId", x.month, l.month as "lineMonth", x.amount_fen as "amountFen"
    from payment_recoveries x join payment_lines l on l.id = x.line_id`);
  for (const r of recoveries)
    if (r.month !== r.lineMonth)
      broken.push(`老人 ${keyOf.get(r.elderId) ?? r.elderId} 的追回写为 ${r.month}，所追的行是 ${r.lineMonth}`);

  // The reconciliation's cash checks read only these (by content: a draft made again with the
  // same lines is the same); when none changed since it last found no difference, it would find
  // the same — most days the night's recompute changed nothing and no list was made.
  const [{ state }] = await q<{ state: string }>(sql`
    select md5(concat(
      (select string_agg(concat_ws('|', elder_id, programme, benefit::text, valid_from, valid_to), ',' order by elder_id, programme, valid_from)
         from entitlements where programme in ('old_age_allowance', 'tekun_support', 'care_subsidy')),
      (select string_agg(concat_ws('|', id, death_date, region_id, categories::text), ',' order by id) from elders),
      (select string_agg(concat_ws('|', id, month, kind), ',' order by id) from payment_lists),
      (select string_agg(concat_ws('|', list_id, elder_id, programme, part, month, amount_fen, problem, duplicate_of), ','
         order by list_id, elder_id, programme, part, month) from payment_lines),
      (select string_agg(concat_ws('|', elder_id, month, amount_fen, state), ',' order by elder_id, month) from payment_recoveries)
    )) as state`);
  if (state === reconciled) return broken;
  for (const month of [...new Set(listMonths)].sort()) {
    const res = await call(admin, 'GET', `/api/reconciliation?month=${month}`);
    if (res.statusCode !== 200) {
      broken.push(`${month} 对账：${res.body}`);
      continue;
    }
    for (const c of res.json().checks as { key: string; ok: boolean; label: string; details: string[] }[])
      if (c.key.startsWith('cash-') && !c.ok) broken.push(`${month} ${c.label}：${c.details.slice(0, 3).join('；')}`);
  }
  if (broken.length === 0) reconciled = state;
  return broken;
}

describe('a quarterly allowance over three quarters and a year’s turn', () => {
  it('按季度对90-99岁老年人高龄补助……每人每月补助100元 (002 第4篇 L161): every entitled month paid once, on its quarter’s last list', async () => {
    const regions = (await call(admin, 'GET', '/api/regions')).json() as {
      id: number;
      level: string;
      parentId: number;
    }[];
    const [streetUser] = await t.database.db.select().from(users).where(eq(users.username, 'street'));
    communityId = regions.find((r) => r.level === 'community' && r.parentId === streetUser.regionId)!.id;
    await adoptQuarterly();

    const failures: string[] = [];
    const bankFiles = new Map<string, string>();
    let seq = 700;
    let twiceChecked = false;
    let restarted = false;
    for (let day = START; day <= END && failures.length === 0; day = addDays(day, 1)) {
      // The new day's jobs first (the daily recompute, the month job), as a server does at midnight.
      t.setNow(at(day, '00:05'));
      await t.scheduler.tick(at(day, '00:05'));
      t.setNow(at(day, '09:00'));

      for (const p of PEOPLE.filter((x) => x.created === day)) await makeFile(p, (seq += 2));
      for (const p of PEOPLE)
        for (const e of p.events.filter((x) => x.on === day)) {
          const r = await call(admin, 'POST', `/api/elders/${ids.get(p.key)}/status`, {
            status: e.status,
            reason: e.status === 'deceased' ? '病故' : e.status === 'moved_out' ? '随子女迁出' : '迁回本区',
            ...(e.deathDate ? { deathDate: e.deathDate } : {}),
          });
          if (r.statusCode !== 200) failures.push(`${day} ${p.key} ${e.status}：${r.body}`);
        }

      // The month's turn: last month's lists, made on the 1st, again on the 2nd and 5th (drafts), sent
      // to the bank on the 6th, marked paid on the 8th.
      const dom = Number(day.slice(8, 10));
      const lastMonth = previousMonth(day.slice(0, 7));
      try {
        if ([1, 2, 5].includes(dom) && day > START)
          for (const kind of ['allowance', 'tekun'] as const) {
            if (dom !== 1 && lastMonth === KEPT_DRAFT) continue;
            const first = await generate(lastMonth, kind);
            if (day === TWICE_ON && kind === 'allowance') {
              // The same run twice in one day: the same lines and totals, nothing added.
              const before = await allowanceLines();
              const again = await generate(lastMonth, kind);
              const after = await allowanceLines();
              const norm = (xs: LineRow[]) => xs.map((l) => JSON.stringify(l)).sort();
              if (again?.id !== first?.id || JSON.stringify(again?.totals) !== JSON.stringify(first?.totals))
                failures.push(`${day} 同日再生成：名单或合计不同`);
              if (norm(before).join() !== norm(after).join()) failures.push(`${day} 同日再生成：行不同`);
              twiceChecked = true;
            }
          }
        if ((dom === 6 && lastMonth !== KEPT_DRAFT) || (dom === 8 && lastMonth !== NOT_PAID))
          for (const l of await listsOf(lastMonth)) {
            if (l.kind !== 'allowance') continue;
            if (dom === 6 && l.state === 'draft') {
              const f = await call(admin, 'POST', `/api/payment-lists/${l.id}/bank-file`, {});
              if (f.statusCode !== 200) failures.push(`${day} 导出 ${lastMonth}：${f.body}`);
              else bankFiles.set(lastMonth, f.body);
            }
            if (dom === 8 && l.state === 'exported') {
              const r = await call(admin, 'POST', `/api/payment-lists/${l.id}/paid`, {});
              if (r.statusCode !== 200) failures.push(`${day} 标记已发放 ${lastMonth}：${r.body}`);
            }
          }
      } catch (err) {
        failures.push(`${day}：${(err as Error).message}`);
      }
      if (day === RESTART_ON) {
        t.setNow(at(day, '12:00'));
        await restart(day);
        restarted = true;
      }

      t.setNow(at(day, '18:00'));
      failures.push(...(await invariants(day)).map((b) => `${day}：${b}`));
    }
    expect(failures).toEqual([]);
    expect(restarted && twiceChecked).toBe(true);

    // The quarter's bank file names the month each of its lines pays for.
    const q1 = bankFiles.get('2026-03') ?? '';
    const remarks = q1
      .split('\r\n')
      .filter((row) => row.includes('收款A'))
      .map((row) => row.split(',').at(-1))
      .sort();
    expect(remarks).toEqual(['2026-01 高龄津贴', '2026-02 高龄津贴', '2026-03 高龄津贴']);

    // What the run went through: the nightly recompute every day and the month job every month
    // (one server, then the restarted one), three quarter-end lists, the states left as planned, one recovery.
    const runs = await q<{ job: string; n: number }>(
      sql`select job, count(*)::int as n from job_runs where state = 'done' group by job order by job`,
    );
    expect(runs).toEqual([
      { job: 'entitlements', n: (Date.parse(END) - Date.parse(START)) / 86_400_000 + 1 },
      { job: 'ledger-month', n: 10 },
    ]);
    const states = await q<{ month: string; state: string }>(
      sql`select month, state from payment_lists where kind = 'allowance' order by month`,
    );
    expect(states.map((s) => `${s.month}:${s.state}`)).toEqual([
      '2025-10:paid',
      '2025-11:paid',
      '2025-12:paid',
      '2026-01:draft',
      '2026-02:paid',
      '2026-03:paid',
      '2026-04:exported',
      '2026-05:paid',
      '2026-06:paid',
    ]);
    const recoveries = await q<{ elderId: number; month: string; amountFen: number }>(
      sql`select elder_id as "elderId", month, amount_fen as "amountFen" from payment_recoveries`,
    );
    expect(recoveries).toEqual([{ elderId: ids.get('I'), month: '2026-03', amountFen: 10_000 }]);
    // E at 100: May at the quarterly 100 yuan, June at the monthly 300 yuan, both on June's list.
    const e = (await allowanceLines()).filter((l) => l.elderId === ids.get('E') && l.list === '2026-06');
    expect(e.map((l) => `${l.month}:${l.amountFen}`).sort()).toEqual([
      '2026-04:10000',
      '2026-05:10000',
      '2026-06:30000',
    ]);
  }, 300_000);
});
