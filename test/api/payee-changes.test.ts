// Issue 15, finding 11 — one person cannot redirect an elder's money. A payee account (the first
// one, or a change) is a request that a second person at street level or above approves; until
// then the payment list and the bank file pay the old account. The audit keeps old and new
// masked, never the number; the elder is told by SMS; two clicks decide once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq, inArray, like } from 'drizzle-orm';
import { makeTestApp, type TestApp } from '../helpers/test-app.js';
import { elderBody, idFor } from '../helpers/elder-fixtures.js';
import {
  applications,
  auditLog,
  elders,
  payeeAccounts,
  payeeChanges,
  regions,
  smsOutbox,
  users,
} from '../../src/server/db/schema.js';
import { recomputeEntitlements } from '../../src/server/modules/entitlements/recompute.js';
import { previousMonth } from '../../src/core/calendar/months.js';
import { shanghaiDate } from '../../src/shared/today.js';

let t: TestApp;
const cookies: Record<string, string> = {};
let home: { id: number; name: string; parentId: number };
let seq = 500;

const ACCOUNT_A = '6222020000111122223';
const ACCOUNT_B = '6217003800445566778';
const body = (accountNo: string, over: Record<string, unknown> = {}) => ({
  payeeKind: 'self',
  payeeName: '赵大爷',
  bankName: '中国农业银行兰州城关支行',
  accountNo,
  reason: '老人更换了银行卡',
  ...over,
});

beforeAll(async () => {
  t = await makeTestApp();
  const [street] = await t.database.db.select().from(users).where(eq(users.username, 'street'));
  // A second street officer of the same street: the one who may approve the first one's requests.
  await t.database.db.insert(users).values({
    username: 'streetb',
    displayName: '钱卫东',
    role: 'street_staff',
    regionId: street.regionId,
    passwordHash: street.passwordHash,
  });
  for (const u of ['admin', 'street', 'streetb', 'street2', 'community', 'auditor']) cookies[u] = await t.login(u);
  const [community] = await t.database.db
    .select({ id: regions.id, name: regions.name, parentId: regions.parentId })
    .from(regions)
    .innerJoin(users, eq(users.regionId, regions.id))
    .where(eq(users.username, 'community'));
  home = { id: community.id, name: community.name, parentId: community.parentId! };
  expect(home.parentId).toBe(street.regionId);
});
afterAll(() => t.close());

const call = (user: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url, payload, headers: { cookie: cookies[user] } });
const month = () => shanghaiDate(t.deps.clock()).slice(0, 7);

/** An elder born in 1934, in the community worker's community, approved for the old-age allowance. */
async function allowanceElder(over: Record<string, unknown> = {}) {
  const res = await call(
    'admin',
    'POST',
    '/api/elders',
    elderBody(home.id, { name: '赵大爷', idNumber: idFor('19340315', (seq += 2)), phone: '13912345678', ...over }),
  );
  if (res.statusCode !== 201) throw new Error(res.body);
  const id = res.json().id as number;
  await t.database.db.insert(applications).values({
    elderId: id,
    regionId: home.id,
    programme: 'old_age_allowance',
    kind: 'new',
    state: 'approved',
    submittedOn: '2025-01-02',
    effectiveFrom: '2025-01-01',
  });
  await recomputeEntitlements(t.database, `${previousMonth(month())}-01`, [id]);
  return id;
}
const request = (user: string, elderId: number, payload: object) =>
  call(user, 'POST', `/api/elders/${elderId}/payee-changes`, payload);
const decide = (user: string, changeId: number, decision: 'approve' | 'reject', note?: string) =>
  call(user, 'POST', `/api/payee-changes/${changeId}/decision`, { decision, ...(note ? { note } : {}) });
const stored = async (elderId: number) =>
  (await t.database.db.select().from(payeeAccounts).where(eq(payeeAccounts.elderId, elderId)))[0];
/** This month's allowance list, drafted afresh: what the bank would be sent for the elder. */
async function draftLine(elderId: number) {
  const list = await call('admin', 'POST', '/api/payment-lists', { month: month(), kind: 'allowance' });
  expect(list.statusCode, list.body).toBe(201);
  const lines = (await call('admin', 'GET', `/api/payment-lists/${list.json().id}/lines?pageSize=200`)).json()
    .items as { elderId: number; accountMasked: string | null; problem: string | null }[];
  return { listId: list.json().id as number, line: lines.find((l) => l.elderId === elderId)! };
}

describe('payee account changes need a second person (four eyes)', () => {
  it('a community worker alone cannot redirect the money; a second street officer approves, the bank file follows, the audit and the SMS say so', async () => {
    const elderId = await allowanceElder();

    // The first account is a request too: nothing is paid to it until it is approved.
    const first = await request('community', elderId, body(ACCOUNT_A));
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ state: 'pending', accountMasked: '6222 **** 2223', requestedByName: '张丽' });
    expect(await stored(elderId)).toBeUndefined();
    expect((await draftLine(elderId)).line).toMatchObject({ accountMasked: null, problem: '没有收款账户' });
    expect((await decide('street', first.json().id, 'approve')).statusCode).toBe(200);
    expect((await stored(elderId)).accountMasked).toBe('6222 **** 2223');

    // The community worker changes the account: a request, and the money still goes to the old one.
    const change = await request('community', elderId, body(ACCOUNT_B, { bankName: '中国建设银行兰州东岗支行' }));
    expect(change.statusCode, change.body).toBe(201);
    const changeId = change.json().id as number;
    expect(change.json().current).toMatchObject({ accountMasked: '6222 **** 2223' });
    expect((await stored(elderId)).accountMasked).toBe('6222 **** 2223');
    expect((await draftLine(elderId)).line).toMatchObject({ accountMasked: '6222 **** 2223', problem: null });
    const card = (await call('community', 'GET', `/api/elders/${elderId}/payee`)).json();
    expect(card.current).toMatchObject({ accountMasked: '6222 **** 2223' });
    expect(card.pending).toMatchObject({
      id: changeId,
      state: 'pending',
      accountMasked: '6217 **** 6778',
      reason: '老人更换了银行卡',
      requestedByName: '张丽',
    });
    expect(JSON.stringify(card)).not.toContain(ACCOUNT_B);

    // One pending request per elder.
    const second = await request('community', elderId, body('6222999988887777'));
    expect(second.statusCode).toBe(409);
    expect(second.json().detail).toContain('待审核');

    // The worker who asked cannot approve (no such permission); a street outside cannot see it.
    const self = await decide('community', changeId, 'approve');
    expect(self.statusCode).toBe(403);
    expect((await decide('street2', changeId, 'approve')).statusCode).toBe(404);
    expect((await call('street2', 'GET', `/api/elders/${elderId}/payee`)).statusCode).toBe(404);
    expect((await stored(elderId)).accountMasked).toBe('6222 **** 2223');

    // A second person at street level approves: the next list and bank file pay the new account.
    const approved = await decide('streetb', changeId, 'approve', '已核对老人本人身份证和银行卡');
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ state: 'approved', decidedByName: '钱卫东' });
    const again = await decide('street', changeId, 'approve');
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toContain('已批准');
    expect((await stored(elderId)).accountMasked).toBe('6217 **** 6778');
    const { listId, line } = await draftLine(elderId);
    expect(line).toMatchObject({ accountMasked: '6217 **** 6778' });
    const file = await call('admin', 'POST', `/api/payment-lists/${listId}/bank-file`, {});
    expect(file.statusCode).toBe(200);
    expect(file.body).toContain(ACCOUNT_B);
    expect(file.body).not.toContain(ACCOUNT_A);

    // The audit: requests, decisions and the write, with masked accounts and never the numbers.
    const audit = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, String(elderId)), like(auditLog.action, 'payee.%')));
    expect(audit.map((a) => a.action)).toEqual([
      'payee.change_request',
      'payee.update',
      'payee.change_approve',
      'payee.change_request',
      'payee.update',
      'payee.change_approve',
    ]);
    const text = JSON.stringify(audit);
    for (const n of [ACCOUNT_A, ACCOUNT_B, ACCOUNT_A.slice(4, -4), ACCOUNT_B.slice(4, -4)])
      expect(text).not.toContain(n);
    const update = audit.filter((a) => a.action === 'payee.update')[1];
    expect(update.username).toBe('streetb');
    expect(update.before).toMatchObject({ account: '6222 **** 2223', bankName: '中国农业银行兰州城关支行' });
    expect(update.after).toMatchObject({
      account: '6217 **** 6778',
      bankName: '中国建设银行兰州东岗支行',
      changeId,
      requestedBy: '张丽',
      decidedBy: 'streetb',
    });
    expect(audit[3]).toMatchObject({ username: 'community', after: { changeId, account: '6217 **** 6778' } });
    expect(audit[5].after).toMatchObject({ smsTo: '139****5678' });

    // The elder is told on their own phone: the bank and the last four digits, and whom to call.
    const sms = await t.database.db
      .select()
      .from(smsOutbox)
      .where(eq(smsOutbox.elderId, elderId))
      .orderBy(asc(smsOutbox.id));
    expect(sms).toHaveLength(2);
    const [elder] = await t.database.db.select().from(elders).where(eq(elders.id, elderId));
    expect(sms[1]).toMatchObject({ kind: 'notice', phoneHash: elder.phoneHash, state: 'pending' });
    expect(t.cipher.decrypt(sms[1].phoneCipher)).toBe('13912345678');
    expect(sms[1].body).toContain('中国建设银行兰州东岗支行尾号6778');
    expect(sms[1].body).toContain(home.name);
    expect(sms[1].body).not.toContain(ACCOUNT_B.slice(0, 8));
  });

  it('a street officer cannot approve their own request; another one can', async () => {
    const elderId = await allowanceElder();
    const own = (await request('street', elderId, body(ACCOUNT_A))).json();
    const self = await decide('street', own.id, 'approve');
    expect(self.statusCode).toBe(403);
    expect(self.json().detail).toContain('不能审核本人提交的收款账户变更');
    expect(await stored(elderId)).toBeUndefined();
    expect((await decide('streetb', own.id, 'approve')).json()).toMatchObject({ state: 'approved' });
    expect((await stored(elderId)).accountMasked).toBe('6222 **** 2223');
  });

  it('two reviewers clicking at once decide once', async () => {
    const elderId = await allowanceElder();
    const c = (await request('community', elderId, body(ACCOUNT_A))).json();
    const both = await Promise.all([decide('street', c.id, 'approve'), decide('streetb', c.id, 'reject', '核对不符')]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const decisions = await t.database.db
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.entityId, String(elderId)),
          inArray(auditLog.action, ['payee.change_approve', 'payee.change_reject']),
        ),
      );
    expect(decisions).toHaveLength(1);
  });

  it('a rejection needs a reason and leaves the account as it was; a withdrawn request frees the way for another', async () => {
    const elderId = await allowanceElder();
    const first = (await request('community', elderId, body(ACCOUNT_A))).json();
    await decide('street', first.id, 'approve');
    const c = (await request('community', elderId, body(ACCOUNT_B))).json();
    const bare = await decide('street', c.id, 'reject');
    expect(bare.statusCode).toBe(400);
    expect(bare.json().errors[0]).toMatchObject({ field: 'note', message: expect.stringContaining('理由') });
    const rejected = await decide('street', c.id, 'reject', '户名与身份证不符');
    expect(rejected.json()).toMatchObject({ state: 'rejected', decisionNote: '户名与身份证不符' });
    expect((await stored(elderId)).accountMasked).toBe('6222 **** 2223');
    expect((await call('community', 'GET', `/api/elders/${elderId}/payee`)).json().pending).toBeNull();

    const next = (await request('community', elderId, body(ACCOUNT_B))).json();
    const withdrawn = await call('community', 'POST', `/api/payee-changes/${next.id}/withdraw`);
    expect(withdrawn.json()).toMatchObject({ state: 'withdrawn' });
    expect((await call('community', 'POST', `/api/payee-changes/${next.id}/withdraw`)).statusCode).toBe(409);
    expect((await decide('street', next.id, 'approve')).statusCode).toBe(409);
    expect((await call('street2', 'POST', `/api/payee-changes/${next.id}/withdraw`)).statusCode).toBe(404);
    expect((await request('community', elderId, body(ACCOUNT_B))).statusCode).toBe(201);
    const actions = (
      await t.database.db
        .select({ action: auditLog.action })
        .from(auditLog)
        .where(and(eq(auditLog.entityId, String(elderId)), like(auditLog.action, 'payee.%')))
    ).map((a) => a.action);
    expect(actions).toContain('payee.change_reject');
    expect(actions).toContain('payee.change_withdraw');
    expect(actions.filter((a) => a === 'payee.update')).toHaveLength(1);
  });

  it('approval works for an elder without a phone, and the audit says no SMS went', async () => {
    const elderId = await allowanceElder({ phone: null });
    const c = (await request('community', elderId, body(ACCOUNT_A))).json();
    expect((await decide('street', c.id, 'approve')).statusCode).toBe(200);
    expect(await t.database.db.select().from(smsOutbox).where(eq(smsOutbox.elderId, elderId))).toHaveLength(0);
    const [row] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, String(elderId)), eq(auditLog.action, 'payee.change_approve')));
    expect(row.after).toMatchObject({ smsTo: expect.stringContaining('未发短信') });
  });

  it('the request is validated field by field', async () => {
    const elderId = await allowanceElder();
    const bad = await request('community', elderId, body('6222 abc'));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ field: 'accountNo', message: expect.stringContaining('数字') });
    const noReason = await request('community', elderId, { ...body(ACCOUNT_A), reason: ' ' });
    expect(noReason.json().errors[0]).toMatchObject({ field: 'reason', message: expect.stringContaining('原因') });
    expect((await request('street2', elderId, body(ACCOUNT_A))).statusCode).toBe(404);
    expect((await request('auditor', elderId, body(ACCOUNT_A))).statusCode).toBe(403);
    // The old way — writing the account directly — is gone.
    expect((await call('admin', 'PUT', `/api/elders/${elderId}/payee`, body(ACCOUNT_A))).statusCode).toBe(404);
    expect(await t.database.db.select().from(payeeChanges).where(eq(payeeChanges.elderId, elderId))).toHaveLength(0);
  });

  it('reviewers list the requests of their own jurisdiction, by state and name', async () => {
    const elderId = await allowanceElder({ name: '钱奶奶' });
    const c = (await request('community', elderId, body(ACCOUNT_A))).json();
    const ids = async (user: string, query = '') =>
      ((await call(user, 'GET', `/api/payee-changes${query}`)).json().items as { id: number }[]).map((i) => i.id);
    expect(await ids('street')).toContain(c.id);
    expect(await ids('admin')).toContain(c.id);
    expect(await ids('street2')).not.toContain(c.id);
    expect(await ids('street', `?q=${encodeURIComponent('钱')}`)).toEqual([c.id]);
    // The keyword is matched literally: a % is not a wildcard.
    expect(await ids('street', `?q=${encodeURIComponent('%')}`)).toEqual([]);
    expect(await ids('street', '?state=approved')).not.toContain(c.id);
    expect(await ids('street', `?regionId=${home.id}`)).toContain(c.id);
    expect((await call('street2', 'GET', `/api/payee-changes?regionId=${home.id}`)).statusCode).toBe(404);
    expect((await call('community', 'GET', '/api/payee-changes')).statusCode).toBe(403);
    const page = (await call('street', 'GET', '/api/payee-changes?state=all&pageSize=1')).json();
    expect(page).toMatchObject({ page: 1, pageSize: 1 });
    expect(page.total).toBeGreaterThan(1);
    const item = (await call('street', 'GET', `/api/payee-changes?q=${encodeURIComponent('钱')}`)).json().items[0];
    expect(item).toMatchObject({ elderId, elderName: '钱奶奶', state: 'pending', accountMasked: '6222 **** 2223' });
    expect(JSON.stringify(item)).not.toContain(ACCOUNT_A);
  });
});
