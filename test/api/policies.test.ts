import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/test-app.js';
import { elderBody, idFor } from '../helpers/elder-fixtures.js';

let t: TestApp;
let admin: string;
let community: string;
beforeAll(async () => {
  t = await makeTestApp();
  admin = await t.login('admin');
  community = await t.login('community');
});
afterAll(() => t.close());

const policies = async () => (await t.app.inject({ url: '/api/policies', headers: { cookie: admin } })).json();

describe('programmes and policy versions', () => {
  it('are seeded from the seed documents, with the 2016 and 2017 特困 standards', async () => {
    const ps = await policies();
    expect(ps.map((p: { code: string }) => p.code).sort()).toEqual([
      'care_subsidy',
      'home_care_subsidy',
      'old_age_allowance',
      'service_voucher',
      'tekun_support',
      'visiting',
    ]);
    const tekun = ps.find((p: { code: string }) => p.code === 'tekun_support');
    expect(
      tekun.versions.map((v: { effectiveFrom: string; effectiveTo: string | null }) => [
        v.effectiveFrom,
        v.effectiveTo,
      ]),
    ).toEqual([
      ['2017-01-01', null],
      ['2016-01-01', '2016-12-31'],
      ['2015-01-01', '2015-12-31'],
      ['2014-01-01', '2014-12-31'],
    ]);
  });

  it("names each default's seed and offers the other places' terms as templates (issue 16)", async () => {
    const ps = await policies();
    const home = ps.find((p: { code: string }) => p.code === 'home_care_subsidy');
    expect(home.versions[0].params.source).toMatchObject({ seed: '002 第5篇', file: '002_5cc534841647101f.txt' });
    expect(home.templates.map((x: { key: string }) => x.key)).toEqual(['lanzhou', 'tianhougong', 'huichang']);
    const lanzhou = home.templates[0].params;
    expect(lanzhou.examples).toEqual(expect.arrayContaining(['class:A1', 'class:A4']));
    // A template adopted as a version keeps its source: it goes through the same validation.
    const adopted = await t.app.inject({
      method: 'POST',
      url: '/api/policies/home_care_subsidy/versions',
      payload: { effectiveFrom: '2031-01-01', params: lanzhou, note: '采用兰州标准' },
      headers: { cookie: admin },
    });
    expect(adopted.statusCode, adopted.body).toBe(201);
    expect(adopted.json().params.source.seed).toBe('000 范文3');
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/policies/home_care_subsidy/versions',
      payload: { effectiveFrom: '2032-01-01', params: { ...lanzhou, examples: ['class:'] } },
      headers: { cookie: admin },
    });
    expect(bad.statusCode).toBe(400);
    await t.app.inject({
      method: 'DELETE',
      url: `/api/policies/versions/${adopted.json().id}`,
      headers: { cookie: admin },
    });
  });

  it('a new version from next January changes next year, not this one, and cannot rewrite the past', async () => {
    const allowance = (await policies()).find((p: { code: string }) => p.code === 'old_age_allowance');
    const current = allowance.versions[0];
    const params = structuredClone(current.params);
    params.classes.find((c: { code: string }) => c.code === '90-99').benefit.amountFen = 15000;
    const past = await t.app.inject({
      method: 'POST',
      url: '/api/policies/old_age_allowance/versions',
      payload: { effectiveFrom: '2026-01-01', params },
      headers: { cookie: admin },
    });
    expect(past.statusCode).toBe(400);
    expect(past.json().errors[0].field).toBe('effectiveFrom');
    const worker = await t.app.inject({
      method: 'POST',
      url: '/api/policies/old_age_allowance/versions',
      payload: { effectiveFrom: '2030-01-01', params },
      headers: { cookie: community },
    });
    expect(worker.statusCode).toBe(403);
    const broken = await t.app.inject({
      method: 'POST',
      url: '/api/policies/old_age_allowance/versions',
      payload: {
        effectiveFrom: '2030-01-01',
        params: {
          ...params,
          classes: [
            {
              code: 'X',
              label: 'x',
              condition: { field: 'age', op: 'gte', value: 'old' },
              benefit: params.classes[0].benefit,
            },
          ],
        },
      },
      headers: { cookie: admin },
    });
    expect(broken.statusCode).toBe(400);
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/policies/old_age_allowance/versions',
      payload: { effectiveFrom: '2030-01-01', params, note: '提高 90 岁以上津贴' },
      headers: { cookie: admin },
    });
    expect(ok.statusCode).toBe(201);
    const after = (await policies()).find((p: { code: string }) => p.code === 'old_age_allowance');
    expect(
      after.versions.map((v: { effectiveFrom: string; effectiveTo: string | null }) => [
        v.effectiveFrom,
        v.effectiveTo,
      ]),
    ).toEqual([
      ['2030-01-01', null],
      [current.effectiveFrom, '2029-12-31'],
    ]);
    // The old version's terms are unchanged.
    expect(after.versions[1].params).toEqual(current.params);
  });
});

describe('cost shares by level (issue 16, point 8)', () => {
  const post = (params: unknown, effectiveFrom = '2033-01-01') =>
    t.app.inject({
      method: 'POST',
      url: '/api/policies/tekun_support/versions',
      payload: { effectiveFrom, params },
      headers: { cookie: admin },
    });
  it('001 L142 「省、市、县、乡“四级联保”」: a version may name four levels; bad shares are refused by field', async () => {
    const tekun = (await policies()).find((p: { code: string }) => p.code === 'tekun_support');
    const params = structuredClone(tekun.versions[0].params);
    const bad = async (costShare: unknown) => {
      const r = await post({ ...params, costShare });
      expect(r.statusCode, r.body).toBe(400);
      return r
        .json()
        .errors.map((e: { field: string; message: string }) => `${e.field} ${e.message}`)
        .join('; ');
    };
    expect(await bad([])).toContain('至少要有一个承担层级');
    expect(
      await bad([
        { level: 'city', parts: 1 },
        { level: 'city', parts: 2 },
      ]),
    ).toContain('同一层级只能出现一次');
    expect(await bad([{ level: 'street', parts: 0 }])).toContain('分担比例不能都为 0');
    expect(await bad([{ level: 'village', parts: 1 }])).toContain('params.costShare.0.level');
    expect(await bad([{ level: 'city', parts: 1.5 }])).toContain('分担份额应为整数');
    const versionsBefore = (await policies()).find((p: { code: string }) => p.code === 'tekun_support').versions;
    expect(versionsBefore).toHaveLength(tekun.versions.length);

    const four = [
      { level: 'province', parts: 1 },
      { level: 'city', parts: 1 },
      { level: 'district', parts: 1 },
      { level: 'street', parts: 1 },
    ];
    const ok = await post({ ...params, costShare: four });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().params.costShare).toEqual(four);
    await t.app.inject({ method: 'DELETE', url: `/api/policies/versions/${ok.json().id}`, headers: { cookie: admin } });
  });
});

describe('eligibility of an elder', () => {
  it('lists every programme with class, benefit and Chinese reasons, by date', async () => {
    const regions = (await t.app.inject({ url: '/api/regions', headers: { cookie: admin } })).json();
    const home = regions.find((r: { name: string }) => r.name === '金塔巷社区');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/elders',
      headers: { cookie: community },
      payload: elderBody(home.id, {
        name: '高龄甲',
        idNumber: idFor('19340101', 141),
        livingFlags: ['alone'],
      }),
    });
    const id = created.json().id;
    const now = (
      await t.app.inject({ url: `/api/elders/${id}/eligibility?date=2026-11-23`, headers: { cookie: community } })
    ).json();
    const byCode = Object.fromEntries(now.items.map((i: { programme: string }) => [i.programme, i]));
    expect(byCode.old_age_allowance).toMatchObject({
      eligible: true,
      classCode: '90-99',
      // 004 模板3:「90―99岁老人每人每月不低于50元」
      benefit: { amountFen: 5000 },
    });
    expect(byCode.visiting).toMatchObject({ eligible: true });
    expect(byCode.tekun_support.eligible).toBe(false);
    expect(byCode.tekun_support.reasons.join()).toContain('不属于特困');
    const future = (
      await t.app.inject({ url: `/api/elders/${id}/eligibility?date=2030-06-01`, headers: { cookie: community } })
    ).json();
    expect(future.items.find((i: { programme: string }) => i.programme === 'old_age_allowance').benefit.amountFen).toBe(
      15000,
    );
    expect(
      (await t.app.inject({ url: `/api/elders/${id}/eligibility`, headers: { cookie: await t.login('community2') } }))
        .statusCode,
    ).toBe(404);
  });
});
