// Logs in as each role in Chromium, checks what the role sees, and saves screenshots.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, newPage, shot, startBrowserEnv, PHONE, type BrowserEnv } from '../helpers/browser.js';

let env: BrowserEnv;
beforeAll(async () => {
  env = await startBrowserEnv();
});
afterAll(() => env?.close());

const MENUS: Record<string, string[]> = {
  admin: [
    '工作台',
    '调度台',
    '警情',
    '工单',
    '服务计划',
    '回访',
    '投诉',
    '核验异常',
    '收费清单',
    '纸质服务券',
    '机构结算',
    '资金报表',
    '现金发放',
    '收款账户审核',
    '老人档案',
    '终端设备',
    '免费终端',
    '申请审批',
    '需求汇总',
    '服务目录',
    '服务机构',
    '服务人员',
    '到期提醒',
    '政策标准',
    '区域管理',
    '工作日历',
    '账户管理',
    '审计日志',
    '任务运行',
  ],
  street: [
    '工作台',
    '调度台',
    '警情',
    '工单',
    '服务计划',
    '回访',
    '投诉',
    '核验异常',
    '收费清单',
    '纸质服务券',
    '机构结算',
    '资金报表',
    '收款账户审核',
    '老人档案',
    '终端设备',
    '免费终端',
    '申请审批',
    '需求汇总',
    '服务目录',
    '服务机构',
    '服务人员',
    '到期提醒',
    '政策标准',
    '区域管理',
    '工作日历',
    '账户管理',
  ],
  community: [
    '工作台',
    '警情',
    '工单',
    '服务计划',
    '老人档案',
    '终端设备',
    '免费终端',
    '申请审批',
    '需求汇总',
    '服务目录',
    '政策标准',
    '区域管理',
    '工作日历',
  ],
  operator: [
    '工作台',
    '调度台',
    '警情',
    '工单',
    '服务计划',
    '回访',
    '投诉',
    '收费清单',
    '老人档案',
    '终端设备',
    '免费终端',
    '需求汇总',
    '服务目录',
    '服务机构',
    '服务人员',
    '到期提醒',
    '政策标准',
    '区域管理',
    '工作日历',
  ],
  provider: [
    '工作台',
    '工单',
    '投诉',
    '核验异常',
    '纸质服务券',
    '机构结算',
    '服务目录',
    '服务机构',
    '服务人员',
    '到期提醒',
  ],
  caregiver: ['工作台', '我的工单', '服务目录', '服务人员'],
  nursinghome: ['工作台', '服务目录', '政策标准'],
  auditor: [
    '工作台',
    '警情',
    '工单',
    '投诉',
    '核验异常',
    '收费清单',
    '机构结算',
    '资金报表',
    '老人档案',
    '终端设备',
    '免费终端',
    '需求汇总',
    '服务目录',
    '服务机构',
    '服务人员',
    '到期提醒',
    '政策标准',
    '区域管理',
    '工作日历',
    '账户管理',
    '审计日志',
  ],
};

describe('each role sees its own menu and home page', () => {
  it.each(Object.keys(MENUS))('%s', async (username) => {
    const page = await loginAs(env, username);
    const items = await page.locator('.ant-menu-item').allInnerTexts();
    expect(items.map((s) => s.trim())).toEqual(MENUS[username]);
    expect(await page.getByTestId('home-card').count()).toBeGreaterThan(0);
    await shot(page, `home-${username}`);
    await page.context().close();
  });
});

describe('login', () => {
  it('shows a Chinese error for a wrong password and stays on the login page', async () => {
    const page = await newPage(env);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByText('请输入用户名').waitFor();
    await page.getByPlaceholder('用户名').fill('admin');
    await page.getByPlaceholder('密码').fill('wrong-password');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByTestId('login-error').waitFor();
    expect(await page.getByTestId('login-error').innerText()).toContain('用户名或密码错误');
    await shot(page, 'login-error');
    await page.context().close();
  });
});

describe('regions', () => {
  it('street staff see only their street', async () => {
    const page = await loginAs(env, 'street');
    await page.getByRole('menuitem', { name: '区域管理' }).click();
    await page.getByText('张掖路街道').first().waitFor();
    expect(await page.getByText('酒泉路街道').count()).toBe(0);
    expect(await page.getByRole('button', { name: /删\s*除/ }).count()).toBe(0);
    await shot(page, 'regions-street');
    await page.context().close();
  });
  it('the district admin creates a community, with the bad code explained next to the field', async () => {
    const page = await loginAs(env, 'admin');
    await page.getByRole('menuitem', { name: '区域管理' }).click();
    await page.locator('.ant-tree').getByText('张掖路街道').click();
    await page.getByRole('button', { name: /新建社区/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('名称').fill('新建测试社区');
    await dialog.getByLabel('区划代码').fill('620102002099');
    await dialog.getByRole('button', { name: /新\s*建/ }).click();
    await dialog.getByText('区划代码应以上级区域的代码开头').waitFor();
    await shot(page, 'regions-create-error');
    await dialog.getByLabel('区划代码').fill('620102001099');
    await dialog.getByRole('button', { name: /新\s*建/ }).click();
    await page.getByText('已新建「新建测试社区」').waitFor();
    await shot(page, 'regions-admin');
    await page.context().close();
  });
});

describe('accounts and audit', () => {
  it('the district admin creates an account and finds it in the audit log', async () => {
    const page = await loginAs(env, 'admin');
    await page.getByRole('menuitem', { name: '账户管理' }).click();
    await page.getByText(/共 \d+ 个账户/).waitFor();
    await shot(page, 'users');
    await page.getByRole('button', { name: /新建账户/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('用户名').fill('wangfang');
    await dialog.getByLabel('姓名').fill('王芳');
    await dialog.locator('.ant-form-item').filter({ hasText: '角色' }).locator('.ant-select').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '话务员' }).click();
    await dialog.locator('.ant-form-item').filter({ hasText: '所属区域' }).locator('.ant-select').click();
    await page.locator('.ant-select-tree-node-content-wrapper').filter({ hasText: '城关区' }).first().click();
    await dialog.getByLabel('初始密码').fill('short');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.getByText(/密码至少 10 位/).waitFor();
    await shot(page, 'users-create-error');
    await dialog.getByLabel('初始密码').fill('Start#Pass2026');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('账户已创建').waitFor();
    await page.getByRole('menuitem', { name: '审计日志' }).click();
    await page.getByRole('cell', { name: '新建账户' }).first().waitFor();
    await shot(page, 'audit');
    await page.context().close();
  });
});

describe('policies and eligibility', () => {
  it("the admin sees the programmes and adds next year's version; a file shows its eligibility", async () => {
    const page = await loginAs(env, 'admin');
    await page.getByRole('menuitem', { name: '政策标准' }).click();
    await page.getByText('高龄津贴').first().waitFor();
    await shot(page, 'policies');
    const card = page.locator('.ant-card').filter({ hasText: '高龄津贴' }).first();
    await card.getByRole('button', { name: /新增版本/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('说明').fill('提高高龄津贴');
    // Change a condition in the form: 80-89 band starts at 79 instead.
    await dialog.getByText(/^80-89 岁：/).click();
    const editor = dialog.locator('.ant-collapse-item-active');
    await editor.locator('.ant-input-number-input').first().fill('79');
    await dialog.getByText(/^80-89 岁：.*年满 79 岁/).waitFor();
    await shot(page, 'policy-condition-editor');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('新版本已保存').waitFor();
    await card.getByText('提高高龄津贴').waitFor();
    const saved = await page.evaluate(
      async () =>
        (await (await fetch('/api/policies')).json()).find((p: { code: string }) => p.code === 'old_age_allowance')
          .versions[0],
    );
    expect(JSON.stringify(saved.params.classes[2].condition)).toContain('79');
    await page.goto(env.baseUrl + '/elders?');
    await page.locator('.ant-table-tbody tr td:first-child a').first().click();
    await page.getByRole('tab', { name: '服务与补贴' }).click();
    await page.getByTestId('eligibility').getByText('高龄津贴').waitFor();
    await page.getByTestId('entitlements').waitFor();
    await shot(page, 'eligibility');
    await page.context().close();
  });
});

describe('working-day calendar', () => {
  it('shows the Spring Festival holidays and the worked Saturday, and the admin can set a day', async () => {
    const page = await loginAs(env, 'admin');
    await page.goto(env.baseUrl + '/calendar?month=2026-02');
    await page.getByTestId('day-2026-02-17').waitFor();
    await page.getByTestId('day-2026-02-14').waitFor();
    await shot(page, 'calendar');
    await page.locator('td[title="2026-02-25"]').click();
    await page.getByRole('dialog').getByLabel('名称').fill('地方节日');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /保\s*存/ })
      .click();
    await page.getByTestId('day-2026-02-25').waitFor();
    await page.context().close();
  });
});

describe('phone width', () => {
  it('a community worker uses the menu drawer on a phone', async () => {
    const page = await loginAs(env, 'community', PHONE);
    await shot(page, 'phone-home-community');
    await page.getByRole('button', { name: '菜单' }).click();
    await page.getByRole('menuitem', { name: '区域管理' }).click();
    await page.getByText('金塔巷社区').first().waitFor();
    await page.locator('.ant-drawer-content').waitFor({ state: 'hidden' });
    await shot(page, 'phone-regions-community');
    await page.context().close();
  });
});
