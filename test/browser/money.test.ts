// Money in Chromium: a month closed — the district computes the settlements, the reviewer and a
// second district officer approve, the provider's statement and an elder's bill are downloaded,
// the quarter's cost shares and the month's reconciliation are looked at; paper vouchers are
// printed with their QR codes and redeemed once; a cash payment list is generated.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useMechanicsPolicy } from '../helpers/mechanics-policy.js';
import { eq } from 'drizzle-orm';
import {
  apiSession,
  loginAs,
  readyCaregiver,
  shot,
  startBrowserEnv,
  type ApiSession,
  type BrowserEnv,
} from '../helpers/browser.js';
import { elderBody, idFor } from '../helpers/elder-fixtures.js';
import { applications, elders, providers, regions, users } from '../../src/server/db/schema.js';
import { recomputeEntitlements } from '../../src/server/modules/entitlements/recompute.js';
import { ensureElderMonth } from '../../src/server/modules/ledger/run-month.js';
import { addDays, daysBetween } from '../../src/core/calendar/working-days.js';
import { nextMonth } from '../../src/core/calendar/months.js';
import { quarterOf } from '../../src/core/settlement/settlement.js';
import { shanghaiDate } from '../../src/shared/today.js';

let env: BrowserEnv;
let admin: ApiSession, operator: ApiSession, provider: ApiSession, caregiver: ApiSession;
let place: { lng: number; lat: number; regionId: number };
let me: { id: number; providerId: number };
let item: { id: number };
beforeAll(async () => {
  env = await startBrowserEnv();
  // These walk the call centre's and the month's mechanics against fixed terms (a 20% self-pay
  // class among them), not the seed defaults, which test/unit/seed-rules.test.ts checks.
  await useMechanicsPolicy(env);
  [admin, operator, provider, caregiver] = await Promise.all(
    ['admin', 'operator', 'provider', 'caregiver'].map((u) => apiSession(env, u)),
  );
  ({ me, point: place } = await readyCaregiver(admin, provider, caregiver));
  item = (await admin('GET', '/api/catalogue/items?q=生活照料（2 小时）')).items[0];
});
afterAll(() => env?.close());

const today = () => shanghaiDate(env.now());
/** An elder approved for home care (and the voucher), as the approval path would leave the file. */
async function subsidisedElder(name: string, n: number, voucher = false) {
  const id = (
    await admin(
      'POST',
      '/api/elders',
      elderBody(place.regionId, {
        name,
        idNumber: idFor('19400305', n),
        lng: place.lng,
        lat: place.lat,
        address: `城关区张掖路 ${n} 号`,
        categories: [{ type: 'dibao', certificateNo: 'DB7654321', validUntil: '2030-12-31' }],
      }),
    )
  ).id as number;
  const db = env.database.db;
  if (voucher) await db.update(elders).set({ abilityGrade: 'complete' }).where(eq(elders.id, id));
  for (const programme of ['home_care_subsidy', ...(voucher ? ['service_voucher'] : [])]) {
    await db.insert(applications).values({
      elderId: id,
      regionId: place.regionId,
      programme,
      kind: 'new',
      state: 'approved',
      submittedOn: '2025-01-02',
      effectiveFrom: '2025-01-01',
    });
  }
  await recomputeEntitlements(env.database, `${today().slice(0, 7)}-01`, [id]);
  return id;
}
/** A visit tomorrow, done at the door and as long as booked: verified. */
async function visit(elderId: number) {
  const date = addDays(today(), 1);
  const o = await operator('POST', '/api/orders', {
    elderId,
    channel: 'phone',
    lines: [{ itemId: item.id, quantity: 1 }],
    startAt: `${date}T09:00:00+08:00`,
    endAt: `${date}T11:00:00+08:00`,
  });
  await operator('POST', `/api/orders/${o.id}/actions`, { action: 'confirm' });
  await operator('POST', `/api/orders/${o.id}/actions`, { action: 'dispatch', caregiverId: me.id });
  await caregiver('POST', `/api/orders/${o.id}/actions`, { action: 'accept' });
  // Checked in at the booked start, inside the check-in window; the clock goes back after.
  const lead = (Date.parse(o.startAt) - env.now().getTime()) / 60_000;
  env.advance(lead);
  caregiver = await apiSession(env, 'caregiver');
  await caregiver('POST', `/api/orders/${o.id}/actions`, { action: 'check_in', lng: place.lng, lat: place.lat });
  env.advance(125);
  caregiver = await apiSession(env, 'caregiver');
  await caregiver('POST', `/api/orders/${o.id}/actions`, { action: 'check_out', lng: place.lng, lat: place.lat });
  env.advance(-lead);
  caregiver = await apiSession(env, 'caregiver');
  return o as { id: number; serviceDate: string };
}

describe('closing a month', () => {
  it('computes, reviews and approves the settlement; the statement and a bill are downloaded; the month reconciles', async () => {
    const elderId = await subsidisedElder('郑秀兰', 61);
    const o = await visit(elderId);
    const month = o.serviceDate.slice(0, 7);
    // Who reviews: the provider's street, or the district for a district-registered provider;
    // a second district officer approves.
    const db = env.database.db;
    const [p] = await db
      .select({ regionId: providers.regionId, parentId: regions.parentId })
      .from(providers)
      .innerJoin(regions, eq(regions.id, providers.regionId))
      .where(eq(providers.id, me.providerId));
    const [template] = await db.select().from(users).where(eq(users.username, 'admin'));
    await db.insert(users).values({
      username: 'finance',
      displayName: '区财务',
      role: 'district_admin',
      regionId: template.regionId!,
      passwordHash: template.passwordHash,
    });
    if (p.parentId !== null)
      await db.insert(users).values({
        username: 'provstreet',
        displayName: '机构所在街道',
        role: 'street_staff',
        regionId: p.regionId,
        passwordHash: template.passwordHash,
      });
    const reviewer = p.parentId === null ? 'admin' : 'provstreet';

    // The month ends.
    env.advance(daysBetween(today(), `${nextMonth(month)}-02`) * 24 * 60);
    [admin, operator, provider, caregiver] = await Promise.all(
      ['admin', 'operator', 'provider', 'caregiver'].map((u) => apiSession(env, u)),
    );
    const a = await loginAs(env, 'admin');
    await a.goto(`${env.baseUrl}/settlements?period=${month}`);
    await a.getByRole('button', { name: new RegExp(`计算 ${month} 结算`) }).click();
    await a
      .locator('.ant-modal-confirm')
      .getByRole('button', { name: /计\s*算/ })
      .click();
    await a.getByText(/已计算 \d+ 张结算单/).waitFor();
    const row = a.getByRole('row').filter({ hasText: /草稿/ }).first();
    await row.waitFor();
    await shot(a, 'settlements');
    const settlement = (await admin('GET', `/api/settlements?period=${month}&providerId=${me.providerId}`)).items[0];
    expect(settlement.totals.ordersFen).toBeGreaterThan(0);

    const r = reviewer === 'admin' ? a : await loginAs(env, reviewer);
    await r.goto(`${env.baseUrl}/settlements?period=${month}`);
    await r.getByRole('row').filter({ hasText: settlement.providerName }).locator('a').first().click();
    const drawer = r.locator('.ant-drawer');
    await drawer.getByText('应付金额').first().waitFor();
    await drawer.getByRole('button', { name: /^审\s*核$/ }).click();
    await r
      .locator('.ant-modal')
      .getByRole('button', { name: /审核通过/ })
      .click();
    await r.getByText('已审核').first().waitFor();

    const f = await loginAs(env, 'finance');
    await f.goto(`${env.baseUrl}/settlements?period=${month}`);
    await f.getByRole('row').filter({ hasText: settlement.providerName }).locator('a').first().click();
    const fd = f.locator('.ant-drawer');
    await fd.getByRole('button', { name: /^审\s*批$/ }).click();
    await f
      .locator('.ant-modal')
      .getByText(/结算期关闭/)
      .waitFor();
    await f
      .locator('.ant-modal')
      .getByRole('button', { name: /审批通过/ })
      .click();
    await fd.getByText('区已审批').first().waitFor();
    await shot(f, 'settlement-approved');
    const [statement] = await Promise.all([
      f.waitForEvent('download'),
      fd.getByRole('button', { name: /下载结算单/ }).click(),
    ]);
    expect(statement.suggestedFilename()).toContain('结算单');
    const text = fs.readFileSync((await statement.path())!, 'utf8');
    expect(text).toContain('应付金额（元）');
    expect(text).toContain((settlement.totals.dueFen / 100).toFixed(2));

    // The elder's bill for the month, downloaded.
    await f.goto(`${env.baseUrl}/bills?month=${month}`);
    await f.getByRole('row').filter({ hasText: '郑秀兰' }).locator('a').click();
    const bill = f.locator('.ant-drawer');
    await bill.getByText('合计').waitFor();
    const [billFile] = await Promise.all([
      f.waitForEvent('download'),
      bill.getByRole('button', { name: /下\s*载/ }).click(),
    ]);
    expect(billFile.suggestedFilename()).toBe(`收费清单-郑秀兰-${month}.csv`);
    expect(fs.readFileSync((await billFile.path())!, 'utf8')).toContain(String(o.id));

    // The quarter's shares, and the month reconciled.
    await f.goto(`${env.baseUrl}/money-reports`);
    await f.locator('.ant-picker').click();
    await f.keyboard.press('Escape');
    const shares = await admin('GET', `/api/cost-shares?quarter=${quarterOf(month)}`);
    const levelSum = Object.values(shares.total.shares as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(levelSum).toBe(shares.total.amountFen);
    await f.goto(`${env.baseUrl}/money-reports?tab=reconcile&month=${month}`);
    await f.getByRole('button', { name: /对\s*账/ }).click();
    await f.getByText(`${month} 账目一致`).waitFor();
    await shot(f, 'reconciliation');
    for (const page of [a, r, f])
      await page
        .context()
        .close()
        .catch(() => undefined);
  });
});

describe('paper vouchers and cash', () => {
  it('prints vouchers with QR codes, redeems one once, and generates a payment list', async () => {
    const elderId = await subsidisedElder('冯玉珍', 63, true);
    await ensureElderMonth(env.database.db, elderId, today().slice(0, 7));
    const s = await loginAs(env, 'admin');
    await s.goto(`${env.baseUrl}/elders/${elderId}`);
    await s.getByRole('tab', { name: '待遇台账' }).click();
    await s.getByRole('button', { name: /印制纸质券/ }).click();
    const modal = s.locator('.ant-modal').filter({ hasText: '印制纸质券' });
    await modal.getByLabel('张数').fill('2');
    await modal.getByLabel('每张面值（元）').fill('10');
    await modal.getByRole('button', { name: /印\s*制/ }).click();
    await s
      .getByAltText(/券码 YY/)
      .first()
      .waitFor();
    await shot(s, 'vouchers-printed');
    const code = (
      (await s
        .getByAltText(/券码 YY/)
        .first()
        .getAttribute('alt')) ?? ''
    ).replace('券码 ', '');
    await s.context().close();

    const p = await loginAs(env, 'provider');
    await p.getByRole('menuitem', { name: '纸质服务券' }).click();
    await p.getByPlaceholder('扫码枪扫描或手工输入').fill(code);
    await p.getByRole('button', { name: /兑\s*付/ }).click();
    await p.getByText(/服务券已兑付给/).waitFor();
    await p.getByPlaceholder('扫码枪扫描或手工输入').fill(code);
    await p.getByRole('button', { name: /兑\s*付/ }).click();
    await p
      .getByText(/不能再次兑付/)
      .first()
      .waitFor();
    await shot(p, 'voucher-second-redemption');
    await p.context().close();

    const c = await loginAs(env, 'admin');
    await c.getByRole('menuitem', { name: '现金发放' }).click();
    await c.getByRole('button', { name: /生成名单/ }).click();
    await c.getByText(/已生成名单/).waitFor();
    await c.locator('.ant-drawer').getByText('发往银行').first().waitFor();
    await shot(c, 'payment-list');
    await c.context().close();
  });
});
