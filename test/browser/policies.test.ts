// The policy page as the district reads it (issue 16): each programme names the seed paragraph
// its terms come from, marks what the seed does not give as 示例值, and offers the other places'
// terms as templates a district adopts as a new version.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, shot, startBrowserEnv, type BrowserEnv } from '../helpers/browser.js';

let env: BrowserEnv;
beforeAll(async () => {
  env = await startBrowserEnv();
});
afterAll(() => env?.close());

describe('policies', () => {
  it('show each default’s source and example values, and adopt another place’s terms', async () => {
    const p = await loginAs(env, 'admin');
    await p.getByRole('menuitem', { name: '政策标准' }).click();
    const homeCare = p.locator('.ant-card').filter({ hasText: '居家养老服务补贴' }).first();
    await homeCare.getByText('002 第5篇').first().waitFor();
    await homeCare
      .getByText(/某区政府购买居家养老服务/)
      .first()
      .waitFor();
    // 004 模板3 gives no amount for 80–89: the allowance card marks it.
    const allowance = p.locator('.ant-card').filter({ hasText: '高龄津贴' }).first();
    await allowance.getByText('示例值').first().waitFor();
    await shot(p, 'policies');

    await homeCare.getByText(/其他地方的标准/).click();
    const lanzhou = homeCare.locator('.ant-card').filter({ hasText: '兰州市城关区虚拟养老院' });
    await lanzhou.getByText('000 范文3').first().waitFor();
    expect(await lanzhou.getByText('示例值').count()).toBeGreaterThanOrEqual(8);
    await shot(p, 'policy-templates');
    await lanzhou.getByRole('button', { name: '以此新增版本' }).click();
    const dialog = p.getByRole('dialog');
    await dialog.getByText(/来源文件未给出，须由区县核定/).waitFor();
    await dialog.getByText('000 范文3').waitFor();
    await shot(p, 'policy-adopt');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await p.getByText('新版本已保存，将自生效日起适用').waitFor();
    await homeCare.getByText(/采用：兰州市城关区虚拟养老院/).waitFor();
    await p.context().close();
  });
});
