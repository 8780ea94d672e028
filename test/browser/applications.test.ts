// One application walked from the community through the street to the district, in the browser.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { loginAs, shot, startBrowserEnv, type BrowserEnv } from '../helpers/browser.js';
import { shanghaiDate } from '../../src/shared/today.js';
import { addDays } from '../../src/core/calendar/working-days.js';
import { idFor } from '../helpers/elder-fixtures.js';

let env: BrowserEnv;
beforeAll(async () => {
  env = await startBrowserEnv();
});
afterAll(() => env?.close());

async function takeStep(page: Page, action: string, opinion: string) {
  const drawer = page.locator('.ant-drawer');
  await drawer.locator('.ant-form-item').filter({ hasText: '操作' }).locator('.ant-select').click();
  await page
    .locator('.ant-select-item-option')
    .filter({ hasText: new RegExp(`^${action}$`) })
    .click();
  if (opinion) await drawer.getByLabel('意见').fill(opinion);
  await drawer.getByRole('button', { name: /提\s*交/ }).click();
  await page.getByText(`已办理：${action}`).waitFor();
}

describe('application approval in the browser', () => {
  it('goes from community to district', async () => {
    let page = await loginAs(env, 'community');
    // A new elder of her community (the demo's own elders may already have applications).
    const pick = await page.evaluate(
      async (idNumber) => {
        const regions = (await (await fetch('/api/regions')).json()) as { id: number; level: string }[];
        const res = await fetch('/api/elders', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            name: '王申请',
            idNumber,
            regionId: regions.find((r) => r.level === 'community')!.id,
            address: '金塔巷 3 号',
            hukou: 'local',
            livingFlags: ['alone'],
            categories: [{ type: 'dibao', certificateNo: 'DB77', validUntil: '2030-12-31' }],
          }),
        });
        return (await res.json()) as { id: number; name: string };
      },
      idFor('19450101', 191),
    );
    const elderName = pick.name;
    await page.goto(`${env.baseUrl}/elders/${pick.id}`);
    await page.getByRole('button', { name: /受理补贴申请/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('.ant-select').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '居家养老服务补贴' }).click();
    await dialog.getByLabel('受理意见').fill('材料齐全，予以受理');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('申请已受理').waitFor();
    await page.locator('.ant-drawer').getByText('社区受理').first().waitFor();
    const id = new URL(page.url()).searchParams.get('id');
    // Documents first: what 002 第5篇 L241–249 asks of a 低保家庭老人 — the signed 申请审批表, the
    // 《最低生活保障证》复印件, the ID copy and 与子女不在同一社区居住的证明 — as images.
    const png = path.join(os.tmpdir(), `doc-${Date.now()}.png`);
    fs.writeFileSync(
      png,
      Buffer.from(
        '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a9d30000000049454e44ae426082',
        'hex',
      ),
    );
    const docs = page.getByTestId('documents');
    await docs
      .getByText(
        /入户调查前须上传：申请审批表（申请评审表）、身份证复印件、最低生活保障证复印件、与子女不在同一社区居住的证明/,
      )
      .waitFor();
    await shot(page, 'application-documents-missing');
    await docs.locator('input[type=file]').setInputFiles(png);
    await page
      .getByText(/已上传/)
      .first()
      .waitFor();
    for (const label of ['最低生活保障证复印件', '申请审批表（申请评审表）', '与子女不在同一社区居住的证明']) {
      await docs.getByLabel('材料类型').click();
      await page.locator('.ant-select-item-option').filter({ hasText: label }).click();
      await docs.locator('input[type=file]').setInputFiles(png);
      await docs.getByText(`${label} ·`).waitFor();
    }
    await docs.getByText(/入户调查前须上传/).waitFor({ state: 'detached' });
    fs.rmSync(png);
    await takeStep(page, '入户调查', '入户调查属实');
    const today = shanghaiDate();
    const drawer = page.locator('.ant-drawer');
    await drawer.locator('.ant-form-item').filter({ hasText: '操作' }).locator('.ant-select').click();
    await page
      .locator('.ant-select-item-option')
      .filter({ hasText: /^开始公示$/ })
      .click();
    await drawer.getByPlaceholder('开始日期').click();
    await drawer.getByPlaceholder('开始日期').fill(today);
    await page.keyboard.press('Enter');
    await drawer.getByPlaceholder('结束日期').fill(addDays(today, 2));
    await page.keyboard.press('Enter');
    await drawer.getByRole('button', { name: /提\s*交/ }).click();
    await drawer
      .locator('.ant-form-item')
      .filter({ hasText: '公示结束' })
      .getByText(/公示期至少 5 天/)
      .waitFor();
    await shot(page, 'application-notice-too-short');
    await drawer.getByPlaceholder('结束日期').click();
    await drawer.getByPlaceholder('结束日期').fill(addDays(today, 4));
    await page.keyboard.press('Enter');
    await drawer.getByRole('button', { name: /提\s*交/ }).click();
    await page.getByText('已办理：开始公示').waitFor();
    await page.goto(env.baseUrl + '/print/notice-list');
    await page.getByTestId('notice-list').getByText('公示名单').waitFor();
    expect(await page.getByTestId('notice-list').locator('tbody tr').count()).toBeGreaterThanOrEqual(1);
    expect(await page.getByTestId('notice-list').innerText()).toContain(elderName);
    expect(await page.getByTestId('notice-list').innerText()).toMatch(/\*{11}/);
    await shot(page, 'notice-list');
    await page.context().close();

    // Six days later the notice has ended.
    env.advance(6 * 24 * 60);
    page = await loginAs(env, 'community');
    await page.goto(`${env.baseUrl}/applications?tab=all&id=${id}`);
    await takeStep(page, '公示结束', '');
    await page.context().close();

    page = await loginAs(env, 'street');
    await page.getByRole('menuitem', { name: '申请审批' }).click();
    await page.getByText(/共 \d+ 件/).waitFor();
    await page.goto(`${env.baseUrl}/applications?tab=todo&id=${id}`);
    await takeStep(page, '街道审核通过', '逐户审核，同意上报');
    await page.context().close();

    page = await loginAs(env, 'admin');
    await page.getByRole('menuitem', { name: '申请审批' }).click();
    await page.getByText(/共 \d+ 件/).waitFor();
    await page.goto(`${env.baseUrl}/applications?tab=todo&id=${id}`);
    await takeStep(page, '区批准', '批准，下季度起享受服务');
    await page.locator('.ant-drawer').getByText('已批准').first().waitFor();
    const effective = await page.locator('.ant-drawer .ant-descriptions').innerText();
    expect(effective).toMatch(/生效日期\s*\d{4}-(01|04|07|10)-01/);
    await shot(page, 'application-approved');
    await page.goto(`${env.baseUrl}/print/applications/${id}`);
    await page.getByTestId('approval-form').getByText('区批准').waitFor();
    await shot(page, 'approval-form');
    await page.context().close();
  });
});
