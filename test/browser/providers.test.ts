// The catalogue, a provider's approval and a caregiver's record, as the district admin and a
// provider admin would do them in Chromium; screenshots for the README.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { apiSession, loginAs, shot, startBrowserEnv, PHONE, type BrowserEnv } from '../helpers/browser.js';
import { checkDigit } from '../../src/core/elders/idcard.js';
import { users } from '../../src/server/db/schema.js';

let env: BrowserEnv;
beforeAll(async () => {
  env = await startBrowserEnv();
});
afterAll(() => env?.close());

describe('service catalogue', () => {
  it('lists the items with the unified and paid prices, and adds an item', async () => {
    const page = await loginAs(env, 'admin');
    await page.getByRole('menuitem', { name: '服务目录' }).click();
    await page.getByText(/共 \d+ 个服务项目/).waitFor();
    expect(await page.getByText('助浴（上门）').count()).toBe(1);
    // The programme in force (002 第5篇) has no self-pay class: the paid price is the unified 60 yuan.
    await page
      .getByRole('row', { name: /助浴（上门）/ })
      .getByText('¥60.00')
      .nth(1)
      .waitFor();
    await shot(page, 'catalogue');
    await page.getByRole('button', { name: /新增项目/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.getByText('请选择类别').waitFor();
    await dialog.getByLabel('类别').click();
    await page.getByTitle('生活照料').click();
    await dialog.getByLabel('名称').fill('上门剪发修面');
    await dialog.getByLabel('服务内容').fill('上门剪发、修面并清理碎发');
    await dialog.getByLabel('统一价（元）').fill('18.5');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText(/已新增「上门剪发修面」/).waitFor();
    await page.getByPlaceholder('名称、编号或内容').fill('上门剪发');
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await page
      .getByRole('row', { name: /上门剪发修面/ })
      .getByText('¥18.50')
      .nth(1)
      .waitFor();
    await page.locator('a', { hasText: '上门剪发修面' }).click();
    await page.getByText('价格版本').waitFor();
    await shot(page, 'catalogue-item');
    await page.context().close();
  });
});

describe('providers', () => {
  it('the district admin reviews a pending application and signs the agreement', async () => {
    const page = await loginAs(env, 'admin');
    await page.getByRole('menuitem', { name: '服务机构' }).click();
    await page.getByText(/共 \d+ 家机构/).waitFor();
    await shot(page, 'providers');
    // A wrong credit code is explained next to the field before anything is sent.
    await page.getByRole('button', { name: /登记加盟申请/ }).click();
    const form = page.getByRole('dialog');
    await form.getByLabel('统一社会信用代码').fill('91620102MA74XXXX1A');
    await form.getByLabel('法定代表人').click();
    await form.getByText(/校验/).first().waitFor();
    await shot(page, 'provider-register-error');
    await form.getByRole('button', { name: /取\s*消/ }).click();

    await page.locator('.ant-select').filter({ hasText: '审核状态' }).click();
    await page.getByTitle('待审核').click();
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await page.locator('a', { hasText: '兰州鸿运餐饮管理有限公司' }).click();
    await page.getByRole('button', { name: /审\s*核/ }).click();
    const review = page.getByRole('dialog');
    await review.getByText('批准加盟').click();
    await review.getByLabel('审核意见').fill('证照齐全，同意加盟');
    await review.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByRole('button', { name: /签订协议/ }).waitFor();
    await page.getByRole('button', { name: /签订协议/ }).click();
    const sign = page.getByRole('dialog');
    await sign.getByLabel('协议编号').fill('CGMZ-2026-099');
    await sign.getByLabel('签订日期').fill('2026-11-20');
    await sign.getByLabel('签订日期').press('Enter');
    await sign.getByPlaceholder('开始日期').fill('2026-12-01');
    await sign.getByPlaceholder('结束日期').fill('2027-11-30');
    await sign.getByPlaceholder('结束日期').press('Enter');
    await sign.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByRole('tab', { name: /服务协议/ }).click();
    await page.getByText('CGMZ-2026-099').waitFor();
    await shot(page, 'provider-approved');
    await page.context().close();
  });

  it("a street staffer's rename of an approved provider waits for review, and another district officer approves it", async () => {
    const db = env.database.db;
    const [template] = await db.select().from(users).where(eq(users.username, 'admin'));
    await db.insert(users).values({
      username: 'reviewer2',
      displayName: '区审核员',
      role: 'district_admin',
      regionId: template.regionId!,
      passwordHash: template.passwordHash,
    });
    const street = await apiSession(env, 'street');
    const target = (await street('GET', '/api/providers?status=approved&pageSize=200')).items.find(
      (p: { parentId: number | null }) => p.parentId === null,
    ) as { id: number; name: string };
    const renamed = `${target.name}（更名）`;
    const page = await loginAs(env, 'street');
    await page.goto(`${env.baseUrl}/providers/${target.id}`);
    await page.getByRole('button', { name: /编辑信息/ }).click();
    const edit = page.getByRole('dialog');
    await edit.getByText(/须经区级审核/).waitFor();
    await edit.getByLabel('机构名称').fill(renamed);
    await edit.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('名称、统一社会信用代码等登记信息的变更已提交区级审核，批准后生效').waitFor();
    await page.getByRole('button', { name: '知道了' }).click();
    await page.getByTestId('pending-change').getByText(renamed).waitFor();
    // The street staffer cannot review it, only withdraw it.
    expect(
      await page
        .getByTestId('pending-change')
        .getByRole('button', { name: /批\s*准/ })
        .count(),
    ).toBe(0);
    await shot(page, 'provider-change-pending');
    await page.context().close();

    const a = await loginAs(env, 'reviewer2');
    await a.getByRole('menuitem', { name: '服务机构' }).click();
    await a.getByText(/共 \d+ 家机构/).waitFor();
    await a.locator('.ant-select').filter({ hasText: '登记变更' }).click();
    await a.getByTitle('有待审变更').click();
    await a.getByRole('button', { name: /查\s*询/ }).click();
    await a.getByText('共 1 家机构').waitFor();
    await a.locator('a', { hasText: target.name }).click();
    await a
      .getByTestId('pending-change')
      .getByRole('button', { name: /批\s*准/ })
      .click();
    const decide = a.getByRole('dialog');
    await decide.getByLabel('审核意见').fill('已核对营业执照变更登记，同意');
    await shot(a, 'provider-change-approve');
    await decide.getByRole('button', { name: /批\s*准/ }).click();
    await a.getByText('变更已批准并生效').waitFor();
    await a.getByText('登记信息变更记录').waitFor();
    await a.locator('.ant-card-head').getByText(renamed).waitFor();
    expect(await a.getByTestId('pending-change').count()).toBe(0);
    await shot(a, 'provider-change-approved');
    await a.context().close();
  });

  it('a provider admin archives a licence with a reason; it stays on file under 已归档', async () => {
    const provider = await apiSession(env, 'provider');
    const providerId = (await provider('GET', '/api/caregivers?pageSize=1')).items[0].providerId;
    const page = await loginAs(env, 'provider');
    await page.goto(`${env.baseUrl}/providers/${providerId}`);
    await page
      .getByRole('row', { name: /营业执照/ })
      .first()
      .getByRole('button', { name: /归\s*档/ })
      .click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: /归\s*档/ }).click();
    await dialog.getByText('请填写归档原因').waitFor();
    await dialog.getByLabel('归档原因').fill('营业执照已换发新证，旧证归档');
    await dialog.getByRole('button', { name: /归\s*档/ }).click();
    await page.getByTestId('archived-licences').getByText('营业执照已换发新证，旧证归档').waitFor();
    await shot(page, 'licence-archived');
    await page.context().close();
  });

  it('shows expiry alerts and certification rates, and the public registry', async () => {
    const page = await loginAs(env, 'admin');
    await page.getByRole('menuitem', { name: '到期提醒' }).click();
    await page
      .getByText(/已过期 \d+ 天|剩 \d+ 天/)
      .first()
      .waitFor();
    await shot(page, 'provider-alerts');
    await page.getByRole('tab', { name: '持证率' }).click();
    await page.getByText(/目标 70%/).waitFor();
    await shot(page, 'certification-rates');
    // The hotline and the registry's minimum age are edited with the rules (issue 16, §15 and §16).
    await page.getByRole('tab', { name: '管理规则' }).click();
    await page.getByText('建档最低年龄').first().waitFor();
    await page.getByRole('button', { name: /新增规则版本/ }).click();
    const dialog = page.getByRole('dialog').filter({ hasText: '新增规则版本' });
    const hotline = dialog.getByLabel('服务热线');
    await expect.poll(() => hotline.inputValue()).toBe('12349');
    await expect.poll(() => dialog.getByLabel('建档最低年龄（周岁）').inputValue()).toBe('60');
    await hotline.fill('兰州965885');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.getByText('服务热线须为 3 到 20 位数字或连字符').waitFor();
    await shot(page, 'rules-hotline-error');
    await dialog.getByRole('button', { name: /取\s*消/ }).click();
    await page.goto(env.baseUrl + '/registry');
    await page.getByText('选择您所在的社区').waitFor();
    // The call centre's number, the district's setting (12349 by default, 001 L194).
    expect(await page.getByTestId('hotline').textContent()).toContain('12349');
    await page.locator('.ant-select').first().click();
    await page.getByTitle('金塔巷社区').click();
    await page.getByTestId('registry-card').first().waitFor();
    expect(await page.getByTestId('registry-card').count()).toBeGreaterThan(0);
    await shot(page, 'registry');
    await page.context().close();
  });
});

describe('caregivers', () => {
  it('a provider admin records a caregiver, with a bad certificate explained, and sees the record', async () => {
    const page = await loginAs(env, 'provider');
    await page.getByRole('menuitem', { name: '服务人员' }).click();
    await page.getByText(/共 \d+ 人/).waitFor();
    await shot(page, 'caregivers');
    await page.getByRole('button', { name: /登记服务人员/ }).click();
    const dialog = page.getByRole('dialog');
    const first17 = '62010219850312002';
    await dialog.getByLabel('姓名').fill('马晓梅');
    await dialog.getByLabel('身份证号').fill(first17 + checkDigit(first17));
    await dialog.getByLabel('手机').fill('13893112345');
    await dialog.getByLabel('编号').fill('JKZ20261101');
    await dialog.getByLabel('发证日期').fill('2026-11-01');
    await dialog.getByLabel('发证日期').press('Enter');
    await dialog.getByLabel('有效期至', { exact: true }).fill('2026-10-01');
    await dialog.getByLabel('有效期至', { exact: true }).press('Enter');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.getByText('有效期至不能早于发证日期').waitFor();
    await shot(page, 'caregiver-form-error');
    await dialog.getByLabel('有效期至', { exact: true }).fill('2027-10-31');
    await dialog.getByLabel('有效期至', { exact: true }).press('Enter');
    await dialog.getByRole('button', { name: /添加证书/ }).click();
    await dialog.getByLabel('等级').click();
    await page.getByTitle('四级/中级工').click();
    await dialog.getByLabel('编号').nth(1).fill('Y2026000123');
    await dialog.getByLabel('发证机关').nth(1).fill('甘肃省人力资源和社会保障厅');
    await dialog.getByLabel('发证日期').nth(1).fill('2025-06-01');
    await dialog.getByLabel('发证日期').nth(1).press('Enter');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('已登记 马晓梅').waitFor();
    await page.getByText('登录账户').waitFor();
    await page.locator('.ant-descriptions').getByText('养老护理员四级/中级工').waitFor();
    await page.getByText('可派单').first().waitFor();
    expect(await page.getByText(first17 + checkDigit(first17)).count()).toBe(0);
    await shot(page, 'caregiver-record');
    // A health certificate entered in error is archived, not deleted: it stays on file and no longer counts.
    await page
      .getByRole('row', { name: /JKZ20261101/ })
      .getByRole('button', { name: /归\s*档/ })
      .click();
    const archive = page.getByRole('dialog');
    await archive.getByLabel('归档原因').fill('健康证编号登记错误');
    await archive.getByRole('button', { name: /归\s*档/ }).click();
    await page.getByTestId('archived-certificates').getByText('健康证编号登记错误').waitFor();
    await page.getByText(/不能派单/).waitFor();
    await shot(page, 'certificate-archived');
    await page.context().close();
  });

  it('a caregiver sees only its own record on a phone', async () => {
    const page = await loginAs(env, 'caregiver', PHONE);
    await page.getByRole('button', { name: '菜单' }).click();
    await page.getByRole('menuitem', { name: '服务人员' }).click();
    // Its list holds only itself, so it opens its own record.
    await page.getByText('养老护理员职业技能等级证书（四级/中级工）').waitFor();
    expect(await page.getByText('刘桂兰').count()).toBeGreaterThan(0);
    expect(await page.getByRole('button', { name: /编\s*辑/ }).count()).toBe(0);
    await shot(page, 'caregiver-phone');
    await page.context().close();
  });
});
