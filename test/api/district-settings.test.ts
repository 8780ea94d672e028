// The district's settings kept in its dated rules (issue 16): the call centre's hotline and the
// registry's minimum age, each with the seed it comes from.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/test-app.js';
import { shanghaiDate } from '../../src/shared/today.js';
import { addDays } from '../../src/core/calendar/working-days.js';
import { elderBody, idFor } from '../helpers/elder-fixtures.js';

let t: TestApp;
const cookies: Record<string, string> = {};
beforeAll(async () => {
  t = await makeTestApp();
  cookies.admin = await t.login('admin');
});
afterAll(() => t.close());

const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url, payload, headers: { cookie: cookies.admin } });
const currentRules = async () =>
  (await call('GET', '/api/provider-rules')).json().find((r: { inEffect: boolean }) => r.inEffect);
const tomorrow = () => addDays(shanghaiDate(t.deps.clock()), 1);

describe('the hotline is a dated district setting (seed-sources §15)', () => {
  it('refuses a hotline that is not 3–20 digits or hyphens, naming the field in Chinese', async () => {
    const current = await currentRules();
    const bad = await call('POST', '/api/provider-rules', {
      effectiveFrom: tomorrow(),
      params: { ...current.params, callCentre: { ...current.params.callCentre, hotline: '拨打12349' } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toContainEqual({
      field: 'params.callCentre.hotline',
      message: expect.stringContaining('服务热线'),
    });
  });

  it('is 12349 by default (001 L194 「12349居家养老呼叫服务中心」) and 965885 once Lanzhou sets it (000 范文3 L111 「借助“965885”服务系统」), on the public registry too', async () => {
    expect((await t.app.inject({ url: '/api/public/registry' })).json().hotline).toBe('12349');
    const current = await currentRules();
    const created = await call('POST', '/api/provider-rules', {
      effectiveFrom: tomorrow(),
      params: { ...current.params, callCentre: { ...current.params.callCentre, hotline: '965885' } },
      note: '兰州 965885',
    });
    expect(created.statusCode, created.body).toBe(201);
    // Dated: today's registry still gives the number in force today.
    expect((await t.app.inject({ url: '/api/public/registry' })).json().hotline).toBe('12349');
    t.advance(24 * 60);
    expect((await t.app.inject({ url: '/api/public/registry' })).json().hotline).toBe('965885');
  });
});

describe('the registry refuses files below the minimum age (seed-sources §16)', () => {
  let home: number;
  beforeAll(async () => {
    cookies.admin = await t.login('admin'); // the clock moved on in the hotline tests
    const regions = (await call('GET', '/api/regions')).json();
    home = regions.find((r: { name: string }) => r.name === '金塔巷社区').id;
  });

  it('refuses a child born in 2014 — 「凡年满 60 周岁的老年人都将纳入服务范围」 (000 范文3 L129) — naming birthDate and the date', async () => {
    const res = await call('POST', '/api/elders', elderBody(home, { name: '童童', idNumber: idFor('20140302', 31) }));
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toBe('出生日期 2014-03-02：未满 60 周岁，不能建立老人档案');
    expect(res.json().errors).toContainEqual({ field: 'birthDate', message: expect.stringContaining('2014-03-02') });
  });

  it("counts the age on the server's clock date (「60周岁以上」, 002 第5篇 L211), and refuses an edit to a younger ID number", async () => {
    // The server's clock is set to 2031-06-01: someone born 1971-06-01 is 60 there, though not by the wall clock.
    t.setNow(new Date('2031-06-01T02:00:00Z'));
    cookies.admin = await t.login('admin');
    const eve = await call('POST', '/api/elders', elderBody(home, { idNumber: idFor('19710602', 33) }));
    expect(eve.statusCode).toBe(400);
    expect(eve.json().errors).toContainEqual({
      field: 'birthDate',
      message: '出生日期 1971-06-02：未满 60 周岁，不能建立老人档案',
    });
    const ok = await call('POST', '/api/elders', elderBody(home, { idNumber: idFor('19710601', 35) }));
    expect(ok.statusCode, ok.body).toBe(201);
    const edit = await t.app.inject({
      method: 'PUT',
      url: `/api/elders/${ok.json().id}`,
      payload: elderBody(home, { idNumber: idFor('19800101', 37) }),
      headers: { cookie: cookies.admin },
    });
    expect(edit.statusCode).toBe(400);
    expect(edit.json().errors).toContainEqual({ field: 'birthDate', message: expect.stringContaining('1980-01-01') });
    // An edit that leaves the ID number alone is not refused.
    const same = await t.app.inject({
      method: 'PUT',
      url: `/api/elders/${ok.json().id}`,
      payload: { ...elderBody(home, { address: '和平路 2 号' }), idNumber: undefined },
      headers: { cookie: cookies.admin },
    });
    expect(same.statusCode, same.body).toBe(200);
  });

  it('takes the minimum age from the dated district rules', async () => {
    const current = await currentRules();
    const bad = await call('POST', '/api/provider-rules', {
      effectiveFrom: tomorrow(),
      params: { ...current.params, registry: { minAge: 10 } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({
      field: 'params.registry.minAge',
      message: expect.stringContaining('建档最低年龄'),
    });
    const created = await call('POST', '/api/provider-rules', {
      effectiveFrom: tomorrow(),
      params: { ...current.params, registry: { minAge: 65 } },
    });
    expect(created.statusCode, created.body).toBe(201);
    t.advance(24 * 60);
    cookies.admin = await t.login('admin');
    const res = await call('POST', '/api/elders', elderBody(home, { idNumber: idFor('19690101', 39) }));
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toBe('出生日期 1969-01-01：未满 65 周岁，不能建立老人档案');
  });
});
