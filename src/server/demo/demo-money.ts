// The demo's money: the ledger issued for last month and this one, every billable demo visit
// drawn, paper vouchers printed and some redeemed, most of last month's bills paid, last month's
// settlements computed and — all but one, left for the district to approve — reviewed and
// approved, payee accounts for the cash programmes (a few missing, so the lists show problem
// lines; two changes waiting for the street's approval), and last month's allowance and 特困
// lists sent and paid. This month stays open.
import { and, arrayContains, asc, eq, inArray, isNotNull, isNull, like, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import {
  applications,
  assessments,
  billPayments,
  elders,
  entitlements,
  orders,
  paperVouchers,
  payeeAccounts,
  payeeChanges,
  paymentLists,
  providers,
  regions,
  settlements,
  users,
} from '../db/schema.js';
import type { Random } from '../../core/seeded-random.js';
import type { PersonalDataCipher } from '../security/personal-data.js';
import type { CategoryEvidence } from '../../core/elders/categories.js';
import { monthEnd, previousMonth } from '../../core/calendar/months.js';
import { addDays } from '../../core/calendar/working-days.js';
import { shanghaiInstant } from '../../core/plans/occurrences.js';
import { BILLABLE_VERIFICATION } from '../../core/visits/exception-review.js';
import { runLedgerMonth } from '../modules/ledger/run-month.js';
import { drawForOrder } from '../modules/ledger/draw-order.js';
import { printVouchers } from '../modules/vouchers/voucher-routes.js';
import { bookShares, computeSettlements } from '../modules/settlements/compute-settlements.js';
import { generatePaymentList } from '../modules/cash/cash-routes.js';
import { systemActor } from '../modules/audit/audit-writer.js';
import { loadVersions } from '../modules/policies/version-store.js';
import { elderFacts } from '../modules/elders/elder-facts.js';
import { categoryColumns } from '../modules/elders/elder-records.js';
import { classOn, versionOn, type PolicyVersion } from '../../core/policy/policy.js';
import { ITEMS, nextDueDate, scoreAssessment, STANDARD_ID } from '../../core/assessment/gb42195.js';
import { nextQuarterStart } from '../../core/applications/workflow.js';

const SYSTEM = systemActor('demo');
const BANKS = [
  '中国农业银行兰州城关支行',
  '中国工商银行兰州分行营业部',
  '甘肃银行城关支行',
  '兰州银行东岗支行',
  '中国邮政储蓄银行兰州市分行',
];

/**
 * Elders approved in earlier years, among those the demo's orders are for: as a district would
 * approve them, only those the programme in force holds for (for home care, 002 第5篇's 三无 and
 * 低保 or 低保边缘 elders living alone, graded disabled or semi-disabled). A few graded elders
 * living alone are given a 低保 certificate first, so that free hours show in the demo's bills
 * and settlements; everyone else buys services at the unified price. Every 特困 elder has an
 * approved 特困 support application, and a few graded ones in a home the care subsidy.
 */
export async function loadDemoSubsidies(database: Database, r: Random, today: string, cipher: PersonalDataCipher) {
  const db = database.db;
  const pool = await db
    .select()
    .from(elders)
    .where(and(eq(elders.status, 'active'), isNotNull(elders.lng)))
    // Assessed elders first: only a graded elder can be in a class of hours.
    .orderBy(sql`${elders.abilityGrade} is null`, asc(elders.id))
    .limit(400);
  const homeCare = versionOn(await loadVersions(db, 'home_care_subsidy'), today);
  const vouchers = versionOn(await loadVersions(db, 'service_voucher'), today);
  const holds = (v: PolicyVersion | null, e: typeof elders.$inferSelect) =>
    v !== null && classOn(elderFacts(e), v, today) !== null;
  const rows: (typeof applications.$inferInsert)[] = [];
  // An elder who has applied this year (demo-applications.ts) was not approved in an earlier one.
  const applied = new Set(
    (await db.select({ elderId: applications.elderId, programme: applications.programme }).from(applications)).map(
      (a) => `${a.elderId}:${a.programme}`,
    ),
  );
  const approved = (e: typeof elders.$inferSelect, programme: string) => ({
    elderId: e.id,
    regionId: e.regionId,
    programme,
    kind: 'new' as const,
    state: 'approved' as const,
    submittedOn: '2024-12-02',
    effectiveFrom: '2025-01-01',
  });
  for (const found of pool) {
    let e = found;
    const graded = ['moderate', 'severe', 'complete'].includes(e.abilityGrade ?? '');
    if (!holds(homeCare, e) && graded && e.categoryTypes.length === 0 && r.int(1, 2) === 1) {
      const dibao: CategoryEvidence = {
        type: 'dibao',
        certificateNo: `DB${String(e.id).padStart(7, '0')}`,
        validUntil: '2027-12-31',
      };
      // Stored as every file stores it: the certificate number only encrypted and masked.
      [e] = await db
        .update(elders)
        .set({ categories: categoryColumns([dibao], cipher), categoryTypes: ['dibao'] })
        .where(eq(elders.id, e.id))
        .returning();
    }
    if (holds(homeCare, e) && r.int(1, 10) <= 9 && !applied.has(`${e.id}:home_care_subsidy`))
      rows.push(approved(e, 'home_care_subsidy'));
    if (holds(vouchers, e) && r.int(1, 10) <= 5 && !applied.has(`${e.id}:service_voucher`))
      rows.push(approved(e, 'service_voucher'));
  }

  // 特困 support follows approval (001 L30 「在五保对象申请、民主评议、公示、审核和审批过程中」):
  // every 特困 elder in the demo was approved on the five-guarantee path in an earlier year.
  const tekunVersion = versionOn(await loadVersions(db, 'tekun_support'), today);
  const careVersion = versionOn(await loadVersions(db, 'care_subsidy'), today);
  const tekun = await db
    .select()
    .from(elders)
    .where(and(eq(elders.status, 'active'), arrayContains(elders.categoryTypes, ['tekun'])))
    .orderBy(asc(elders.id));
  let cared = 0;
  for (const e of tekun) {
    if (!holds(tekunVersion, e)) continue;
    rows.push({
      elderId: e.id,
      regionId: e.regionId,
      programme: 'tekun_support',
      kind: 'new',
      state: 'approved',
      submittedOn: '2023-10-09',
      effectiveFrom: '2024-01-01',
    });
    // The care subsidy is applied for when care actually happens (000 范文2 L69 「发生日常照料
    // 护理服务，乡镇人民政府民政部门应向县民政部门申请护理补助资金」): a few graded elders
    // cared for in the home (「由敬老院、社工机构提供照料护理的」), approved this year, paid from
    // the pooled care fund.
    const concentrated = (e.categories as CategoryEvidence[]).some(
      (c) => c.type === 'tekun' && c.supportMode === 'concentrated',
    );
    if (!concentrated || cared >= 3) continue;
    // Assessed again this year after a change in health (生活完全不能自理), as the home asks
    // for before it applies; then the subsidy's class holds.
    // Early enough that the approval is in force for last month's list.
    const graded = holds(careVersion, e) ? e : await reassessAsUnable(db, e.id, addDays(today, -150));
    if (holds(careVersion, graded)) {
      cared++;
      const submittedOn = addDays(today, -140);
      rows.push({
        elderId: e.id,
        regionId: e.regionId,
        programme: 'care_subsidy',
        kind: 'new',
        state: 'approved',
        submittedOn,
        effectiveFrom: nextQuarterStart(submittedOn),
      });
    }
  }
  if (rows.length) await db.insert(applications).values(rows);
}

/** A reassessment with every item at its lowest scored answer: 完全失能 (GB/T 42195-2022). */
async function reassessAsUnable(db: Database['db'], elderId: number, assessedOn: string) {
  const input = {
    answers: Object.fromEntries(
      ITEMS.map((item) => {
        const scored = item.options.filter((o) => o.key !== 'coma');
        return [item.code, scored[scored.length - 1].key];
      }),
    ),
    dementiaOrMentalDisorder: false,
    riskEventsLast30Days: 0,
  };
  const result = scoreAssessment(input);
  const nextDue = nextDueDate(assessedOn);
  await db.insert(assessments).values({
    elderId,
    standard: STANDARD_ID,
    assessedOn,
    assessor: '区评估中心',
    reason: 'change',
    ...input,
    dimensions: result.dimensions,
    total: result.total,
    preliminaryGrade: result.preliminaryGrade,
    grade: result.grade,
    adjustments: result.adjustments,
    nextDue,
  });
  const [e] = await db
    .update(elders)
    .set({ abilityGrade: result.grade, abilityAssessedOn: assessedOn, abilityNextDue: nextDue })
    .where(eq(elders.id, elderId))
    .returning();
  return e;
}

export async function loadDemoMoney(database: Database, r: Random, today: string, cipher: PersonalDataCipher) {
  const db = database.db;
  const month = today.slice(0, 7),
    last = previousMonth(month);
  const people = Object.fromEntries(
    (
      await db
        .select()
        .from(users)
        .where(inArray(users.username, ['admin', 'street', 'street2', 'operator', 'provider', 'community']))
    ).map((u) => [u.username, u]),
  );
  if (!people.admin) return;
  const at = (date: string, hhmm = '10:00') => shanghaiInstant(date, hhmm);

  await runLedgerMonth(db, last, SYSTEM);
  await runLedgerMonth(db, month, SYSTEM);
  const billable = await db
    .select({
      id: orders.id,
      elderId: orders.elderId,
      serviceDate: orders.serviceDate,
      usage: orders.usage,
      stateAt: orders.stateAt,
    })
    .from(orders)
    .where(
      and(
        inArray(orders.state, ['completed', 'closed']),
        inArray(orders.verification, [...BILLABLE_VERIFICATION]),
        isNull(orders.drawnAt),
      ),
    )
    .orderBy(asc(orders.serviceDate), asc(orders.id));
  for (const o of billable) await db.transaction((tx) => drawForOrder(tx, o, o.stateAt));

  // Paper vouchers for a few elders with the yearly voucher: printed last month, most redeemed.
  const provider =
    people.provider?.providerId ?? (await db.select({ id: providers.id }).from(providers).limit(1))[0]?.id;
  const voucherElders = await db
    .selectDistinct({ id: elders.id, regionId: elders.regionId })
    .from(entitlements)
    .innerJoin(elders, eq(elders.id, entitlements.elderId))
    .where(and(eq(entitlements.programme, 'service_voucher'), eq(elders.status, 'active')))
    .limit(4);
  for (const e of voucherElders) {
    await db.transaction(async (tx) => {
      const printed = await printVouchers(tx, e, 2, 2000, people.admin.id, at(`${last}-05`)).catch(() => []);
      for (const [i, v] of printed.entries()) {
        if (i === 0 && provider) {
          await tx
            .update(paperVouchers)
            .set({
              state: 'redeemed',
              redeemedProviderId: provider,
              redeemedBy: people.admin.id,
              redeemedAt: at(`${last}-${String(10 + r.int(0, 15)).padStart(2, '0')}`),
              redeemedChannel: r.pick(['office', 'scan'] as const),
            })
            .where(eq(paperVouchers.id, v.id));
        }
      }
    });
  }

  // Most of last month's bills are paid.
  const owing = (await db.execute(sql`select elder_id as "elderId", sum(self_pay_fen)::int as fen from orders
    where service_date between ${`${last}-01`} and ${monthEnd(last)} and state in ('completed', 'closed') and verification in ('verified', 'accepted')
    group by elder_id having sum(self_pay_fen) > 0`)) as unknown as { rows: { elderId: number; fen: number }[] };
  const paying = owing.rows.filter(() => r.int(1, 10) <= 7);
  if (paying.length) {
    await db
      .insert(billPayments)
      .values(
        paying.map((b) => ({
          elderId: b.elderId,
          month: last,
          amountFen: b.fen,
          method: r.pick(['cash', 'wechat', 'transfer'] as const),
          recordedBy: people.operator?.id ?? people.admin.id,
          recordedAt: at(`${month}-0${r.int(1, 9)}`),
        })),
      )
      .onConflictDoNothing();
  }

  // Last month's settlements: computed at the start of this month, reviewed by the street (the
  // district for district-registered providers), approved by the district — all but one.
  await db.transaction(async (tx) => {
    await computeSettlements(tx, last, null, people.admin.id, at(`${month}-02`));
    const drafts = await tx
      .select({ id: settlements.id, providerRegion: providers.regionId, parentId: regions.parentId })
      .from(settlements)
      .innerJoin(providers, eq(providers.id, settlements.providerId))
      .innerJoin(regions, eq(regions.id, providers.regionId))
      .where(eq(settlements.period, last))
      .orderBy(asc(settlements.id));
    for (const [i, s] of drafts.entries()) {
      const reviewer =
        s.parentId === null
          ? people.admin
          : ([people.street, people.street2].find((u) => u?.regionId === s.providerRegion) ?? people.admin);
      await tx
        .update(settlements)
        .set({
          state: 'reviewed',
          reviewedBy: reviewer.id,
          reviewedAt: at(`${month}-0${3 + (i % 3)}`, '15:00'),
          reviewNote: '已核对工单与回访记录',
        })
        .where(eq(settlements.id, s.id));
      if (i === drafts.length - 1) continue;
      await tx
        .update(settlements)
        .set({ state: 'approved', approvedBy: people.admin.id, approvedAt: at(`${month}-10`, '16:00') })
        .where(eq(settlements.id, s.id));
      await bookShares(tx, s.id, last);
    }
  });

  // Payee accounts: the elder's own for the allowance and dispersed support, the home's for
  // concentrated support; about one in twelve not yet recorded.
  const cash = await db
    .selectDistinct({ id: elders.id, name: elders.name, categories: elders.categories })
    .from(entitlements)
    .innerJoin(elders, eq(elders.id, entitlements.elderId))
    .where(inArray(entitlements.programme, ['old_age_allowance', 'tekun_support', 'care_subsidy']));
  const accounts = cash
    .filter(() => r.int(1, 12) > 1)
    .map((e) => {
      const concentrated = (e.categories as CategoryEvidence[]).some(
        (c) => c.type === 'tekun' && c.supportMode === 'concentrated',
      );
      const account = `6228${String(r.int(10_000_000, 99_999_999))}${String(r.int(1000, 9999))}`;
      return {
        elderId: e.id,
        payeeKind: concentrated ? ('institution' as const) : ('self' as const),
        payeeName: concentrated ? '城关区社会福利中心' : e.name,
        bankName: r.pick(BANKS),
        accountCipher: cipher.encrypt(account),
        accountMasked: `${account.slice(0, 4)} **** ${account.slice(-4)}`,
        updatedBy: people.admin.id,
      };
    });
  for (let i = 0; i < accounts.length; i += 1000)
    await db
      .insert(payeeAccounts)
      .values(accounts.slice(i, i + 1000))
      .onConflictDoNothing();

  // Last month's lists sent and paid; this month's allowance list drafted.
  for (const kind of ['allowance', 'tekun'] as const) {
    const list = await db.transaction((tx) =>
      generatePaymentList(tx, last, kind, people.admin.id, SYSTEM, at(`${month}-03`)),
    );
    await db
      .update(paymentLists)
      .set({ state: 'paid', exportedAt: at(`${month}-04`), paidAt: at(`${month}-08`) })
      .where(eq(paymentLists.id, list.id));
  }
  await db.transaction((tx) => generatePaymentList(tx, month, 'allowance', people.admin.id, SYSTEM, at(today)));

  // Two account changes the demo community worker asked for yesterday afternoon, waiting for the street
  // to approve them (a second person: see payee-change-routes.ts).
  const asker = people.community;
  if (!asker?.regionId) return;
  const [home] = await db.select({ path: regions.path }).from(regions).where(eq(regions.id, asker.regionId));
  const mine = await db
    .select({ elderId: payeeAccounts.elderId, payeeKind: payeeAccounts.payeeKind, payeeName: payeeAccounts.payeeName })
    .from(payeeAccounts)
    .innerJoin(elders, eq(elders.id, payeeAccounts.elderId))
    .innerJoin(regions, eq(regions.id, elders.regionId))
    .where(and(like(regions.path, `${home.path}%`), eq(elders.status, 'active')))
    .orderBy(asc(payeeAccounts.elderId))
    .limit(2);
  const reasons = ['老人原银行卡遗失，已补办新卡', '子女代为申请，改用新开的社保卡账户'];
  if (mine.length)
    await db.insert(payeeChanges).values(
      mine.map((p, i) => {
        const account = `6217${String(r.int(10_000_000, 99_999_999))}${String(r.int(1000, 9999))}`;
        return {
          elderId: p.elderId,
          payeeKind: p.payeeKind,
          payeeName: p.payeeName,
          bankName: r.pick(BANKS),
          accountCipher: cipher.encrypt(account),
          accountMasked: `${account.slice(0, 4)} **** ${account.slice(-4)}`,
          reason: reasons[i],
          requestedBy: asker.id,
          requestedAt: at(addDays(today, -1), i ? '16:40' : '15:15'),
        };
      }),
    );
}
