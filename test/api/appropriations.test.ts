// The quarterly appropriation as a transfer (issue 16, point 14; 002 第5篇 L279:「按照实际审批人数和
// 标准会同区财政局按季度向街道拨付。由街道配套资金后通过银行转账方式支付养老服务组织或家政公司」).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/test-app.js';
import { orderWorld } from '../helpers/order-fixtures.js';
import { shanghaiDate } from '../../src/shared/today.js';
import { quarterMonths, quarterOf } from '../../src/core/settlement/settlement.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof orderWorld>>;
const quarter = quarterOf(shanghaiDate().slice(0, 7));
// The makeElder elders hold 20 hours a month at 8 yuan (the mechanics terms) from this month's first.
const monthsLeft = quarterMonths(quarter).filter((m) => m >= shanghaiDate().slice(0, 7)).length;

beforeAll(async () => {
  t = await makeTestApp();
  w = await orderWorld(t, 601);
});
afterAll(() => t.close());

const plan = (user = 'admin') => w.call(user, 'POST', '/api/appropriations/plan', { quarter });
type Row = { id: number; streetId: number; programme: string; headcount: number; amountFen: number; state: string };
const homeCareOf = (rows: Row[], streetId: number) =>
  rows.find((r) => r.streetId === streetId && r.programme === 'home_care_subsidy');

describe('quarterly appropriation', () => {
  it('is planned by approved headcount × standard, sent by the district once, received by the street', async () => {
    const regions = (await w.call('admin', 'GET', '/api/regions')).json();
    const streetId = regions.find((r: { id: number }) => r.id === w.place.regionId).parentId as number;
    expect((await plan('placestreet')).statusCode).toBe(403);
    const before = homeCareOf((await plan()).json().items, streetId);
    await w.makeElder();
    await w.makeElder();
    const first = await plan();
    expect(first.statusCode, first.body).toBe(200);
    const row = homeCareOf(first.json().items, streetId)!;
    expect(row.headcount).toBe((before?.headcount ?? 0) + 2);
    expect(row.amountFen - (before?.amountFen ?? 0)).toBe(2 * 20 * 800 * monthsLeft);
    expect(row.state).toBe('planned');

    expect((await w.call('placestreet', 'POST', `/api/appropriations/${row.id}/send`)).statusCode).toBe(403);
    const sent = await w.call('admin', 'POST', `/api/appropriations/${row.id}/send`);
    expect(sent.json()).toMatchObject({ state: 'sent', sentBy: expect.any(String) });
    expect((await w.call('admin', 'POST', `/api/appropriations/${row.id}/send`)).statusCode).toBe(409);
    // Money that moved is not rewritten by a new plan.
    await w.makeElder();
    expect(homeCareOf((await plan()).json().items, streetId)).toMatchObject({ amountFen: row.amountFen });

    expect((await w.call('admin', 'POST', `/api/appropriations/${row.id}/receive`)).statusCode).toBe(403);
    const got = await w.call('placestreet', 'POST', `/api/appropriations/${row.id}/receive`);
    expect(got.json()).toMatchObject({ state: 'received', receivedBy: expect.any(String) });
    const own = (await w.call('placestreet', 'GET', `/api/appropriations?quarter=${quarter}`)).json();
    expect(own.items.every((r: Row) => r.streetId === streetId)).toBe(true);
    const audit = (await w.call('admin', 'GET', '/api/audit?entityType=appropriation')).json();
    expect(audit.items.map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining(['appropriation.plan', 'appropriation.send', 'appropriation.receive']),
    );
  });

  it('refuses a malformed quarter, naming the field', async () => {
    const r = await w.call('admin', 'POST', '/api/appropriations/plan', { quarter: '2026-4' });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors[0].field).toBe('quarter');
  });
});
