// The product's jobs through the test app's clock, and the district admin's jobs page API: health
// per job, the run history, a run started by hand (audited), and nobody else may see or run them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { makeTestApp, type TestApp } from '../helpers/test-app.js';
import { auditLog, jobRuns } from '../../src/server/db/schema.js';

let t: TestApp;
let admin: string;
const get = (url: string, cookie = admin) => t.app.inject({ url, headers: { cookie } });

interface Status {
  name: string;
  label: string;
  schedule: string;
  health: 'ok' | 'failed' | 'overdue';
  lastRun: { slot: string; state: string; serverId: string; summary: string | null; error: string | null } | null;
  lastSuccessAt: string | null;
  failures24h: number;
}
const jobs = async () => (await get('/api/jobs')).json().items as Status[];
const byName = (items: Status[], name: string) => items.find((i) => i.name === name)!;
// A jump of the clock ends the session, as it would: log in again at the new time.
const moveTo = async (iso: string) => {
  t.setNow(new Date(iso));
  admin = await t.login('admin');
};

beforeAll(async () => {
  t = await makeTestApp();
  admin = await t.login('admin');
});
afterAll(() => t.close());

describe('the product jobs', () => {
  it('are all overdue before anything ran', async () => {
    const items = await jobs();
    expect(items.map((i) => i.name)).toEqual(
      expect.arrayContaining([
        'sms-outbox',
        'redispatch',
        'sessions',
        'overdue-applications',
        'plan-orders',
        'entitlements',
        'ledger-month',
        'import-sweep',
        'cleanup',
      ]),
    );
    expect(items.every((i) => i.health === 'overdue' && i.lastRun === null)).toBe(true);
  });

  it('run once per slot on the app clock and record what they did', async () => {
    await moveTo('2026-11-30T16:05:00Z'); // 00:05 on 1 December in Shanghai
    await t.scheduler.tick();
    await t.scheduler.tick();
    const runs = await t.database.db.select().from(jobRuns);
    expect(runs.filter((r) => r.state !== 'done').map((r) => [r.job, r.error])).toEqual([]);
    const slots = Object.fromEntries(runs.map((r) => [r.job, r.slot]));
    expect(slots).toMatchObject({
      'ledger-month': 'month:2026-12',
      entitlements: 'day:2026-12-01',
      redispatch: 'minute:2026-12-01T00:05',
      sessions: '10min:2026-12-01T00:00',
    });
    expect(slots['sms-outbox']).toMatch(/^10s:2026-12-01T00:05:/);
    expect(runs.filter((r) => r.job === 'ledger-month')).toHaveLength(1);
    expect(runs.find((r) => r.job === 'ledger-month')!.result).toMatchObject({ month: '2026-12' });

    const items = await jobs();
    expect(items.every((i) => i.health === 'ok')).toBe(true);
    const month = byName(items, 'ledger-month');
    expect(month).toMatchObject({ label: '月度发放与结转', schedule: '每月初', failures24h: 0 });
    expect(month.lastRun).toMatchObject({ slot: 'month:2026-12', state: 'done', serverId: 'test-server' });
    expect(month.lastRun!.summary).toContain('2026-12 发放');
  });

  it('turn overdue when they have not succeeded for about three periods', async () => {
    await moveTo('2026-11-30T16:50:00Z');
    const items = await jobs();
    expect(byName(items, 'redispatch').health).toBe('overdue');
    expect(byName(items, 'sessions').health).toBe('overdue');
    expect(byName(items, 'entitlements').health).toBe('ok');
    expect(byName(items, 'ledger-month').health).toBe('ok');
  });

  it('show a failed run as failed, with its error and the count of failures', async () => {
    await t.database.db.insert(jobRuns).values({
      job: 'entitlements',
      slot: 'day:2026-12-02',
      state: 'failed',
      attempt: 2,
      serverId: 'other-server',
      startedAt: new Date('2026-11-30T16:40:00Z'),
      finishedAt: new Date('2026-11-30T16:41:00Z'),
      leaseUntil: new Date('2026-11-30T16:50:00Z'),
      retryAt: new Date('2026-11-30T16:45:00Z'),
      error: '数据库连接中断',
    });
    const e = byName(await jobs(), 'entitlements');
    expect(e.health).toBe('failed');
    expect(e.failures24h).toBe(2);
    expect(e.lastRun).toMatchObject({ state: 'failed', error: '数据库连接中断', serverId: 'other-server' });
  });
});

describe('the run history', () => {
  it('is paged and filtered by job and state', async () => {
    const all = (await get('/api/jobs/runs?pageSize=5&sort=-id')).json();
    expect(all.items).toHaveLength(5);
    expect(all.total).toBeGreaterThanOrEqual(10);
    const failed = (await get('/api/jobs/runs?state=failed')).json();
    expect(failed.items.map((r: { job: string }) => r.job)).toEqual(['entitlements']);
    const month = (await get('/api/jobs/runs?job=ledger-month')).json();
    expect(month.total).toBe(1);
    expect(month.items[0].summary).toContain('发放');
    expect((await get('/api/jobs/runs?state=lost')).statusCode).toBe(400);
  });
});

describe('a run by hand', () => {
  it('starts the job now in a manual slot, audited', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/jobs/sessions/run', headers: { cookie: admin } });
    expect(res.statusCode).toBe(202);
    const { id, slot } = res.json();
    expect(slot).toMatch(/^manual:2026-11-30T16:50/);
    await t.scheduler.idle();
    const [row] = await t.database.db.select().from(jobRuns).where(eq(jobRuns.id, id));
    expect(row).toMatchObject({ job: 'sessions', state: 'done' });
    const [audit] = await t.database.db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.action} = 'job.run' and ${auditLog.entityId} = 'sessions'`);
    expect(audit).toMatchObject({ username: 'admin', entityType: 'job', after: { slot, runId: id } });
    expect(byName(await jobs(), 'sessions').health).toBe('ok');
  });

  it('refuses an unknown job', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/jobs/nothing/run', headers: { cookie: admin } });
    expect(res.statusCode).toBe(404);
  });
});

describe('only the district admin', () => {
  it('sees and runs jobs', async () => {
    for (const user of ['street', 'community', 'operator', 'provider', 'caregiver', 'nursinghome', 'auditor']) {
      const cookie = await t.login(user);
      expect((await get('/api/jobs', cookie)).statusCode, user).toBe(403);
      expect((await get('/api/jobs/runs', cookie)).statusCode, user).toBe(403);
      const run = await t.app.inject({ method: 'POST', url: '/api/jobs/sessions/run', headers: { cookie } });
      expect(run.statusCode, user).toBe(403);
    }
  });
});
