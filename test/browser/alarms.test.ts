// The alarm pop in Chromium (issue 17 part 3): two consoles open — an operator's and the
// district admin's — an SOS ingested from a watch rings and pops the elder's file on both within
// seconds; the operator acknowledges and the admin's pop says who; an action is recorded and the
// case closed with an outcome; a second alarm nobody takes is escalated by the job and shows red.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { loginAs, shot, startBrowserEnv, type BrowserEnv } from '../helpers/browser.js';
import { devices, elders } from '../../src/server/db/schema.js';
import { ingestDeviceEvents } from '../../src/server/modules/devices/ingest.js';

let env: BrowserEnv;
let elder: typeof elders.$inferSelect;
const KEY = '8800000777';
beforeAll(async () => {
  env = await startBrowserEnv();
  const rows = await env.database.db.select().from(elders).where(eq(elders.status, 'active'));
  elder = rows.find((e) => e.lat !== null && (e.contacts as unknown[]).length > 0)!;
  await env.database.db.insert(devices).values({
    kind: 'watch',
    protocol: 'watch',
    deviceKey: KEY,
    elderId: elder.id,
    battery: 64,
  });
  // A home box gone quiet and nearly flat: on the console's device lists.
  await env.database.db.insert(devices).values({
    kind: 'home_box',
    protocol: 'mqtt',
    deviceKey: 'BOX-0042',
    elderId: elder.id,
    battery: 12,
    lastSeenAt: new Date(env.now().getTime() - 30 * 3_600_000),
  });
});
afterAll(() => env?.close());

const sos = (n: number) =>
  ingestDeviceEvents(
    env.database,
    'watch',
    KEY,
    [
      {
        kind: 'alarm',
        deviceKey: KEY,
        at: new Date(env.now().getTime() + n).toISOString(),
        alarm: 'sos',
        fix: { lat: elder.lat! + 0.002, lng: elder.lng! + 0.001, valid: true, accuracy: 18 },
        battery: 63,
      },
    ],
    env.now(),
  );

async function openConsole(username: string) {
  const page = await loginAs(env, username);
  await page.goto(`${env.baseUrl}/console`);
  await page.getByText('实时').first().waitFor();
  await page.getByTestId('alarm-panel').waitFor();
  return page;
}
const pop = (page: Page) => page.locator('.ant-modal').filter({ hasText: '紧急警情' });

describe('the alarm pop on the console', () => {
  it('pops on every console, is acknowledged by one operator, others see who, and is closed', async () => {
    const operator = await openConsole('operator');
    const admin = await openConsole('admin');
    const started = Date.now();
    const raised = await sos(0);
    const caseId = raised.cases[0].id;
    for (const page of [operator, admin]) await pop(page).getByTestId('alarm-title').waitFor({ timeout: 5000 });
    expect(Date.now() - started).toBeLessThan(5000);
    const p = pop(operator);
    await p.getByText(elder.name).first().waitFor();
    await p.getByText(elder.address).first().waitFor();
    expect(await p.getByTestId('alarm-state').textContent()).toBe('待接警');
    expect(await p.getByTestId('alarm-last-fix').textContent()).toContain('约 18 米');
    expect(await operator.getByTestId('alarm-panel').textContent()).toContain('待接警 1');
    await shot(operator, 'alarm-pop-raised');

    await p.getByRole('button', { name: /接\s*警/ }).click();
    await p.getByTestId('alarm-acknowledged-by').waitFor();
    expect(await p.getByTestId('alarm-state').textContent()).toBe('处置中');
    // The admin's console hears of it and shows who took the case.
    await pop(admin).getByTestId('alarm-acknowledged-by').waitFor({ timeout: 5000 });
    expect(await pop(admin).getByTestId('alarm-acknowledged-by').textContent()).toContain('operator');
    expect(
      await pop(admin)
        .getByRole('button', { name: /接\s*警/ })
        .count(),
    ).toBe(0);
    await shot(admin, 'alarm-pop-others-see-who');

    // A call to the elder, then 120, recorded with times.
    await p.getByRole('button', { name: /记\s*录/ }).click();
    await p.locator('.ant-timeline').getByText('致电老人', { exact: true }).waitFor();
    await p.locator('.ant-select').first().click();
    await operator.locator('.ant-select-item-option').filter({ hasText: '呼叫 120' }).click();
    await p.locator('textarea').fill('老人摔倒，意识清醒，已呼叫 120');
    await p.getByRole('button', { name: /记\s*录/ }).click();
    await p.locator('.ant-timeline').getByText('呼叫 120', { exact: true }).waitFor();
    await shot(operator, 'alarm-pop-actions');

    await p.getByRole('button', { name: /结\s*案/ }).click();
    const closing = operator.locator('.ant-modal').filter({ hasText: '处置结果' });
    // Closing without an outcome is refused beside the field.
    await closing.getByRole('button', { name: '确认结案' }).click();
    await closing.getByText('请选择处置结果').waitFor();
    await closing.getByText('送医').click();
    await closing.locator('textarea').fill('120 送市第一人民医院');
    await closing.getByRole('button', { name: '确认结案' }).click();
    await p.getByText('已结案').first().waitFor();
    await shot(operator, 'alarm-pop-closed');
    await p.getByRole('button', { name: /收\s*起/ }).click();
    await operator.getByTestId('alarm-panel').getByText('当前无未结警情').waitFor();
    expect(caseId).toBeGreaterThan(0);
    await admin.context().close();
    await operator.context().close();
  });

  it('shows an alarm nobody acknowledged in time as escalated, in red, to everyone', async () => {
    const admin = await openConsole('admin');
    await sos(60_000);
    await pop(admin).getByTestId('alarm-title').waitFor({ timeout: 5000 });
    await pop(admin)
      .getByRole('button', { name: /收\s*起/ })
      .click();
    env.advance(2);
    await env.tick();
    await admin.getByTestId('alarm-escalated').waitFor({ timeout: 5000 });
    expect(await admin.getByTestId('alarm-escalated').textContent()).toContain('超时未接 1');
    await pop(admin).getByText('已超时升级').waitFor({ timeout: 5000 });
    await shot(admin, 'alarm-escalated');
    await pop(admin)
      .getByRole('button', { name: /收\s*起/ })
      .click();
    await pop(admin).waitFor({ state: 'hidden' });
    expect(await admin.getByTestId('device-alerts').textContent()).toContain('BOX-0042');
    await shot(admin, 'alarm-escalated-panel');
    await admin.goto(`${env.baseUrl}/alarms`);
    await admin.getByText('接警指标').waitFor();
    await admin.locator('.ant-table-row').first().waitFor();
    await shot(admin, 'alarm-list');
    await admin.context().close();
  });
});
