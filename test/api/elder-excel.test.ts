import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from '../../src/server/lib/exceljs.js';
import { makeTestApp, type TestApp } from '../helpers/test-app.js';
import { idFor } from '../helpers/elder-fixtures.js';
import { ROSTER_COLUMNS } from '../../src/server/modules/elders/roster-columns.js';

let t: TestApp;
let cookie: string;
let jinta: { code: string; id: number };
let caojia: { code: string };
beforeAll(async () => {
  t = await makeTestApp();
  cookie = await t.login('admin');
  const regions = (await t.app.inject({ url: '/api/regions', headers: { cookie } })).json();
  jinta = regions.find((r: { name: string }) => r.name === '金塔巷社区');
  caojia = regions.find((r: { name: string }) => r.name === '曹家厅社区');
});
afterAll(() => t.close());

const HEADERS = ROSTER_COLUMNS.map((c) => c.header);
async function xlsx(rows: (string | number | null | undefined)[][], headers: string[] = HEADERS) {
  const wb = new ExcelJS.Workbook();
  const s = wb.addWorksheet('老人名册');
  s.addRow(headers);
  rows.forEach((r) => s.addRow(r));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
const row = (over: Partial<Record<string, string | number | null>>) =>
  HEADERS.map((h) =>
    h in over
      ? over[h]
      : ((
          {
            姓名: '马六',
            身份证号: idFor('19480101', 101),
            联系电话: '13811112222',
            社区或网格代码: jinta.code,
            住址: '永昌路 8 号',
            户籍: '本地户籍',
            居住年限: '20',
            居住情况: '独居',
          } as Record<string, string>
        )[h] ?? null),
  );

async function upload(file: Buffer, mode = 'valid_rows') {
  return t.app.inject({
    method: 'POST',
    url: `/api/elders/imports?mode=${mode}&filename=${encodeURIComponent('名册.xlsx')}`,
    payload: file,
    headers: { cookie, 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  });
}
async function finished(jobId: number) {
  for (let i = 0; i < 200; i++) {
    const job = (await t.app.inject({ url: `/api/elders/imports/${jobId}`, headers: { cookie } })).json();
    if (job.status !== 'running') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('import did not finish');
}
const total = async () => (await t.app.inject({ url: '/api/elders?status=all', headers: { cookie } })).json().total;

describe('Excel import', () => {
  it('gives a template with the columns and a sheet of allowed values', async () => {
    const res = await t.app.inject({ url: '/api/elders/import-template', headers: { cookie } });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect((wb.getWorksheet('老人名册')!.getRow(1).values as string[]).slice(1)).toEqual(HEADERS);
    const allowed = wb.getWorksheet('可选值')!;
    expect(JSON.stringify(allowed.getSheetValues())).toContain('低保边缘');
    expect(JSON.stringify(allowed.getSheetValues())).toContain(jinta.code);
  });

  it('imports valid rows, reports the bad ones by row and column, and gives an error file', async () => {
    const before = await total();
    const file = await xlsx([
      row({}),
      row({ 姓名: '牛七', 身份证号: idFor('19500202', 103), 类别: '低保' }), // 低保 without its number
      row({ 姓名: '杨八', 身份证号: idFor('19520303', 105).slice(0, 17) }),
      row({ 姓名: '朱九', 身份证号: idFor('19540404', 107), 联系电话: '138abc' }),
      row({ 姓名: '许十', 身份证号: idFor('19560505', 109), 社区或网格代码: '999999999999' }),
      row({ 姓名: '何一', 身份证号: idFor('19480101', 101) }), // same ID as row 2
      row({ 姓名: 'x'.repeat(2_000_000), 身份证号: idFor('19580606', 111) }),
      row({ 姓名: '吕二', 身份证号: 620102195807070000 }),
      row({
        姓名: '施三',
        身份证号: idFor('19600808', 113),
        类别: '低保、残疾',
        低保证号: 'DB1',
        低保有效期至: '2027-01-01',
        残疾证号: 'CJ1',
        残疾等级: '二级',
        残疾类型: '肢体',
      }),
      // A child of 2014 is no elder: 「凡年满 60 周岁的老年人都将纳入服务范围」 (000 范文3 L129).
      row({ 姓名: '童童', 身份证号: idFor('20140302', 115) }),
    ]);
    const res = await upload(file);
    expect(res.statusCode).toBe(202);
    const job = await finished(res.json().id);
    expect(job).toMatchObject({ status: 'done', totalRows: 10, inserted: 2, updated: 0, progress: 100 });
    type E = { row: number; column: string; message: string };
    const byRow = Object.fromEntries(job.errors.map((e: E) => [e.row, e]));
    expect(job.errors.filter((e: E) => e.row === 3).map((e: E) => e.column)).toEqual(['低保证号', '低保有效期至']);
    expect(byRow[4]).toMatchObject({ column: '身份证号', message: expect.stringContaining('18 位') });
    expect(byRow[5]).toMatchObject({ column: '联系电话' });
    expect(byRow[6]).toMatchObject({ column: '社区或网格代码' });
    expect(byRow[7]).toMatchObject({ column: '身份证号', message: expect.stringContaining('第 2 行') });
    expect(byRow[8]).toMatchObject({ column: '姓名', message: expect.stringContaining('最多 40') });
    expect(byRow[9]).toMatchObject({ column: '身份证号', message: expect.stringContaining('文本格式') });
    expect(byRow[11]).toMatchObject({
      column: '身份证号',
      message: '出生日期 2014-03-02：未满 60 周岁，不能建立老人档案',
    });
    expect(await total()).toBe(before + 2);

    const errorFile = await t.app.inject({ url: `/api/elders/imports/${job.id}/error-file`, headers: { cookie } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(errorFile.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    const last = sheet.getRow(1).cellCount;
    expect(sheet.getRow(1).getCell(last).value).toBe('错误说明');
    expect(String(sheet.getRow(4).getCell(last).value)).toContain('18 位');
    expect(sheet.getRow(2).getCell(last).value ?? '').toBe('');
  });

  it('re-importing the same file updates instead of duplicating', async () => {
    const file = await xlsx([row({ 住址: '永昌路 9 号' })]);
    const before = await total();
    const job = await finished((await upload(file)).json().id);
    expect(job).toMatchObject({ inserted: 0, updated: 1, errorCount: 0 });
    expect(await total()).toBe(before);
  });

  it('refuses a row whose elder is filed in another community', async () => {
    const job = await finished((await upload(await xlsx([row({ 社区或网格代码: caojia.code })]))).json().id);
    expect(job.errors[0].message).toContain('金塔巷社区');
  });

  it('all or nothing writes nothing when one row fails', async () => {
    const before = await total();
    const res = await upload(
      await xlsx([
        row({ 姓名: '甲一', 身份证号: idFor('19610101', 121) }),
        row({ 姓名: '乙二', 身份证号: idFor('19610101', 123), 户籍: '火星' }),
      ]),
      'all_or_nothing',
    );
    expect(res.statusCode, res.body).toBe(202);
    const job = await finished(res.json().id);
    expect(job, JSON.stringify(job)).toMatchObject({ inserted: 0, errorCount: 1 });
    expect(job.message).toContain('未导入');
    expect(await total()).toBe(before);
    const ok = await finished(
      (await upload(await xlsx([row({ 姓名: '甲一', 身份证号: idFor('19610101', 121) })]), 'all_or_nothing')).json().id,
    );
    expect(ok.inserted).toBe(1);
  });

  it('refuses a file that is not Excel, and a sheet with wrong headers', async () => {
    const notExcel = await upload(Buffer.from('姓名,身份证号\n张三,1101'));
    expect(notExcel.statusCode).toBe(415);
    expect(notExcel.json().detail).toContain('不是 Excel');
    const wrong = await upload(await xlsx([['张三']], ['名字', '身份证号']));
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().detail).toContain('无法识别的列「名字」');
    expect(wrong.json().detail).toContain('缺少必填列「姓名」');
  });
});

describe('Excel export', () => {
  it('exports the filtered list, masked, with the filter in the header, and audits it', async () => {
    const res = await t.app.inject({ url: '/api/elders/export?flag=alone&q=ml', headers: { cookie } });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const s = wb.worksheets[0];
    expect(String(s.getRow(2).getCell(1).value)).toContain('独居');
    expect(String(s.getRow(2).getCell(1).value)).toContain('ml');
    const data = s.getRow(5).values as string[];
    expect(data[1]).toBe('马六');
    expect(data[3]).toBe(1948);
    expect(data[5]).toMatch(/^6\*{16}[\dX]$/);
    expect(data[6]).toBe('138****2222');
    const audit = (await t.app.inject({ url: '/api/audit?action=elder.export', headers: { cookie } })).json();
    expect(audit.items[0].after.rows).toBe(1);
  });
});
