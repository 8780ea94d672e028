// For each role: what it may do succeeds; everything else is 403, or 404/empty for data
// outside its jurisdiction — never someone else's data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { makeTestApp, type TestApp } from '../helpers/test-app.js';
import { ROLES, type Role } from '../../src/core/roles.js';

interface RegionDto {
  id: number;
  parentId: number | null;
  level: string;
  code: string;
  name: string;
}

let t: TestApp;
const cookies = {} as Record<string, string>;
let all: RegionDto[];
const byName = (name: string) => all.find((r) => r.name === name)!;
const subtreeOf = (id: number): number[] => [
  id,
  ...all.filter((r) => r.parentId === id).flatMap((r) => subtreeOf(r.id)),
];

const USERNAME: Record<Role, string> = {
  district_admin: 'admin',
  street_staff: 'street',
  community_worker: 'community',
  operator: 'operator',
  provider_admin: 'provider',
  caregiver: 'caregiver',
  nursing_home_admin: 'nursinghome',
  auditor: 'auditor',
};

beforeAll(async () => {
  t = await makeTestApp();
  for (const u of [...Object.values(USERNAME), 'street2', 'community2']) cookies[u] = await t.login(u);
  all = (await t.app.inject({ url: '/api/regions', headers: { cookie: cookies.admin } })).json();
});
afterAll(() => t.close());

const get = (user: string, url: string) => t.app.inject({ url, headers: { cookie: cookies[user] } });
const send = (user: string, method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url, payload, headers: { cookie: cookies[user] } });

// Expected region subtree root per role (null: no region access at all).
const regionRoot: Record<Role, string | null> = {
  district_admin: '城关区',
  street_staff: '张掖路街道',
  community_worker: '金塔巷社区',
  operator: '城关区',
  provider_admin: null,
  caregiver: null,
  // The nursing-home head reads no region's files until the home's own records exist.
  nursing_home_admin: null,
  auditor: '城关区',
};
const can = {
  regionWrite: ['district_admin'],
  userRead: ['district_admin', 'street_staff', 'auditor'],
  userWrite: ['district_admin'],
  auditRead: ['district_admin', 'auditor'],
} as Record<string, readonly Role[]>;

describe.each(ROLES.map((r) => [r]))('role %s', (role: Role) => {
  const user = USERNAME[role];

  it('sees exactly its region subtree, or nothing', async () => {
    const res = await get(user, '/api/regions');
    const root = regionRoot[role];
    if (!root) return expect(res.statusCode).toBe(403);
    expect(res.statusCode).toBe(200);
    all = (await get('admin', '/api/regions')).json();
    const ids = res
      .json()
      .map((r: RegionDto) => r.id)
      .sort();
    expect(ids).toEqual(subtreeOf(byName(root).id).sort());
  });

  it('cannot open a region of another street', async () => {
    const other = byName('酒泉路街道');
    const res = await get(user, `/api/regions/${other.id}`);
    const root = regionRoot[role];
    const inside = root !== null && subtreeOf(byName(root).id).includes(other.id);
    expect(res.statusCode).toBe(inside ? 200 : root ? 404 : 403);
  });

  it('creates and edits regions only with region.write', async () => {
    const parent = byName('张掖路街道');
    const code = `${parent.code.slice(0, 9)}${String(900 + ROLES.indexOf(role)).padStart(3, '0')}`;
    const res = await send(user, 'POST', '/api/regions', { parentId: parent.id, code, name: `测试社区${role}` });
    expect(res.statusCode).toBe(can.regionWrite.includes(role) ? 201 : 403);
    const patch = await send(user, 'PATCH', `/api/regions/${parent.id}`, { name: '张掖路街道' });
    expect(patch.statusCode).toBe(can.regionWrite.includes(role) ? 200 : 403);
  });

  it('lists accounts only inside its jurisdiction', async () => {
    const res = await get(user, '/api/users?pageSize=200');
    if (!can.userRead.includes(role)) return expect(res.statusCode).toBe(403);
    const items: { username: string; regionId: number | null }[] = res.json().items;
    const names = items.map((u) => u.username);
    if (role === 'street_staff') {
      all = (await get('admin', '/api/regions')).json();
      const mine = subtreeOf(byName('张掖路街道').id);
      expect(items.every((u) => u.regionId !== null && mine.includes(u.regionId))).toBe(true);
      expect(names).toEqual(expect.arrayContaining(['community', 'street']));
      expect(names).not.toContain('street2');
      expect(names).not.toContain('community2');
      const other = (await get('admin', '/api/users?q=street2')).json().items[0];
      expect((await get(user, `/api/users/${other.id}`)).statusCode).toBe(404);
    } else {
      expect(names).toEqual(expect.arrayContaining(['admin', 'street2', 'community2', 'provider', 'caregiver']));
    }
  });

  it('creates accounts only with user.write', async () => {
    const street = byName('张掖路街道');
    const res = await send(user, 'POST', '/api/users', {
      username: `u_${role}`,
      displayName: '测试用户',
      role: 'street_staff',
      regionId: street.id,
      password: 'Strong#Pass2026',
    });
    expect(res.statusCode).toBe(can.userWrite.includes(role) ? 201 : 403);
  });

  it('reads the catalogue, providers and caregivers as its permissions say, and sees only its own', async () => {
    expect((await get(user, '/api/catalogue/items?pageSize=1')).statusCode).toBe(200);
    const providers = await get(user, '/api/providers?pageSize=200');
    const canProviders = ['district_admin', 'street_staff', 'operator', 'provider_admin', 'auditor'].includes(role);
    expect(providers.statusCode).toBe(canProviders ? 200 : 403);
    if (role === 'provider_admin') expect(providers.json().total).toBe(1);
    if (role === 'operator' || role === 'auditor' || role === 'district_admin')
      expect(providers.json().total).toBeGreaterThanOrEqual(30);
    const caregivers = await get(user, '/api/caregivers?pageSize=200&status=all');
    const canCaregivers = [
      'district_admin',
      'street_staff',
      'operator',
      'provider_admin',
      'caregiver',
      'auditor',
    ].includes(role);
    expect(caregivers.statusCode).toBe(canCaregivers ? 200 : 403);
    if (role === 'caregiver') expect(caregivers.json().total).toBe(1);
    const write = await send(user, 'POST', '/api/catalogue/items', {
      categoryCode: 'meals',
      name: `矩阵测试${role}`,
      content: '矩阵测试项目',
      unit: 'meal',
      durationMinutes: 10,
      subsidyEligible: false,
      priceFen: 100,
      priceFrom: '2099-01-01',
    });
    expect(write.statusCode).toBe(role === 'district_admin' ? 201 : 403);
  });

  it("reaches the call centre's lists and desks as its role says", async () => {
    const regionBound = regionRoot[role] !== null;
    const reads = [
      'district_admin',
      'street_staff',
      'community_worker',
      'operator',
      'provider_admin',
      'caregiver',
      'auditor',
    ].includes(role);
    // What elders said about caregivers by name, and the provider's vouchers: not for a caregiver.
    const feedback = reads && role !== 'caregiver';
    for (const url of ['/api/complaints', '/api/replacement-cases', '/api/plans', '/api/callbacks']) {
      const res = await get(user, url);
      // Lists of region-bound records answer a provider-bound caller with nothing, never with others' rows.
      expect(res.statusCode, url).toBe(url === '/api/plans' ? (reads ? 200 : 403) : feedback ? 200 : 403);
      if (feedback && !regionBound && url !== '/api/complaints' && url !== '/api/replacement-cases')
        expect(res.json().total, url).toBe(0);
    }
    expect((await get(user, '/api/vouchers')).statusCode).toBe(feedback ? 200 : 403);
    const console = await get(user, '/api/console');
    expect(console.statusCode).toBe(reads ? (regionBound ? 200 : 403) : 403);
    expect((await send(user, 'POST', '/api/callbacks/999999', { outcome: 'no_answer' })).statusCode).toBe(
      ['district_admin', 'operator'].includes(role) ? 404 : 403,
    );
    expect(
      (
        await send(user, 'POST', '/api/complaints', {
          elderId: 999999,
          channel: 'call',
          assignee: 'street',
          content: '矩阵测试投诉',
        })
      ).statusCode,
    ).toBe(['district_admin', 'street_staff', 'operator', 'provider_admin'].includes(role) ? 404 : 403);
    expect(
      (
        await send(user, 'POST', '/api/plans', {
          elderId: 999999,
          lines: [{ itemId: 1, quantity: 1 }],
          weekdays: [1],
          startTime: '09:00',
          endTime: '10:00',
          startsOn: '2099-01-01',
        })
      ).statusCode,
    ).toBe(['district_admin', 'street_staff', 'operator'].includes(role) ? 404 : 403);
    expect(
      (
        await send(user, 'POST', '/api/orders/999999/review', {
          decision: 'accept',
          resolutionCode: 'accepted_evidence',
          note: '矩阵测试',
        })
      ).statusCode,
    ).toBe(['district_admin', 'street_staff', 'provider_admin'].includes(role) ? 404 : 403);
    expect((await send(user, 'POST', '/api/console/test-call', { caller: '13900000000' })).statusCode).toBe(
      ['district_admin', 'operator'].includes(role) ? 202 : 403,
    );
  });

  it('reads the audit trail only with audit.read', async () => {
    const res = await get(user, '/api/audit');
    expect(res.statusCode).toBe(can.auditRead.includes(role) ? 200 : 403);
  });

  it('sees and runs the scheduled jobs only with job.manage (the district admin)', async () => {
    const admin = role === 'district_admin';
    expect((await get(user, '/api/jobs')).statusCode).toBe(admin ? 200 : 403);
    expect((await get(user, '/api/jobs/runs')).statusCode).toBe(admin ? 200 : 403);
    // An unknown job: the permission is checked first, and nothing runs.
    expect((await send(user, 'POST', '/api/jobs/no-such-job/run')).statusCode).toBe(admin ? 404 : 403);
  });
});

describe('a second street and community see only their own', () => {
  it('street2 sees none of 张掖路街道', async () => {
    const ids = (await get('street2', '/api/regions')).json().map((r: RegionDto) => r.id);
    expect(ids).not.toContain(byName('张掖路街道').id);
    expect(ids).toContain(byName('酒泉路街道').id);
  });
  it('community2 cannot read the first community', async () => {
    expect((await get('community2', `/api/regions/${byName('金塔巷社区').id}`)).statusCode).toBe(404);
  });
  it("an administrator cannot bind a user outside the role's level", async () => {
    const res = await send('admin', 'POST', '/api/users', {
      username: 'wronglevel',
      displayName: '错误层级',
      role: 'community_worker',
      regionId: byName('酒泉路街道').id,
      password: 'Strong#Pass2026',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('regionId');
  });
});

describe('audit trail', () => {
  it('records who changed what, with before and after values', async () => {
    const street = byName('白银路街道');
    await send('admin', 'PATCH', `/api/regions/${street.id}`, { name: '白银路街道（改）' });
    const res = await get('auditor', `/api/audit?entityType=region&entityId=${street.id}`);
    const row = res.json().items[0];
    expect(row).toMatchObject({ username: 'admin', action: 'region.update' });
    expect(row.before.name).toBe('白银路街道');
    expect(row.after.name).toBe('白银路街道（改）');
    expect(row.ip).toBeTruthy();
  });
  it('never stores password hashes', async () => {
    const res = await get('admin', '/api/audit?action=user.create');
    expect(res.json().items.length).toBeGreaterThan(0);
    expect(JSON.stringify(res.json())).not.toContain('argon2');
  });
  it('cannot be changed or deleted, even with SQL', async () => {
    await expect(t.database.db.execute(sql`update audit_log set action = 'x'`)).rejects.toThrow();
    await expect(t.database.db.execute(sql`delete from audit_log`)).rejects.toThrow();
    const res = await t.app.inject({ method: 'DELETE', url: '/api/audit', headers: { cookie: cookies.admin } });
    expect(res.statusCode).toBe(404);
  });
});
