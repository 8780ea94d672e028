// Issue 16, point 10 — 002 第5篇 L297: 「居家养老服务人员在一个月内有3次被服务对象投诉,或一周内连续两次服务对象
// 不满意的,由街道协调服务组织予以查实后更换服务人员。」 A replacement case opens (by the rule, or by hand on a
// complaint or the elder's request); the street verifies it and records what it found; only a
// verified case replaces the caregiver. Blocking at once is a rules option, off by default.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/test-app.js';
import { orderWorld } from '../helpers/order-fixtures.js';
import { providerRuleVersions } from '../../src/server/db/schema.js';
import { checkReplacement } from '../../src/server/modules/feedback/replacement-check.js';
import { systemActor } from '../../src/server/modules/audit/audit-writer.js';
import { DEFAULT_REPLACEMENT_RULES } from '../../src/core/feedback/replacement.js';
import type { ProviderRules } from '../../src/core/providers/rules.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof orderWorld>>;

beforeAll(async () => {
  t = await makeTestApp();
  w = await orderWorld(t, 641);
});
afterAll(() => t.close());

/** A confirmed order for the elder tomorrow, and whether the demo caregiver is among its candidates. */
async function caregiverOffered(elderId: number, hour: string) {
  const made = await w.call(
    'operator',
    'POST',
    '/api/orders',
    w.order(elderId, { startAt: w.at(hour), endAt: w.at(`${hour.slice(0, 2)}:50`) }),
  );
  if (made.statusCode !== 201) throw new Error(made.body);
  const o = made.json();
  await w.call('operator', 'POST', `/api/orders/${o.id}/actions`, { action: 'confirm' });
  const r = await w.call('operator', 'GET', `/api/orders/${o.id}/candidates`);
  if (r.statusCode !== 200) throw new Error(r.body);
  const cands = r.json();
  return cands.map((x: { caregiverId: number }) => x.caregiverId).includes(w.caregiver.id) as boolean;
}

describe('由街道协调服务组织予以查实后更换服务人员 (002 第5篇 L297)', () => {
  it("a case opened on the elder's request waits for the street; found not verified, it closes with the finding and the caregiver keeps serving her", async () => {
    const elderId = await w.makeElder();
    const opened = await w.call('operator', 'POST', '/api/replacement-cases', {
      elderId,
      caregiverId: w.caregiver.id,
      reason: '老人来电要求更换服务人员，称其态度生硬',
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const c = opened.json();
    expect(c).toMatchObject({
      state: 'open',
      blocking: false,
      reason: expect.stringContaining('人工提出'),
      openedByName: expect.any(String),
    });
    // One live case per pair.
    const twice = await w.call('operator', 'POST', '/api/replacement-cases', {
      elderId,
      caregiverId: w.caregiver.id,
      reason: '再次要求',
    });
    expect(twice.statusCode).toBe(409);
    // Before the street has verified anything, she is still offered.
    expect(await caregiverOffered(elderId, '08:00')).toBe(true);
    const short = await w.call('placestreet', 'POST', `/api/replacement-cases/${c.id}/verify`, {
      verified: false,
      finding: '无',
    });
    expect(short.json().errors[0].field).toBe('finding');
    const v = await w.call('placestreet', 'POST', `/api/replacement-cases/${c.id}/verify`, {
      verified: false,
      finding: '电话回访老人及家属，服务人员态度并无问题，老人同意继续',
    });
    expect(v.statusCode, v.body).toBe(200);
    expect(v.json()).toMatchObject({
      state: 'closed',
      verification: 'unfounded',
      blocking: false,
      verifiedByName: '本街道',
      verifiedAt: expect.any(String),
    });
    expect(await caregiverOffered(elderId, '10:00')).toBe(true);
    // Verified once only.
    expect(
      (
        await w.call('placestreet', 'POST', `/api/replacement-cases/${c.id}/verify`, {
          verified: true,
          finding: '改为属实',
        })
      ).statusCode,
    ).toBe(409);
    const audit = JSON.stringify(
      (await w.call('admin', 'GET', `/api/audit?entityType=replacement_case&entityId=${c.id}`)).json(),
    );
    expect(audit).toContain('replacement.open');
    expect(audit).toContain('replacement.unfounded');
  });

  it('a verified case replaces the caregiver for that elder only', async () => {
    const elderId = await w.makeElder();
    const other = await w.makeElder();
    const c = (
      await w.call('placestreet', 'POST', '/api/replacement-cases', {
        elderId,
        caregiverId: w.caregiver.id,
        reason: '投诉服务人员多次迟到',
      })
    ).json();
    const v = await w.call('placestreet', 'POST', `/api/replacement-cases/${c.id}/verify`, {
      verified: true,
      finding: '查阅签到记录，近一月迟到 4 次，属实',
    });
    expect(v.json()).toMatchObject({ state: 'verified', blocking: true });
    expect(await caregiverOffered(elderId, '12:00')).toBe(false);
    expect(await caregiverOffered(other, '14:00')).toBe(true);
  });

  it('with the rules option blockOnOpen the caregiver is kept away as soon as the case opens (off by default)', async () => {
    expect(DEFAULT_REPLACEMENT_RULES.blockOnOpen).toBe(false);
    const [v] = await t.database.db.select().from(providerRuleVersions);
    const params = v.params as ProviderRules & { callCentre?: Record<string, unknown> };
    await t.database.db.update(providerRuleVersions).set({
      params: {
        ...params,
        callCentre: { ...params.callCentre, replacement: { ...DEFAULT_REPLACEMENT_RULES, blockOnOpen: true } },
      },
    });
    const elderId = await w.makeElder();
    const c = (
      await w.call('operator', 'POST', '/api/replacement-cases', {
        elderId,
        caregiverId: w.caregiver.id,
        reason: '老人要求更换',
      })
    ).json();
    expect(c).toMatchObject({ state: 'open', blocking: true });
    expect(await caregiverOffered(elderId, '16:00')).toBe(false);
    // The rule's own path honours the option too.
    const rows = await t.database.db.transaction((tx) =>
      checkReplacement(
        tx,
        { elderId: elderId, caregiverId: w.caregiver.id, regionId: w.place.regionId },
        { ...DEFAULT_REPLACEMENT_RULES, blockOnOpen: true },
        systemActor(),
        new Date(),
      ),
    );
    expect(rows).toBeNull(); // one live case per pair
  });
});
