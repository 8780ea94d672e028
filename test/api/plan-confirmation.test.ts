// Issue 16, point 12 — 000 范文3 L119: 「话务员根据系统生成的客户所需服务项目向自己所负责的街道里的老人确认当天的
// 服务项目和服务时间,待服务工单确认后,再进行工单分配」. Orders a recurring plan makes start unconfirmed; the
// console lists today's as 今日待确认 with a one-click 确认 (who and when recorded, audited); neither
// batch nor hand dispatch sends one before it is confirmed. The rules may auto-confirm (off by default).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/test-app.js';
import { USERS, orderWorld } from '../helpers/order-fixtures.js';
import { providerRuleVersions, regions } from '../../src/server/db/schema.js';
import { DEFAULT_CALL_CENTRE_RULES } from '../../src/core/orders/call-centre-rules.js';
import type { ProviderRules } from '../../src/core/providers/rules.js';
import { eq } from 'drizzle-orm';

let t: TestApp;
let w: Awaited<ReturnType<typeof orderWorld>>;

beforeAll(async () => {
  t = await makeTestApp();
  w = await orderWorld(t, 661);
});
afterAll(() => t.close());

async function relogin() {
  for (const u of [...USERS, 'placestreet']) w.cookies[u] = await t.login(u);
}
const plan = async (elderId: number) => {
  const r = await w.call('operator', 'POST', '/api/plans', {
    elderId,
    lines: [{ itemId: w.careItem, quantity: 1 }],
    weekdays: [1, 2, 3, 4, 5, 6, 7],
    startTime: '07:00',
    endTime: '08:00',
    startsOn: w.tomorrow,
  });
  expect(r.statusCode, r.body).toBe(201);
  const orders = (await w.call('operator', 'GET', `/api/orders?planId=${r.json().id}&pageSize=50&sort=startAt`)).json()
    .items as { id: number; state: string; serviceDate: string }[];
  return orders;
};

describe('话务员向老人确认当天的服务项目和服务时间,待服务工单确认后,再进行工单分配 (000 范文3 L119)', () => {
  it("a plan's orders wait unconfirmed; the console lists the day's as 今日待确认; dispatch waits for the operator's 确认", async () => {
    expect(DEFAULT_CALL_CENTRE_RULES.autoConfirmPlanOrders).toBe(false);
    const elderId = await w.makeElder();
    const orders = await plan(elderId);
    expect(orders.length).toBeGreaterThan(0);
    expect(orders.every((o) => o.state === 'created')).toBe(true);
    const first = orders[0];
    expect(first.serviceDate).toBe(w.tomorrow);
    // Early on the service day.
    t.setNow(new Date(`${w.tomorrow}T06:00:00+08:00`));
    try {
      await relogin();
      const s = (await w.call('operator', 'GET', '/api/console')).json();
      expect(s.today).toBe(w.tomorrow);
      const row = s.lists.toConfirm.items.find((o: { id: number }) => o.id === first.id);
      expect(row).toMatchObject({ channel: 'plan', items: expect.stringContaining('生活照料'), elderId });
      // Only that day's: the later days are not to confirm yet.
      expect(s.lists.toConfirm.items.some((o: { id: number }) => o.id === orders[1].id)).toBe(false);
      expect(s.lists.new.items.some((o: { id: number }) => o.id === first.id)).toBe(false);
      // Not dispatched by hand …
      const byHand = await w.call('operator', 'POST', `/api/orders/${first.id}/actions`, {
        action: 'dispatch',
        caregiverId: w.caregiver.id,
      });
      expect(byHand.statusCode).toBe(409);
      expect(byHand.json().detail).toContain('尚未与老人确认');
      // … nor by the street's batch dispatch of the day.
      const [community] = await t.database.db.select().from(regions).where(eq(regions.id, w.place.regionId));
      const batch = await w.call('operator', 'POST', '/api/orders/batch-dispatch', {
        date: w.tomorrow,
        regionId: community.parentId,
      });
      expect(batch.statusCode, batch.body).toBe(200);
      expect((await w.call('operator', 'GET', `/api/orders/${first.id}`)).json().state).toBe('created');
      // One click: confirmed, by whom and when.
      const ok = await w.call('operator', 'POST', `/api/orders/${first.id}/actions`, { action: 'confirm' });
      expect(ok.statusCode, ok.body).toBe(200);
      const detail = (await w.call('operator', 'GET', `/api/orders/${first.id}`)).json();
      expect(detail.state).toBe('confirmed');
      expect(detail.events.at(-1)).toMatchObject({
        action: 'confirm',
        username: 'operator',
        at: expect.stringContaining(w.tomorrow.slice(0, 4)),
      });
      const after = (await w.call('operator', 'GET', '/api/console')).json();
      expect(after.lists.toConfirm.items.some((o: { id: number }) => o.id === first.id)).toBe(false);
      const audit = JSON.stringify(
        (await w.call('admin', 'GET', `/api/audit?entityType=order&entityId=${first.id}`)).json(),
      );
      expect(audit).toContain('order.confirm');
      // Now it may be dispatched.
      const sent = await w.call('operator', 'POST', `/api/orders/${first.id}/actions`, {
        action: 'dispatch',
        caregiverId: w.caregiver.id,
      });
      expect(sent.statusCode, sent.body).toBe(200);
    } finally {
      t.setNow(new Date());
      await relogin();
    }
  });

  it('an order the operator takes on a call is confirmed by the operator on that call, as before', async () => {
    const elderId = await w.makeElder();
    const o = (await w.call('operator', 'POST', '/api/orders', w.order(elderId, { channel: 'phone' }))).json();
    expect(o.state).toBe('created');
    expect((await w.call('operator', 'POST', `/api/orders/${o.id}/actions`, { action: 'confirm' })).statusCode).toBe(
      200,
    );
  });

  it("with the rules' autoConfirmPlanOrders a plan's orders start confirmed", async () => {
    const [v] = await t.database.db.select().from(providerRuleVersions);
    const params = v.params as ProviderRules & { callCentre?: Record<string, unknown> };
    await t.database.db
      .update(providerRuleVersions)
      .set({ params: { ...params, callCentre: { ...params.callCentre, autoConfirmPlanOrders: true } } });
    const orders = await plan(await w.makeElder());
    expect(orders.length).toBeGreaterThan(0);
    expect(orders.every((o) => o.state === 'confirmed')).toBe(true);
  });
});
