import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { makeTestApp, type TestApp } from '../helpers/test-app.js';
import { elderBody, idFor } from '../helpers/elder-fixtures.js';
import { ITEMS } from '../../src/core/assessment/gb42195.js';

interface RegionDto {
  id: number;
  parentId: number | null;
  level: string;
  name: string;
}
let t: TestApp;
const c: Record<string, string> = {};
let regions: RegionDto[];
const byName = (n: string) => regions.find((r) => r.name === n)!;

beforeAll(async () => {
  t = await makeTestApp();
  for (const u of ['admin', 'community', 'community2', 'street', 'street2', 'operator', 'auditor', 'provider'])
    c[u] = await t.login(u);
  regions = (await t.app.inject({ url: '/api/regions', headers: { cookie: c.admin } })).json();
});
afterAll(() => t.close());

const post = (user: string, url: string, payload: object) =>
  t.app.inject({ method: 'POST', url, payload, headers: { cookie: c[user] } });
const put = (user: string, url: string, payload: object) =>
  t.app.inject({ method: 'PUT', url, payload, headers: { cookie: c[user] } });
const get = (user: string, url: string) => t.app.inject({ url, headers: { cookie: c[user] } });
const home = () => byName('金塔巷社区');
const errorOf = (res: { json(): { errors?: { field: string; message: string }[] } }, field: string) =>
  res.json().errors?.find((e) => e.field === field)?.message;

describe('creating a file', () => {
  it('derives birth date and sex, masks ID and phone', async () => {
    const res = await post('community', '/api/elders', elderBody(home().id));
    expect(res.statusCode).toBe(201);
    const e = res.json();
    expect(e).toMatchObject({
      name: '张三',
      sex: 'M',
      birthDate: '1945-03-15',
      birthYear: 1945,
      phoneMasked: '138****5678',
    });
    expect(e.idMasked).toMatch(/^6\*{16}[\dX]$/);
    expect(JSON.stringify(e)).not.toContain('13812345678');
  });
  it.each([
    [
      'wrong check digit',
      { idNumber: idFor('19450316', 3).slice(0, 17) + (idFor('19450316', 3)[17] === '1' ? '2' : '1') },
      'idNumber',
      '校验位',
    ],
    ['17 characters', { idNumber: idFor('19450316', 3).slice(0, 17) }, 'idNumber', '18 位'],
    ['birth date 2030', { idNumber: idFor('20300101', 3) }, 'idNumber', '晚于今天'],
    ['phone with letters', { phone: '1381234abcd' }, 'phone', '格式不正确'],
    [
      'category evidence missing its number',
      { categories: [{ type: 'dibao', validUntil: '2027-12-31' }] },
      'categories.0.certificateNo',
      '证件编号',
    ],
    ['unknown category', { categories: [{ type: 'king' }] }, 'categories.0.type', '取值无效'],
    ['a grid-less street as home', { regionId: 0 }, 'regionId', ''],
  ])('refuses %s', async (_what, over, field, text) => {
    const before = (await get('admin', '/api/elders?status=all')).json().total;
    const body = elderBody(home().id, { idNumber: idFor('19500101', 21), ...over });
    const res = await post('community', '/api/elders', body);
    expect(res.statusCode).toBe(400);
    expect(errorOf(res, field)).toContain(text);
    expect((await get('admin', '/api/elders?status=all')).json().total).toBe(before);
  });
  it('refuses a street as the home region', async () => {
    const res = await post(
      'admin',
      '/api/elders',
      elderBody(byName('张掖路街道').id, { idNumber: idFor('19500101', 23) }),
    );
    expect(res.statusCode).toBe(400);
    expect(errorOf(res, 'regionId')).toContain('社区');
  });
  it('refuses a duplicate ID number and says which community holds it', async () => {
    const res = await post('admin', '/api/elders', elderBody(byName('曹家厅社区').id, { name: '张三丰' }));
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toContain('金塔巷社区');
  });
  it("refuses a community outside the worker's jurisdiction", async () => {
    const res = await post('community2', '/api/elders', elderBody(home().id, { idNumber: idFor('19500101', 25) }));
    expect(res.statusCode).toBe(404);
  });
});

describe('finding elders', () => {
  let id: number;
  beforeAll(async () => {
    const res = await post(
      'community',
      '/api/elders',
      elderBody(home().id, {
        name: '李秀兰',
        idNumber: idFor('19360102', 42),
        phone: '13900001111',
        livingFlags: ['empty_nest'],
        categories: [{ type: 'dibao', certificateNo: 'DB0001', validUntil: '2020-01-01' }],
      }),
    );
    id = res.json().id;
  });
  const find = async (q: string) =>
    (await get('community', `/api/elders?${q}`)).json().items.map((e: { id: number }) => e.id);
  it('by name prefix, pinyin initials, full pinyin, ID number and phone', async () => {
    expect(await find('q=' + encodeURIComponent('李秀'))).toContain(id);
    expect(await find('q=lxl')).toContain(id);
    expect(await find('q=lixiu')).toContain(id);
    expect(await find('q=' + idFor('19360102', 42))).toEqual([id]);
    expect(await find('q=13900001111')).toEqual([id]);
    expect(await find('q=zs')).not.toContain(id);
  });
  it('by category, flag, age band, grade and expired evidence', async () => {
    expect(await find('category=dibao')).toContain(id);
    expect(await find('flag=empty_nest')).toContain(id);
    expect(await find('ageBand=90%2B')).toContain(id);
    expect(await find('ageBand=80-89')).not.toContain(id);
    expect(await find('grade=none')).toContain(id);
    expect(await find('expired=true')).toContain(id);
    const item = (await get('community', `/api/elders?q=lxl`)).json().items.find((e: { id: number }) => e.id === id);
    expect(item.expiredEvidence).toEqual(['dibao']);
  });
  it('other communities and streets see nothing of it', async () => {
    expect((await get('community2', `/api/elders/${id}`)).statusCode).toBe(404);
    expect((await get('street2', '/api/elders?q=lxl')).json().items).toEqual([]);
    expect((await get('street', '/api/elders?q=lxl')).json().items.map((e: { id: number }) => e.id)).toContain(id);
    expect((await get('provider', '/api/elders')).statusCode).toBe(403);
  });
});

describe('personal data', () => {
  it('is encrypted at rest and revealed only on purpose, with an audit row', async () => {
    const created = (
      await post(
        'community',
        '/api/elders',
        elderBody(home().id, { name: '王五', idNumber: idFor('19480808', 51), phone: '13700002222' }),
      )
    ).json();
    const raw = (await t.database.db.execute(sql`select * from elders where id = ${created.id}`)) as unknown as {
      rows: Record<string, unknown>[];
    };
    expect(JSON.stringify(raw.rows[0])).not.toContain('13700002222');
    expect(JSON.stringify(raw.rows[0])).not.toContain(idFor('19480808', 51));
    const res = await post('operator', `/api/elders/${created.id}/reveal`, { field: 'phone', reason: '回访核实' });
    expect(res.json().value).toBe('13700002222');
    const audit = (await get('admin', `/api/audit?action=elder.reveal&entityId=${created.id}`)).json();
    expect(audit.items[0]).toMatchObject({ username: 'operator', after: { field: 'phone', reason: '回访核实' } });
    const all = JSON.stringify((await get('admin', '/api/audit?entityType=elder&pageSize=200')).json());
    expect(all).not.toContain('13700002222');
    expect(all).not.toContain(idFor('19480808', 51));
    expect(
      (await post('auditor', `/api/elders/${created.id}/reveal`, { field: 'phone', reason: '抽查' })).statusCode,
    ).toBe(403);
  });
});

describe('transfer, status and history', () => {
  it('moves a file to another community keeping its history', async () => {
    const e = (
      await post('admin', '/api/elders', elderBody(home().id, { name: '赵六', idNumber: idFor('19500505', 61) }))
    ).json();
    const viaEdit = await put(
      'admin',
      `/api/elders/${e.id}`,
      elderBody(byName('曹家厅社区').id, { name: '赵六', idNumber: idFor('19500505', 61) }),
    );
    expect(viaEdit.statusCode).toBe(400);
    expect(errorOf(viaEdit, 'regionId')).toContain('转移');
    const moved = await post('admin', `/api/elders/${e.id}/transfer`, {
      regionId: byName('曹家厅社区').id,
      reason: '随子女搬迁',
    });
    expect(moved.json().regionName).toBe('曹家厅社区');
    expect((await get('community2', `/api/elders/${e.id}`)).statusCode).toBe(200);
    expect((await get('community', `/api/elders/${e.id}`)).statusCode).toBe(404);
    const history = (await get('admin', `/api/elders/${e.id}/history`))
      .json()
      .items.map((h: { action: string }) => h.action);
    expect(history).toEqual(['elder.transfer', 'elder.create']);
  });
  it('a death ends the file in work lists, keeps it, and emits an event', async () => {
    const e = (
      await post('community', '/api/elders', elderBody(home().id, { name: '钱七', idNumber: idFor('19300303', 71) }))
    ).json();
    const future = await post('community', `/api/elders/${e.id}/status`, {
      status: 'deceased',
      deathDate: '2099-01-01',
      reason: '家属告知',
    });
    expect(errorOf(future, 'deathDate')).toContain('晚于今天');
    const noDate = await post('community', `/api/elders/${e.id}/status`, { status: 'deceased', reason: '家属告知' });
    expect(errorOf(noDate, 'deathDate')).toContain('去世日期');
    const ok = await post('community', `/api/elders/${e.id}/status`, {
      status: 'deceased',
      deathDate: '2026-11-01',
      reason: '家属告知',
    });
    expect(ok.json()).toMatchObject({ status: 'deceased', deathDate: '2026-11-01' });
    expect((await get('community', '/api/elders?q=qq')).json().items.map((x: { id: number }) => x.id)).not.toContain(
      e.id,
    );
    expect(
      (await get('community', '/api/elders?q=qq&status=deceased')).json().items.map((x: { id: number }) => x.id),
    ).toContain(e.id);
    const events = (await t.database.db.execute(
      sql`select type, payload from elder_events where elder_id = ${e.id}`,
    )) as unknown as { rows: { type: string; payload: { deathDate: string } }[] };
    expect(events.rows).toEqual([{ type: 'died', payload: expect.objectContaining({ deathDate: '2026-11-01' }) }]);
  });
});

describe('ability assessment and needs survey', () => {
  const answersAll = (key: (options: { key: string; score: number }[]) => string) =>
    Object.fromEntries(ITEMS.map((i) => [i.code, key(i.options)]));
  it('scores per GB/T 42195, sets the current grade, and refuses incomplete answers', async () => {
    const e = (
      await post('community', '/api/elders', elderBody(home().id, { name: '孙八', idNumber: idFor('19400404', 81) }))
    ).json();
    const incomplete = await post('community', `/api/elders/${e.id}/assessments`, {
      assessedOn: '2026-10-01',
      assessor: '评估员甲',
      reason: 'first',
      answers: { 'B1.1': '4' },
      dementiaOrMentalDisorder: false,
      riskEventsLast30Days: 0,
    });
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().errors).toHaveLength(25);
    expect(incomplete.json().errors[0]).toMatchObject({ field: 'answers.B1.2' });
    const res = await post('community', `/api/elders/${e.id}/assessments`, {
      assessedOn: '2026-10-01',
      assessor: '评估员甲',
      reason: 'first',
      answers: answersAll((o) => o[0].key),
      dementiaOrMentalDisorder: true,
      riskEventsLast30Days: 0,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ total: 90, preliminaryGrade: 'intact', grade: 'mild', nextDue: '2027-10-01' });
    const file = (await get('community', `/api/elders/${e.id}`)).json();
    expect(file).toMatchObject({ abilityGrade: 'mild', abilityAssessedOn: '2026-10-01' });
    expect(
      (await get('community', '/api/elders?grade=mild&q=sb')).json().items.map((x: { id: number }) => x.id),
    ).toContain(e.id);
    // An older assessment entered later does not replace the current grade.
    await post('community', `/api/elders/${e.id}/assessments`, {
      assessedOn: '2025-10-01',
      assessor: '评估员乙',
      reason: 'first',
      answers: answersAll((o) => (o[o.length - 1].key === 'coma' ? 'stupor' : o[o.length - 1].key)),
      dementiaOrMentalDisorder: false,
      riskEventsLast30Days: 0,
    });
    expect((await get('community', `/api/elders/${e.id}`)).json().abilityGrade).toBe('mild');
    expect((await get('community', `/api/elders/${e.id}/assessments`)).json()).toHaveLength(2);
  });
  it('records surveys and summarises them by age band and group, per child region', async () => {
    const e = (
      await post(
        'community',
        '/api/elders',
        elderBody(home().id, { name: '周九', idNumber: idFor('19250505', 91), livingFlags: ['alone'] }),
      )
    ).json();
    const bad = await post('community', `/api/elders/${e.id}/needs-surveys`, {
      surveyedOn: '2026-11-01',
      surveyor: '组长',
      needs: ['flying'],
    });
    expect(bad.statusCode).toBe(400);
    const ok = await post('community', `/api/elders/${e.id}/needs-surveys`, {
      surveyedOn: '2026-11-01',
      surveyor: '组长',
      needs: ['meals', 'medical'],
    });
    expect(ok.statusCode).toBe(201);
    const street = (await get('street', '/api/reports/needs-summary')).json();
    expect(street.region.name).toBe('张掖路街道');
    expect(street.groups.all.byAgeBand['90+'].needs.meals).toBeGreaterThanOrEqual(1);
    expect(street.groups.centenarian.total.elders).toBeGreaterThanOrEqual(1);
    expect(street.groups.alone_or_empty_nest.total.needs.medical).toBeGreaterThanOrEqual(1);
    const jinta = street.children.find((c: { name: string }) => c.name === '金塔巷社区');
    expect(jinta.tally.needs.meals).toBeGreaterThanOrEqual(1);
    const other = (await get('street2', '/api/reports/needs-summary')).json();
    expect(other.children.some((c: { name: string }) => c.name === '金塔巷社区')).toBe(false);
    expect((await get('street2', `/api/reports/needs-summary?regionId=${home().id}`)).statusCode).toBe(404);
  });
});

describe('editing a file', () => {
  it('keeps the ID number and phones the form only shows masked', async () => {
    const e = (
      await post(
        'community',
        '/api/elders',
        elderBody(home().id, {
          name: '吴十一',
          idNumber: idFor('19470707', 131),
          phone: '13611112222',
          contacts: [{ name: '吴小', relation: '儿子', phone: '13722223333', emergencyOrder: 1 }],
        }),
      )
    ).json();
    const { idNumber: _id, phone: _phone, ...rest } = elderBody(home().id, { name: '吴十一', address: '新地址 2 号' });
    const res = await put('community', `/api/elders/${e.id}`, {
      ...rest,
      contacts: [
        { name: '吴小', relation: '儿子', keepPhone: 0 },
        { name: '吴二', relation: '女儿', phone: '13833334444' },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    const after = res.json();
    expect(after).toMatchObject({ address: '新地址 2 号', idMasked: e.idMasked, phoneMasked: '136****2222' });
    expect(after.contacts.map((c: { phoneMasked: string }) => c.phoneMasked)).toEqual(['137****3333', '138****4444']);
    const revealed = await post('community', `/api/elders/${e.id}/reveal`, {
      field: 'contactPhone',
      contactIndex: 0,
      reason: '联系家属',
    });
    expect(revealed.json().value).toBe('13722223333');
    const cleared = await put('community', `/api/elders/${e.id}`, { ...rest, phone: null });
    expect(cleared.json().phoneMasked).toBeNull();
  });
});
