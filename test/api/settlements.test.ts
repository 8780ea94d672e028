// Provider settlement through the API: a closed month's statement (verified visits, failed ones
// deducted, open exceptions left pending), the street's review and the district's approval by
// another person, the close (no recompute, no edit even in SQL), a late acceptance settled next
// month as an adjustment, the cost shares of the quarter, the statement download, and the
// reconciliation of the month coming out even.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { makeTestApp, type TestApp } from '../helpers/test-app.js';
import { orderWorld, USERS } from '../helpers/order-fixtures.js';
import { providers, regions, users } from '../../src/server/db/schema.js';
import { nextMonth } from '../../src/core/calendar/months.js';
import { daysBetween } from '../../src/core/calendar/working-days.js';
import { quarterOf } from '../../src/core/settlement/settlement.js';
import { shanghaiDate } from '../../src/shared/today.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof orderWorld>>;

beforeAll(async () => {
  t = await makeTestApp();
  w = await orderWorld(t, 801);
});
afterAll(() => t.close());

/** Moves the clock to the 2nd of the month after `month`, and signs everyone in again. */
async function moveInto(month: string, reviewer: string, approver: string) {
  const target = `${nextMonth(month)}-02`;
  t.advance(daysBetween(shanghaiDate(t.deps.clock()), target) * 24 * 60);
  for (const u of [...USERS, 'placestreet', reviewer, approver]) w.cookies[u] = await t.login(u);
}

describe('provider settlement', () => {
  it('settles a closed month, closes it on approval, and settles a late acceptance next month', async () => {
    const elderId = await w.makeElder();
    const good = await w.completedOrder(elderId);
    const far = { lng: w.place.lng + 0.3, lat: w.place.lat };
    const late = await w.completedOrder(elderId, { in: far, out: far }, '12:00', '14:00');
    const failed = await w.completedOrder(elderId, { in: far, out: far }, '15:00', '17:00');
    await w.call('provider', 'POST', `/api/orders/${failed.id}/review`, { decision: 'reject', note: '确实未上门' });
    const month = good.serviceDate.slice(0, 7);

    // Who reviews: the provider's street, or the district for a district-registered provider;
    // a second district user approves.
    const providerId = good.providerId as number;
    const [p] = await t.database.db
      .select({ regionId: providers.regionId, parentId: regions.parentId })
      .from(providers)
      .innerJoin(regions, eq(regions.id, providers.regionId))
      .where(eq(providers.id, providerId));
    const [template] = await t.database.db.select().from(users).where(eq(users.username, 'admin'));
    await t.database.db.insert(users).values({
      username: 'approver2',
      displayName: '区审批',
      role: 'district_admin',
      regionId: template.regionId!,
      passwordHash: template.passwordHash,
    });
    if (p.parentId !== null)
      await t.database.db.insert(users).values({
        username: 'provstreet',
        displayName: '机构所在街道',
        role: 'street_staff',
        regionId: p.regionId,
        passwordHash: template.passwordHash,
      });
    const reviewer = p.parentId === null ? 'admin' : 'provstreet';

    const early = await w.call('admin', 'POST', '/api/settlements/compute', { period: month, providerId });
    expect(early.statusCode).toBe(400);
    expect(early.json().errors[0]).toMatchObject({ field: 'period', message: expect.stringContaining('尚未结束') });

    await moveInto(month, reviewer, 'approver2');
    const computed = await w.call('admin', 'POST', '/api/settlements/compute', { period: month, providerId });
    expect(computed.statusCode, computed.body).toBe(200);
    const list = (await w.call('admin', 'GET', `/api/settlements?period=${month}&providerId=${providerId}`)).json();
    expect(list.total).toBe(1);
    const s = list.items[0];
    const detail = (await w.call('provider', 'GET', `/api/settlements/${s.id}`)).json();
    expect(detail.pending.map((x: { orderId: number }) => x.orderId)).toContain(late.id);
    const items = (await w.call('admin', 'GET', `/api/settlements/${s.id}/items?pageSize=200`)).json().items as {
      kind: string;
      orderId: number;
      amountFen: number;
      subsidyFen: number;
    }[];
    expect(items.find((i) => i.orderId === good.id)).toMatchObject({ kind: 'order', amountFen: good.programmeFen });
    expect(items.find((i) => i.orderId === failed.id)).toMatchObject({
      kind: 'unverified',
      amountFen: 0,
      subsidyFen: failed.programmeFen,
    });
    expect(items.find((i) => i.orderId === late.id)).toBeUndefined();
    expect(s.totals.dueFen).toBe(
      s.totals.ordersFen +
        s.totals.adjustmentsFen +
        s.totals.vouchersFen -
        s.totals.complaintsFen -
        s.totals.withheldFen +
        s.totals.releasedFen,
    );

    // Review and approval: the right level, in order, by two people.
    expect((await w.call('approver2', 'POST', `/api/settlements/${s.id}/approve`, {})).statusCode).toBe(409);
    if (reviewer !== 'admin')
      expect((await w.call('admin', 'POST', `/api/settlements/${s.id}/review`, {})).statusCode).toBe(403);
    expect(
      (await w.call(reviewer, 'POST', `/api/settlements/${s.id}/review`, { note: '已核对' })).json(),
    ).toMatchObject({ state: 'reviewed' });
    if (reviewer === 'admin')
      expect((await w.call('admin', 'POST', `/api/settlements/${s.id}/approve`, {})).json().detail).toContain(
        '不同的人',
      );
    // A street never approves (and may not even see another street's provider).
    expect([403, 404]).toContain(
      (await w.call('placestreet', 'POST', `/api/settlements/${s.id}/approve`, {})).statusCode,
    );
    const both = await Promise.all(
      [0, 1].map(() => w.call('approver2', 'POST', `/api/settlements/${s.id}/approve`, {})),
    );
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 409]);

    // Closed: no recompute, no edit of its items even in SQL.
    const again = await w.call('admin', 'POST', '/api/settlements/compute', { period: month, providerId });
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toContain('计入下期');
    await expect(
      t.database.db.execute(sql`delete from settlement_items where settlement_id = ${s.id}`),
    ).rejects.toThrow();

    // The statement the provider downloads.
    const file = await w.call('provider', 'GET', `/api/settlements/${s.id}/statement.csv`);
    expect(file.headers['content-type']).toContain('text/csv');
    expect(file.body).toContain('应付金额（元）');
    expect(file.body).toContain(`${(s.totals.dueFen / 100).toFixed(2)}`);

    // The quarter's cost shares: the approved subsidy split 6 : 4, the parts adding up.
    const shares = (await w.call('admin', 'GET', `/api/cost-shares?quarter=${quarterOf(month)}`)).json();
    expect(shares.total.amountFen).toBeGreaterThanOrEqual(good.programmeFen);
    type Row = { programme: string; amountFen: number; shares: Record<string, number> };
    const sumOf = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
    for (const r of shares.rows as Row[]) expect(sumOf(r.shares)).toBe(r.amountFen);
    expect(sumOf(shares.total.shares)).toBe(shares.total.amountFen);
    expect(shares.levels).toEqual(['district', 'street']);
    const hc = (shares.rows as Row[])
      .filter((r) => r.programme === 'home_care_subsidy')
      .reduce((a, r) => a + r.shares.district, 0);
    const hcAll = shares.rows
      .filter((r: { programme: string }) => r.programme === 'home_care_subsidy')
      .reduce((a: number, r: { amountFen: number }) => a + r.amountFen, 0);
    expect(Math.abs(hc - hcAll * 0.6)).toBeLessThanOrEqual(shares.rows.length);

    // While the late visit waits, the reconciliation shows it unsettled, to the fen.
    let rec = (await w.call('admin', 'GET', `/api/reconciliation?month=${month}`)).json();
    expect(rec.checks.find((c: { key: string }) => c.key === 'settlements-shares')).toMatchObject({ ok: true });
    expect(rec.checks.find((c: { key: string }) => c.key === 'shares-levels')).toMatchObject({ ok: true });

    // The exception accepted after the close is settled next month, as an adjustment.
    await w.call('provider', 'POST', `/api/orders/${late.id}/review`, {
      decision: 'explain',
      reasonCode: 'gps_unavailable',
      note: '定位失灵',
    });
    expect(
      (
        await w.call('placestreet', 'POST', `/api/orders/${late.id}/review`, {
          decision: 'accept',
          resolutionCode: 'accepted_call_confirmed',
          note: '电话核实',
        })
      ).statusCode,
    ).toBe(200);
    rec = (await w.call('admin', 'GET', `/api/reconciliation?month=${month}`)).json();
    expect(rec.checks.find((c: { key: string }) => c.key === 'bills-settlements')).toMatchObject({
      ok: false,
      difference: late.programmeFen,
      details: expect.arrayContaining([`未结算工单 ${late.id}`]),
    });
    await moveInto(nextMonth(month), reviewer, 'approver2');
    expect(
      (await w.call('admin', 'POST', '/api/settlements/compute', { period: nextMonth(month), providerId })).statusCode,
    ).toBe(200);
    const next = (
      await w.call('admin', 'GET', `/api/settlements?period=${nextMonth(month)}&providerId=${providerId}`)
    ).json().items[0];
    expect(next.totals.adjustmentsFen).toBe(late.programmeFen);
    rec = (await w.call('admin', 'GET', `/api/reconciliation?month=${month}`)).json();
    expect(rec.checks.filter((c: { ok: boolean }) => !c.ok)).toEqual([]);
    expect(rec.ok).toBe(true);
  });

  it('refuses bad periods and quarters, and callers without the right', async () => {
    expect(
      (await w.call('admin', 'POST', '/api/settlements/compute', { period: '2026-13' })).json().errors[0],
    ).toMatchObject({ field: 'period' });
    expect((await w.call('admin', 'GET', '/api/cost-shares?quarter=2026Q5')).json().errors[0]).toMatchObject({
      field: 'quarter',
      message: expect.stringContaining('季度格式'),
    });
    expect((await w.call('operator', 'POST', '/api/settlements/compute', { period: '2026-01' })).statusCode).toBe(403);
    expect((await w.call('caregiver', 'GET', '/api/settlements')).statusCode).toBe(403);
    expect((await w.call('placestreet', 'POST', '/api/settlements/compute', { period: '2026-01' })).statusCode).toBe(
      403,
    );
  });
});
