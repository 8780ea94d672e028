// The terminal registry in Chromium (issue 17): the 终端设备 list with its query form, a device
// registered and bound to an elder from its detail page, the elder's 终端与定位 tab with the map,
// the lost-elder mode with the trail and the last fix, and the 免费终端 list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, isNotNull, like } from 'drizzle-orm';
import { apiSession, loginAs, shot, startBrowserEnv, type ApiSession, type BrowserEnv } from '../helpers/browser.js';
import { elders, regions, users } from '../../src/server/db/schema.js';
import { ingestDeviceEvents } from '../../src/server/modules/devices/ingest.js';

let env: BrowserEnv;
let admin: ApiSession;
let elder: typeof elders.$inferSelect;
let streetId: number;
const WALKER = '8866000001';

beforeAll(async () => {
  env = await startBrowserEnv();
  admin = await apiSession(env, 'admin');
  // An elder with a home position in the street of the demo's street account.
  const [street] = await env.database.db.select().from(users).where(eq(users.username, 'street'));
  streetId = street.regionId!;
  const rows = await env.database.db
    .select({ e: elders })
    .from(elders)
    .innerJoin(regions, eq(regions.id, elders.regionId))
    .where(and(eq(elders.status, 'active'), isNotNull(elders.lat), like(regions.path, `%/${streetId}/%`)));
  elder = rows[0].e;
  // A watch worn by this elder, walking away from home over the last hour.
  const watch = await admin('POST', '/api/devices', {
    kind: 'watch',
    protocol: 'watch',
    deviceKey: WALKER,
    vendor: '3G',
    imei: '490154203237518',
    simNumber: '13912345678',
    regionId: streetId,
  });
  await admin('POST', `/api/devices/${watch.id}/bind`, { elderId: elder.id });
  await admin('POST', `/api/elders/${elder.id}/geofences`, {
    name: '住所周边',
    lat: elder.lat,
    lng: elder.lng,
    radiusM: 500,
  });
  const now = env.now().getTime();
  const events = Array.from({ length: 12 }, (_, i) => ({
    kind: 'position' as const,
    deviceKey: WALKER,
    at: new Date(now - (60 - i * 5) * 60_000).toISOString(),
    fix: { lat: elder.lat! + i * 0.0009, lng: elder.lng! + i * 0.0004, valid: true, accuracy: 15 + i },
    battery: 70 - i,
  }));
  await ingestDeviceEvents(env.database, 'watch', WALKER, events, env.now());
  for (let i = 0; i < 4; i++)
    await admin('POST', '/api/devices', {
      kind: ['home_box', 'fall', 'door', 'bed'][i],
      protocol: 'mqtt',
      deviceKey: `BOX-00${i + 1}`,
      regionId: streetId,
    });
});
afterAll(() => env?.close());

describe('终端设备', () => {
  it('lists terminals with the query form, registers one (IMEI checked) and binds it to an elder', async () => {
    const page = await loginAs(env, 'street');
    await page.goto(`${env.baseUrl}/devices`);
    await page.getByText(WALKER).waitFor();
    await page.getByPlaceholder('设备编号、IMEI、SIM 卡号或老人姓名').waitFor();
    await shot(page, 'devices-list');

    // Filter: unbound devices only.
    await page.locator('.ant-select').filter({ hasText: '状态' }).click();
    await page.locator('.ant-select-item-option').filter({ hasText: '未绑定' }).click();
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await page.getByText('BOX-001').waitFor();
    await expect.poll(async () => page.getByText(WALKER).count()).toBe(0);

    // Register with a wrong check digit: the field says so and nothing is stored.
    await page.getByRole('button', { name: /登记设备/ }).click();
    const modal = page.locator('.ant-modal').filter({ hasText: '登记终端设备' });
    await modal.getByLabel('设备编号').fill('8866000009');
    await modal.getByLabel('IMEI').fill('490154203237519');
    await modal.getByRole('button', { name: /登\s*记/ }).click();
    await modal.getByText('IMEI 校验位不正确，请核对设备标签').waitFor();
    await shot(page, 'devices-register-bad-imei');
    await modal.getByLabel('IMEI').fill('490154203237518');
    await modal.getByRole('button', { name: /登\s*记/ }).click();
    await page.waitForURL(/\/devices\/\d+$/);
    await page.getByText('未上线').first().waitFor();

    // Bind to the elder from the detail page.
    await page.getByRole('button', { name: /绑定老人/ }).click();
    const bind = page.locator('.ant-modal').filter({ hasText: '绑定老人' });
    await bind.locator('.ant-select').click();
    await page.keyboard.type(elder.name);
    await page.locator('.ant-select-item-option').filter({ hasText: elder.name }).first().click();
    await bind.getByRole('button', { name: /绑\s*定/ }).click();
    await page.getByText('使用中').waitFor();
    expect(await page.locator('.ant-table').filter({ hasText: '绑定时间' }).textContent()).toContain(elder.name);
    await shot(page, 'devices-detail-bound');
    await page.close();
  });

  it('shows the elder’s terminals, safe zone and the lost-elder mode with the trail and last fix', async () => {
    const page = await loginAs(env, 'operator');
    await page.goto(`${env.baseUrl}/elders/${elder.id}`);
    await page.getByRole('tab', { name: '终端与定位' }).click();
    await page.getByText(WALKER).first().waitFor();
    await page.locator('.leaflet-container').first().waitFor();
    await page.getByText('住所周边').first().waitFor();
    await shot(page, 'devices-elder-tab');
    await page.getByRole('button', { name: /走失模式/ }).click();
    const lost = page.locator('.ant-modal').filter({ hasText: '走失模式' });
    await lost.getByText('误差约 26 米').waitFor();
    await lost.getByText(/共 12 个点/).waitFor();
    await lost.locator('.leaflet-container').waitFor();
    // The trail is drawn as a line in its colour; wait for it (and the zoom to settle) before the picture.
    await lost.locator('path[stroke="#2563eb"]').first().waitFor();
    await page.waitForTimeout(600);
    await shot(page, 'devices-lost-mode');
    await lost.getByRole('button', { name: /共享给网格员/ }).click();
    const share = page.locator('.ant-modal').filter({ hasText: '把最后定位共享给网格员' });
    await share.getByLabel('网格员手机号').fill('13900000001 13900000002');
    await share.getByRole('button', { name: /发送短信/ }).click();
    await page.getByText('已发送 2 条短信').waitFor();
    await page.close();
  });

  it('lists the free-terminal programme’s entitled elders with who has one', async () => {
    const page = await loginAs(env, 'admin');
    await page.goto(`${env.baseUrl}/free-terminals`);
    await page.getByText('配发条件：（年满 70 岁 且 独居）').waitFor();
    await page.getByText('示例值（请按本区政策设定）').waitFor();
    await page.locator('.ant-table-row').first().waitFor();
    await shot(page, 'devices-free-terminals');
    await page.close();
  });
});
