// An order books a visit, not a decade (issue 15, finding 12): its length and how far ahead it
// may be booked are limited by the dated call-centre rules, and a slip is a 400 on the field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/test-app.js';
import { orderWorld } from '../helpers/order-fixtures.js';
import { bookingProblem, DEFAULT_CALL_CENTRE_RULES } from '../../src/core/orders/call-centre-rules.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof orderWorld>>;
beforeAll(async () => {
  t = await makeTestApp();
  w = await orderWorld(t, 991);
});
afterAll(() => t.close());

describe('booking limits', () => {
  it('the rule: at most 12 hours, at most 90 days ahead by default', () => {
    const now = new Date('2026-11-30T08:00:00+08:00');
    const at = (s: string) => new Date(s);
    expect(
      bookingProblem(at('2026-12-01T09:00:00+08:00'), at('2026-12-01T21:00:00+08:00'), now, DEFAULT_CALL_CENTRE_RULES),
    ).toBeNull();
    expect(
      bookingProblem(at('2026-12-01T09:00:00+08:00'), at('2026-12-01T21:01:00+08:00'), now, DEFAULT_CALL_CENTRE_RULES),
    ).toMatchObject({ field: 'endAt' });
    expect(
      bookingProblem(at('2027-03-01T09:00:00+08:00'), at('2027-03-01T10:00:00+08:00'), now, DEFAULT_CALL_CENTRE_RULES),
    ).toMatchObject({ field: 'startAt' });
  });

  it('refuses an order ten years long or dated 9999, naming the field, and creates nothing', async () => {
    const elderId = await w.makeElder();
    const long = await w.call(
      'operator',
      'POST',
      '/api/orders',
      w.order(elderId, {
        startAt: w.at('09:00'),
        endAt: `${Number(w.tomorrow.slice(0, 4)) + 10}-01-01T09:00:00+08:00`,
      }),
    );
    expect(long.statusCode).toBe(400);
    expect(long.json().errors[0]).toMatchObject({ field: 'endAt', message: expect.stringContaining('最长') });
    const far = await w.call(
      'operator',
      'POST',
      '/api/orders',
      w.order(elderId, { startAt: '9999-12-20T09:00:00+08:00', endAt: '9999-12-20T11:00:00+08:00' }),
    );
    expect(far.statusCode).toBe(400);
    expect(far.json().errors[0]).toMatchObject({ field: 'startAt', message: expect.stringContaining('提前') });
    const orders = (await w.call('operator', 'GET', `/api/orders?elderId=${elderId}`)).json();
    expect(orders.total).toBe(0);
    expect((await w.call('operator', 'POST', '/api/orders', w.order(elderId))).statusCode).toBe(201);
  });
});
