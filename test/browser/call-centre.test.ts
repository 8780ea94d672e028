// The call centre in Chromium: the live console updates by itself and pops the caller's file
// when the PBX posts a call; the operator files an order from the pop; a short visit becomes an
// exception the provider explains and the district accepts; a call-back is recorded; a
// complaint is taken in and answered; a recurring plan is made.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useMechanicsPolicy } from '../helpers/mechanics-policy.js';
import {
  apiSession,
  loginAs,
  readyCaregiver,
  shot,
  startBrowserEnv,
  type ApiSession,
  type BrowserEnv,
} from '../helpers/browser.js';
import { TEST_KEYS } from '../helpers/test-app.js';
import { elderBody, idFor } from '../helpers/elder-fixtures.js';
import { addDays } from '../../src/core/calendar/working-days.js';
import { shanghaiDate } from '../../src/shared/today.js';

let env: BrowserEnv;
let admin: ApiSession, operator: ApiSession, provider: ApiSession, caregiver: ApiSession;
let place: { lng: number; lat: number; regionId: number };
let me: { id: number };
let item: { id: number };
beforeAll(async () => {
  env = await startBrowserEnv();
  // These walk the call centre's and the month's mechanics against fixed terms (a 20% self-pay
  // class among them), not the seed defaults, which test/unit/seed-rules.test.ts checks.
  await useMechanicsPolicy(env);
  [admin, operator, provider, caregiver] = await Promise.all(
    ['admin', 'operator', 'provider', 'caregiver'].map((u) => apiSession(env, u)),
  );
  ({ me, point: place } = await readyCaregiver(admin, provider, caregiver));
  item = (await admin('GET', '/api/catalogue/items?q=生活照料（2 小时）')).items[0];
});
afterAll(() => env?.close());

const tomorrow = () => addDays(shanghaiDate(), 1);
async function cookieOf(username: string) {
  const res = await fetch(`${env.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'Yiyang@2026' }),
  });
  return res.headers.get('set-cookie')!.split(';')[0];
}
async function elder(name: string, n: number, phone?: string) {
  return (
    await admin(
      'POST',
      '/api/elders',
      elderBody(place.regionId, {
        name,
        idNumber: idFor('19410305', n),
        lng: place.lng,
        lat: place.lat,
        address: `城关区庆阳路 ${n} 号`,
        ...(phone ? { phone } : {}),
      }),
    )
  ).id as number;
}
/** Filed, dispatched, accepted, and checked in and out at once: a visit too short to verify. */
async function shortVisit(elderId: number, hour: string) {
  const o = await operator('POST', '/api/orders', {
    elderId,
    channel: 'phone',
    lines: [{ itemId: item.id, quantity: 1 }],
    startAt: `${tomorrow()}T${hour}:00:00+08:00`,
    endAt: `${tomorrow()}T${hour}:50:00+08:00`,
  });
  await operator('POST', `/api/orders/${o.id}/actions`, { action: 'confirm' });
  await operator('POST', `/api/orders/${o.id}/actions`, { action: 'dispatch', caregiverId: me.id });
  for (const action of ['accept', 'check_in', 'check_out'])
    await caregiver('POST', `/api/orders/${o.id}/actions`, { action, lng: place.lng, lat: place.lat });
  return o.id as number;
}

describe('the operator console', () => {
  it("shows new orders without a reload and pops the caller's file, from which an order is filed", async () => {
    const elderId = await elder('孙淑兰', 21, '13987650021');
    const page = await loginAs(env, 'operator');
    await page.getByRole('menuitem', { name: '调度台' }).click();
    await page.getByText('实时', { exact: true }).waitFor();
    // An order filed elsewhere appears on the console by itself.
    const o = await operator('POST', '/api/orders', {
      elderId,
      channel: 'phone',
      lines: [{ itemId: item.id, quantity: 1 }],
      startAt: `${tomorrow()}T15:00:00+08:00`,
      endAt: `${tomorrow()}T16:00:00+08:00`,
    });
    await page
      .locator('.ant-card')
      .filter({ hasText: '新工单（待确认）' })
      .locator('tbody a')
      .filter({ hasText: new RegExp(`^${o.id}$`) })
      .waitFor();
    // The PBX posts the call; the operator's console pops her file.
    const res = await fetch(`${env.baseUrl}/api/telephony/calls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': TEST_KEYS.telephonyApiKey },
      body: JSON.stringify({ caller: '13987650021', agent: 'operator' }),
    });
    expect(res.status).toBe(202);
    const pop = page.getByRole('dialog');
    await pop.getByText('来电 139****0021').waitFor();
    await pop.getByText('孙淑兰').waitFor();
    await pop.getByText(`工单 ${o.id}`).waitFor();
    await shot(page, 'console-screen-pop');
    await pop.getByRole('button', { name: /新建工单/ }).click();
    const form = page.getByRole('dialog').filter({ hasText: '新建工单' });
    await form.getByText('孙淑兰（').waitFor();
    await form.getByLabel('服务项目').click();
    await page.getByTitle(/^助浴/).first().click();
    await form.getByRole('button', { name: /建\s*单/ }).click();
    await page.getByText(/工单已建/).waitFor();
    await page.locator('.ant-drawer').getByText('已登记').first().waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('menuitem', { name: '调度台' }).click();
    await page
      .locator('.ant-card')
      .filter({ hasText: '新工单（待确认）' })
      .locator('.ant-badge-count')
      .first()
      .waitFor();
    await shot(page, 'console');
    // An unknown number: the operator is told to pass it to the community…
    await page.getByPlaceholder('模拟来电号码').fill('13900009999');
    await page.getByRole('button', { name: /模拟来电/ }).click();
    await page.getByText('新来电：号码 13900009999 不在档案中').waitFor();
    await page.getByText(/转所在社区建档/).waitFor();
    await shot(page, 'console-new-caller');
    await page.context().close();
    // …and the district's staff, who may register elders, get the form with the number filled in.
    const admin = await loginAs(env, 'admin');
    await admin.getByRole('menuitem', { name: '调度台' }).click();
    await admin.getByText('实时', { exact: true }).waitFor();
    await admin.getByPlaceholder('模拟来电号码').fill('13900009999');
    await admin.getByRole('button', { name: /模拟来电/ }).click();
    await admin.getByRole('button', { name: /登记新老人/ }).click();
    await expect.poll(() => admin.getByLabel('联系电话').inputValue()).toBe('13900009999');
    await admin.context().close();
  });
});

describe('after the visit', () => {
  it('the provider explains a short visit and the district accepts it', async () => {
    const elderId = await elder('钱桂英', 23);
    const orderId = await shortVisit(elderId, '08');
    const p = await loginAs(env, 'provider');
    await p.getByRole('menuitem', { name: '核验异常' }).click();
    await p
      .locator('tbody a')
      .filter({ hasText: new RegExp(`^${orderId}$`) })
      .click();
    const dialog = p.getByRole('dialog');
    await dialog.getByText(/少于预约时长/).waitFor();
    await dialog.getByRole('button', { name: /提\s*交/ }).click();
    await dialog.getByText('请选择异常原因').waitFor();
    await dialog.getByLabel('异常原因').click();
    await p.getByTitle('老人要求提前结束').click();
    await dialog.getByLabel('说明', { exact: true }).fill('老人身体不适，要求提前结束，已告知家属');
    await shot(p, 'visit-exception-explain');
    await dialog.getByRole('button', { name: /提\s*交/ }).click();
    await p.getByText(/已说明：已说明待审核/).waitFor();
    await p.context().close();

    // A month's bill is paid once the month has begun: on a month's last day, tomorrow's visit
    // is next month's, so the clock moves there for the payment (and back afterwards).
    const billMonth = tomorrow().slice(0, 7);
    const ahead = Math.max(0, Date.parse(`${billMonth}-01T09:00:00+08:00`) - env.now().getTime()) / 60_000;
    env.advance(ahead);
    const a = await loginAs(env, 'admin');
    await a.getByRole('menuitem', { name: '核验异常' }).click();
    await a
      .locator('tbody a')
      .filter({ hasText: new RegExp(`^${orderId}$`) })
      .click();
    const d2 = a.getByRole('dialog');
    await d2.getByText(/老人要求提前结束/).waitFor();
    await d2.getByLabel('处理依据').click();
    await a.getByTitle('电话向老人核实后认可').click();
    await d2.getByLabel('说明', { exact: true }).fill('已电话核实，老人确认');
    await d2.getByRole('button', { name: /提\s*交/ }).click();
    await a.getByText(/已认可：异常已认可/).waitFor();
    // Accepted, the visit is on the month's bill; the elder pays what she owes.
    await a.goto(`${env.baseUrl}/bills?month=${billMonth}`);
    await a.getByRole('row').filter({ hasText: '钱桂英' }).locator('a').click();
    const bill = a.locator('.ant-drawer');
    await bill.getByText('合计').waitFor();
    await bill.getByRole('button', { name: /登记收款/ }).click();
    const pay = a.locator('.ant-modal').filter({ hasText: '登记收款' });
    await pay.getByLabel('金额（元）').fill('1.00');
    await pay.getByRole('button', { name: /^登\s*记$/ }).click();
    await pay
      .getByText(/金额应等于清单应付/)
      .first()
      .waitFor();
    await shot(a, 'bill-payment-error');
    await pay.getByLabel('金额（元）').fill('');
    await pay.getByLabel('金额（元）').fill(
      String(
        (
          await (
            await fetch(`${env.baseUrl}/api/elders/${elderId}/bills/${billMonth}`, {
              headers: { cookie: await cookieOf('admin') },
            })
          ).json()
        ).totals.selfPayFen / 100,
      ),
    );
    await pay.getByRole('button', { name: /^登\s*记$/ }).click();
    await a.getByText('已登记收款').waitFor();
    await bill
      .getByText(/已收|现金/)
      .first()
      .waitFor();
    await shot(a, 'bill');
    await a.context().close();
    env.advance(-ahead);
  });

  it('the operator records a call-back; a complaint is taken in and answered', async () => {
    const elderId = await elder('周秀珍', 25);
    await shortVisit(elderId, '10');
    const page = await loginAs(env, 'operator');
    await page.getByRole('menuitem', { name: '回访' }).click();
    await page.getByText('全部待回访').click();
    const row = page.getByRole('row').filter({ hasText: '周秀珍' });
    await row.getByRole('button', { name: /回\s*访/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: /保存评价/ }).click();
    await dialog.getByText('请选择满意度').waitFor();
    await dialog.getByText('不满意', { exact: true }).click();
    await dialog.getByLabel('老人意见').fill('时间太短');
    await dialog.getByLabel(/登记投诉/).fill('服务不到一小时就走了');
    await shot(page, 'callback-record');
    await dialog.getByRole('button', { name: /保存评价/ }).click();
    await page.getByText('已记录：不满意，并登记投诉').waitFor();
    // The visit's rating SMS is in the outbox, with the number masked.
    await page.getByRole('tab', { name: '短信记录' }).click();
    await page
      .getByText(/请回复数字评价/)
      .first()
      .waitFor();
    await shot(page, 'sms-outbox');

    await page.getByRole('menuitem', { name: '投诉' }).click();
    await page.getByRole('row').filter({ hasText: '周秀珍' }).locator('a').first().click();
    const drawer = page.locator('.ant-drawer');
    await drawer.getByText('服务不到一小时就走了').first().waitFor();
    await drawer.getByText('答复', { exact: true }).click();
    await drawer.getByRole('button', { name: /保\s*存/ }).click();
    await drawer.getByText('请选择投诉是否属实').waitFor();
    await drawer.getByText('属实', { exact: true }).click();
    await drawer.getByLabel('处理结果').fill('属实，已约谈服务人员并补足服务时长');
    await drawer.getByRole('button', { name: /保\s*存/ }).click();
    await drawer.getByText('已答复待确认').waitFor();
    await shot(page, 'complaint-answered');
    await page.context().close();
  });

  it('the operator makes a weekday plan and it orders ahead', async () => {
    await elder('吴凤英', 27);
    const page = await loginAs(env, 'operator');
    await page.getByRole('menuitem', { name: '服务计划' }).click();
    await page.getByRole('button', { name: /新建计划/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: /保存并生成工单/ }).click();
    await dialog.getByText('请选择老人').waitFor();
    await dialog.getByLabel('老人').fill('吴凤英');
    await page.getByTitle(/^吴凤英（/).click();
    await dialog.getByLabel('服务项目').click();
    await page.getByTitle('生活照料（2 小时）').first().click();
    await shot(page, 'plan-create');
    await dialog.getByRole('button', { name: /保存并生成工单/ }).click();
    await page.getByText(/计划已生效，已生成 \d+ 张工单/).waitFor();
    await page.getByRole('row').filter({ hasText: '吴凤英' }).getByText('工作日（周一至周五） 09:00-11:00').waitFor();
    await shot(page, 'plans');
    await page.context().close();
  });
});
