// Issue 16 in Chromium: the operator confirms a plan's visit from the console's 今日待确认 (000 范文3
// L119); the street verifies a replacement case before the caregiver is replaced (002 第5篇 L297);
// street staff sign a service agreement and the provider page names the signing street (002 第5篇
// L295).
import { afterAll, beforeAll, describe, it } from 'vitest';
import { eq } from 'drizzle-orm';
import {
  apiSession,
  loginAs,
  readyCaregiver,
  shot,
  startBrowserEnv,
  type ApiSession,
  type BrowserEnv,
} from '../helpers/browser.js';
import { elderBody, idFor } from '../helpers/elder-fixtures.js';
import { addDays } from '../../src/core/calendar/working-days.js';
import { completeCreditCode } from '../../src/core/providers/credit-code.js';
import { shanghaiDate } from '../../src/shared/today.js';
import { orders } from '../../src/server/db/schema.js';

let env: BrowserEnv;
let admin: ApiSession, operator: ApiSession, provider: ApiSession, caregiver: ApiSession, street: ApiSession;
let place: { lng: number; lat: number; regionId: number };
let me: { id: number };
let item: { id: number };
beforeAll(async () => {
  env = await startBrowserEnv();
  [admin, operator, provider, caregiver, street] = await Promise.all(
    ['admin', 'operator', 'provider', 'caregiver', 'street'].map((u) => apiSession(env, u)),
  );
  ({ me, point: place } = await readyCaregiver(admin, provider, caregiver));
  item = (await admin('GET', '/api/catalogue/items?q=生活照料（2 小时）')).items[0];
});
afterAll(() => env?.close());

async function elder(name: string, n: number) {
  return (
    await admin(
      'POST',
      '/api/elders',
      elderBody(place.regionId, {
        name,
        idNumber: idFor('19420305', n),
        lng: place.lng,
        lat: place.lat,
        address: `城关区庆阳路 ${n} 号`,
      }),
    )
  ).id as number;
}

describe('issue 16 rules in the browser', () => {
  it('话务员确认当天的服务项目和服务时间: 今日待确认 on the console, one click 确认', async () => {
    const elderId = await elder('钱秀英', 61);
    const tomorrow = addDays(shanghaiDate(env.now()), 1);
    const o = await operator('POST', '/api/orders', {
      elderId,
      channel: 'phone',
      lines: [{ itemId: item.id, quantity: 1 }],
      startAt: `${tomorrow}T09:00:00+08:00`,
      endAt: `${tomorrow}T10:00:00+08:00`,
    });
    // As the plan job leaves a day's visit (plan-confirmation.test.ts makes them for real): a
    // plan's unconfirmed order of today, whatever the hour this test runs.
    await env.database.db
      .update(orders)
      .set({ channel: 'plan', serviceDate: shanghaiDate(env.now()) })
      .where(eq(orders.id, o.id));
    const page = await loginAs(env, 'operator');
    await page.getByRole('menuitem', { name: '调度台' }).click();
    const card = page.locator('.ant-card').filter({ hasText: '今日待确认' });
    const row = card.locator('tr').filter({ hasText: '钱秀英' });
    await row.getByText(/生活照料/).waitFor();
    await shot(page, 'console-to-confirm');
    await row.getByRole('button', { name: /确\s*认/ }).click();
    await page.getByText(`工单 ${o.id} 已确认，可派单`).waitFor();
    await row.waitFor({ state: 'detached' });
    await page.context().close();
  });

  it('由街道协调服务组织予以查实后更换服务人员: the street verifies a case with its finding', async () => {
    const elderId = await elder('赵桂芝', 63);
    await operator('POST', '/api/replacement-cases', {
      elderId,
      caregiverId: me.id,
      reason: '老人来电要求更换服务人员',
    });
    // The district verifies like a street (the caregiver's street here is not the demo street user's).
    const page = await loginAs(env, 'admin');
    await page.goto(`${env.baseUrl}/complaints?tab=replacements`);
    const row = page.locator('tr').filter({ hasText: '赵桂芝' });
    await row.getByText('待街道核实').waitFor();
    await row.getByRole('button', { name: /核\s*实/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('属实：更换服务人员').click();
    await dialog.getByLabel('核实情况').fill('走访老人并约谈服务机构，情况属实');
    await shot(page, 'replacement-verify');
    await dialog.getByRole('button', { name: /保存核实结果/ }).click();
    await page
      .getByText(/已查实/)
      .first()
      .waitFor();
    await page.getByText('已查实待另派', { exact: true }).click();
    await page.locator('tr').filter({ hasText: '赵桂芝' }).getByText('情况属实', { exact: false }).waitFor();
    await shot(page, 'replacement-verified');
    await page.context().close();
  });

  it('各街道要与养老服务组织签订服务协议: street staff sign, the page names the street', async () => {
    const region = (await street('GET', '/api/auth/me')).region as { id: number; name: string };
    const p = await street('POST', '/api/providers', {
      name: '张掖路社区居家养老服务站',
      kind: 'company',
      creditCode: completeCreditCode('9162010233333331'),
      legalRepresentative: '张三',
      contactName: '李四',
      contactPhone: '0931-8123456',
      address: '城关区测试路 9 号',
      lng: 103.83,
      lat: 36.06,
      description: null,
      regionId: region.id,
      licences: [
        {
          kind: 'business_licence',
          number: 'LIC-ZY-1',
          issuer: '城关区市场监督管理局',
          validFrom: '2020-01-01',
          validUntil: null,
        },
      ],
    });
    await admin('POST', `/api/providers/${p.id}/review`, { decision: 'approve', note: '材料齐全' });
    const page = await loginAs(env, 'street');
    await page.goto(`${env.baseUrl}/providers/${p.id}`);
    await page.getByRole('button', { name: /签订协议/ }).click();
    const sign = page.getByRole('dialog');
    await sign.getByText(`签订方：${region.name}`).waitFor();
    const today = shanghaiDate(env.now());
    await sign.getByLabel('协议编号').fill('JD-ZY-2027-101');
    await sign.getByLabel('签订日期').fill(today);
    await sign.getByLabel('签订日期').press('Enter');
    await sign.getByPlaceholder('开始日期').fill(today);
    await sign.getByPlaceholder('结束日期').fill(addDays(today, 364));
    await sign.getByPlaceholder('结束日期').press('Enter');
    await sign.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByRole('tab', { name: /服务协议/ }).click();
    const row = page.locator('tr').filter({ hasText: 'JD-ZY-2027-101' });
    await row.getByText(region.name).waitFor();
    await shot(page, 'agreement-signed-by-street');
    await page.context().close();
  });
});
