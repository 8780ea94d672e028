// The district's settings kept in its dated rules (issue 16): the call centre's hotline and the
// registry's minimum age, each with the seed it comes from.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/test-app.js';
import { shanghaiDate } from '../../src/shared/today.js';
import { addDays } from '../../src/core/calendar/working-days.js';

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
