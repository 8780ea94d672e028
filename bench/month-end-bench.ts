// Month-end for a district: the month's bills (per elder), every provider's settlement with its
// items, and the cost shares booked at approval, for 100,000 elders and 1,000,000 visits on
// PostgreSQL — against the floor of one hand-written aggregate over the same visits. The data is
// written straight in SQL (the visits as pricing would have left them); the month-end itself runs
// the product's own code, then the reconciliation checks that it all adds up.
import { rowsOf } from '../src/server/db/rows.js';
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { migrateDatabase } from '../src/server/db/client.js';
import { loadDemoDistrict } from '../src/server/demo/demo-district.js';
import { createCipher } from '../src/server/security/personal-data.js';
import { bookShares, computeSettlements } from '../src/server/modules/settlements/compute-settlements.js';
import { reconcile } from '../src/server/modules/settlements/money-report-routes.js';
import { monthEnd, previousMonth } from '../src/core/calendar/months.js';
import { shanghaiDate } from '../src/shared/today.js';
import { openTestDatabase } from '../test/helpers/test-app.js';

export async function monthEndBench(db: 'pglite' | 'postgres', elderCount: number, orderCount: number) {
  process.env.TEST_DB = db;
  const { database, drop } = await openTestDatabase();
  const x = (q: ReturnType<typeof sql>) => database.db.execute(q);
  const period = previousMonth(shanghaiDate().slice(0, 7));
  const from = `${period}-01`,
    to = monthEnd(period);
  try {
    await migrateDatabase(database);
    await loadDemoDistrict(database, { cipher: createCipher(crypto.randomBytes(32)), elders: 0, orders: false });
    let t = performance.now();
    await x(sql`insert into elders (region_id, name, name_pinyin, name_initials, id_cipher, id_hash, id_masked, birth_date, sex, address, hukou)
      select (select array_agg(id) from regions where level in ('community', 'grid'))[1 + (i % (select count(*) from regions where level in ('community', 'grid')))::int],
        '老人' || i, 'laoren' || i, 'lr', 'v1.x', md5('e' || i), '620102********' || lpad((i % 10000)::text, 4, '0'), date '1940-01-01' + (i % 3650), case when i % 2 = 0 then 'M' else 'F' end, '城关区' || i || '号', 'local'
      from generate_series(1, ${elderCount}) i`);
    const [{ lo, hi }] = rowsOf<{ lo: number; hi: number }>(
      await x(sql`select min(id) as lo, max(id) as hi from elders`),
    );
    const [{ admin }] = rowsOf<{ admin: number }>(await x(sql`select id as admin from users where username = 'admin'`));
    // Visits as pricing leaves them: 60% with free hours (16 yuan of a 60-yuan visit), 10% with
    // vouchers too; 95% verified, 3% rejected, 2% still an exception.
    await x(sql`insert into orders (elder_id, region_id, channel, state, service_date, start_at, end_at, address, provider_id, list_fen, programme_fen, self_pay_fen, usage, programmes, verification, created_by, state_at, drawn_at)
      select e.id, e.region_id, 'phone', case when i % 10 = 0 then 'completed' else 'closed' end, d, d + time '09:00', d + time '11:00', e.address,
        p.ids[1 + (i % array_length(p.ids, 1))], 6000,
        case when i % 10 < 6 then 1600 + (case when i % 10 = 0 then 800 else 0 end) else 0 end,
        case when i % 10 < 6 then 4400 - (case when i % 10 = 0 then 800 else 0 end) else 4800 end,
        case when i % 10 < 6 then jsonb_build_object('hours', jsonb_build_object('home_care_subsidy', 120), 'vouchers', case when i % 10 = 0 then jsonb_build_object('service_voucher', 800) else '{}'::jsonb end)
          else '{"hours":{},"vouchers":{}}'::jsonb end,
        case when i % 10 = 0 then '{"home_care_subsidy":1600,"service_voucher":800}'::jsonb when i % 10 < 6 then '{"home_care_subsidy":1600}'::jsonb else '{}'::jsonb end,
        case when i % 100 < 95 then 'verified' when i % 100 < 98 then 'rejected' else 'exception' end, ${admin}, now(), null
      from generate_series(1, ${orderCount}) i
      cross join lateral (select ${from}::date + (i % (${to}::date - ${from}::date + 1)) as d) dd
      join elders e on e.id = ${lo}::int + (i::bigint * 7919) % (${hi}::int - ${lo}::int + 1)
      cross join (select array_agg(id) as ids from providers) p`);
    await x(sql`insert into ratings (order_id, elder_id, caregiver_id, provider_id, level, source, rated_on)
      select o.id, o.elder_id, c.id, o.provider_id, case when o.id % 7 = 0 then 'basic' else 'satisfied' end, 'sms', o.service_date
      from orders o cross join lateral (select id from caregivers limit 1) c where o.id % 5 = 0`);
    await x(sql`analyze`);
    console.log(
      `\n[${db}] 月末结算：${elderCount.toLocaleString()} 位老人、${orderCount.toLocaleString()} 张工单（准备数据 ${((performance.now() - t) / 1000).toFixed(0)} 秒）`,
    );

    t = performance.now();
    await x(
      sql`select provider_id, count(*), sum(programme_fen) from orders where service_date between ${from} and ${to} and state in ('completed', 'closed') and verification in ('verified', 'accepted') group by provider_id`,
    );
    const floorMs = performance.now() - t;

    t = performance.now();
    // Bills: every elder's month (what the 收费清单 list sums), kept for the month's report.
    await x(sql`create temp table month_bills as select elder_id, count(*) as orders, sum(list_fen) as list_fen, sum(programme_fen) as programme_fen, sum(self_pay_fen) as self_pay_fen
      from orders where service_date between ${from} and ${to} and state in ('completed', 'closed') and verification in ('verified', 'accepted') group by elder_id`);
    const billsMs = performance.now() - t;
    const t2 = performance.now();
    const statements = await database.db.transaction((tx) => computeSettlements(tx, period, null, admin, new Date()));
    const settleMs = performance.now() - t2;
    const t3 = performance.now();
    await database.db.transaction(async (tx) => {
      await tx.execute(
        sql`update settlements set state = 'approved', reviewed_by = ${admin}, reviewed_at = now(), approved_by = ${admin}, approved_at = now() where period = ${period}`,
      );
      await bookShares(
        tx,
        statements.map((s) => s.id),
        period,
      );
    });
    const sharesMs = performance.now() - t3;
    const totalMs = performance.now() - t;

    const [{ n }] = rowsOf<{ n: number }>(await x(sql`select count(*)::int as n from month_bills`));
    const [district] = rowsOf<{ id: number; path: string }>(
      await x(sql`select id, path from regions where parent_id is null`),
    );
    const t4 = performance.now();
    const rec = await reconcile(
      database.db,
      { kind: 'region', regionId: district.id, path: district.path, isRoot: true },
      period,
    );
    const recMs = performance.now() - t4;
    console.log(
      `  收费清单 ${n.toLocaleString()} 份 ${(billsMs / 1000).toFixed(1)} 秒；结算单 ${statements.length} 张 ${(settleMs / 1000).toFixed(1)} 秒；审批与分担 ${(sharesMs / 1000).toFixed(1)} 秒`,
    );
    console.log(
      `  月末合计 ${(totalMs / 1000).toFixed(1)} 秒（目标 ≤ 30 秒），为一条手写汇总 SQL（${(floorMs / 1000).toFixed(2)} 秒）的 ${(totalMs / floorMs).toFixed(1)} 倍`,
    );
    console.log(
      `  对账 ${(recMs / 1000).toFixed(1)} 秒：${rec.ok ? '一致' : '有差额'}（${rec.checks.map((c) => `${c.key} ${c.difference}`).join('，')}）`,
    );
  } finally {
    await database.close();
    await drop();
  }
}
