// Four eyes on an elder's payee account, in Chromium: the community worker asks for a change on
// the elder's ledger tab, the card shows it waiting and the money still going to the old account;
// a street officer finds it on 收款账户审核 and approves it; the card then shows the new account.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { apiSession, loginAs, shot, startBrowserEnv, type BrowserEnv } from '../helpers/browser.js';
import { elderBody, idFor } from '../helpers/elder-fixtures.js';
import { payeeAccounts, users } from '../../src/server/db/schema.js';

let env: BrowserEnv;
beforeAll(async () => {
  env = await startBrowserEnv();
});
afterAll(() => env?.close());

describe('payee account change in the browser', () => {
  it('a community worker asks, a street officer approves on the review page', async () => {
    const db = env.database.db;
    const [community] = await db.select().from(users).where(eq(users.username, 'community'));
    const admin = await apiSession(env, 'admin');
    const elderId = (
      await admin(
        'POST',
        '/api/elders',
        elderBody(community.regionId!, { name: '韩桂芝', idNumber: idFor('19330712', 77) }),
      )
    ).id as number;
    // The account it has now, as an earlier approval would have left it.
    const street = await apiSession(env, 'street');
    const first = await (
      await apiSession(env, 'community')
    )('POST', `/api/elders/${elderId}/payee-changes`, {
      payeeKind: 'self',
      payeeName: '韩桂芝',
      bankName: '兰州银行东岗支行',
      accountNo: '6224 1111 2222 3333',
      reason: '首次登记',
    });
    await street('POST', `/api/payee-changes/${first.id}/decision`, { decision: 'approve' });

    // The community worker asks for the change on the elder's ledger tab.
    const c = await loginAs(env, 'community');
    await c.goto(`${env.baseUrl}/elders/${elderId}`);
    await c.getByRole('tab', { name: '待遇台账' }).click();
    await c.getByRole('button', { name: '申请变更' }).click();
    const form = c.locator('.ant-modal').filter({ hasText: '申请变更收款账户' });
    await form.getByLabel('开户行').fill('中国邮政储蓄银行兰州市分行');
    await form.getByLabel('账号').fill('6221 8800 1234 5678');
    await form.getByLabel('原因').fill('老人原银行卡遗失，已补办新卡');
    await form.getByRole('button', { name: '提交审核' }).click();
    await c.getByText('待审核').waitFor();
    await c.getByText(/6221 \*\*\*\* 5678/).waitFor();
    // Nothing changed yet: the card still shows the old account, and no 批准 for the one who asked.
    await c.getByText('6224 **** 3333').waitFor();
    expect(await c.getByRole('button', { name: /批\s*准/ }).count()).toBe(0);
    await c.getByRole('button', { name: /撤\s*回/ }).waitFor();
    await shot(c, 'payee-change-requested');
    await c.context().close();
    expect((await db.select().from(payeeAccounts).where(eq(payeeAccounts.elderId, elderId)))[0].accountMasked).toBe(
      '6224 **** 3333',
    );

    // A street officer approves it on the review page.
    const s = await loginAs(env, 'street');
    await s.getByRole('menuitem', { name: '收款账户审核' }).click();
    await s.getByPlaceholder('老人姓名').fill('韩桂芝');
    await s.getByRole('button', { name: /查\s*询/ }).click();
    const row = s.locator('.ant-table-row').filter({ hasText: '韩桂芝' });
    await row.getByText('6221 **** 5678').waitFor();
    await row.getByText('6224 **** 3333').waitFor();
    await shot(s, 'payee-change-review-list');
    await row.getByRole('button', { name: /批\s*准/ }).click();
    const confirm = s.locator('.ant-modal').filter({ hasText: '批准收款账户变更' });
    await confirm.getByLabel(/审核意见/).fill('已电话核实老人本人');
    await shot(s, 'payee-change-approve-confirm');
    await confirm.getByRole('button', { name: '确认批准' }).click();
    await s.getByText('已批准').first().waitFor();
    await row.waitFor({ state: 'detached' });

    await s.goto(`${env.baseUrl}/elders/${elderId}`);
    await s.getByRole('tab', { name: '待遇台账' }).click();
    await s.getByText('6221 **** 5678').waitFor();
    expect(await s.getByText('待审核').count()).toBe(0);
    await shot(s, 'payee-change-approved');
    await s.context().close();
    expect((await db.select().from(payeeAccounts).where(eq(payeeAccounts.elderId, elderId)))[0].accountMasked).toBe(
      '6221 **** 5678',
    );
  });
});
