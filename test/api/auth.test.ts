import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { makeTestApp, DEMO_PASSWORD, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

const login = (username: string, password: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });

describe('login and sessions', () => {
  it('sets an httpOnly SameSite cookie and reports the user', async () => {
    const res = await login('street', DEMO_PASSWORD);
    expect(res.statusCode).toBe(200);
    const c = res.cookies.find((x) => x.name === 'yy_session')!;
    expect(c.httpOnly).toBe(true);
    expect(c.sameSite).toBe('Lax');
    expect(res.json()).toMatchObject({ username: 'street', role: 'street_staff', region: { name: '张掖路街道' } });
  });
  it('stores sessions server-side, hashed', async () => {
    const res = await login('operator', DEMO_PASSWORD);
    const token = res.cookies.find((x) => x.name === 'yy_session')!.value;
    const rows = (await t.database.db.execute(sql`select id from sessions`)) as unknown as { rows: { id: string }[] };
    expect(rows.rows.length).toBeGreaterThan(0);
    expect(rows.rows.some((r) => r.id === token)).toBe(false);
  });
  it('logout ends the session', async () => {
    const cookie = await t.login('community');
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(200);
    await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    const after = await t.app.inject({ url: '/api/auth/me', headers: { cookie } });
    expect(after.statusCode).toBe(401);
  });
  it('idle sessions expire', async () => {
    const cookie = await t.login('auditor');
    t.advance(31);
    const res = await t.app.inject({ url: '/api/auth/me', headers: { cookie } });
    expect(res.statusCode).toBe(401);
    expect(res.json().detail).toContain('过期');
  });
  it('a wrong password says so without naming which part was wrong', async () => {
    const res = await login('nobody', 'whatever');
    expect(res.statusCode).toBe(401);
    expect(res.json().detail).toBe('用户名或密码错误');
  });
});

describe('lockout', () => {
  it('locks after 5 failures in 15 minutes, says until when, and lifts after 15 minutes', async () => {
    for (let i = 0; i < 4; i++) expect((await login('nursinghome', 'Wrong#pass1')).statusCode).toBe(401);
    const fifth = await login('nursinghome', 'Wrong#pass1');
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json().detail).toMatch(/已锁定.*\d{2}:\d{2}/);
    // Even the right password is refused while locked.
    expect((await login('nursinghome', DEMO_PASSWORD)).statusCode).toBe(423);
    t.advance(16);
    expect((await login('nursinghome', DEMO_PASSWORD)).statusCode).toBe(200);
  });
  it('an administrator can unlock an account, and it is audited', async () => {
    for (let i = 0; i < 5; i++) await login('community2', 'Wrong#pass1');
    expect((await login('community2', DEMO_PASSWORD)).statusCode).toBe(423);
    const admin = await t.login('admin');
    const list = await t.app.inject({ url: '/api/users?q=community2', headers: { cookie: admin } });
    const user = list.json().items[0];
    expect(user.lockedUntil).not.toBeNull();
    const res = await t.app.inject({ method: 'POST', url: `/api/users/${user.id}/unlock`, headers: { cookie: admin } });
    expect(res.json().lockedUntil).toBeNull();
    expect((await login('community2', DEMO_PASSWORD)).statusCode).toBe(200);
    const audit = await t.app.inject({
      url: `/api/audit?action=user.unlock&entityId=${user.id}`,
      headers: { cookie: admin },
    });
    expect(audit.json().total).toBe(1);
  });
});

describe('own password', () => {
  it('enforces strength, checks the current password and signs other sessions out', async () => {
    const a = await t.login('caregiver');
    const b = await t.login('caregiver');
    const post = (body: object) =>
      t.app.inject({ method: 'POST', url: '/api/auth/password', payload: body, headers: { cookie: a } });
    const weak = await post({ currentPassword: DEMO_PASSWORD, newPassword: 'abc' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().errors[0]).toMatchObject({ field: 'newPassword' });
    expect(weak.json().errors[0].message).toContain('至少 10 位');
    const wrong = await post({ currentPassword: 'nope', newPassword: 'Better#Pass2026' });
    expect(wrong.json().errors[0]).toEqual({ field: 'currentPassword', message: '当前密码不正确' });
    const ok = await post({ currentPassword: DEMO_PASSWORD, newPassword: 'Better#Pass2026' });
    expect(ok.statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie: b } })).statusCode).toBe(401);
    expect((await login('caregiver', 'Better#Pass2026')).statusCode).toBe(200);
  });
});

describe('accounts created by an administrator', () => {
  it('must change the password before doing anything else', async () => {
    const admin = await t.login('admin');
    const regions = (await t.app.inject({ url: '/api/regions', headers: { cookie: admin } })).json();
    const street = regions.find((r: { level: string }) => r.level === 'street');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie: admin },
      payload: {
        username: 'newstaff',
        displayName: '新同事',
        role: 'street_staff',
        regionId: street.id,
        password: 'Temp#Pass2026',
      },
    });
    expect(created.statusCode).toBe(201);
    const cookie = await t.login('newstaff', 'Temp#Pass2026');
    const blocked = await t.app.inject({ url: '/api/regions', headers: { cookie } });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().detail).toContain('修改初始密码');
    await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { cookie },
      payload: { currentPassword: 'Temp#Pass2026', newPassword: 'Mine#Pass2026' },
    });
    const fresh = await t.login('newstaff', 'Mine#Pass2026');
    expect((await t.app.inject({ url: '/api/regions', headers: { cookie: fresh } })).statusCode).toBe(200);
  });
});
