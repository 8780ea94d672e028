// Each role reads only what its work needs (issue 15, finding 9): a caregiver not what elders
// said about her colleagues nor the provider's vouchers, a provider only its own caregivers as
// candidates, the head of a nursing home no elder files until the home's records exist.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/test-app.js';
import { orderWorld } from '../helpers/order-fixtures.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof orderWorld>>;
beforeAll(async () => {
  t = await makeTestApp();
  w = await orderWorld(t, 981);
});
afterAll(() => t.close());

describe('least privilege', () => {
  it('a caregiver reads neither complaints, call-backs, replacement cases nor vouchers', async () => {
    for (const url of ['/api/complaints', '/api/callbacks', '/api/replacement-cases', '/api/vouchers']) {
      expect((await w.call('caregiver', 'GET', url)).statusCode, url).toBe(403);
      expect((await w.call('provider', 'GET', url)).statusCode, url).toBe(200);
    }
  });

  it("a provider sees only its own caregivers among an order's candidates", async () => {
    const elderId = await w.makeElder();
    const o = (await w.call('operator', 'POST', '/api/orders', w.order(elderId))).json();
    await w.call('operator', 'POST', `/api/orders/${o.id}/actions`, { action: 'confirm' });
    const res = await w.call('admin', 'GET', `/api/orders/${o.id}/candidates`);
    expect(res.statusCode, res.body).toBe(200);
    const all = (await w.call('admin', 'GET', `/api/orders/${o.id}/candidates`)).json() as { providerId: number }[];
    expect(new Set(all.map((c) => c.providerId)).size).toBeGreaterThan(1);
    // Dispatched to the provider's caregiver, the order is the provider's to look at.
    await w.call('operator', 'POST', `/api/orders/${o.id}/actions`, {
      action: 'dispatch',
      caregiverId: w.caregiver.id,
    });
    const mine = (await w.call('provider', 'GET', `/api/orders/${o.id}/candidates`)).json() as {
      providerId: number;
    }[];
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((c) => c.providerId === w.caregiver.providerId)).toBe(true);
  });

  it("a caregiver's file gives the birth year, not the date that would narrow down her ID number", async () => {
    const c = (await w.call('provider', 'GET', `/api/caregivers/${w.caregiver.id}`)).json();
    expect(c.birthYear).toBeGreaterThan(1940);
    expect(c).not.toHaveProperty('birthDate');
    expect(c.idMasked).toMatch(/^.\*+.$/);
  });

  it('the head of a nursing home reads the catalogue and the policies, and no elder files', async () => {
    const home = await t.login('nursinghome');
    const get = (url: string) => t.app.inject({ url, headers: { cookie: home } });
    expect((await get('/api/policies')).statusCode).toBe(200);
    expect((await get('/api/catalogue/items')).statusCode).toBe(200);
    for (const url of ['/api/elders', '/api/regions', '/api/reports/needs-summary'])
      expect((await get(url)).statusCode, url).toBe(403);
  });
});
