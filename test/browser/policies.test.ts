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

  it('shows and edits each programme’s cost-sharing levels (issue 16, point 8)', async () => {
    const p = await loginAs(env, 'admin');
    await p.getByRole('menuitem', { name: '政策标准' }).click();
    const card = (name: string) => p.locator('.ant-card').filter({ hasText: name }).first();
    // 002 L289 「由区与街道两级按6:4比例分担」; 003 方案11 L695 「由市級財政撥款」.
    await card('居家养老服务补贴').getByText('区（县）级 6 : 街道（乡镇）级 4').first().waitFor();
    await card('探访服务').getByText('市级全额').first().waitFor();
    await card('高龄津贴').getByText('市级 4 : 区（县）级 6').first().waitFor();

    const tekun = card('特困人员供养');
    await tekun.getByRole('button', { name: '新增版本' }).click();
    const dialog = p.getByRole('dialog');
    await dialog.getByText('经费分担（层级 : 份额）').waitFor();
    // A second 区（县）级 row is refused in the form, in words.
    await dialog.getByRole('button', { name: '添加承担层级' }).click();
    const levels = dialog.getByLabel('承担层级');
    await levels.nth(1).click();
    await p.locator('.ant-select-dropdown:visible').getByTitle('区（县）级').click();
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.getByText('同一层级只能出现一次').waitFor();
    await shot(p, 'policy-cost-share-error');
    // Made 市级 instead, with 县 6 : 市 4, it saves.
    await levels.nth(1).click();
    await p.locator('.ant-select-dropdown:visible').getByTitle('市级').click();
    const parts = dialog.locator('input[id*="costShare_"][id$="_parts"]');
    await parts.nth(0).fill('6');
    await parts.nth(1).fill('4');
    await shot(p, 'policy-cost-share');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await p.getByText('新版本已保存，将自生效日起适用').waitFor();
    const saved = await p.evaluate(async () => (await fetch('/api/policies')).json());
    const versions = saved.find((x: { code: string }) => x.code === 'tekun_support').versions;
    expect(versions[0].params.costShare).toEqual([
      { level: 'city', parts: 4 },
      { level: 'district', parts: 6 },
    ]);
    await p.context().close();
  });
});
