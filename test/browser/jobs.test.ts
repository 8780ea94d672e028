// The district admin's 任务运行 page: every scheduled job with its health and last result, its
// run history, and a job run by hand after a confirmation.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { loginAs, shot, startBrowserEnv, type BrowserEnv } from '../helpers/browser.js';

let env: BrowserEnv;
beforeAll(async () => {
  env = await startBrowserEnv();
  await env.tick();
});
afterAll(() => env?.close());

describe('scheduled jobs', () => {
  it('shows each job’s health and runs, and runs one by hand', async () => {
    const p = await loginAs(env, 'admin');
    await p.getByRole('menuitem', { name: '任务运行' }).click();
    const row = p.getByRole('row').filter({ hasText: '重算待遇期间' });
    await row.getByText('正常').waitFor();
    await p.getByRole('row').filter({ hasText: '发送短信' }).waitFor();
    await shot(p, 'jobs');
    await row.getByRole('button', { name: /立即运行/ }).click();
    await p
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /立即运行/ })
      .click();
    await p.getByText(/已开始运行/).waitFor();
    await row.getByText('重算待遇期间').click();
    const drawer = p.locator('.ant-drawer');
    await drawer.getByText('运行记录').first().waitFor();
    await drawer.getByText(/手动/).first().waitFor();
    await shot(p, 'job-runs');
    await p.context().close();
  });
});
