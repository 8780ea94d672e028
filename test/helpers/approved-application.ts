// An approved application as the approval path would leave it, and the elder's entitlements
// recomputed: for tests whose subject is not the path itself. 特困 support and the care subsidy
// pay only after approval (001 L30 「在五保对象申请、民主评议、公示、审核和审批过程中」; 000 范文2
// L69 「发生日常照料护理服务，乡镇人民政府民政部门应向县民政部门申请护理补助资金」); the path
// itself is walked in test/api/tekun-approval.test.ts.
import { eq } from 'drizzle-orm';
import type { TestApp } from './test-app.js';
import { applications, elders } from '../../src/server/db/schema.js';
import { recomputeEntitlements } from '../../src/server/modules/entitlements/recompute.js';

export async function approveApplication(
  t: Pick<TestApp, 'database'>,
  elderId: number,
  programme: 'tekun_support' | 'care_subsidy' | 'home_care_subsidy' | 'service_voucher',
  opts: { effectiveFrom: string; recomputeFrom?: string; submittedOn?: string },
) {
  const db = t.database.db;
  const [e] = await db.select({ regionId: elders.regionId }).from(elders).where(eq(elders.id, elderId));
  await db.insert(applications).values({
    elderId,
    regionId: e.regionId,
    programme,
    kind: 'new',
    state: 'approved',
    submittedOn: opts.submittedOn ?? opts.effectiveFrom,
    effectiveFrom: opts.effectiveFrom,
  });
  await recomputeEntitlements(t.database, opts.recomputeFrom ?? opts.effectiveFrom, [elderId]);
}
