// The visiting service (探访服务) the government buys, 003 方案11 L657:
// 「探訪人員每月入戶探訪次數不低于3次，每次探訪服務費4元」 — and L659, only for elders who apply
// (「服務對象:提出申請的獨居、高齡、留守及其他困難老年人」). An approved, eligible elder ordering the
// 探访 item pays nothing: the programme pays 4 yuan a visit for the month's visits it buys; the
// visiting organisation is paid per verified visit on its monthly settlement, as its own programme
// line, and the money is split between district and street like any programme's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { makeTestApp, type TestApp } from '../helpers/test-app.js';
import { orderWorld, USERS } from '../helpers/order-fixtures.js';
import { idFor } from '../helpers/elder-fixtures.js';
import { applications, providers, regions, serviceItems, users } from '../../src/server/db/schema.js';
import { recomputeEntitlements } from '../../src/server/modules/entitlements/recompute.js';
import { nextMonth } from '../../src/core/calendar/months.js';
import { addDays, daysBetween } from '../../src/core/calendar/working-days.js';
import { quarterOf } from '../../src/core/settlement/settlement.js';
import { shanghaiDate } from '../../src/shared/today.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof orderWorld>>;
let visitItem: number;

beforeAll(async () => {
  t = await makeTestApp();
  w = await orderWorld(t, 1301);
  // The seed's 探访（关爱访视）, found by its code: a code never changes, a name may.
  const [item] = await t.database.db
    .select({ id: serviceItems.id, name: serviceItems.name })
    .from(serviceItems)
    .where(eq(serviceItems.code, 'FW09-012'));
  expect(item.name).toBe('探访（关爱访视）');
  visitItem = item.id;
  // The demo caregiver visits: the item needs companionship.
  const detail = (await w.call('provider', 'GET', `/api/caregivers/${w.caregiver.id}`)).json();
  const put = await w.call('provider', 'PUT', `/api/caregivers/${w.caregiver.id}`, {
    name: detail.name,
    skills: [...new Set([...detail.skills, 'companionship'])],
    workDays: detail.workDays,
    workStart: detail.workStart,
    workEnd: detail.workEnd,
    homeAddress: detail.homeAddress,
    homeLng: detail.homeLng,
    homeLat: detail.homeLat,
    joinedOn: detail.joinedOn,
  });
  if (put.statusCode !== 200) throw new Error(put.body);
});
afterAll(() => t.close());

/**
 * An elder not in the mechanics home-care terms at all (non-local, here a year: no class, no
 * discount), so what the elder pays for 探访 is the unified price unless visiting pays; with an
 * approved visiting application if asked.
 */
async function elder(birth: string, seq: number, livingFlags: string[], applied: boolean) {
  const id = await w.makeElder(
    { idNumber: idFor(birth, seq), hukou: 'nonlocal', residenceYears: 1, livingFlags, categories: [] },
    false,
  );
  if (applied)
    await t.database.db.insert(applications).values({
      elderId: id,
      regionId: w.place.regionId,
      programme: 'visiting',
      kind: 'new',
      state: 'approved',
      submittedOn: '2025-01-02',
      effectiveFrom: '2025-01-01',
    });
  await recomputeEntitlements(t.database, `${w.today.slice(0, 7)}-01`, [id]);
  return id;
}

const visitOrder = (elderId: number, start: string, end: string) =>
  w.call(
    'operator',
    'POST',
    '/api/orders',
    w.order(elderId, { lines: [{ itemId: visitItem, quantity: 1 }], startAt: w.at(start), endAt: w.at(end) }),
  );

/** Confirmed, dispatched to the demo caregiver, accepted, checked in at the door and out 30 minutes later. */
async function serve(orderId: number, startAt: string) {
  for (const [who, body] of [
    ['operator', { action: 'confirm' }],
    ['operator', { action: 'dispatch', caregiverId: w.caregiver.id }],
    ['caregiver', { action: 'accept' }],
  ] as const) {
    const r = await w.call(who, 'POST', `/api/orders/${orderId}/actions`, body);
    if (r.statusCode !== 200) throw new Error(r.body);
  }
  let moved = (Date.parse(startAt) - t.deps.clock().getTime()) / 60_000;
  t.advance(moved);
  try {
    w.cookies.caregiver = await t.login('caregiver');
    const i = await w.call('caregiver', 'POST', `/api/orders/${orderId}/actions`, { action: 'check_in', ...w.door() });
    if (i.statusCode !== 200) throw new Error(i.body);
    t.advance(30);
    moved += 30;
    w.cookies.caregiver = await t.login('caregiver');
    const o = await w.call('caregiver', 'POST', `/api/orders/${orderId}/actions`, { action: 'check_out', ...w.door() });
    if (o.statusCode !== 200) throw new Error(o.body);
    return o.json();
  } finally {
    t.advance(-moved);
    for (const u of [...USERS, 'placestreet']) w.cookies[u] = await t.login(u);
  }
}

describe('探访服务: 「探訪人員每月入戶探訪次數不低于3次，每次探訪服務費4元」 (003 方案11 L657)', () => {
  it('an eligible elder who has not applied, and an applicant not in any of the five groups, pay the unified price', async () => {
    // 「服務對象:提出申請的……」: eligible, 81 and alone, but no application.
    const notApplied = await elder('19441120', 903, ['alone'], false);
    // Applied and approved, but 65 and living with family: in none of the groups.
    const notEligible = await elder('19600601', 905, [], true);
    for (const id of [notApplied, notEligible]) {
      const ents = (await w.call('admin', 'GET', `/api/elders/${id}/entitlements`)).json();
      expect(ents.map((e: { programme: string }) => e.programme)).not.toContain('visiting');
      const o = await visitOrder(id, '15:00', '15:30');
      expect(o.statusCode, o.body).toBe(201);
      expect(o.json()).toMatchObject({ listFen: 400, programmeFen: 0, selfPayFen: 400 });
    }
  });

  it('an approved 80+ elder living alone pays nothing for the month’s 3 visits; the programme pays 4 yuan each; then the settlement pays the organisation per verified visit', async () => {
    const approved = await elder('19400315', 901, ['alone'], true);
    const ents = (await w.call('admin', 'GET', `/api/elders/${approved}/entitlements`)).json();
    expect(ents).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          programme: 'visiting',
          benefit: { kind: 'visits', visitsPerMonth: 3, feePerVisitFen: 400 },
        }),
      ]),
    );

    const first = await visitOrder(approved, '09:00', '09:30');
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ listFen: 400, programmeFen: 400, selfPayFen: 0 });
    expect(first.json().lines[0].breakdown).toMatchObject({
      hours: [{ programme: 'visiting', minutes: 30, fen: 400 }],
      selfPayFen: 0,
    });
    const second = (await visitOrder(approved, '10:00', '10:30')).json();
    const third = (await visitOrder(approved, '11:00', '11:30')).json();
    expect([second.selfPayFen, third.selfPayFen, second.programmeFen, third.programmeFen]).toEqual([0, 0, 400, 400]);
    // The district buys 3 a month (its figure; the seed's floor): a fourth is the elder's own,
    // at the unified price.
    const fourth = (await visitOrder(approved, '12:00', '12:30')).json();
    expect(fourth).toMatchObject({ listFen: 400, programmeFen: 0, selfPayFen: 400 });
    expect(fourth.lines[0].breakdown.hours).toEqual([]);
    // A cancelled visit gives its place back.
    const cancel = await w.call('operator', 'POST', `/api/orders/${second.id}/actions`, {
      action: 'cancel',
      reason: '老人外出',
    });
    expect(cancel.statusCode, cancel.body).toBe(200);
    const again = (await visitOrder(approved, '13:00', '13:30')).json();
    expect(again).toMatchObject({ programmeFen: 400, selfPayFen: 0 });

    // Two visits done at the door and verified: billable, so they go on the organisation's statement.
    const done1 = await serve(first.json().id, first.json().startAt);
    const done3 = await serve(third.id, third.startAt);
    expect([done1.verification, done3.verification]).toEqual(['verified', 'verified']);
    const month = done1.serviceDate.slice(0, 7) as string;
    const providerId = done1.providerId as number;

    // The elder's bill: the visits at their price, all paid by 探访服务, nothing owed.
    const bill = (await w.call('admin', 'GET', `/api/elders/${approved}/bills/${month}`)).json();
    expect(bill.totals).toMatchObject({
      listFen: 800,
      programmeFen: 800,
      selfPayFen: 0,
      programmes: { visiting: 800 },
    });
    expect(bill.programmeNames.visiting).toBe('探访服务');

    // After the month: the provider's statement has 探访服务 as its own line, 2 visits × 4 yuan.
    const target = `${nextMonth(month)}-02`;
    t.advance(daysBetween(shanghaiDate(t.deps.clock()), target) * 24 * 60);
    const [template] = await t.database.db.select().from(users).where(eq(users.username, 'admin'));
    const [p] = await t.database.db
      .select({ regionId: providers.regionId, parentId: regions.parentId })
      .from(providers)
      .innerJoin(regions, eq(regions.id, providers.regionId))
      .where(eq(providers.id, providerId));
    await t.database.db.insert(users).values({
      username: 'visitapprover',
      displayName: '区审批',
      role: 'district_admin',
      regionId: template.regionId!,
      passwordHash: template.passwordHash,
    });
    if (p.parentId !== null)
      await t.database.db.insert(users).values({
        username: 'visitstreet',
        displayName: '机构所在街道',
        role: 'street_staff',
        regionId: p.regionId,
        passwordHash: template.passwordHash,
      });
    const reviewer = p.parentId === null ? 'admin' : 'visitstreet';
    for (const u of [...USERS, 'placestreet', reviewer, 'visitapprover']) w.cookies[u] = await t.login(u);

    const computed = await w.call('admin', 'POST', '/api/settlements/compute', { period: month, providerId });
    expect(computed.statusCode, computed.body).toBe(200);
    const s = (await w.call('admin', 'GET', `/api/settlements?period=${month}&providerId=${providerId}`)).json()
      .items[0];
    const detail = (await w.call('provider', 'GET', `/api/settlements/${s.id}`)).json();
    expect(detail.byProgramme).toEqual(expect.arrayContaining([{ programme: 'visiting', count: 2, fen: 2 * 400 }]));
    expect(detail.programmeNames.visiting).toBe('探访服务');
    const items = (await w.call('admin', 'GET', `/api/settlements/${s.id}/items?pageSize=200`)).json().items as {
      orderId: number;
      kind: string;
      amountFen: number;
      programmes: Record<string, number>;
    }[];
    for (const id of [done1.id, done3.id])
      expect(items.find((i) => i.orderId === id)).toMatchObject({
        kind: 'order',
        amountFen: 400,
        programmes: { visiting: 400 },
      });
    // Visits not served are not paid.
    for (const id of [second.id, again.id, fourth.id]) expect(items.find((i) => i.orderId === id)).toBeUndefined();
    const file = await w.call('provider', 'GET', `/api/settlements/${s.id}/statement.csv`);
    expect(file.body).toMatch(/探访服务,2,8\.00/);

    // Approved, the programme's money is booked to the level that pays it: 003 方案11 L695
    // 「由市級財政撥款」 — the city alone, nothing to the district or the street.
    expect((await w.call(reviewer, 'POST', `/api/settlements/${s.id}/review`, { note: '已核对' })).statusCode).toBe(
      200,
    );
    expect((await w.call('visitapprover', 'POST', `/api/settlements/${s.id}/approve`, {})).statusCode).toBe(200);
    const shares = (await w.call('admin', 'GET', `/api/cost-shares?quarter=${quarterOf(month)}`)).json();
    const visiting = shares.rows.filter((r: { programme: string }) => r.programme === 'visiting');
    expect(visiting).toHaveLength(1);
    expect(visiting[0]).toMatchObject({ programmeName: '探访服务', amountFen: 800, shares: { city: 800 } });
    const rec = (await w.call('admin', 'GET', `/api/reconciliation?month=${month}`)).json();
    expect(rec.checks.find((c: { key: string }) => c.key === 'settlements-shares')).toMatchObject({ ok: true });
  });

  it('a weekly 探访 plan for an elder whose only programme is visiting goes on; without it the plan stops', async () => {
    const plan = (elderId: number) =>
      w.call('operator', 'POST', '/api/plans', {
        elderId,
        lines: [{ itemId: visitItem, quantity: 1 }],
        weekdays: [1, 3, 5],
        startTime: '10:00',
        endTime: '10:30',
        // The tests above moved the clock on: tomorrow by the server's clock.
        startsOn: addDays(shanghaiDate(t.deps.clock()), 1),
      });
    const visited = await elder('19400101', 911, ['alone'], true);
    const r = await plan(visited);
    expect(r.json()).toMatchObject({ state: 'active', stopReason: null });
    const outsider = await elder('19400101', 913, ['alone'], false);
    expect((await plan(outsider)).json()).toMatchObject({
      state: 'stopped',
      stopReason: expect.stringContaining('不符合'),
    });
  });
});
