// Issue 16, point 13 — 002 第5篇 L295: 「居家养老服务实行合同化管理,各街道要与养老服务组织或家政服务公司签订服务
// 协议,明确各方责任义务及服务项目标准。」 A street signs service agreements with the providers of its own
// street (agreement.sign), not another street's; the district signs for any. The signing party is
// recorded and shown, and only it (or the district) changes the agreement.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/test-app.js';
import { completeCreditCode } from '../../src/core/providers/credit-code.js';
import { addDays } from '../../src/core/calendar/working-days.js';
import { shanghaiDate } from '../../src/shared/today.js';

let t: TestApp;
const cookies: Record<string, string> = {};
const today = shanghaiDate();
beforeAll(async () => {
  t = await makeTestApp();
  for (const u of ['admin', 'street', 'street2', 'operator']) cookies[u] = await t.login(u);
});
afterAll(() => t.close());

const call = (user: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url, payload, headers: { cookie: cookies[user] } });
const me = async (user: string) =>
  (await call(user, 'GET', '/api/auth/me')).json().region as { id: number; name: string };

/** A provider registered in a street, approved by the district. */
async function provider(user: string, name: string, code: string) {
  const region = await me(user);
  const r = await call(user, 'POST', '/api/providers', {
    name,
    kind: 'company',
    creditCode: completeCreditCode(code),
    legalRepresentative: '张三',
    contactName: '李四',
    contactPhone: '0931-8123456',
    address: '城关区测试路 9 号',
    lng: 103.83,
    lat: 36.06,
    description: null,
    regionId: region.id,
    licences: [
      {
        kind: 'business_licence',
        number: `LIC-${code}`,
        issuer: '城关区市场监督管理局',
        validFrom: '2020-01-01',
        validUntil: null,
      },
    ],
  });
  expect(r.statusCode, r.body).toBe(201);
  const id = r.json().id as number;
  const ok = await call('admin', 'POST', `/api/providers/${id}/review`, { decision: 'approve', note: '材料齐全' });
  expect(ok.statusCode, ok.body).toBe(200);
  return id;
}
const agreement = (number: string, from = today) => ({
  number,
  signedOn: today,
  startDate: from,
  endDate: addDays(from, 364),
});

describe('各街道要与养老服务组织或家政服务公司签订服务协议 (002 第5篇 L295)', () => {
  it("a street signs with a provider of its own street, and is refused another street's; the district signs for any", async () => {
    const street = await me('street');
    const mine = await provider('street', '本街道居家养老服务中心', '9162010266666661');
    const theirs = await provider('street2', '邻街道家政服务公司', '9162010255555551');

    const signed = await call('street', 'POST', `/api/providers/${mine}/agreements`, agreement('JD-ZY-2027-001'));
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json().agreements[0]).toMatchObject({
      number: 'JD-ZY-2027-001',
      signedByLevel: 'street',
      signedByRegionId: street.id,
      signedBy: street.name,
      state: 'active',
    });

    const refused = await call('street', 'POST', `/api/providers/${theirs}/agreements`, agreement('JD-ZY-2027-002'));
    expect(refused.statusCode).toBe(404);
    expect(refused.json().detail).toMatch(/不在您的管辖范围内/);

    const district = await call('admin', 'POST', `/api/providers/${theirs}/agreements`, agreement('QMZ-2027-001'));
    expect(district.statusCode, district.body).toBe(200);
    expect(district.json().agreements[0]).toMatchObject({ signedByLevel: 'district', signedBy: '区民政局' });

    // The call centre does not sign.
    expect(
      (await call('operator', 'POST', `/api/providers/${mine}/agreements`, agreement('X-2027-9', addDays(today, 400))))
        .statusCode,
    ).toBe(403);
    const audit = JSON.stringify(
      (
        await call('admin', 'GET', `/api/audit?entityType=provider&entityId=${mine}&action=provider.agreement_sign`)
      ).json(),
    );
    expect(audit).toContain(`"signedByRegionId":${street.id}`);
  });

  it('a street changes the agreements it signed, not the district’s; the district changes any', async () => {
    const mine = await provider('street', '本街道助餐服务社', '9162010244444441');
    const byDistrict = (
      await call('admin', 'POST', `/api/providers/${mine}/agreements`, agreement('QMZ-2027-002'))
    ).json().agreements[0];
    const suspend = { status: 'suspended', reason: '整改' };
    const refused = await call('street', 'POST', `/api/providers/${mine}/agreements/${byDistrict.id}/status`, suspend);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().detail).toContain('签订方');
    const ok = await call('admin', 'POST', `/api/providers/${mine}/agreements/${byDistrict.id}/status`, {
      status: 'terminated',
      reason: '改由街道签订',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const own = (await call('street', 'POST', `/api/providers/${mine}/agreements`, agreement('JD-ZY-2027-003')))
      .json()
      .agreements.find((a: { number: string }) => a.number === 'JD-ZY-2027-003');
    const s = await call('street', 'POST', `/api/providers/${mine}/agreements/${own.id}/status`, suspend);
    expect(s.statusCode, s.body).toBe(200);
    expect(s.json().agreementState).toBe('suspended');
  });
});
