// Issue 15, finding 3 and parts of 12: lockouts an outsider cannot turn against the owner,
// answers that do not tell names apart, parallel guesses held to the limit, the per-address
// request limit, the administrators' alerts, weak new passwords, session touch precision and
// the hourly cap on reveals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { makeTestApp, DEMO_PASSWORD, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp({ elders: 3, config: { sessionIdleMinutes: 1, revealsPerHour: 3 } });
});
afterAll(() => t.close());

const login = (username: string, password: string, ip = '127.0.0.1') =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: ip });
const loginCookie = async (username: string, ip: string) => {
  const res = await login(username, DEMO_PASSWORD, ip);
  expect(res.statusCode).toBe(200);
  return `yy_session=${res.cookies.find((c) => c.name === 'yy_session')!.value}`;
};
const rows = async <T>(q: ReturnType<typeof sql>) =>
  ((await t.database.db.execute(q)) as unknown as { rows: T[] }).rows;
// What a caller sees, without what differs on every request.
const answer = (res: Awaited<ReturnType<typeof login>>) => {
  const { requestId: _, detail, ...rest } = res.json();
  return { status: res.statusCode, ...rest, detail: String(detail).replace(/\d+/g, 'N') };
};

describe('lockout per address', () => {
  it('five bad guesses from one address lock only that address out; the owner elsewhere gets in', async () => {
    for (let i = 0; i < 4; i++) expect((await login('street', 'Wrong#pass1', '203.0.113.7')).statusCode).toBe(401);
    expect((await login('street', 'Wrong#pass1', '203.0.113.7')).statusCode).toBe(423);
    expect((await login('street', DEMO_PASSWORD, '203.0.113.7')).statusCode).toBe(423);
    expect((await login('street', DEMO_PASSWORD, '10.20.30.40')).statusCode).toBe(200);
    // The owner's success elsewhere does not hand the outsider new guesses.
    expect((await login('street', 'Wrong#pass1', '203.0.113.7')).statusCode).toBe(423);
  });

  it('answers an unknown name exactly as a wrong password, to the lock and after', async () => {
    const known: unknown[] = [];
    const unknown: unknown[] = [];
    for (let i = 0; i < 6; i++) {
      known.push(answer(await login('street2', 'Wrong#pass1', '198.51.100.1')));
      unknown.push(answer(await login('no-such-user', 'Wrong#pass1', '198.51.100.1')));
    }
    expect(unknown).toEqual(known);
    expect(known[0]).toMatchObject({ status: 401, detail: '用户名或密码错误' });
    expect(known.map((a) => (a as { status: number }).status)).toEqual([401, 401, 401, 401, 423, 423]);
  });

  it('takes about as long for an unknown name as for a wrong password (a dummy argon2 check)', async () => {
    const time = async (username: string, ip: string) => {
      const start = performance.now();
      await login(username, 'Wrong#pass2', ip);
      return performance.now() - start;
    };
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 3; i++) {
      known.push(await time('community2', `192.0.2.${10 + i}`));
      unknown.push(await time('nobody-here', `192.0.2.${10 + i}`));
    }
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.5);
  });

  it('lets 100 parallel guesses from one address try no more than five passwords', async () => {
    const ip = '203.0.113.99';
    const res = await Promise.all(Array.from({ length: 100 }, () => login('community', 'Wrong#pass1', ip)));
    const codes = res.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 401).length).toBe(4);
    expect(codes.filter((c) => c === 423).length).toBe(96);
    const [{ n }] = await rows<{ n: number }>(
      sql`select count(*)::int as n from login_attempts a join users u on u.id = a.user_id
          where u.username = 'community' and a.ip = ${ip}`,
    );
    expect(n).toBe(5);
    expect((await login('community', DEMO_PASSWORD, '10.20.30.41')).statusCode).toBe(200);
  });

  it('alerts the administrators once when an account fails from many addresses', async () => {
    for (let i = 0; i < 12; i++) await login('auditor', 'Wrong#pass1', `100.64.0.${i}`);
    const admin = await loginCookie('admin', '10.0.0.1');
    const audit = await t.app.inject({ url: '/api/audit?action=auth.login_alert', headers: { cookie: admin } });
    expect(audit.json().total).toBe(1);
    expect(audit.json().items[0]).toMatchObject({ username: 'auditor' });
    // The owner is locked out of nowhere.
    expect((await login('auditor', DEMO_PASSWORD, '10.0.0.2')).statusCode).toBe(200);
  });
});

describe('login request limit', () => {
  it('refuses the 21st login a minute from one address with a Chinese 429, not others', async () => {
    const r = await makeTestApp({ demo: false, config: { loginRatePerMinute: 20 } });
    try {
      const post = (ip: string) =>
        r.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: `u${ip}`, password: 'x' },
          remoteAddress: ip,
        });
      for (let i = 0; i < 20; i++) expect((await post('203.0.113.50')).statusCode).not.toBe(429);
      const over = await post('203.0.113.50');
      expect(over.statusCode).toBe(429);
      expect(over.headers['content-type']).toContain('application/problem+json');
      expect(over.headers['retry-after']).toMatch(/^\d+$/);
      expect(over.json()).toMatchObject({ status: 429, title: '请求过于频繁' });
      expect(over.json().detail).toMatch(/登录尝试过于频繁，请 \d+ 秒后再试/);
      expect((await post('203.0.113.51')).statusCode).toBe(401);
    } finally {
      await r.close();
    }
  });
});

describe('new passwords', () => {
  it('refuses weak ones, naming the field, in Chinese', async () => {
    const cookie = await loginCookie('provider', '10.0.0.3');
    for (const newPassword of ['Password1!', 'Qwerty123!', 'Yiyang@2025', 'Short#1a']) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/auth/password',
        headers: { cookie },
        payload: { currentPassword: DEMO_PASSWORD, newPassword },
      });
      expect(res.statusCode, newPassword).toBe(400);
      expect(res.json().errors[0].field).toBe('newPassword');
      expect(res.json().errors[0].message).toMatch(/密码/);
    }
  });
});

describe('session idle limit', () => {
  it('keeps a session used at 40 s alive at 80 s under a one-minute idle limit', async () => {
    const cookie = await loginCookie('caregiver', '10.0.0.4');
    t.advance(40 / 60);
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(200);
    t.advance(40 / 60);
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(200);
    t.advance(61 / 60);
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);
  });
});

describe('reveals per hour', () => {
  it('allows the configured number in parallel, then refuses with a 429 and one alert for the district', async () => {
    const admin = await loginCookie('admin', '10.0.0.5');
    const operator = await loginCookie('operator', '10.0.0.6');
    const elder = (await t.app.inject({ url: '/api/elders', headers: { cookie: admin } })).json().items[0];
    const reveal = () =>
      t.app.inject({
        method: 'POST',
        url: `/api/elders/${elder.id}/reveal`,
        headers: { cookie: operator },
        payload: { field: 'idNumber', reason: '回访核实身份' },
      });
    const codes = (await Promise.all(Array.from({ length: 8 }, reveal))).map((r) => r.statusCode);
    expect(codes.filter((c) => c === 200)).toHaveLength(3);
    expect(codes.filter((c) => c === 429)).toHaveLength(5);
    const over = await reveal();
    expect(over.statusCode).toBe(429);
    expect(over.json().detail).toContain('一小时内查看完整身份证号或电话已达 3 次上限');
    const audit = (
      await t.app.inject({ url: '/api/audit?action=security.reveal_limit', headers: { cookie: admin } })
    ).json();
    expect(audit.total).toBe(1);
    expect(audit.items[0]).toMatchObject({ username: 'operator' });
    const reveals = (await t.app.inject({ url: '/api/audit?action=elder.reveal', headers: { cookie: admin } })).json();
    expect(reveals.total).toBe(3);
  });
});

// Last: it moves the clock half a year on.
describe('login record retention', () => {
  it('keeps login attempts the six months the law asks, then the daily cleanup deletes them', async () => {
    const count = async () => Number((await rows<{ n: string }>(sql`select count(*) as n from login_attempts`))[0].n);
    const before = await count();
    expect(before).toBeGreaterThan(0);
    t.advance(189 * 24 * 60);
    await t.scheduler.tick();
    expect(await count()).toBe(before);
    await loginCookie('caregiver', '10.0.0.7');
    t.advance(2 * 24 * 60);
    await t.scheduler.tick();
    expect(await count()).toBe(1);
    const runs = (
      await rows<{ result: { loginAttempts: number } }>(
        sql`select result from job_runs where job = 'cleanup' order by started_at desc limit 1`,
      )
    )[0];
    expect(runs.result.loginAttempts).toBe(before);
  });
});
