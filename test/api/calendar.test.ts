import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let admin: string;
let community: string;
beforeAll(async () => {
  t = await makeTestApp();
  admin = await t.login('admin');
  community = await t.login('community');
});
afterAll(() => t.close());

describe('working-day calendar', () => {
  it('is seeded with the 2025 and 2026 schedules', async () => {
    const y = (await t.app.inject({ url: '/api/calendar?year=2026', headers: { cookie: community } })).json();
    expect(y.days).toContainEqual({ day: '2026-02-17', kind: 'holiday', name: '春节' });
    expect(y.days).toContainEqual({ day: '2026-02-14', kind: 'workday', name: '春节调休上班' });
    const y25 = (await t.app.inject({ url: '/api/calendar?year=2025', headers: { cookie: community } })).json();
    expect(y25.days.filter((d: { kind: string }) => d.kind === 'workday')).toHaveLength(5);
  });
  it('computes deadlines over it', async () => {
    const r = (
      await t.app.inject({
        url: '/api/calendar/working-days?from=2026-02-13&add=3&to=2026-02-25',
        headers: { cookie: community },
      })
    ).json();
    expect(r).toEqual({ date: '2026-02-25', count: 3 });
  });
  it('lets only the district admin edit it, with sensible checks, audited', async () => {
    const body = { kind: 'holiday', name: '地方节日' };
    expect(
      (
        await t.app.inject({
          method: 'PUT',
          url: '/api/calendar/2026-12-28',
          payload: body,
          headers: { cookie: community },
        })
      ).statusCode,
    ).toBe(403);
    const weekend = await t.app.inject({
      method: 'PUT',
      url: '/api/calendar/2026-12-27',
      payload: body,
      headers: { cookie: admin },
    });
    expect(weekend.statusCode).toBe(400);
    expect(weekend.json().errors[0].field).toBe('kind');
    const bad = await t.app.inject({
      method: 'PUT',
      url: '/api/calendar/2026-13-01',
      payload: body,
      headers: { cookie: admin },
    });
    expect(bad.statusCode).toBe(400);
    const ok = await t.app.inject({
      method: 'PUT',
      url: '/api/calendar/2026-12-28',
      payload: body,
      headers: { cookie: admin },
    });
    expect(ok.json()).toEqual({ day: '2026-12-28', ...body });
    const r = (
      await t.app.inject({ url: '/api/calendar/working-days?from=2026-12-25&add=1', headers: { cookie: community } })
    ).json();
    expect(r.date).toBe('2026-12-29');
    expect(
      (await t.app.inject({ method: 'DELETE', url: '/api/calendar/2026-12-28', headers: { cookie: admin } }))
        .statusCode,
    ).toBe(200);
    const audit = (await t.app.inject({ url: '/api/audit?entityType=calendar', headers: { cookie: admin } })).json();
    expect(audit.items.map((i: { action: string }) => i.action)).toEqual(['calendar.clear', 'calendar.set']);
  });
});
