// The caregiver's phone says at once when she is away from the elder's home or outside the
// allowed check-in time, and lets her give the reason for the exception there (issue 14).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PHONE,
  apiSession,
  loginAs,
  readyCaregiver,
  shot,
  startBrowserEnv,
  type BrowserEnv,
} from '../helpers/browser.js';
import { DEMO_PASSWORD } from '../helpers/test-app.js';
import { elderBody, idFor } from '../helpers/elder-fixtures.js';
import { shanghaiDate } from '../../src/shared/today.js';
import { addDays } from '../../src/core/calendar/working-days.js';

let env: BrowserEnv;
beforeAll(async () => {
  env = await startBrowserEnv();
});
afterAll(() => env?.close());

describe("the caregiver's phone and the check-in window", () => {
  it('warns of a check-in 5 km away and a day early, and takes her reason for the exception', async () => {
    const admin = await apiSession(env, 'admin'),
      operator = await apiSession(env, 'operator'),
      provider = await apiSession(env, 'provider'),
      caregiver = await apiSession(env, 'caregiver');
    const { me, point } = await readyCaregiver(admin, provider, caregiver);
    const elder = await admin(
      'POST',
      '/api/elders',
      elderBody(point.regionId, {
        name: '李秀英',
        idNumber: idFor('19430712', 64),
        lng: point.lng,
        lat: point.lat,
        address: '城关区平凉路 6 号',
      }),
    );
    const item = (await admin('GET', '/api/catalogue/items?q=生活照料（2 小时）')).items[0];
    // Tomorrow at 09:00: whenever the test runs, checking in now is hours before the window opens.
    const tomorrow = addDays(shanghaiDate(env.now()), 1);
    const order = await operator('POST', '/api/orders', {
      elderId: elder.id,
      channel: 'phone',
      lines: [{ itemId: item.id, quantity: 2 }],
      startAt: `${tomorrow}T09:00:00+08:00`,
      endAt: `${tomorrow}T11:00:00+08:00`,
    });
    await operator('POST', `/api/orders/${order.id}/actions`, { action: 'confirm' });
    await operator('POST', `/api/orders/${order.id}/actions`, { action: 'dispatch', caregiverId: me.id });

    // The phone is about 5 km north of the elder's home.
    const context = await env.browser.newContext({
      viewport: PHONE,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      geolocation: { longitude: point.lng, latitude: point.lat + 0.045 },
      permissions: ['geolocation'],
    });
    const page = await context.newPage();
    await page.goto(env.baseUrl + '/login');
    await page.getByPlaceholder('用户名').fill('caregiver');
    await page.getByPlaceholder('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByText('您好').waitFor();
    await page.getByRole('button', { name: '菜单' }).click();
    await page.getByRole('menuitem', { name: '我的工单' }).click();
    await page.getByText('明天').click();
    const card = page.getByTestId('my-order').filter({ hasText: '李秀英' });
    await card.getByText('可签到时间 08:30–10:00').waitFor();
    await card.getByRole('button', { name: /接\s*单/ }).click();
    await card.getByText('已接单').waitFor();

    // Check-in: recorded, and she is told at once, in plain words.
    await card.getByRole('button', { name: /签\s*到/ }).click();
    const warned = page.getByRole('dialog').filter({ hasText: '已签到，请注意' });
    await warned.getByText('您不在老人家附近（距离约 5.0 公里，允许 200 米）').waitFor();
    await warned.getByText('现在不在预约时间内，比可签到时间早（可签到时间 08:30–10:00）').waitFor();
    await shot(page, 'caregiver-check-in-warning');
    await warned.getByRole('button', { name: /知道了/ }).click();
    await card.getByText('服务中').waitFor();

    // Check-out: the visit is an exception, she sees why and gives the reason there.
    await card.getByRole('button', { name: /签\s*退/ }).click();
    const exception = page.getByRole('dialog').filter({ hasText: '已签退，本次服务列为异常' });
    await exception.getByText('签到时不在预约时间内，比可签到时间早（可签到时间 08:30–10:00）').waitFor();
    await exception.getByText(/服务时间不够/).waitFor();
    await exception.getByRole('button', { name: /提交说明/ }).click();
    await exception.getByText('请选择异常原因').waitFor();
    await exception.getByLabel('异常原因').click();
    await page.getByTitle('在老人家以外地点服务（如陪同就医）').click();
    await exception.getByLabel('说明', { exact: true }).fill('陪老人去省人民医院复查，在医院签到签退');
    await shot(page, 'caregiver-explain-exception');
    await exception.getByRole('button', { name: /提交说明/ }).click();
    await page.getByText('已提交说明，等待街道审核').waitFor();
    await card.getByText('已说明待审核').waitFor();
    await context.close();

    // The provider and the street see her explanation on the usual path.
    const done = await provider('GET', `/api/orders/${order.id}`);
    expect(done.verification).toBe('explained');
    expect(done.reviews.at(-1)).toMatchObject({
      decision: 'explain',
      reasonCode: 'service_away_from_home',
      byLevel: 'provider',
      username: 'caregiver',
    });
  });

  it('the district sets the window as a dated rule, in whole minutes from 0 to 720', async () => {
    const page = await loginAs(env, 'admin');
    await page.getByRole('menuitem', { name: '到期提醒' }).click();
    await page.getByRole('tab', { name: '管理规则' }).click();
    await page.getByText('预约开始前 30 分钟至开始后 60 分钟').waitFor();
    await page.getByRole('button', { name: /新增规则版本/ }).click();
    const dialog = page.getByRole('dialog').filter({ hasText: '新增规则版本' });
    const early = dialog.getByLabel('可提前签到（分钟）');
    await expect.poll(() => early.inputValue()).toBe('30');
    await expect.poll(() => dialog.getByLabel('可迟到签到（分钟）').inputValue()).toBe('60');
    await early.fill('');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.getByText('请填写可提前签到的分钟数').waitFor();
    await early.fill('45');
    await shot(page, 'rules-check-in-window');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('已新增规则版本').waitFor();
    const versions: { params: { callCentre?: { verification?: { checkInEarlyMinutes?: number } } } }[] = await (
      await apiSession(env, 'admin')
    )('GET', '/api/provider-rules');
    expect(versions.map((v) => v.params.callCentre?.verification?.checkInEarlyMinutes)).toContain(45);
    await page.context().close();
  });
});
