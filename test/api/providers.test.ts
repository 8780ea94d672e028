// Providers and caregivers through the API: jurisdiction (a provider sees its own, a caregiver
// itself), registration and review, agreements, areas, ratings, alerts and bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/test-app.js';
import { completeCreditCode } from '../../src/core/providers/credit-code.js';
import { checkDigit } from '../../src/core/elders/idcard.js';
import { addDays } from '../../src/core/calendar/working-days.js';
import { previousQuarter, quarterOf } from '../../src/core/providers/rules.js';
import { shanghaiDate } from '../../src/shared/today.js';

let t: TestApp;
const cookies: Record<string, string> = {};
const today = shanghaiDate();
beforeAll(async () => {
  t = await makeTestApp();
  for (const u of ['admin', 'provider', 'caregiver', 'street', 'street2', 'operator', 'auditor', 'community'])
    cookies[u] = await t.login(u);
});
afterAll(() => t.close());

const call = (user: string, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url, payload, headers: { cookie: cookies[user] } });
const regionId = async (name: string) =>
  (await call('admin', 'GET', '/api/regions')).json().find((r: { name: string }) => r.name === name).id;
const idNumber = (birth: string, seq: number) => {
  const f = `620102${birth}${String(seq).padStart(3, '0')}`;
  return f + checkDigit(f);
};
let seq = 11;
const caregiverBody = (providerId: number, over: object = {}) => ({
  providerId,
  name: '测试护工',
  idNumber: idNumber('19800101', (seq += 2)),
  phone: '13912345678',
  skills: ['bathing', 'personal_care'],
  workDays: [1, 2, 3, 4, 5],
  workStart: '08:00',
  workEnd: '17:00',
  joinedOn: '2024-03-01',
  certificates: [
    {
      kind: 'health',
      number: 'JKZ0001',
      issuer: '城关区疾控中心',
      issuedOn: addDays(today, -30),
      validUntil: addDays(today, 335),
    },
  ],
  ...over,
});
const providerBody = (over: object = {}) => ({
  name: '兰州测试养老服务有限公司',
  kind: 'company',
  creditCode: completeCreditCode('916201027777777' + '7'),
  legalRepresentative: '张三',
  contactName: '李四',
  contactPhone: '0931-8123456',
  address: '城关区测试路 1 号',
  lng: 103.83,
  lat: 36.06,
  description: null,
  licences: [
    {
      kind: 'business_licence',
      number: '91620102TEST',
      issuer: '城关区市场监督管理局',
      validFrom: '2020-01-01',
      validUntil: null,
    },
  ],
  ...over,
});

describe('jurisdiction', () => {
  it('a provider admin sees only its own caregivers', async () => {
    const mine = (await call('provider', 'GET', '/api/caregivers?pageSize=200')).json();
    expect(mine.total).toBeGreaterThan(5);
    const myProvider = mine.items[0].providerId;
    expect(mine.items.every((c: { providerId: number }) => c.providerId === myProvider)).toBe(true);
    const all = (await call('admin', 'GET', '/api/caregivers?pageSize=200&status=all')).json();
    const other = all.items.find((c: { providerId: number }) => c.providerId !== myProvider);
    expect((await call('provider', 'GET', `/api/caregivers/${other.id}`)).statusCode).toBe(404);
    const { providerId: _p, certificates: _c, ...update } = caregiverBody(other.providerId);
    expect((await call('provider', 'PUT', `/api/caregivers/${other.id}`, update)).statusCode).toBe(404);
    expect((await call('admin', 'GET', `/api/caregivers/${other.id}`)).json().name).toBe(other.name);
    expect(
      (
        await call('provider', 'POST', `/api/caregivers/${other.id}/status`, {
          status: 'suspended',
          reason: '越权测试',
        })
      ).statusCode,
    ).toBe(404);
    expect((await call('provider', 'GET', `/api/caregivers?providerId=${other.providerId}`)).json().total).toBe(0);
    // …nor another provider's record.
    expect((await call('provider', 'GET', `/api/providers/${other.providerId}`)).statusCode).toBe(404);
    expect((await call('provider', 'POST', '/api/caregivers', caregiverBody(other.providerId))).statusCode).toBe(400);
  });

  it('a caregiver sees only itself', async () => {
    const list = (await call('caregiver', 'GET', '/api/caregivers?status=all&pageSize=200')).json();
    expect(list.total).toBe(1);
    expect(list.items[0].name).toBe('刘桂兰');
    const others = (await call('provider', 'GET', '/api/caregivers?pageSize=5'))
      .json()
      .items.filter((c: { name: string }) => c.name !== '刘桂兰');
    expect((await call('caregiver', 'GET', `/api/caregivers/${others[0].id}`)).statusCode).toBe(404);
    expect(
      (await call('caregiver', 'POST', '/api/caregivers', caregiverBody(list.items[0].providerId))).statusCode,
    ).toBe(403);
    expect((await call('caregiver', 'GET', '/api/providers')).statusCode).toBe(403);
  });

  it('street staff see the providers registered in their street, the operator all', async () => {
    const street = (await call('street', 'GET', '/api/providers?pageSize=200')).json();
    const zhangye = await regionId('张掖路街道');
    expect(street.items.every((p: { regionId: number }) => p.regionId === zhangye)).toBe(true);
    const all = (await call('operator', 'GET', '/api/providers?pageSize=200')).json();
    expect(all.total).toBeGreaterThanOrEqual(20);
    const elsewhere = all.items.find((p: { regionId: number }) => p.regionId !== zhangye);
    expect((await call('street', 'GET', `/api/providers/${elsewhere.id}`)).statusCode).toBe(404);
  });

  it('read-only roles cannot change providers or caregivers', async () => {
    const p = (await call('admin', 'GET', '/api/providers?pageSize=1')).json().items[0];
    expect((await call('auditor', 'PATCH', `/api/providers/${p.id}`, { contactName: '审计员' })).statusCode).toBe(403);
    expect(
      (
        await call('operator', 'POST', `/api/providers/${p.id}/agreements`, {
          number: 'X-1',
          signedOn: today,
          startDate: today,
          endDate: today,
        })
      ).statusCode,
    ).toBe(403);
    expect((await call('community', 'GET', '/api/caregivers')).statusCode).toBe(403);
  });
});

describe('registration, review and agreements', () => {
  let id: number;
  it('refuses a credit code with a wrong check character, naming the field', async () => {
    const good = completeCreditCode('9162010277777777');
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const r = await call('admin', 'POST', '/api/providers', {
      ...providerBody({ creditCode: bad }),
      regionId: await regionId('城关区'),
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors).toEqual([{ field: 'creditCode', message: expect.stringContaining('校验码') }]);
  });

  it('registers an application, which the district approves once', async () => {
    const r = await call('street', 'POST', '/api/providers', {
      ...providerBody(),
      regionId: await regionId('张掖路街道'),
    });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ status: 'pending', agreementState: null });
    id = r.json().id;
    expect(
      (await call('street', 'POST', `/api/providers/${id}/review`, { decision: 'approve', note: '同意' })).statusCode,
    ).toBe(403);
    const dup = await call('admin', 'POST', '/api/providers', {
      ...providerBody({ name: '同码另一家公司' }),
      regionId: await regionId('城关区'),
    });
    expect(dup.statusCode).toBe(409);
    // Two reviewers at the same moment: one review counts.
    const both = await Promise.all([
      call('admin', 'POST', `/api/providers/${id}/review`, { decision: 'approve', note: '材料齐全' }),
      call('admin', 'POST', `/api/providers/${id}/review`, { decision: 'approve', note: '重复点击' }),
    ]);
    expect(both.map((x) => x.statusCode).sort()).toEqual([200, 409]);
  });

  it('signs an agreement and refuses an overlapping one', async () => {
    const [review] = (await call('admin', 'GET', `/api/audit?entityType=provider&entityId=${id}`)).json().items;
    expect(review.action).toBe('provider.approve');
    expect(
      (await call('admin', 'GET', `/api/audit?entityType=provider&entityId=${id}&action=provider.approve`)).json()
        .total,
    ).toBe(1);
    const sign = await call('admin', 'POST', `/api/providers/${id}/agreements`, {
      number: 'CGMZ-TEST-001',
      signedOn: today,
      startDate: today,
      endDate: addDays(today, 20),
    });
    expect(sign.statusCode).toBe(200);
    expect(sign.json().agreementState).toBe('active');
    const overlap = await call('admin', 'POST', `/api/providers/${id}/agreements`, {
      number: 'CGMZ-TEST-002',
      signedOn: today,
      startDate: addDays(today, 10),
      endDate: addDays(today, 400),
    });
    expect(overlap.statusCode).toBe(409);
    const backwards = await call('admin', 'POST', `/api/providers/${id}/agreements`, {
      number: 'CGMZ-TEST-003',
      signedOn: today,
      startDate: addDays(today, 30),
      endDate: addDays(today, 29),
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().errors[0].field).toBe('endDate');
    // Ending within 30 days puts it on the alert page.
    const alerts = (await call('admin', 'GET', '/api/providers/alerts')).json();
    expect(alerts.items).toContainEqual(
      expect.objectContaining({ kind: 'agreement', providerId: id, state: 'expiring', daysLeft: 20 }),
    );
    const suspend = await call(
      'admin',
      'POST',
      `/api/providers/${id}/agreements/${sign.json().agreements[0].id}/status`,
      { status: 'suspended', reason: '整改' },
    );
    expect(suspend.json().agreementState).toBe('suspended');
  });

  it('refuses an application that names a village as its region or an affiliate as parent', async () => {
    const village = (await call('admin', 'GET', '/api/regions'))
      .json()
      .find((r: { level: string }) => r.level === 'community');
    const r = await call('admin', 'POST', '/api/providers', {
      ...providerBody({ creditCode: completeCreditCode('9162010288888888') }),
      regionId: village.id,
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors[0].field).toBe('regionId');
    const affiliate = (await call('admin', 'GET', '/api/providers?pageSize=200'))
      .json()
      .items.find((p: { parentId: number | null }) => p.parentId !== null);
    const r2 = await call('admin', 'POST', '/api/providers', {
      ...providerBody({ creditCode: completeCreditCode('9162010299999999'), parentId: affiliate.id }),
      regionId: await regionId('城关区'),
    });
    expect(r2.statusCode).toBe(400);
    expect(r2.json().errors[0].field).toBe('parentId');
  });
});

describe('service points and areas', () => {
  let pid: number;
  beforeAll(async () => {
    pid = (await call('provider', 'GET', '/api/caregivers?pageSize=1')).json().items[0].providerId;
  });
  const point = (area: object) => ({ name: '测试服务站', address: '城关区测试路 8 号', lng: 103.84, lat: 36.06, area });

  it('refuses a radius of 0, of 500 km and beyond the district limit', async () => {
    for (const radiusM of [0, 500_000, 50_000]) {
      const r = await call('provider', 'POST', `/api/providers/${pid}/points`, point({ kind: 'radius', radiusM }));
      expect(r.statusCode).toBe(400);
      expect(r.json().errors[0].field).toBe('area.radiusM');
    }
  });

  it('refuses a polygon that is not closed or crosses itself', async () => {
    const open = await call(
      'provider',
      'POST',
      `/api/providers/${pid}/points`,
      point({
        kind: 'polygon',
        ring: [
          [103.8, 36.05],
          [103.82, 36.05],
          [103.82, 36.07],
          [103.8, 36.07],
        ],
      }),
    );
    expect(open.statusCode).toBe(400);
    expect(open.json().errors[0]).toEqual({ field: 'area.ring', message: expect.stringContaining('未闭合') });
    const crossed = await call(
      'provider',
      'POST',
      `/api/providers/${pid}/points`,
      point({
        kind: 'polygon',
        ring: [
          [103.8, 36.05],
          [103.82, 36.07],
          [103.82, 36.05],
          [103.8, 36.07],
          [103.8, 36.05],
        ],
      }),
    );
    expect(crossed.statusCode).toBe(400);
  });

  it('adds a polygon area that the registry then finds for a community inside it', async () => {
    const community = (await t.app.inject({ url: '/api/public/registry' })).json().communities[0];
    const regions = (await call('admin', 'GET', '/api/regions')).json();
    const c = regions.find((r: { id: number }) => r.id === community.id);
    const d = 0.001;
    const ring = [
      [c.centerLng - d, c.centerLat - d],
      [c.centerLng + d, c.centerLat - d],
      [c.centerLng + d, c.centerLat + d],
      [c.centerLng - d, c.centerLat + d],
      [c.centerLng - d, c.centerLat - d],
    ];
    const r = await call('provider', 'POST', `/api/providers/${pid}/points`, {
      ...point({ kind: 'polygon', ring }),
      lng: c.centerLng,
      lat: c.centerLat,
    });
    expect(r.statusCode).toBe(200);
    const reg = (await t.app.inject({ url: `/api/public/registry?communityId=${community.id}` })).json();
    expect(reg.providers.map((p: { id: number }) => p.id)).toContain(pid);
    expect(JSON.stringify(reg)).not.toMatch(/idMasked|phoneMasked|creditCode/);
    // The call centre's number, the district's setting: 12349 by default (001 L194 「12349居家养老呼叫服务中心」).
    expect(reg.hotline).toBe('12349');
    // Each provider's own agreement end, not one shared by all.
    for (const listed of reg.providers) {
      const detail = (await call('admin', 'GET', `/api/providers/${listed.id}`)).json();
      expect(listed.agreementEnd).toBe(detail.agreementEnd);
    }
  });

  it('offers only existing, active catalogue items', async () => {
    const r = await call('provider', 'PUT', `/api/providers/${pid}/items`, { itemIds: [1, 2, 999999] });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors[0].field).toBe('itemIds');
    const ok = await call('provider', 'PUT', `/api/providers/${pid}/items`, { itemIds: [2, 3] });
    expect(ok.json().items.map((i: { id: number }) => i.id)).toEqual([2, 3]);
  });
});

describe('quarterly rating', () => {
  it('rates a finished quarter once, adjusts radii and keeps the history', async () => {
    const provider = (await call('admin', 'GET', '/api/providers?pageSize=200'))
      .json()
      .items.find((p: { status: string; pointCount: number }) => p.status === 'approved' && p.pointCount > 0);
    const before = (await call('admin', 'GET', `/api/providers/${provider.id}`)).json();
    const radiusPoint = before.points.find((p: { areaKind: string }) => p.areaKind === 'radius');
    // A quarter the demo has not rated: three back.
    const quarter = previousQuarter(previousQuarter(previousQuarter(quarterOf(today))));
    const body = {
      quarter,
      inputs: [
        {
          providerId: provider.id,
          ratings: { very_satisfied: 10, satisfied: 10, basic: 10, unsatisfied: 20 },
          verifiedOrders: 60,
          upheldComplaints: 3,
        },
      ],
    };
    const first = await call('admin', 'POST', '/api/providers/evaluations', body);
    expect(first.json()).toEqual({ created: 1, skipped: 0 });
    expect((await call('admin', 'POST', '/api/providers/evaluations', body)).json()).toEqual({
      created: 0,
      skipped: 1,
    });
    const after = (await call('admin', 'GET', `/api/providers/${provider.id}`)).json();
    const ev = after.evaluations.find((e: { quarter: string }) => e.quarter === quarter);
    expect(ev.score).toBe(24); // (1000 + 850 + 600 + 0) / 50 = 49, less 5 per 100 × 5 = 25
    expect(ev.factor).toBe(0.5);
    if (radiusPoint) {
      const p = after.points.find((x: { id: number }) => x.id === radiusPoint.id);
      expect(p.radiusM).toBe(Math.max(500, Math.round(radiusPoint.agreedRadiusM * 0.5)));
    }
    const current = await call('admin', 'POST', '/api/providers/evaluations', { ...body, quarter: quarterOf(today) });
    expect(current.statusCode).toBe(400);
    expect((await call('provider', 'POST', '/api/providers/evaluations', body)).statusCode).toBe(403);
  });
});

describe('caregivers', () => {
  let providerId: number;
  beforeAll(async () => {
    providerId = (await call('provider', 'GET', '/api/caregivers?pageSize=1')).json().items[0].providerId;
  });

  it('refuses a certificate expiring before it was issued, and a caregiver without a health certificate', async () => {
    const r = await call(
      'provider',
      'POST',
      '/api/caregivers',
      caregiverBody(providerId, {
        certificates: [
          { kind: 'health', number: 'JKZ0002', issuer: '疾控中心', issuedOn: '2026-05-01', validUntil: '2026-04-01' },
        ],
      }),
    );
    expect(r.statusCode).toBe(400);
    expect(r.json().errors).toContainEqual({ field: 'certificates.0.validUntil', message: '有效期至不能早于发证日期' });
    const none = await call('provider', 'POST', '/api/caregivers', caregiverBody(providerId, { certificates: [] }));
    expect(none.statusCode).toBe(400);
    expect(none.json().errors[0].field).toBe('certificates');
    const badId = await call(
      'provider',
      'POST',
      '/api/caregivers',
      caregiverBody(providerId, { idNumber: '620102198001010010' }),
    );
    expect(badId.statusCode).toBe(400);
    expect(badId.json().errors[0].field).toBe('idNumber');
    const hours = await call(
      'provider',
      'POST',
      '/api/caregivers',
      caregiverBody(providerId, { workStart: '18:00', workEnd: '08:00' }),
    );
    expect(hours.json().errors[0].field).toBe('workEnd');
  });

  it('records a caregiver with masked, encrypted personal data and an audited reveal', async () => {
    const body = caregiverBody(providerId);
    const r = await call('provider', 'POST', '/api/caregivers', body);
    expect(r.statusCode).toBe(201);
    const c = r.json();
    expect(c).toMatchObject({
      idMasked: `${body.idNumber[0]}${'*'.repeat(16)}${body.idNumber[17]}`,
      phoneMasked: '139****5678',
      dispatchable: true,
    });
    expect(JSON.stringify(c)).not.toContain(body.idNumber);
    const again = await call('admin', 'POST', '/api/caregivers', { ...body, providerId });
    expect(again.statusCode).toBe(409);
    expect(again.json().errors[0].field).toBe('idNumber');
    const reveal = await call('provider', 'POST', `/api/caregivers/${c.id}/reveal`, {
      field: 'idNumber',
      reason: '核对身份',
    });
    expect(reveal.json().value).toBe(body.idNumber);
    const audit = (await call('admin', 'GET', `/api/audit?entityType=caregiver&entityId=${c.id}`)).json().items;
    expect(audit.map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining(['caregiver.create', 'caregiver.reveal']),
    );
    expect(JSON.stringify(audit)).not.toContain(body.idNumber);
  });

  it('takes back someone who left as a new record, and answers two identical registrations with one 201 and one 409', async () => {
    const body = caregiverBody(providerId);
    const first = (await call('provider', 'POST', '/api/caregivers', body)).json();
    await call('provider', 'POST', `/api/caregivers/${first.id}/status`, { status: 'left', reason: '合同到期' });
    const again = await call('provider', 'POST', '/api/caregivers', body);
    expect(again.statusCode).toBe(201);
    expect(again.json().id).not.toBe(first.id);
    const twin = caregiverBody(providerId);
    const both = await Promise.all([
      call('provider', 'POST', '/api/caregivers', twin),
      call('provider', 'POST', '/api/caregivers', twin),
    ]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const listed = (await call('provider', 'GET', `/api/caregivers?q=${twin.idNumber}`)).json();
    expect(listed.total).toBe(1);
  });

  it('is not dispatchable once the health certificate lapses, and shows on the alerts 30 days before', async () => {
    const c = (
      await call(
        'provider',
        'POST',
        '/api/caregivers',
        caregiverBody(providerId, {
          certificates: [
            {
              kind: 'health',
              number: 'JKZ0003',
              issuer: '疾控中心',
              issuedOn: addDays(today, -340),
              validUntil: addDays(today, 25),
            },
          ],
        }),
      )
    ).json();
    expect(c).toMatchObject({ healthExpiry: 'expiring', dispatchable: true });
    const alerts = (await call('provider', 'GET', '/api/providers/alerts')).json();
    expect(alerts.items).toContainEqual(
      expect.objectContaining({ kind: 'certificate', caregiverId: c.id, daysLeft: 25 }),
    );
    expect(alerts.items.every((a: { providerId: number }) => a.providerId === providerId)).toBe(true);
    t.advance(26 * 24 * 60);
    // Sessions end after 30 idle minutes; 26 days later everyone logs in again.
    for (const u of ['admin', 'provider']) cookies[u] = await t.login(u);
    try {
      const later = (await call('admin', 'GET', `/api/caregivers/${c.id}`)).json();
      expect(later).toMatchObject({ healthExpiry: 'expired', dispatchable: false });
      expect(later.blockers[0]).toContain('健康证');
      // A renewed certificate clears it.
      const renewed = await call('provider', 'POST', `/api/caregivers/${c.id}/certificates`, {
        kind: 'health',
        number: 'JKZ0004',
        issuer: '疾控中心',
        issuedOn: addDays(today, 26),
        validUntil: addDays(today, 390),
      });
      expect(renewed.json()).toMatchObject({ dispatchable: true, healthExpiry: 'valid' });
    } finally {
      t.advance(-26 * 24 * 60);
      for (const u of ['admin', 'provider']) cookies[u] = await t.login(u);
    }
  });

  it('stores a photo checked by content', async () => {
    const c = (await call('provider', 'GET', '/api/caregivers?pageSize=5'))
      .json()
      .items.find((x: { name: string }) => x.name !== '刘桂兰');
    const png = Buffer.from(
      '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da636060f80f0001040100a0f3b8f30000000049454e44ae426082',
      'hex',
    );
    const put = await t.app.inject({
      method: 'PUT',
      url: `/api/caregivers/${c.id}/photo`,
      payload: png,
      headers: { cookie: cookies.provider, 'content-type': 'image/png' },
    });
    expect(put.statusCode).toBe(200);
    const get = await t.app.inject({ url: `/api/caregivers/${c.id}/photo`, headers: { cookie: cookies.caregiver } });
    expect(get.statusCode).toBe(404); // a caregiver sees only its own record, photo included
    const mine = await t.app.inject({ url: `/api/caregivers/${c.id}/photo`, headers: { cookie: cookies.provider } });
    expect(mine.rawPayload.equals(png)).toBe(true);
    const html = await t.app.inject({
      method: 'PUT',
      url: `/api/caregivers/${c.id}/photo`,
      payload: Buffer.from('<html></html>'),
      headers: { cookie: cookies.provider, 'content-type': 'image/png' },
    });
    expect(html.statusCode).toBe(415);
  });

  it("leaving disables the caregiver's login and is final", async () => {
    const me = (await call('caregiver', 'GET', '/api/caregivers')).json().items[0];
    const r = await call('provider', 'POST', `/api/caregivers/${me.id}/status`, { status: 'left', reason: '本人辞职' });
    expect(r.json().status).toBe('left');
    expect((await call('caregiver', 'GET', '/api/caregivers')).statusCode).toBe(401);
    expect(
      (await call('provider', 'POST', `/api/caregivers/${me.id}/status`, { status: 'active', reason: '返聘' }))
        .statusCode,
    ).toBe(409);
  });
});

describe('certification report', () => {
  it("gives each provider's rate against the 70% target", async () => {
    const r = (await call('admin', 'GET', '/api/providers/certification')).json();
    expect(r.targetPercent).toBe(70);
    expect(r.items.length).toBeGreaterThan(10);
    const sum = r.items.reduce((s: number, i: { active: number }) => s + i.active, 0);
    expect(r.total.active).toBe(sum);
    const mine = (await call('provider', 'GET', '/api/providers/certification')).json();
    expect(mine.items).toHaveLength(1);
  });
});
