// 特困 support follows approval (issue 16, point 6): the category ticked on the file is the
// condition, the approved application the gate. 001 L30 「在五保对象申请、民主评议、公示、审核和
// 审批过程中,坚持民主评议为核心」: application, democratic review, notice, township review, county
// approval — and only then the entitlement, from the approval's effective date. The care subsidy
// is applied for when care actually happens and paid from the pooled care fund (000 范文2 L69
// 「发生日常照料护理服务,乡镇人民政府民政部门应向县民政部门申请护理补助资金」; L57 「每人每月从
// 1184元中提取184元统筹作照料护理费」).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { makeTestApp, type TestApp } from '../helpers/test-app.js';
import { elderBody, idFor } from '../helpers/elder-fixtures.js';
import { elders } from '../../src/server/db/schema.js';
import { recomputeEntitlements } from '../../src/server/modules/entitlements/recompute.js';
import { addDays } from '../../src/core/calendar/working-days.js';
import { nextQuarterStart } from '../../src/core/applications/workflow.js';
import { previousMonth } from '../../src/core/calendar/months.js';
import { shanghaiDate } from '../../src/shared/today.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

const as = async (user: string) => ({ cookie: await t.login(user) });
const call = async (user: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url, payload, headers: await as(user) });
const act = async (user: string, id: number, body: object) => {
  const r = await call(user, 'POST', `/api/applications/${id}/actions`, body);
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
};
const today = () => shanghaiDate(t.deps.clock());
const programmesOf = async (elderId: number) =>
  (
    (await call('admin', 'GET', `/api/elders/${elderId}/entitlements`)).json() as {
      programme: string;
      validFrom: string;
      classCode: string;
    }[]
  ).filter((e) => ['tekun_support', 'care_subsidy'].includes(e.programme));
/** The month's 特困 list (a draft, made again) and the lines of one elder on it. */
async function tekunList(month: string, elderId: number) {
  const r = await call('admin', 'POST', '/api/payment-lists', { month, kind: 'tekun' });
  expect(r.statusCode, r.body).toBe(201);
  const lines = (await call('admin', 'GET', `/api/payment-lists/${r.json().id}/lines?pageSize=200`)).json().items as {
    elderId: number;
    programme: string;
    part: string;
    amountFen: number;
    pooled: boolean;
    problem: string | null;
  }[];
  return {
    id: r.json().id as number,
    mine: lines
      .filter((l) => l.elderId === elderId)
      .map((l) => [l.programme, l.part, l.amountFen, l.pooled, l.problem])
      // By part: basic, care, care_subsidy.
      .sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
  };
}

describe('特困 support follows approval', () => {
  let elderId: number;
  let effective: string;

  it('a 特困 elder without an approved application receives nothing and is not on the month’s 特困 list', async () => {
    const regions = (await call('admin', 'GET', '/api/regions')).json();
    const home = regions.find((r: { name: string }) => r.name === '金塔巷社区');
    const created = await call(
      'admin',
      'POST',
      '/api/elders',
      elderBody(home.id, {
        name: '五保丙',
        idNumber: idFor('19410707', 611),
        categories: [{ type: 'tekun', certificateNo: 'TK661100', supportMode: 'concentrated' }],
      }),
    );
    expect(created.statusCode, created.body).toBe(201);
    elderId = created.json().id;
    // Completely unable to care for himself, as an assessment would leave the file: the care
    // subsidy's class holds, but nobody has applied for it yet.
    await t.database.db.update(elders).set({ abilityGrade: 'complete' }).where(eq(elders.id, elderId));
    await recomputeEntitlements(t.database, today(), [elderId]);
    expect(await programmesOf(elderId)).toEqual([]);
    // The home's account, asked for by the district and approved by the street (four eyes).
    const asked = await call('admin', 'POST', `/api/elders/${elderId}/payee-changes`, {
      payeeKind: 'institution',
      payeeName: '城关区中心敬老院',
      bankName: '工商银行',
      accountNo: '0200001112223334',
      reason: '集中供养，登记敬老院账户',
    });
    expect(asked.statusCode, asked.body).toBe(201);
    const approved = await call('street', 'POST', `/api/payee-changes/${asked.json().id}/decision`, {
      decision: 'approve',
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect((await tekunList(today().slice(0, 7), elderId)).mine).toEqual([]);
  });

  it('「申请、民主评议、公示、审核和审批」(001 L30): after the county approves, the entitlement starts on the effective date and the list has the line', async () => {
    const filed = await call('community', 'POST', '/api/applications', {
      elderId,
      programme: 'tekun_support',
      opinion: '本人申请，村民小组推荐',
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const id = filed.json().id as number;
    expect(filed.json().allowedActions).toContain('democratic_review');
    // 000 L69: the township applies to the county when care actually happens; the standard
    // path's survey is where the community checks the care, then street and district decide.
    const care = await call('community', 'POST', '/api/applications', {
      elderId,
      programme: 'care_subsidy',
      opinion: '敬老院提供日常照料护理，乡镇申请护理补贴',
    });
    expect(care.statusCode, care.body).toBe(201);
    const careId = care.json().id as number;
    expect(care.json().allowedActions).toContain('survey');

    // The ID copy every application carries.
    for (const appId of [id, careId]) {
      const up = await t.app.inject({
        method: 'POST',
        url: `/api/applications/${appId}/documents?kind=id_copy&filename=id.pdf`,
        payload: Buffer.from('%PDF-1.4\n'),
        headers: { ...(await as('community')), 'content-type': 'application/pdf' },
      });
      expect(up.statusCode, up.body).toBe(201);
    }
    const day = today();
    await act('community', id, {
      action: 'democratic_review',
      opinion: '村民代表会议评议通过',
      review: { reviewDate: day, participants: 30, votesFor: 27, votesAgainst: 1 },
    });
    await act('community', id, { action: 'start_notice', noticeFrom: day, noticeTo: addDays(day, 6) });
    await act('community', careId, { action: 'survey', opinion: '入户核实：敬老院已签照料护理协议，实际提供照料' });
    await act('community', careId, { action: 'start_notice', noticeFrom: day, noticeTo: addDays(day, 6) });
    t.advance(8 * 24 * 60);
    await act('community', id, { action: 'end_notice' });
    await act('street', id, { action: 'street_approve', opinion: '乡镇审核同意' });
    // Approved but not yet in force: nothing before the effective date.
    const decided = await act('admin', id, { action: 'district_approve', opinion: '县（区）民政批准' });
    effective = nextQuarterStart(today());
    expect(decided).toMatchObject({ state: 'approved', effectiveFrom: effective });
    expect(await programmesOf(elderId)).toMatchObject([
      { programme: 'tekun_support', validFrom: effective, classCode: 'S' },
    ]);
    // The care subsidy still waits for its own approval.
    expect((await programmesOf(elderId)).map((e) => e.programme)).not.toContain('care_subsidy');
    expect((await tekunList(today().slice(0, 7), elderId)).mine).toEqual([]);

    await act('community', careId, { action: 'end_notice' });
    await act('street', careId, { action: 'street_approve', opinion: '乡镇申请护理补助资金' });
    await act('admin', careId, { action: 'district_approve', opinion: '县（区）民政批准，从统筹经费拨付' });
    expect((await programmesOf(elderId)).map((e) => [e.programme, e.validFrom, e.classCode])).toEqual([
      ['care_subsidy', effective, 'full'],
      ['tekun_support', effective, 'S'],
    ]);

    // The month the approval takes effect: 1,000 to the home, 184 pooled, 1,500 care subsidy.
    t.setNow(new Date(`${effective}T04:00:00Z`));
    expect((await tekunList(previousMonth(effective.slice(0, 7)), elderId)).mine).toEqual([]);
    expect((await tekunList(effective.slice(0, 7), elderId)).mine).toEqual([
      ['tekun_support', 'basic', 100_000, false, null],
      ['tekun_support', 'care', 18_400, true, null],
      ['care_subsidy', 'care_subsidy', 150_000, false, null],
    ]);
  });

  it('the pooled care fund (000 L57, L69) shows what came in, what was used and the balance, for lists sent to the bank', async () => {
    const month = effective.slice(0, 7);
    const before = previousMonth(month);
    const url = `/api/cash/care-pool?from=${before}&to=${month}`;
    // A draft is not money yet.
    expect((await call('admin', 'GET', url)).json()).toMatchObject({
      openingFen: 0,
      months: [
        { month: before, cameInFen: 0, usedFen: 0, balanceFen: 0 },
        { month, cameInFen: 0, usedFen: 0, balanceFen: 0 },
      ],
      closingFen: 0,
    });
    const list = await tekunList(month, elderId);
    const file = await call('admin', 'POST', `/api/payment-lists/${list.id}/bank-file`, {});
    expect(file.statusCode, file.body).toBe(200);
    const pool = (await call('admin', 'GET', url)).json();
    expect(pool).toEqual({
      from: before,
      to: month,
      openingFen: 0,
      months: [
        { month: before, cameInFen: 0, usedFen: 0, balanceFen: 0 },
        { month, cameInFen: 18_400, usedFen: 150_000, balanceFen: -131_600 },
      ],
      total: { cameInFen: 18_400, usedFen: 150_000 },
      closingFen: -131_600,
    });
    // The next month opens with that balance.
    const next = (
      await call(
        'admin',
        'GET',
        `/api/cash/care-pool?from=${addDays(`${month}-28`, 5).slice(0, 7)}&to=${addDays(`${month}-28`, 5).slice(0, 7)}`,
      )
    ).json();
    expect(next).toMatchObject({ openingFen: -131_600, closingFen: -131_600 });
    // Scoped as the other money reports: the elder's street sees it, another street does not.
    expect((await call('street', 'GET', url)).json().total).toEqual({ cameInFen: 18_400, usedFen: 150_000 });
    expect((await call('street2', 'GET', url)).json().total).toEqual({ cameInFen: 0, usedFen: 0 });
    expect((await call('caregiver', 'GET', url)).statusCode).toBe(403);
    const bad = await call('admin', 'GET', `/api/cash/care-pool?from=${month}&to=${before}`);
    expect(bad.statusCode).toBe(400);
  });
});
