// The district plans the quarter's appropriation to the streets and sends one (002 第5篇 L279).
import { afterAll, beforeAll, describe, it } from 'vitest';
import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import { loginAs, shot, startBrowserEnv, type BrowserEnv } from '../helpers/browser.js';
import { applications, elders } from '../../src/server/db/schema.js';
import { recomputeEntitlements } from '../../src/server/modules/entitlements/recompute.js';
import { shanghaiDate } from '../../src/shared/today.js';

let env: BrowserEnv;
beforeAll(async () => {
  env = await startBrowserEnv();
  // Three elders as an approved voucher application leaves them: 80+ living alone, 方案11's group 3.
  const db = env.database.db;
  const picked = await db
    .select({ id: elders.id, regionId: elders.regionId })
    .from(elders)
    .where(and(eq(elders.status, 'active'), isNotNull(elders.lng)))
    .limit(3);
  await db
    .update(elders)
    .set({ livingFlags: ['alone'], birthDate: '1940-01-01' })
    .where(
      inArray(
        elders.id,
        picked.map((e) => e.id),
      ),
    );
  await db.insert(applications).values(
    picked.map((e) => ({
      elderId: e.id,
      regionId: e.regionId,
      programme: 'service_voucher',
      kind: 'new' as const,
      state: 'approved' as const,
      submittedOn: '2025-01-02',
      effectiveFrom: '2025-01-01',
    })),
  );
  await recomputeEntitlements(
    env.database,
    `${shanghaiDate(env.now()).slice(0, 7)}-01`,
    picked.map((e) => e.id),
  );
});
afterAll(() => env?.close());

describe('quarterly appropriation', () => {
  it('is planned from the approved elders and sent to a street after a confirmation', async () => {
    const p = await loginAs(env, 'admin');
    await p.getByRole('menuitem', { name: '资金报表' }).click();
    await p.getByRole('tab', { name: '季度拨付转账' }).click();
    await p.getByText('本季度尚未编制拨付计划').waitFor();
    await p.getByRole('button', { name: '编制拨付计划' }).click();
    await p
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /编\s*制/ })
      .click();
    await p.getByText('已编制本季度拨付计划').waitFor();
    await shot(p, 'appropriations-planned');
    const row = p.getByRole('row').filter({ hasText: '待拨付' }).first();
    await row.getByText('拨出').click();
    await p
      .locator('.ant-popconfirm:visible')
      .getByRole('button', { name: /拨\s*出/ })
      .click();
    await p.locator('.ant-message').getByText('已拨出').waitFor();
    await p.getByRole('row').filter({ hasText: '已拨付' }).first().waitFor();
    await shot(p, 'appropriations');
    await p.context().close();
  });
});
