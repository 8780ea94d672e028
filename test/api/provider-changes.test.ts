// Issue 15, finding 12: a change of an approved provider's registration data goes back to review
// (another reviewer than who asked approves it), and licences and certificates are archived, never
// deleted — an archived one counts for nothing (alerts, health certificate, dispatch).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { makeTestApp, type TestApp } from '../helpers/test-app.js';
import { orderWorld } from '../helpers/order-fixtures.js';
import { completeCreditCode } from '../../src/core/providers/credit-code.js';
import { checkDigit } from '../../src/core/elders/idcard.js';
import { addDays } from '../../src/core/calendar/working-days.js';
import { shanghaiDate } from '../../src/shared/today.js';
import {
  caregiverCertificates,
  providerChanges,
  providerLicences,
  providers,
  users,
} from '../../src/server/db/schema.js';

let t: TestApp;
const cookies: Record<string, string> = {};
const today = shanghaiDate();
beforeAll(async () => {
  t = await makeTestApp();
  // A second district reviewer, like a colleague of the demo's admin.
  const [template] = await t.database.db.select().from(users).where(eq(users.username, 'admin'));
  await t.database.db.insert(users).values({
    username: 'admin2',
    displayName: '区审核二',
    role: 'district_admin',
    regionId: template.regionId!,
    passwordHash: template.passwordHash,
  });
  for (const u of ['admin', 'admin2', 'street', 'provider', 'auditor']) cookies[u] = await t.login(u);
});
afterAll(() => t.close());

const call = (user: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url, payload, headers: { cookie: cookies[user] } });
const row = async (id: number) => (await t.database.db.select().from(providers).where(eq(providers.id, id)))[0];
const actions = async (id: number) =>
  (await call('admin', 'GET', `/api/audit?entityType=provider&entityId=${id}&pageSize=50`))
    .json()
    .items.map((a: { action: string }) => a.action);

describe('reviewed registration data of an approved provider', () => {
  let id: number;
  let original: { name: string; creditCode: string; legalRepresentative: string };
  beforeAll(async () => {
    // An approved provider in the street user's street, without affiliates.
    const list = (await call('street', 'GET', '/api/providers?status=approved&pageSize=200')).json();
    const p = list.items.find((x: { parentId: number | null }) => x.parentId === null);
    id = p.id;
    const d = (await call('street', 'GET', `/api/providers/${id}`)).json();
    original = { name: d.name, creditCode: d.creditCode, legalRepresentative: d.legalRepresentative };
  });

  it('a street staffer renaming it and changing its credit code leaves both unchanged and a change pending', async () => {
    const code = completeCreditCode('9162010255555555');
    const r = await call('street', 'PATCH', `/api/providers/${id}`, {
      name: '兰州更名后养老服务有限公司',
      creditCode: code,
      legalRepresentative: original.legalRepresentative, // unchanged: not part of the change
      contactName: '新联系人',
    });
    expect(r.statusCode, r.body).toBe(200);
    const d = r.json();
    expect(d).toMatchObject({ name: original.name, creditCode: original.creditCode, contactName: '新联系人' });
    expect(d.pendingChange.fields).toEqual([
      expect.objectContaining({
        field: 'name',
        label: '机构名称',
        from: original.name,
        to: '兰州更名后养老服务有限公司',
      }),
      expect.objectContaining({ field: 'creditCode', label: '统一社会信用代码', from: original.creditCode, to: code }),
    ]);
    expect(d.pendingChange.requestedByName).toBeTruthy();
    expect(d.pendingChange.state).toBe('pending');
    expect(await row(id)).toMatchObject({ name: original.name, creditCode: original.creditCode });
    expect(await actions(id)).toEqual(expect.arrayContaining(['provider.change_request', 'provider.update']));
    // The list shows it, and can be narrowed to providers with a change waiting.
    const waiting = (await call('street', 'GET', '/api/providers?pendingChange=true&pageSize=200')).json();
    expect(waiting.items.map((x: { id: number }) => x.id)).toEqual([id]);
    expect(waiting.items[0].pendingChange).toBe(true);
    const others = (await call('street', 'GET', '/api/providers?pendingChange=false&pageSize=200')).json();
    expect(others.items.map((x: { id: number }) => x.id)).not.toContain(id);
  });

  it('refuses a second change while one is pending', async () => {
    const r = await call('street', 'PATCH', `/api/providers/${id}`, { legalRepresentative: '王五' });
    expect(r.statusCode).toBe(409);
    expect(r.json().detail).toContain('待审核');
    expect((await row(id)).legalRepresentative).toBe(original.legalRepresentative);
  });

  it('the street staffer cannot approve it; another district reviewer does, and it applies', async () => {
    const change = (await call('admin', 'GET', `/api/providers/${id}`)).json().pendingChange;
    const url = `/api/providers/${id}/changes/${change.id}/decision`;
    expect((await call('street', 'POST', url, { decision: 'approve', note: '同意' })).statusCode).toBe(403);
    const ok = await call('admin2', 'POST', url, { decision: 'approve', note: '营业执照已变更，同意' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ name: '兰州更名后养老服务有限公司', pendingChange: null });
    expect(ok.json().changes[0]).toMatchObject({ state: 'approved', decisionNote: '营业执照已变更，同意' });
    expect((await row(id)).creditCode).toBe(completeCreditCode('9162010255555555'));
    expect((await call('admin', 'POST', url, { decision: 'reject', note: '重复点击' })).statusCode).toBe(409);
    expect(await actions(id)).toContain('provider.change_approve');
  });

  it('a district admin cannot approve a change it asked for; rejected, nothing changes', async () => {
    const r = await call('admin', 'PATCH', `/api/providers/${id}`, { legalRepresentative: '赵六' });
    const change = r.json().pendingChange;
    expect(change.fields).toEqual([expect.objectContaining({ field: 'legalRepresentative', to: '赵六' })]);
    const url = `/api/providers/${id}/changes/${change.id}/decision`;
    const own = await call('admin', 'POST', url, { decision: 'approve', note: '自己批准' });
    expect(own.statusCode).toBe(403);
    expect(own.json().detail).toContain('不能审核自己提交的变更');
    const bad = await call('admin2', 'POST', url, { decision: 'approve' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toEqual({ field: 'note', message: '请填写审核意见' });
    const no = await call('admin2', 'POST', url, { decision: 'reject', note: '未见法定代表人变更的登记材料' });
    expect(no.statusCode).toBe(200);
    expect(no.json()).toMatchObject({ legalRepresentative: original.legalRepresentative, pendingChange: null });
    expect(no.json().changes[0]).toMatchObject({ state: 'rejected', decidedByName: '区审核二' });
    expect(await actions(id)).toContain('provider.change_reject');
  });

  it('the requester withdraws a change; a read-only user cannot', async () => {
    const r = await call('street', 'PATCH', `/api/providers/${id}`, { kind: 'social_org' });
    const change = r.json().pendingChange;
    expect(change.fields[0]).toMatchObject({ field: 'kind', label: '机构类型', toText: '社会组织' });
    const url = `/api/providers/${id}/changes/${change.id}/withdraw`;
    expect((await call('auditor', 'POST', url, {})).statusCode).toBe(403);
    const w = await call('street', 'POST', url, {});
    expect(w.statusCode, w.body).toBe(200);
    expect(w.json().changes[0].state).toBe('withdrawn');
    expect((await call('street', 'POST', url, {})).statusCode).toBe(409);
    expect(await actions(id)).toContain('provider.change_withdraw');
    expect((await row(id)).kind).not.toBe('social_org');
  });

  it('approval checks the credit code again: taken in the meantime, the change is not applied', async () => {
    const code = completeCreditCode('9162010266666666');
    const change = (await call('street', 'PATCH', `/api/providers/${id}`, { creditCode: code })).json().pendingChange;
    const other = await call('admin', 'POST', '/api/providers', {
      name: '抢先登记的养老服务公司',
      kind: 'company',
      creditCode: code,
      legalRepresentative: '钱七',
      contactName: '孙八',
      contactPhone: '0931-8123456',
      address: '城关区测试路 9 号',
      regionId: (await row(id)).regionId,
      licences: [{ kind: 'business_licence', number: 'TEST-0009', issuer: '市场监管局', validFrom: '2020-01-01' }],
    });
    expect(other.statusCode, other.body).toBe(201);
    const r = await call('admin2', 'POST', `/api/providers/${id}/changes/${change.id}/decision`, {
      decision: 'approve',
      note: '同意',
    });
    expect(r.statusCode).toBe(409);
    expect((await row(id)).creditCode).toBe(completeCreditCode('9162010255555555'));
    const [still] = await t.database.db.select().from(providerChanges).where(eq(providerChanges.id, change.id));
    expect(still.state).toBe('pending');
  });

  it('a provider not yet approved is still edited directly', async () => {
    const list = (await call('admin', 'GET', '/api/providers?status=pending&pageSize=1')).json();
    const p = list.items[0];
    const r = await call('admin', 'PATCH', `/api/providers/${p.id}`, { name: '待审核机构改名有限公司' });
    expect(r.json()).toMatchObject({ name: '待审核机构改名有限公司', pendingChange: null });
  });
});

describe('licences and certificates are archived, never deleted', () => {
  let providerId: number;
  beforeAll(async () => {
    providerId = (await call('provider', 'GET', '/api/caregivers?pageSize=1')).json().items[0].providerId;
  });

  it('a provider admin archives its business licence: the row stays with the reason, and DELETE is gone', async () => {
    const d = (await call('provider', 'GET', `/api/providers/${providerId}`)).json();
    const licence = d.licences.find((l: { kind: string }) => l.kind === 'business_licence');
    const url = `/api/providers/${providerId}/licences/${licence.id}`;
    expect((await call('provider', 'DELETE', url)).statusCode).toBe(404);
    const short = await call('provider', 'POST', `${url}/archive`, { reason: '换' });
    expect(short.statusCode).toBe(400);
    expect(short.json().errors[0]).toEqual({ field: 'reason', message: '归档原因至少 2 个字' });
    const none = await call('provider', 'POST', `${url}/archive`, {});
    expect(none.json().errors[0]).toEqual({ field: 'reason', message: '请填写归档原因' });
    const r = await call('provider', 'POST', `${url}/archive`, { reason: '营业执照已换发新证' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().licences.map((l: { id: number }) => l.id)).not.toContain(licence.id);
    expect(r.json().archivedLicences[0]).toMatchObject({
      id: licence.id,
      number: licence.number,
      archiveReason: '营业执照已换发新证',
      archivedByName: expect.any(String),
    });
    const [kept] = await t.database.db.select().from(providerLicences).where(eq(providerLicences.id, licence.id));
    expect(kept).toMatchObject({ archiveReason: '营业执照已换发新证', number: licence.number });
    expect(kept.archivedAt).toBeInstanceOf(Date);
    expect((await call('provider', 'POST', `${url}/archive`, { reason: '再次归档' })).statusCode).toBe(409);
    expect(await actions(providerId)).toContain('provider.licence_archive');
  });

  it('an archived licence no longer warns of its expiry', async () => {
    const added = await call('provider', 'POST', `/api/providers/${providerId}/licences`, {
      kind: 'food_licence',
      number: 'JY16201020099',
      issuer: '城关区市场监督管理局',
      validFrom: addDays(today, -300),
      validUntil: addDays(today, 10),
    });
    const licence = added.json().licences.find((l: { number: string }) => l.number === 'JY16201020099') as {
      id: number;
    };
    const alerts = async () =>
      (await call('provider', 'GET', '/api/providers/alerts'))
        .json()
        .items.filter((a: { kind: string; subject: string }) => a.kind === 'licence' && a.subject === '食品经营许可证');
    expect(await alerts()).toHaveLength(1);
    await call('provider', 'POST', `/api/providers/${providerId}/licences/${licence.id}/archive`, {
      reason: '登记错误',
    });
    expect(await alerts()).toHaveLength(0);
  });

  it("archiving a caregiver's only health certificate leaves her without one: not dispatchable, listed as missing", async () => {
    const first17 = '62010219800101071';
    const c = (
      await call('provider', 'POST', '/api/caregivers', {
        providerId,
        name: '归档测试',
        idNumber: first17 + checkDigit(first17),
        phone: '13912345670',
        skills: ['personal_care'],
        workDays: [1, 2, 3, 4, 5],
        workStart: '08:00',
        workEnd: '17:00',
        joinedOn: '2024-03-01',
        certificates: [
          {
            kind: 'health',
            number: 'JKZ0701',
            issuer: '城关区疾控中心',
            issuedOn: addDays(today, -30),
            validUntil: addDays(today, 335),
          },
        ],
      })
    ).json();
    expect(c).toMatchObject({ dispatchable: true, healthExpiry: 'valid' });
    const cert = c.certificates[0];
    const url = `/api/caregivers/${c.id}/certificates/${cert.id}`;
    expect((await call('provider', 'DELETE', url)).statusCode).toBe(404);
    const r = await call('provider', 'POST', `${url}/archive`, { reason: '健康证系伪造，已作废' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ dispatchable: false, healthExpiry: 'missing', certificates: [] });
    expect(r.json().blockers.join()).toContain('健康证');
    expect(r.json().archivedCertificates[0]).toMatchObject({ id: cert.id, archiveReason: '健康证系伪造，已作废' });
    const missing = (await call('provider', 'GET', '/api/caregivers?health=missing&pageSize=200')).json();
    expect(missing.items.map((x: { id: number }) => x.id)).toContain(c.id);
    const [kept] = await t.database.db
      .select()
      .from(caregiverCertificates)
      .where(eq(caregiverCertificates.id, cert.id));
    expect(kept.number).toBe('JKZ0701');
    expect((await call('provider', 'POST', `${url}/archive`, { reason: '再次归档' })).statusCode).toBe(409);
    const audit = (await call('admin', 'GET', `/api/audit?entityType=caregiver&entityId=${c.id}`)).json().items;
    expect(audit.map((a: { action: string }) => a.action)).toContain('caregiver.certificate_archive');
  });

  it('a caregiver whose health certificates are archived cannot be dispatched', async () => {
    const w = await orderWorld(t, 771);
    const elderId = await w.makeElder();
    const o = (await w.call('operator', 'POST', '/api/orders', w.order(elderId))).json();
    await w.call('operator', 'POST', `/api/orders/${o.id}/actions`, { action: 'confirm' });
    const health = await t.database.db
      .select()
      .from(caregiverCertificates)
      .where(and(eq(caregiverCertificates.caregiverId, w.caregiver.id), eq(caregiverCertificates.kind, 'health')));
    for (const h of health) {
      const r = await w.call('provider', 'POST', `/api/caregivers/${w.caregiver.id}/certificates/${h.id}/archive`, {
        reason: '体检机构资质存疑，待复检',
      });
      expect(r.statusCode, r.body).toBe(200);
    }
    const d = await w.call('operator', 'POST', `/api/orders/${o.id}/actions`, {
      action: 'dispatch',
      caregiverId: w.caregiver.id,
    });
    expect(d.statusCode).toBe(409);
    expect(d.json().errors[0]).toMatchObject({
      field: 'caregiverId',
      message: expect.stringContaining('没有有效的健康证'),
    });
  });
});
