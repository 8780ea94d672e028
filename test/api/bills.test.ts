// Monthly bills through the API: billable visits only, held ones explained, totals to the fen,
// payment of exactly what is owed, once, inside the jurisdiction.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/test-app.js';
import { orderWorld, USERS } from '../helpers/order-fixtures.js';
import { shanghaiDate } from '../../src/shared/today.js';
import { addDays } from '../../src/core/calendar/working-days.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof orderWorld>>;
beforeAll(async () => {
  t = await makeTestApp();
  w = await orderWorld(t, 701);
});
afterAll(() => t.close());

describe('the monthly bill', () => {
  it('bills verified visits, holds an unsettled exception, and takes payment of what is owed once', async () => {
    const elderId = await w.makeElder({ categories: [] }, false); // a paid-class elder: the bill has something to pay
    const ok = await w.completedOrder(elderId, undefined, '08:00', '10:00');
    const odd = await w.completedOrder(
      elderId,
      { in: { lng: w.place.lng, lat: w.place.lat + 0.27 }, out: w.door() },
      '12:00',
      '14:00',
    );
    const month = ok.serviceDate.slice(0, 7);
    const bill = (await w.call('operator', 'GET', `/api/elders/${elderId}/bills/${month}`)).json();
    expect(bill.lines.map((l: { orderId: number }) => l.orderId)).toEqual([ok.id]);
    expect(bill.held).toEqual([{ orderId: odd.id, reason: '核验异常待审核' }]);
    expect(bill.totals).toMatchObject({
      listFen: ok.listFen,
      selfPayFen: ok.selfPayFen,
      programmeFen: ok.programmeFen,
    });
    expect(bill.payment).toBeNull();

    const list = (await w.call('operator', 'GET', `/api/bills?month=${month}&paid=no&pageSize=200`)).json();
    expect(list.items.find((b: { elderId: number }) => b.elderId === elderId)).toMatchObject({
      orders: 1,
      selfPayFen: ok.selfPayFen,
      paidFen: null,
    });

    // A month's bill is paid once the month has begun: on a month's last day, tomorrow's visits
    // are next month's, so the clock moves there for the payment.
    const ahead = Date.parse(`${month}-01T09:00:00+08:00`) - t.deps.clock().getTime();
    if (ahead > 0) {
      t.advance(ahead / 60_000);
      for (const u of [...USERS, 'placestreet']) w.cookies[u] = await t.login(u);
    }
    const wrong = await w.call('operator', 'POST', `/api/elders/${elderId}/bills/${month}/payment`, {
      amountFen: ok.selfPayFen + 1,
      method: 'cash',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0]).toMatchObject({ field: 'amountFen', message: expect.stringContaining('应付') });
    const both = await Promise.all(
      [0, 1].map(() =>
        w.call('operator', 'POST', `/api/elders/${elderId}/bills/${month}/payment`, {
          amountFen: ok.selfPayFen,
          method: 'wechat',
        }),
      ),
    );
    expect(both.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const paid = (await w.call('operator', 'GET', `/api/bills?month=${month}&paid=yes&pageSize=200`)).json();
    expect(paid.items.find((b: { elderId: number }) => b.elderId === elderId)).toMatchObject({
      paidFen: ok.selfPayFen,
    });
    // Once the street accepts the exception, the visit joins the bill.
    await w.call('provider', 'POST', `/api/orders/${odd.id}/review`, {
      decision: 'explain',
      reasonCode: 'gps_unavailable',
      note: '定位失灵',
    });
    await w.call('placestreet', 'POST', `/api/orders/${odd.id}/review`, {
      decision: 'accept',
      resolutionCode: 'accepted_call_confirmed',
      note: '电话核实',
    });
    const after = (await w.call('operator', 'GET', `/api/elders/${elderId}/bills/${month}`)).json();
    expect(after.lines).toHaveLength(2);
    expect(after.held).toEqual([]);
    // The summary goes to the elder by SMS, through the outbox.
    const sms = await w.call('operator', 'POST', `/api/elders/${elderId}/bills/${month}/sms`, {});
    expect(sms.statusCode, sms.body).toBe(201);
    expect(sms.json().text).toContain('居家养老服务 2 次');
    const outbox = (await w.call('operator', 'GET', '/api/sms/outbox?pageSize=50')).json();
    expect(JSON.stringify(outbox)).toContain('居家养老服务 2 次');
    expect(sms.json().text).toMatch(/详询 12349。$/);

    // The hotline is the district's dated setting: Lanzhou's is 965885 — 000 范文3 L111
    // 「借助“965885”服务系统,虚拟养老院发挥 24 小时管理服务的优势」 — not the 12349 of 001 L194 / 002 L423.
    const current = (await w.call('admin', 'GET', '/api/provider-rules'))
      .json()
      .find((r: { inEffect: boolean }) => r.inEffect);
    const version = await w.call('admin', 'POST', '/api/provider-rules', {
      // The server's tomorrow: the clock may have moved on to the month's end above.
      effectiveFrom: addDays(shanghaiDate(t.deps.clock()), 1),
      params: { ...current.params, callCentre: { ...current.params.callCentre, hotline: '965885' } },
      note: '兰州 965885',
    });
    expect(version.statusCode, version.body).toBe(201);
    t.advance(24 * 60);
    for (const u of [...USERS, 'placestreet']) w.cookies[u] = await t.login(u);
    const lanzhou = await w.call('operator', 'POST', `/api/elders/${elderId}/bills/${month}/sms`, {});
    expect(lanzhou.statusCode, lanzhou.body).toBe(201);
    expect(lanzhou.json().text).toMatch(/详询 965885。$/);
  });

  it('refuses a bad month, a future payment, and elders outside the jurisdiction', async () => {
    const elderId = await w.makeElder();
    expect((await w.call('operator', 'GET', `/api/elders/${elderId}/bills/2026-13`)).json().errors[0].field).toBe(
      'month',
    );
    expect((await w.call('operator', 'GET', '/api/bills')).json().errors[0].field).toBe('month');
    expect(
      (
        await w.call('operator', 'POST', `/api/elders/${elderId}/bills/2099-01/payment`, {
          amountFen: 0,
          method: 'cash',
        })
      ).json().errors[0].field,
    ).toBe('month');
    expect((await w.call('community2', 'GET', `/api/elders/${elderId}/bills/${w.today.slice(0, 7)}`)).statusCode).toBe(
      404,
    );
    expect(
      (
        await w.call('caregiver', 'POST', `/api/elders/${elderId}/bills/${w.today.slice(0, 7)}/payment`, {
          amountFen: 0,
          method: 'cash',
        })
      ).statusCode,
    ).toBe(403);
  });
});
