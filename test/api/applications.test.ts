import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/test-app.js';
import { elderBody, idFor } from '../helpers/elder-fixtures.js';
import { useMechanicsPolicy } from '../helpers/mechanics-policy.js';
import { shanghaiDate } from '../../src/shared/today.js';
import { addDays } from '../../src/core/calendar/working-days.js';
import { recordOverdueApplications } from '../../src/server/jobs/overdue-applications.js';

let t: TestApp;
let elderId: number;
beforeAll(async () => {
  t = await makeTestApp();
  // The workflow is tested against fixed terms, not the seed defaults (test/unit/seed-rules.test.ts).
  await useMechanicsPolicy(t);
  const admin = await t.login('admin');
  const regions = (await t.app.inject({ url: '/api/regions', headers: { cookie: admin } })).json();
  const home = regions.find((r: { name: string }) => r.name === '金塔巷社区');
  elderId = (
    await t.app.inject({
      method: 'POST',
      url: '/api/elders',
      headers: { cookie: admin },
      payload: elderBody(home.id, {
        name: '申请人甲',
        idNumber: idFor('19400515', 151),
        categories: [{ type: 'dibao', certificateNo: 'DB9', validUntil: '2030-12-31' }],
        livingFlags: ['alone'],
      }),
    })
  ).json().id;
});
afterAll(() => t.close());

const as = async (user: string) => ({ cookie: await t.login(user) });
const doAct = async (user: string, id: number, body: object) =>
  t.app.inject({ method: 'POST', url: `/api/applications/${id}/actions`, payload: body, headers: await as(user) });

describe('an application from community to district', () => {
  it('walks the whole path, with the refusals on the way', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/applications',
      headers: await as('community'),
      payload: { elderId, programme: 'home_care_subsidy', opinion: '材料齐全，予以受理' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const app = created.json();
    expect(app).toMatchObject({
      state: 'submitted',
      owner: 'community',
      allowedActions: expect.arrayContaining(['survey']),
    });
    const today = shanghaiDate();
    expect(app.deadline > today).toBe(true);

    const twice = await t.app.inject({
      method: 'POST',
      url: '/api/applications',
      headers: await as('community'),
      payload: { elderId, programme: 'home_care_subsidy', opinion: '重复' },
    });
    expect(twice.statusCode).toBe(409);
    const byStreet = await t.app.inject({
      method: 'POST',
      url: '/api/applications',
      headers: await as('street'),
      payload: { elderId, programme: 'service_voucher', opinion: '街道受理' },
    });
    expect(byStreet.statusCode).toBe(403);

    // The home survey waits for the documents 002 第5篇 L241–249 asks of a 低保家庭老人:
    // 「《区居家养老服务申请审批表》;《最低生活保障证》复印件;申请人身份证复印件;与子女不在同一社区居住的证明」.
    expect(app.missingDocuments).toEqual(['application_form', 'id_copy', 'dibao_certificate', 'residence_proof']);
    const noDocs = await doAct('community', app.id, { action: 'survey', opinion: '入户调查属实' });
    expect(noDocs.statusCode).toBe(409);
    expect(noDocs.json().detail).toContain('身份证复印件');
    expect(noDocs.json().detail).toContain('与子女不在同一社区居住的证明');
    const upload = async (kind: string, body: Buffer, type = 'application/octet-stream') =>
      t.app.inject({
        method: 'POST',
        url: `/api/applications/${app.id}/documents?kind=${kind}&filename=${encodeURIComponent(`${kind}.bin`)}`,
        payload: body,
        headers: { ...(await as('community')), 'content-type': type },
      });
    const html = await upload('id_copy', Buffer.from('<html><script>alert(1)</script>'), 'application/pdf');
    expect(html.statusCode).toBe(415);
    const huge = await upload('id_copy', Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(11 * 1024 * 1024)]));
    expect(huge.statusCode).toBe(413);
    const pdf = Buffer.from('%PDF-1.4\n% 身份证复印件\n%%EOF\n');
    const up = await upload('id_copy', pdf, 'application/pdf');
    expect(up.statusCode, up.body).toBe(201);
    expect(up.json()).toMatchObject({ mime: 'application/pdf', size: pdf.length });
    expect(
      (
        await upload(
          'dibao_certificate',
          Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]),
          'image/png',
        )
      ).statusCode,
    ).toBe(201);
    for (const kind of ['application_form', 'residence_proof']) {
      const missing = (
        await t.app.inject({ url: `/api/applications/${app.id}`, headers: await as('community') })
      ).json().missingDocuments;
      expect(missing).toContain(kind);
      expect((await doAct('community', app.id, { action: 'survey', opinion: '入户调查属实' })).statusCode).toBe(409);
      expect((await upload(kind, pdf, 'application/pdf')).statusCode).toBe(201);
    }
    const download = await t.app.inject({
      url: `/api/applications/${app.id}/documents/${up.json().id}`,
      headers: await as('street'),
    });
    expect(download.rawPayload.equals(pdf)).toBe(true);
    expect(
      (
        await t.app.inject({
          url: `/api/applications/${app.id}/documents/${up.json().id}`,
          headers: await as('street2'),
        })
      ).statusCode,
    ).toBe(404);
    expect((await doAct('community', app.id, { action: 'survey', opinion: '入户调查属实' })).json().state).toBe(
      'surveyed',
    );
    const short = await doAct('community', app.id, {
      action: 'start_notice',
      noticeFrom: today,
      noticeTo: addDays(today, 3),
    });
    expect(short.statusCode).toBe(400);
    expect(short.json().errors[0]).toMatchObject({ field: 'noticeTo', message: expect.stringContaining('至少 5 天') });
    expect(
      (
        await doAct('community', app.id, { action: 'start_notice', noticeFrom: today, noticeTo: addDays(today, 4) })
      ).json().state,
    ).toBe('in_notice');
    await doAct('community', app.id, { action: 'record_objection', opinion: '邻居反映其子女可照料' });
    const early = await doAct('community', app.id, { action: 'end_notice' });
    expect(early.statusCode).toBe(409);

    t.advance(6 * 24 * 60);
    const open = await doAct('community', app.id, { action: 'end_notice' });
    expect(open.json().detail).toContain('异议');
    await doAct('community', app.id, { action: 'resolve_objection', opinion: '经核实子女在外地，异议不成立' });
    const ended = await doAct('community', app.id, { action: 'end_notice' });
    expect(ended.json()).toMatchObject({ state: 'street_review', owner: 'street' });

    const todo = (await t.app.inject({ url: '/api/applications?todo=true', headers: await as('street') })).json();
    expect(todo.items.map((i: { id: number }) => i.id)).toContain(app.id);
    expect(
      (await t.app.inject({ url: '/api/applications?todo=true', headers: await as('street2') })).json().items,
    ).toEqual([]);
    expect((await doAct('street2', app.id, { action: 'street_approve', opinion: '同意' })).statusCode).toBe(404);
    expect((await doAct('community', app.id, { action: 'street_approve', opinion: '同意' })).statusCode).toBe(409);

    expect(
      (await doAct('street', app.id, { action: 'street_approve', opinion: '逐户审核，同意上报' })).json().state,
    ).toBe('district_review');
    const districtByCommunity = await doAct('community', app.id, { action: 'district_approve', opinion: '同意' });
    expect(districtByCommunity.statusCode).toBe(409);
    expect(districtByCommunity.json().detail).toContain('社区不能');
    const approved = await doAct('admin', app.id, { action: 'district_approve', opinion: '批准' });
    expect(approved.json()).toMatchObject({ state: 'approved', owner: null });
    expect(approved.json().effectiveFrom).toMatch(/-(01|04|07|10)-01$/);
    // Approval turns into an entitlement from the first day of the next quarter, beside those
    // that follow from the file alone (this 86-year-old living alone: the allowance). Visits she
    // would qualify for come only on their own application (003 方案11 L659 「提出申請的」).
    const ents = (
      await t.app.inject({ url: `/api/elders/${elderId}/entitlements`, headers: await as('community') })
    ).json();
    expect(ents).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          programme: 'home_care_subsidy',
          classCode: 'A3',
          validFrom: approved.json().effectiveFrom,
          costShare: [
            { level: 'district', parts: 6 },
            { level: 'street', parts: 4 },
          ],
        }),
        expect.objectContaining({ programme: 'old_age_allowance', classCode: '80-89' }),
      ]),
    );
    expect(ents.map((e: { programme: string }) => e.programme)).not.toContain('visiting');
    // Her 低保 certificate runs to 2030-12-31; from the next day she is in another class.
    const care = ents.filter((e: { programme: string }) => e.programme === 'home_care_subsidy');
    expect(care.map((e: { validFrom: string }) => e.validFrom)).toEqual([approved.json().effectiveFrom, '2031-01-01']);
    const again = await doAct('admin', app.id, { action: 'district_approve', opinion: '批准' });
    expect(again.statusCode).toBe(409);
    expect(approved.json().steps.map((s: { action: string }) => s.action)).toEqual([
      'submit',
      'survey',
      'start_notice',
      'record_objection',
      'resolve_objection',
      'end_notice',
      'street_approve',
      'district_approve',
    ]);
  });
});

describe('death cancels what is in progress', () => {
  it('cancels an open application immediately, with a step saying why', async () => {
    const admin = await as('admin');
    const regions = (await t.app.inject({ url: '/api/regions', headers: admin })).json();
    const home = regions.find((r: { name: string }) => r.name === '金塔巷社区');
    const id = (
      await t.app.inject({
        method: 'POST',
        url: '/api/elders',
        headers: admin,
        payload: elderBody(home.id, { name: '申请人乙', idNumber: idFor('19380808', 161) }),
      })
    ).json().id;
    const app = (
      await t.app.inject({
        method: 'POST',
        url: '/api/applications',
        headers: await as('community'),
        payload: { elderId: id, programme: 'service_voucher', opinion: '受理' },
      })
    ).json();
    await t.app.inject({
      method: 'POST',
      url: `/api/elders/${id}/status`,
      headers: await as('community'),
      payload: { status: 'deceased', deathDate: shanghaiDate(), reason: '家属告知' },
    });
    const after = (await t.app.inject({ url: `/api/applications/${app.id}`, headers: await as('community') })).json();
    expect(after.state).toBe('cancelled');
    expect(after.steps.at(-1).opinion).toContain('老人去世');
    // An 88-year-old's allowance ran until the day of death.
    const ents = (await t.app.inject({ url: `/api/elders/${id}/entitlements`, headers: await as('community') })).json();
    expect(ents.every((e: { validTo: string | null }) => e.validTo !== null && e.validTo <= shanghaiDate())).toBe(true);
  });
});

describe('overdue steps', () => {
  it('are recorded once, however often the job runs', async () => {
    const admin = await as('admin');
    const regions = (await t.app.inject({ url: '/api/regions', headers: admin })).json();
    const home = regions.find((r: { name: string }) => r.name === '金塔巷社区');
    const id = (
      await t.app.inject({
        method: 'POST',
        url: '/api/elders',
        headers: admin,
        payload: elderBody(home.id, { name: '申请人丙', idNumber: idFor('19390909', 171) }),
      })
    ).json().id;
    const app = (
      await t.app.inject({
        method: 'POST',
        url: '/api/applications',
        headers: await as('community'),
        payload: { elderId: id, programme: 'service_voucher', opinion: '受理' },
      })
    ).json();
    const later = addDays(app.deadline, 3);
    expect(await recordOverdueApplications(t.database.db, later)).toBeGreaterThanOrEqual(1);
    expect(await recordOverdueApplications(t.database.db, later)).toBe(0);
    expect(await recordOverdueApplications(t.database.db, addDays(later, 1))).toBe(0);
    t.advance(10 * 24 * 60);
    const overdue = (
      await t.app.inject({ url: '/api/applications?overdue=true', headers: await as('community') })
    ).json();
    expect(overdue.items.find((i: { id: number }) => i.id === app.id)).toMatchObject({ overdue: true });
  });
});

describe('a 特困 application', () => {
  it('goes through the democratic review and ends with the four-party agreement', async () => {
    const admin = await as('admin');
    const regions = (await t.app.inject({ url: '/api/regions', headers: admin })).json();
    const home = regions.find((r: { name: string }) => r.name === '金塔巷社区');
    const elder = (
      await t.app.inject({
        method: 'POST',
        url: '/api/elders',
        headers: admin,
        payload: elderBody(home.id, {
          name: '五保甲',
          idNumber: idFor('19420202', 181),
          categories: [{ type: 'tekun', supportMode: 'dispersed' }],
        }),
      })
    ).json();
    const app = (
      await t.app.inject({
        method: 'POST',
        url: '/api/applications',
        headers: await as('community'),
        payload: { elderId: elder.id, programme: 'tekun_support', opinion: '本人申请，村民小组推荐' },
      })
    ).json();
    expect(app.allowedActions).toContain('democratic_review');
    expect(app.allowedActions).not.toContain('survey');
    await t.app.inject({
      method: 'POST',
      url: `/api/applications/${app.id}/documents?kind=id_copy&filename=id.pdf`,
      payload: Buffer.from('%PDF-1.4\n'),
      headers: { ...(await as('community')), 'content-type': 'application/pdf' },
    });
    expect((await doAct('community', app.id, { action: 'survey', opinion: '入户' })).statusCode).toBe(409);
    // The server's clock has been moved on by earlier tests; its today is the filing date.
    const today = app.submittedOn;
    const bad = await doAct('community', app.id, {
      action: 'democratic_review',
      opinion: '村民代表会议评议',
      review: { reviewDate: today, participants: 20, votesFor: 15, votesAgainst: 8 },
    });
    expect(bad.statusCode).toBe(400);
    const reviewed = await doAct('community', app.id, {
      action: 'democratic_review',
      opinion: '村民代表会议评议通过',
      review: { reviewDate: today, participants: 25, votesFor: 21, votesAgainst: 2 },
    });
    expect(reviewed.json().state).toBe('surveyed');
    expect(reviewed.json().steps.at(-1).data).toMatchObject({ participants: 25, votesFor: 21 });
    await doAct('community', app.id, { action: 'start_notice', noticeFrom: today, noticeTo: addDays(today, 6) });
    t.advance(8 * 24 * 60);
    await doAct('community', app.id, { action: 'end_notice' });
    await doAct('street', app.id, { action: 'street_approve', opinion: '乡镇审核同意' });
    const approved = await doAct('admin', app.id, { action: 'district_approve', opinion: '县（区）民政批准' });
    expect(approved.json().state).toBe('approved');
    const agreement = {
      villagerGroup: '金塔巷第三居民小组',
      villageCommittee: '金塔巷社区居委会',
      townshipOffice: '张掖路街道社会事务办',
      carer: '侄子 五保乙',
      contractedLandMu: 2.5,
      homesteadSqm: 180,
      houseRooms: 3,
      houseSqm: 64.5,
      propertyNotes: '土地、宅基地、房屋仍归本人所有',
      signedOn: addDays(today, 8),
    };
    const byStreet = await t.app.inject({
      method: 'POST',
      url: `/api/applications/${app.id}/agreement`,
      payload: agreement,
      headers: await as('street'),
    });
    expect(byStreet.statusCode).toBe(403);
    const signed = await t.app.inject({
      method: 'POST',
      url: `/api/applications/${app.id}/agreement`,
      payload: agreement,
      headers: await as('community'),
    });
    expect(signed.statusCode, signed.body).toBe(201);
    expect(signed.json().agreement).toMatchObject({
      contractedLandMu: 2.5,
      houseRooms: 3,
      houseSqm: 64.5,
      filedAt: null,
    });
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/applications/${app.id}/agreement`,
          payload: agreement,
          headers: await as('community'),
        })
      ).statusCode,
    ).toBe(409);
    // 001 L90 「房屋_____间____㎡」: the house's area is asked with its rooms.
    const { houseSqm: _, ...noArea } = agreement;
    const other = await t.app.inject({
      method: 'POST',
      url: `/api/applications/${app.id}/agreement`,
      payload: noArea,
      headers: await as('community'),
    });
    expect(other.statusCode).toBe(400);
    expect(other.json().errors[0]).toMatchObject({ field: 'houseSqm' });
    // 001 L94 「丁方……并报区民政局备案」: the district takes it on file, once.
    const file = async (who: string) =>
      t.app.inject({ method: 'POST', url: `/api/applications/${app.id}/agreement/file`, headers: await as(who) });
    expect((await file('community')).statusCode).toBe(403);
    const filed = await file('admin');
    expect(filed.statusCode, filed.body).toBe(200);
    expect(filed.json().agreement).toMatchObject({ filedAt: expect.any(String), filedByName: expect.any(String) });
    expect((await file('admin')).statusCode).toBe(409);
  });
});
