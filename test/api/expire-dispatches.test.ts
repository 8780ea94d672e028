// The re-dispatch job with two servers on one database: each lapsed order is expired once and
// dispatched again, and a dispatch made a moment ago is never taken for a lapsed one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq, inArray, ne } from 'drizzle-orm';
import { makeTestApp, type TestApp } from '../helpers/test-app.js';
import { orderWorld } from '../helpers/order-fixtures.js';
import { addDays } from '../../src/core/calendar/working-days.js';
import { openDatabase, type Database } from '../../src/server/db/client.js';
import { caregivers, orderEvents, orders } from '../../src/server/db/schema.js';
import { expireOne, expireUnaccepted } from '../../src/server/jobs/expire-dispatches.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof orderWorld>>;
/** A second server's connections to the same database (on PGlite there is only the one). */
let other: Database | null = null;

beforeAll(async () => {
  t = await makeTestApp();
  w = await orderWorld(t, 501);
  if (t.databaseUrl) other = await openDatabase({ databaseUrl: t.databaseUrl, poolSize: 4 });
});
afterAll(async () => {
  await other?.close();
  await t.close();
});

/**
 * Orders dispatched to another caregiver than the demo one at `dispatchedAt`, one a day so the
 * demo caregiver can take them all when they come back.
 */
async function dispatchedOrders(n: number, dispatchedAt: Date) {
  const elderId = await w.makeElder();
  const [someone] = await t.database.db
    .select({ id: caregivers.id, providerId: caregivers.providerId })
    .from(caregivers)
    .where(ne(caregivers.id, w.caregiver.id))
    .limit(1);
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const day = addDays(w.tomorrow, i);
    const r = await w.call(
      'operator',
      'POST',
      '/api/orders',
      w.order(elderId, { startAt: w.at('09:00', day), endAt: w.at('11:00', day) }),
    );
    expect(r.statusCode).toBe(201);
    const id = r.json().id as number;
    expect((await w.call('operator', 'POST', `/api/orders/${id}/actions`, { action: 'confirm' })).statusCode).toBe(200);
    ids.push(id);
  }
  await t.database.db
    .update(orders)
    .set({ state: 'dispatched', caregiverId: someone.id, providerId: someone.providerId, stateAt: dispatchedAt })
    .where(inArray(orders.id, ids));
  return { ids, lapsedCaregiver: someone.id };
}

const eventsOf = (ids: number[]) =>
  t.database.db
    .select({ orderId: orderEvents.orderId, action: orderEvents.action, at: orderEvents.at })
    .from(orderEvents)
    .where(inArray(orderEvents.orderId, ids))
    .orderBy(asc(orderEvents.id));

describe('expiring unaccepted dispatches', () => {
  it('two servers running the job at once expire each lapsed order once, and never a fresh dispatch', async () => {
    const now = new Date();
    const { ids, lapsedCaregiver } = await dispatchedOrders(16, new Date(now.getTime() - 20 * 60_000));
    const [a, b] = await Promise.all([
      expireUnaccepted(t.database.db, now),
      expireUnaccepted((other ?? t.database).db, now),
    ]);
    // What the two say they did is what was done.
    expect(a.expired + b.expired).toBe(ids.length);
    const events = await eventsOf(ids);
    for (const id of ids) {
      const steps = events.filter((e) => e.orderId === id && ['expire', 'dispatch'].includes(e.action));
      expect(steps.map((e) => e.action)).toEqual(['expire', 'dispatch']);
    }
    expect(a.redispatched + b.redispatched).toBe(ids.length);
    const after = await t.database.db.select().from(orders).where(inArray(orders.id, ids));
    for (const o of after) {
      expect(o.state).toBe('dispatched');
      expect(o.caregiverId).not.toBe(lapsedCaregiver);
    }
  });

  it('leaves alone an order dispatched again a moment ago, even when handed its id from a stale list', async () => {
    const now = new Date();
    const cutoff = new Date(now.getTime() - 15 * 60_000);
    // Listed as lapsed by one server, then dispatched again by another just now.
    const { ids } = await dispatchedOrders(1, new Date(now.getTime() - 20 * 60_000));
    await t.database.db
      .update(orders)
      .set({ stateAt: new Date(now.getTime() - 1000) })
      .where(eq(orders.id, ids[0]));
    expect(await expireOne(t.database.db, ids[0], cutoff, now)).toEqual({ expired: false, redispatched: false });
    const [o] = await t.database.db.select().from(orders).where(eq(orders.id, ids[0]));
    expect(o.state).toBe('dispatched');
    expect((await eventsOf(ids)).map((e) => e.action)).not.toContain('expire');
    // Once it has lapsed, it is expired and sent on, in one step.
    expect(await expireOne(t.database.db, ids[0], new Date(now.getTime() + 60_000), now)).toEqual({
      expired: true,
      redispatched: true,
    });
  });
});
