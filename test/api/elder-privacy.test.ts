// Issue 15: what a masked elder file gives away. The ID mask cannot be completed from what is shown
// beside it (findings 1), a duplicate ID number does not say where outside the caller's jurisdiction
// the person lives (finding 4), and uploaded rosters are stored encrypted and deleted after their
// retention (finding 2).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import ExcelJS from '../../src/server/lib/exceljs.js';
import { makeTestApp, type TestApp } from '../helpers/test-app.js';
import { elderBody, idFor } from '../helpers/elder-fixtures.js';
import { ROSTER_COLUMNS } from '../../src/server/modules/elders/roster-columns.js';
import { elders, importJobs } from '../../src/server/db/schema.js';
import { purgeRosterFiles } from '../../src/server/modules/elders/elder-import.js';
import { upgradeStoredPersonalData } from '../../src/server/modules/elders/personal-data-upgrade.js';

let t: TestApp;
const c: Record<string, string> = {};
let regions: { id: number; name: string; code: string; level: string }[];
const byName = (n: string) => regions.find((r) => r.name === n)!;
let elderId: number;
const ID = idFor('19450315', 11);

beforeAll(async () => {
  t = await makeTestApp();
  for (const u of ['admin', 'community', 'community2', 'street', 'operator', 'auditor']) c[u] = await t.login(u);
  regions = (await t.app.inject({ url: '/api/regions', headers: { cookie: c.admin } })).json();
  const res = await post('community', '/api/elders', elderBody(byName('金塔巷社区').id, { idNumber: ID }));
  expect(res.statusCode).toBe(201);
  elderId = res.json().id;
});
afterAll(() => t.close());

const post = (user: string, url: string, payload: object) =>
  t.app.inject({ method: 'POST', url, payload, headers: { cookie: c[user] } });
const get = (user: string, url: string) => t.app.inject({ url, headers: { cookie: c[user] } });
const HEADERS = ROSTER_COLUMNS.map((col) => col.header);
async function xlsx(rows: Record<string, string>[]) {
  const wb = new ExcelJS.Workbook();
  const s = wb.addWorksheet('老人名册');
  s.addRow(HEADERS);
  rows.forEach((r) => s.addRow(HEADERS.map((h) => r[h] ?? null)));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
const rosterRow = (name: string, idNumber: string, code: string) => ({
  姓名: name,
  身份证号: idNumber,
  联系电话: '13811112222',
  社区或网格代码: code,
  住址: '永昌路 8 号',
  户籍: '本地户籍',
  居住年限: '20',
  居住情况: '独居',
});
async function upload(user: string, file: Buffer) {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/elders/imports?filename=${encodeURIComponent('名册.xlsx')}`,
    payload: file,
    headers: { cookie: c[user], 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  });
  expect(res.statusCode).toBe(202);
  for (let i = 0; i < 200; i++) {
    const job = (await get(user, `/api/elders/imports/${res.json().id}`)).json();
    if (job.status !== 'running') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('import did not finish');
}

describe('the ID mask and the birth date (finding 1)', () => {
  it('lists show age and birth year, not the date, and a mask of first and last character', async () => {
    const list = (await get('auditor', '/api/elders?q=张三')).json();
    const item = list.items.find((i: { id: number }) => i.id === elderId);
    expect(item).toMatchObject({ birthYear: 1945, idMasked: `6${'*'.repeat(16)}${ID[17]}` });
    expect(item).not.toHaveProperty('birthDate');
    expect(JSON.stringify(list)).not.toContain('1945-03-15');
  });

  it('gives the full birth date in the file only to roles that file and assess elders', async () => {
    for (const user of ['community', 'street', 'admin'])
      expect((await get(user, `/api/elders/${elderId}`)).json().birthDate).toBe('1945-03-15');
    for (const user of ['auditor', 'operator']) {
      const res = await get(user, `/api/elders/${elderId}`);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ birthDate: null, birthYear: 1945, age: expect.any(Number) });
      expect(res.body).not.toContain('03-15');
      expect(res.body).not.toContain(ID.slice(1, 17));
    }
  });

  it('exports birth year and the short mask, never the date', async () => {
    const res = await get('auditor', `/api/elders/export?q=${encodeURIComponent('张三')}`);
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const s = wb.worksheets[0];
    expect(s.getRow(4).getCell(3).value).toBe('出生年份');
    const row = s.getRow(5).values as unknown[];
    expect(row[3]).toBe(1945);
    expect(row[5]).toBe(`6${'*'.repeat(16)}${ID[17]}`);
    expect(JSON.stringify(s.getSheetValues())).not.toContain('1945-03-15');
  });

  it('re-masks an ID mask stored in the old 3 + 4 form, on read and at start-up', async () => {
    const old = `${ID.slice(0, 3)}${'*'.repeat(11)}${ID.slice(14)}`;
    await t.database.db.update(elders).set({ idMasked: old }).where(eq(elders.id, elderId));
    expect((await get('auditor', `/api/elders/${elderId}`)).json().idMasked).toBe(`6${'*'.repeat(16)}${ID[17]}`);
    expect((await upgradeStoredPersonalData(t.database.db, t.cipher)).idMasks).toBeGreaterThanOrEqual(1);
    const [row] = await t.database.db.select().from(elders).where(eq(elders.id, elderId));
    expect(row.idMasked).toBe(`6${'*'.repeat(16)}${ID[17]}`);
    // Idempotent: nothing left to change.
    expect((await upgradeStoredPersonalData(t.database.db, t.cipher)).idMasks).toBe(0);
  });

  it('the reveal still gives the whole ID number to whoever may see it (and is audited)', async () => {
    const res = await post('operator', `/api/elders/${elderId}/reveal`, { field: 'idNumber', reason: '核对身份' });
    expect(res.json().value).toBe(ID);
  });
});

describe('a duplicate ID number outside the jurisdiction (finding 4)', () => {
  const theirs = () => regions.find((r) => r.level === 'community' && r.name !== '金塔巷社区')!;
  it('tells a worker elsewhere only that the person is filed elsewhere, through the form', async () => {
    const mine = (await get('community2', '/api/regions')).json() as typeof regions;
    const community = mine.find((r) => r.level === 'community')!;
    const res = await post('community2', '/api/elders', elderBody(community.id, { idNumber: ID, name: '李四' }));
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toBe('该身份证号已在其他辖区建档；如需迁入，请联系街道办理转移');
    expect(res.json().errors[0]).toMatchObject({ field: 'idNumber' });
    expect(res.body).not.toContain('金塔巷');
  });
  it('names the community to a caller whose jurisdiction holds it', async () => {
    const res = await post('admin', '/api/elders', elderBody(theirs().id, { idNumber: ID, name: '李四' }));
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toContain('金塔巷社区');
  });
  it('and through the roster import', async () => {
    const mine = (await get('community2', '/api/regions')).json() as typeof regions;
    const community = mine.find((r) => r.level === 'community')!;
    const job = await upload('community2', await xlsx([rosterRow('李四', ID, community.code)]));
    expect(job.errors).toEqual([
      { row: 2, column: '身份证号', message: '该身份证号已在其他辖区建档；如需迁入，请联系街道办理转移' },
    ]);
    const inScope = await upload('admin', await xlsx([rosterRow('李四', ID, theirs().code)]));
    expect(inScope.errors[0].message).toContain('金塔巷社区');
  });
});

describe('uploaded rosters (finding 2)', () => {
  it('are stored encrypted, and the error file is still made from them', async () => {
    const id = idFor('19500606', 201);
    const job = await upload('admin', await xlsx([rosterRow('王五', id, byName('金塔巷社区').code), { 姓名: '赵' }]));
    expect(job.status).toBe('done');
    const [row] = await t.database.db.select().from(importJobs).where(eq(importJobs.id, job.id));
    expect(row.file!.subarray(0, 2).toString()).not.toBe('PK');
    expect(row.file!.includes(Buffer.from(id))).toBe(false);
    const errorFile = await get('admin', `/api/elders/imports/${job.id}/error-file`);
    expect(errorFile.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(errorFile.rawPayload as unknown as ArrayBuffer);
    expect(JSON.stringify(wb.worksheets[0].getSheetValues())).toContain(id);
  });

  it('are deleted the retention after their job ended; running ones and recent ones are kept', async () => {
    const db = t.database.db;
    const jobs = await db
      .insert(importJobs)
      .values(
        (['done', 'failed', 'interrupted', 'done', 'running'] as const).map((status) => ({
          createdBy: 1,
          filename: `${status}.xlsx`,
          mode: 'valid_rows' as const,
          status,
          file: Buffer.from('roster'),
        })),
      )
      .returning({ id: importJobs.id });
    const now = new Date('2026-12-20T00:00:00Z');
    const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
    const ended = [daysAgo(8), daysAgo(30), daysAgo(7.5), daysAgo(6), null];
    for (const [i, j] of jobs.entries())
      await db.update(importJobs).set({ finishedAt: ended[i] }).where(eq(importJobs.id, j.id));
    const purged = await purgeRosterFiles(db, now, 7);
    expect(purged).toEqual(expect.arrayContaining(jobs.slice(0, 3).map((j) => j.id)));
    expect(purged).not.toContain(jobs[3].id);
    expect(purged).not.toContain(jobs[4].id);
    const left = await db.select({ id: importJobs.id, file: importJobs.file }).from(importJobs);
    const fileOf = (id: number) => left.find((r) => r.id === id)!.file;
    expect(jobs.slice(0, 3).map((j) => fileOf(j.id))).toEqual([null, null, null]);
    expect(fileOf(jobs[3].id)).not.toBeNull();
    expect(fileOf(jobs[4].id)).not.toBeNull();
    expect(await purgeRosterFiles(db, now, 7)).toEqual([]);
  });

  it('after deletion the error file says so instead of failing', async () => {
    const job = await upload('admin', await xlsx([{ 姓名: '赵' }]));
    await t.database.db.update(importJobs).set({ file: null }).where(eq(importJobs.id, job.id));
    const res = await get('admin', `/api/elders/imports/${job.id}/error-file`);
    expect(res.statusCode).toBe(410);
    expect(res.json().detail).toContain('7 天');
  });
});

describe('certificate numbers (finding 1)', () => {
  const DISABILITY_NO = `${idFor('19440404', 301)}21`;
  let id: number;
  const stored = async () => (await t.database.db.select().from(elders).where(eq(elders.id, id)))[0];

  it('are stored encrypted and shown masked like ID numbers', async () => {
    const res = await post(
      'community',
      '/api/elders',
      elderBody(byName('金塔巷社区').id, {
        name: '钱七',
        idNumber: idFor('19440404', 301),
        categories: [
          { type: 'disability', certificateNo: DISABILITY_NO, disabilityGrade: 2, disabilityType: 'physical' },
          { type: 'dibao', certificateNo: 'DB7654321', validUntil: '2030-12-31' },
        ],
      }),
    );
    expect(res.statusCode, res.body).toBe(201);
    id = res.json().id;
    expect(res.json().categories[0]).toMatchObject({
      type: 'disability',
      certificateNoMasked: `6${'*'.repeat(18)}1`,
      disabilityGrade: 2,
    });
    expect(res.json().categories[0]).not.toHaveProperty('certificateNo');
    expect(res.body).not.toContain(DISABILITY_NO.slice(1, 19));
    expect(res.body).not.toContain('7654321');
    const row = await stored();
    expect(JSON.stringify(row.categories)).not.toContain(DISABILITY_NO.slice(1, 19));
    expect(JSON.stringify(row.categories)).not.toContain('7654321');
    const audit = (await get('admin', `/api/elders/${id}/history`)).json();
    expect(JSON.stringify(audit)).not.toContain('certificateNoCipher');
    expect(JSON.stringify(audit)).not.toContain('7654321');
  });

  it('are revealed in full only on purpose, audited', async () => {
    const res = await post('operator', `/api/elders/${id}/reveal`, {
      field: 'certificate',
      categoryType: 'disability',
      reason: '核对残疾证',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().value).toBe(DISABILITY_NO);
    const none = await post('operator', `/api/elders/${id}/reveal`, {
      field: 'certificate',
      categoryType: 'youfu',
      reason: '核对',
    });
    expect(none.statusCode).toBe(400);
    expect(none.json().errors[0].field).toBe('categoryType');
    expect(
      (
        await post('auditor', `/api/elders/${id}/reveal`, {
          field: 'certificate',
          categoryType: 'dibao',
          reason: '看看',
        })
      ).statusCode,
    ).toBe(403);
  });

  it('are kept by an edit that does not send them again, and replaced by one that does', async () => {
    const { idNumber: _i, phone: _p, ...rest } = elderBody(byName('金塔巷社区').id, { name: '钱七' });
    const res = await t.app.inject({
      method: 'PUT',
      url: `/api/elders/${id}`,
      headers: { cookie: c.community },
      payload: {
        ...rest,
        categories: [
          { type: 'disability', disabilityGrade: 3, disabilityType: 'physical' },
          { type: 'dibao', certificateNo: 'DB1112223', validUntil: '2030-12-31' },
        ],
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().categories.map((x: { certificateNoMasked: string }) => x.certificateNoMasked)).toEqual([
      `6${'*'.repeat(18)}1`,
      'D*******3',
    ]);
    const reveal = async (categoryType: string) =>
      (
        await post('community', `/api/elders/${id}/reveal`, { field: 'certificate', categoryType, reason: '核对' })
      ).json().value;
    expect(await reveal('disability')).toBe(DISABILITY_NO);
    expect(await reveal('dibao')).toBe('DB1112223');
    // A category the file did not have needs its number.
    const missing = await t.app.inject({
      method: 'PUT',
      url: `/api/elders/${id}`,
      headers: { cookie: c.community },
      payload: { ...rest, categories: [{ type: 'youfu' }] },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0].field).toBe('categories.0.certificateNo');
  });

  it('stored in clear before are encrypted at start-up, once', async () => {
    await t.database.db
      .update(elders)
      .set({ categories: [{ type: 'dibao', certificateNo: 'DB5550001', validUntil: '2030-12-31' }] })
      .where(eq(elders.id, id));
    // Until then they are shown masked all the same.
    expect((await get('auditor', `/api/elders/${id}`)).json().categories[0].certificateNoMasked).toBe('D*******1');
    expect((await upgradeStoredPersonalData(t.database.db, t.cipher)).certificates).toBe(1);
    const row = await stored();
    expect(JSON.stringify(row.categories)).not.toContain('5550001');
    expect(row.categories).toEqual([
      expect.objectContaining({ type: 'dibao', certificateNoMasked: 'D*******1', validUntil: '2030-12-31' }),
    ]);
    expect(
      (
        await post('community', `/api/elders/${id}/reveal`, {
          field: 'certificate',
          categoryType: 'dibao',
          reason: '核对',
        })
      ).json().value,
    ).toBe('DB5550001');
    expect((await upgradeStoredPersonalData(t.database.db, t.cipher)).certificates).toBe(0);
  });

  it('from a roster import are encrypted too', async () => {
    const idNumber = idFor('19430303', 303);
    const job = await upload(
      'admin',
      await xlsx([
        { ...rosterRow('孙八', idNumber, byName('金塔巷社区').code), 类别: '重点优抚', 优抚证号: 'YF98765' },
      ]),
    );
    expect(job.errors).toEqual([]);
    const [row] = await t.database.db
      .select()
      .from(elders)
      .where(eq(elders.idHash, t.cipher.index(idNumber)));
    expect(JSON.stringify(row.categories)).not.toContain('98765');
    expect(row.categories).toEqual([expect.objectContaining({ type: 'youfu', certificateNoMasked: 'Y*****5' })]);
  });
});
