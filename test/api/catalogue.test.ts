// The catalogue through the API: prices in whole fen, versions that never overlap, the paid
// price derived from the policy's discount, and who may change what.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/test-app.js';
import { useMechanicsPolicy } from '../helpers/mechanics-policy.js';
import { addDays } from '../../src/core/calendar/working-days.js';
import { shanghaiDate } from '../../src/shared/today.js';

let t: TestApp;
const cookies: Record<string, string> = {};
beforeAll(async () => {
  t = await makeTestApp();
  // The workflow is tested against fixed terms, not the seed defaults (test/unit/seed-rules.test.ts).
  await useMechanicsPolicy(t);
  for (const u of ['admin', 'operator', 'caregiver', 'street']) cookies[u] = await t.login(u);
});
afterAll(() => t.close());

const call = (user: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url, payload, headers: { cookie: cookies[user] } });
const today = shanghaiDate();
const newItem = (over: object = {}) => ({
  categoryCode: 'daily_care',
  name: '测试助浴',
  content: '上门协助洗浴',
  unit: 'visit',
  durationMinutes: 60,
  requiredSkills: ['bathing'],
  requiredCertificates: [],
  subsidyEligible: true,
  priceFen: 5000,
  priceFrom: today,
  ...over,
});

describe('catalogue', () => {
  it('has the eleven categories and at least 120 items, each with a price today', async () => {
    const cats = (await call('operator', 'GET', '/api/catalogue/categories')).json();
    expect(cats).toHaveLength(11);
    const items = (await call('caregiver', 'GET', '/api/catalogue/items?pageSize=200')).json();
    expect(items.total).toBeGreaterThanOrEqual(120);
    expect(items.items.every((i: { priceFen: number | null }) => i.priceFen !== null)).toBe(true);
  });

  it('derives the paid (C) class price from the home-care policy discount', async () => {
    const r = await call('admin', 'POST', '/api/catalogue/items', newItem({ name: '测试定价', priceFen: 3333 }));
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ priceFen: 3333, discountPercent: 20, paidPriceFen: 2666 });
  });

  it('refuses negative and fractional fen, naming the field', async () => {
    for (const priceFen of [-100, 12.5]) {
      const r = await call('admin', 'POST', '/api/catalogue/items', newItem({ name: `坏价格${priceFen}`, priceFen }));
      expect(r.statusCode).toBe(400);
      expect(r.json().errors[0].field).toBe('priceFen');
      expect(r.json().errors[0].message).toMatch(/负数|整数/);
    }
    const first = (await call('admin', 'GET', '/api/catalogue/items?pageSize=1')).json().items[0];
    const r = await call('admin', 'POST', `/api/catalogue/items/${first.id}/prices`, {
      effectiveFrom: addDays(today, 10),
      priceFen: -1,
    });
    expect(r.statusCode).toBe(400);
  });

  it('adds a later price, closes the running one, refuses overlaps and keeps history', async () => {
    const item = (await call('admin', 'POST', '/api/catalogue/items', newItem({ name: '测试调价' }))).json();
    const from = addDays(today, 40);
    const add = await call('admin', 'POST', `/api/catalogue/items/${item.id}/prices`, {
      effectiveFrom: from,
      priceFen: 5500,
      note: '年度调价',
    });
    expect(add.statusCode).toBe(201);
    const bounded = await call('admin', 'POST', `/api/catalogue/items/${item.id}/prices`, {
      effectiveFrom: addDays(today, 20),
      effectiveTo: addDays(today, 50),
      priceFen: 5200,
    });
    expect(bounded.statusCode).toBe(409);
    expect(bounded.json().errors[0]).toMatchObject({ field: 'effectiveFrom' });
    expect(bounded.json().detail).toContain('重叠');
    const past = await call('admin', 'POST', `/api/catalogue/items/${item.id}/prices`, {
      effectiveFrom: today,
      priceFen: 5200,
    });
    expect(past.statusCode).toBe(400);
    const detail = (await call('admin', 'GET', `/api/catalogue/items/${item.id}`)).json();
    expect(
      detail.prices.map((p: { effectiveFrom: string; effectiveTo: string | null }) => [p.effectiveFrom, p.effectiveTo]),
    ).toEqual([
      [from, null],
      [today, addDays(from, -1)],
    ]);
    expect(detail.nextPrice).toEqual({ effectiveFrom: from, priceFen: 5500 });
    // The future price can be withdrawn; the one in effect cannot.
    const future = detail.prices[0];
    expect((await call('admin', 'DELETE', `/api/catalogue/prices/${detail.prices[1].id}`)).statusCode).toBe(409);
    expect((await call('admin', 'DELETE', `/api/catalogue/prices/${future.id}`)).statusCode).toBe(200);
    const after = (await call('admin', 'GET', `/api/catalogue/items/${item.id}`)).json();
    expect(after.prices).toHaveLength(1);
    expect(after.prices[0].effectiveTo).toBeNull();
  });

  it('prices a past date with the price of that date', async () => {
    const item = (await call('admin', 'POST', '/api/catalogue/items', newItem({ name: '测试历史价' }))).json();
    await call('admin', 'POST', `/api/catalogue/items/${item.id}/prices`, {
      effectiveFrom: addDays(today, 5),
      priceFen: 8000,
    });
    const later = (await call('admin', 'GET', `/api/catalogue/items?q=测试历史价&date=${addDays(today, 6)}`)).json()
      .items[0];
    const now = (await call('admin', 'GET', `/api/catalogue/items?q=测试历史价&date=${today}`)).json().items[0];
    expect([now.priceFen, later.priceFen]).toEqual([5000, 8000]);
  });

  it('lets only the district change the catalogue, and audits it', async () => {
    expect((await call('operator', 'POST', '/api/catalogue/items', newItem({ name: '话务员加的' }))).statusCode).toBe(
      403,
    );
    expect((await call('street', 'PATCH', '/api/catalogue/items/1', { active: false })).statusCode).toBe(403);
    const r = await call('admin', 'PATCH', '/api/catalogue/items/1', { active: false, durationMinutes: 100 });
    expect(r.json()).toMatchObject({ active: false, durationMinutes: 100 });
    const audit = (await call('admin', 'GET', '/api/audit?entityType=service_item&entityId=1')).json().items[0];
    expect(audit).toMatchObject({ action: 'catalogue.item_update', username: 'admin' });
    expect(audit.before.durationMinutes).toBe(90);
    const dup = await call('admin', 'POST', '/api/catalogue/items', newItem({ name: '理发' }));
    expect(dup.statusCode).toBe(409);
  });
});
