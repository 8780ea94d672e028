// A community worker's day with the registry: find, create (with a mistyped ID number first),
// open, edit, assess, import a roster and export the list.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from '../../src/server/lib/exceljs.js';
import { loginAs, shot, startBrowserEnv, PHONE, type BrowserEnv } from '../helpers/browser.js';
import { idFor } from '../helpers/elder-fixtures.js';
import { nameKeys } from '../../src/core/elders/name-search.js';
import { ROSTER_COLUMNS } from '../../src/server/modules/elders/roster-columns.js';

let env: BrowserEnv;
beforeAll(async () => {
  env = await startBrowserEnv();
});
afterAll(() => env?.close());

describe('elder registry in the browser', () => {
  it('searches by pinyin initials and filters, then opens a file', async () => {
    const page = await loginAs(env, 'community');
    await page.getByRole('menuitem', { name: '老人档案' }).click();
    await page.getByText(/共 \d+ 位老人/).waitFor();
    await shot(page, 'elders-list');
    const first = await page.locator('.ant-table-tbody tr td:first-child a').first().innerText();
    await page.getByPlaceholder('姓名、拼音首字母、身份证号或电话').fill(nameKeys(first).initials);
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await page.getByText(/共 \d+ 位老人/).waitFor();
    await page.locator('.ant-table-tbody tr td:first-child a').filter({ hasText: first }).first().click();
    await page.getByRole('tab', { name: '基本信息' }).waitFor();
    await shot(page, 'elder-detail');
    await page.getByRole('tab', { name: '变更记录' }).click();
    await page.context().close();
  });

  it('creates a file, explaining a wrong ID number next to the field, then edits it', async () => {
    const page = await loginAs(env, 'community');
    await page.goto(env.baseUrl + '/elders/new');
    await page.getByLabel('姓名').fill('测试老人');
    const good = idFor('19420612', 201);
    await page.getByLabel('身份证号').fill(good.slice(0, 17) + (good[17] === '1' ? '2' : '1'));
    await page.getByLabel('联系电话').fill('139abc');
    await page.getByLabel('住址').fill('金塔巷 12 号');
    await page.locator('.ant-form-item').filter({ hasText: '所属社区或网格' }).locator('.ant-select').click();
    await page.locator('.ant-select-tree-node-content-wrapper').filter({ hasText: '金塔巷社区' }).first().click();
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('身份证号校验位不正确').waitFor();
    await page.getByText('电话号码格式不正确').first().waitFor();
    await shot(page, 'elder-form-errors');
    await page.getByLabel('身份证号').fill(good);
    await page.getByLabel('联系电话').fill('13912345678');
    await page.getByRole('button', { name: /添加类别/ }).click();
    await page.locator('.ant-select').filter({ hasText: '类别' }).last().click();
    await page
      .locator('.ant-select-item-option')
      .filter({ hasText: /^低保$/ })
      .click();
    await page.getByPlaceholder('证件编号').fill('DB2026001');
    await page.getByPlaceholder('有效期至').click();
    await page.getByPlaceholder('有效期至').fill('2027-12-31');
    // Enter picks the typed date and, as in any form, submits it.
    await page.keyboard.press('Enter');
    await page.getByText('档案已建立').waitFor();
    await page.getByRole('tab', { name: '基本信息' }).waitFor();
    await page.getByText('139****5678').first().waitFor();
    await page.getByRole('button', { name: /编\s*辑/ }).click();
    await page.getByLabel('住址').fill('金塔巷 14 号');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('档案已保存').waitFor();
    await page.getByText('金塔巷 14 号').waitFor();
    // The certificate number is shown masked, and an edit that left it empty kept it.
    await page.getByRole('tab', { name: '类别与证明' }).click();
    await page.getByText('D*******1').waitFor();
    await page.getByRole('tab', { name: '变更记录' }).click();
    await page.getByRole('cell', { name: '修改老人档案' }).waitFor();
    await shot(page, 'elder-history');
    await page.context().close();
  });

  it('imports a roster with one bad row and shows the errors', async () => {
    const wb = new ExcelJS.Workbook();
    const s = wb.addWorksheet('老人名册');
    s.addRow(ROSTER_COLUMNS.map((c) => c.header));
    const page = await loginAs(env, 'community');
    const regions = await page.evaluate(async () => (await fetch('/api/regions')).json());
    const code = regions.find((r: { name: string }) => r.name === '金塔巷社区').code;
    const base = (name: string, id: string) =>
      ROSTER_COLUMNS.map(
        (c) =>
          (
            ({ name, idNumber: id, regionCode: code, address: '金塔巷 1 号', hukou: '本地户籍' }) as Record<
              string,
              string
            >
          )[c.key] ?? null,
      );
    s.addRow(base('导入甲', idFor('19400101', 301)));
    s.addRow(base('导入乙', idFor('19400101', 303).slice(0, 16)));
    const file = path.join(os.tmpdir(), `roster-${Date.now()}.xlsx`);
    await wb.xlsx.writeFile(file);
    await page.goto(env.baseUrl + '/elders/import');
    await page.locator('input[type=file]').setInputFiles(file);
    await page.getByText('18 位').waitFor();
    await page.getByTestId('error-file').waitFor();
    await shot(page, 'elder-import');
    fs.rmSync(file);
    await page.context().close();
  });

  it('exports the filtered list to Excel', async () => {
    const page = await loginAs(env, 'community');
    await page.goto(env.baseUrl + '/elders');
    await page.getByText(/共 \d+ 位老人/).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
    const file = await download.path();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(String(wb.worksheets[0].getRow(1).getCell(1).value)).toBe('老人名册导出');
    expect(wb.worksheets[0].rowCount).toBeGreaterThan(4);
    await page.context().close();
  });

  it('shows the needs summary and works at phone width', async () => {
    const page = await loginAs(env, 'street');
    await page.getByRole('menuitem', { name: '需求汇总' }).click();
    await page.getByText('按下级区域').waitFor();
    await shot(page, 'needs-summary');
    await page.context().close();
    const phone = await loginAs(env, 'community', PHONE);
    await phone.goto(env.baseUrl + '/elders');
    await phone.getByText(/共 \d+ 位老人/).waitFor();
    await shot(phone, 'phone-elders');
    await phone.context().close();
  });
});
