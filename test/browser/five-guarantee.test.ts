// A 特困 application in the browser: the democratic review form, then (after the notice and
// the reviews, done through the API) the four-party agreement and its printable page.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { loginAs, shot, startBrowserEnv, type BrowserEnv } from '../helpers/browser.js';
import { idFor } from '../helpers/elder-fixtures.js';
import { addDays } from '../../src/core/calendar/working-days.js';

let env: BrowserEnv;
beforeAll(async () => {
  env = await startBrowserEnv();
});
afterAll(() => env?.close());

describe('five-guarantee application in the browser', () => {
  it('records the democratic review and the agreement', async () => {
    let page = await loginAs(env, 'community');
    const { appId, today } = await page.evaluate(
      async (idNumber) => {
        const json = async (url: string, body?: unknown) =>
          (
            await fetch(
              url,
              body === undefined
                ? {}
                : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
            )
          ).json();
        const regions = (await json('/api/regions')) as { id: number; level: string }[];
        const elder = await json('/api/elders', {
          name: '五保丙',
          idNumber,
          regionId: regions.find((r) => r.level === 'community')!.id,
          address: '村东 5 号',
          hukou: 'local',
          categories: [{ type: 'tekun', supportMode: 'dispersed' }],
        });
        const app = await json('/api/applications', {
          elderId: elder.id,
          programme: 'tekun_support',
          opinion: '本人申请',
        });
        await fetch(`/api/applications/${app.id}/documents?kind=id_copy&filename=id.pdf`, {
          method: 'POST',
          headers: { 'content-type': 'application/pdf' },
          body: '%PDF-1.4\n',
        });
        return { appId: app.id as number, today: app.submittedOn as string };
      },
      idFor('19400303', 201),
    );
    await page.goto(`${env.baseUrl}/applications?tab=all&id=${appId}`);
    const drawer = page.locator('.ant-drawer');
    await drawer.locator('.ant-form-item').filter({ hasText: '操作' }).locator('.ant-select').click();
    await page
      .locator('.ant-select-item-option')
      .filter({ hasText: /^民主评议$/ })
      .click();
    await drawer.getByPlaceholder('评议日期').fill(today);
    await page.keyboard.press('Enter');
    await drawer.getByLabel('参加人数').fill('25');
    await drawer.getByLabel('赞成').fill('20');
    await drawer.getByLabel('反对').fill('3');
    await drawer.getByLabel('意见').fill('村民代表会议评议通过');
    await drawer.getByRole('button', { name: /提\s*交/ }).click();
    await page.getByText('已办理：民主评议').waitFor();
    await page.context().close();

    // Notice for 7 days, then the township and county reviews.
    const post = async (user: string, body: object) => {
      const p = await loginAs(env, user);
      await p.evaluate(
        async ({ id, b }) => {
          await fetch(`/api/applications/${id}/actions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(b),
          });
        },
        { id: appId, b: body },
      );
      await p.context().close();
    };
    await post('community', { action: 'start_notice', noticeFrom: today, noticeTo: addDays(today, 6) });
    env.advance(8 * 24 * 60);
    await post('community', { action: 'end_notice' });
    await post('street', { action: 'street_approve', opinion: '乡镇审核同意' });
    await post('admin', { action: 'district_approve', opinion: '批准' });

    page = await loginAs(env, 'community');
    await page.goto(`${env.baseUrl}/applications?tab=all&id=${appId}`);
    await page.getByRole('button', { name: /登记分散供养协议/ }).click();
    const dialog = page.locator('.ant-modal');
    // The parties as 001 第二篇 names them: 丙方 the village committee as supervising party, 丁方
    // the township civil-affairs office.
    await dialog.getByLabel('甲方：村民小组（全体农户）').fill('第三村民小组');
    await dialog.getByLabel('丙方（监督责任方）：村（居）委会').fill('金塔巷社区居委会');
    await dialog.getByLabel('丁方：乡镇（街道）民政办').fill('张掖路街道社会事务办');
    await dialog.getByLabel('承包地（亩）').fill('2.5');
    await dialog.getByLabel('宅基地（平方米）').fill('160');
    await dialog.getByLabel('房屋（间）').fill('3');
    await dialog.getByRole('button', { name: /^登\s*记$/ }).click();
    await dialog.getByText('必填').first().waitFor();
    await dialog.getByLabel('房屋面积（平方米）').fill('64');
    await dialog.getByRole('button', { name: /^登\s*记$/ }).click();
    await page.getByText('协议已登记').waitFor();
    await page.getByText('协议待区民政局备案').waitFor();
    await page.goto(`${env.baseUrl}/print/agreements/${appId}`);
    const printed = page.getByTestId('agreement');
    await printed.getByText(/房屋 3 间\s*64 ㎡/).waitFor();
    await printed.getByText(/丙方负责乙方身份与条件的认定/).waitFor();
    await shot(page, 'agreement');
    await page.context().close();

    // The district takes it on file (001 L94 「并报区民政局备案」).
    page = await loginAs(env, 'admin');
    await page.goto(`${env.baseUrl}/applications?tab=all&id=${appId}`);
    await page.getByRole('button', { name: '协议备案' }).click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /确认备案/ })
      .click();
    await page.getByText(/已报区民政局备案/).waitFor();
    await shot(page, 'agreement-filed');
    await page.context().close();
  });
});
