// The visiting service (探访) in the demo, 003 方案11 L657–L659: a few elders of the demo community
// whom the default `visiting` version holds for (80 or older and living alone; under 80, alone
// and severely disabled; living only with a severely disabled child), each with an application
// taken through the workflow in the quarter before last month's (survey, notice, street review,
// district approval; in force from the first day of last month's quarter, approvals taking effect
// quarterly), and the visits a social organisation made last month
// and this one — three a month, the visits the programme buys at 4 yuan each, so the elder owes
// nothing for them. Called before last month is closed, so the visits are on its settlement.
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import {
  applicationSteps,
  applications,
  caregivers,
  elders,
  providerItems,
  providers,
  regions,
  serviceItems,
  users,
} from '../db/schema.js';
import type { Random } from '../../core/seeded-random.js';
import type { PersonalDataCipher } from '../security/personal-data.js';
import type { Level } from '../../core/feedback/replacement.js';
import {
  addDays,
  addWorkingDays,
  isWorkingDay,
  nextWorkingDayOnOrAfter,
  type WorkCalendar,
} from '../../core/calendar/working-days.js';
import { monthEnd, previousMonth } from '../../core/calendar/months.js';
import {
  act,
  firstDeadline,
  type AppAction,
  type AppState,
  type Level as Desk,
} from '../../core/applications/workflow.js';
import { classOn, versionOn, type PolicyParams } from '../../core/policy/policy.js';
import { shanghaiInstant } from '../../core/plans/occurrences.js';
import { loadVersions } from '../modules/policies/version-store.js';
import { elderFacts } from '../modules/elders/elder-facts.js';
import { rowValues } from '../modules/elders/elder-records.js';
import { upsertElders, type ElderRowValues } from '../modules/elders/elder-bulk.js';
import { recomputeEntitlements } from '../modules/entitlements/recompute.js';
import { providersCovering } from '../modules/providers/coverage.js';
import { insertOrder } from '../modules/orders/insert-order.js';
import { orderCandidates } from '../modules/orders/order-steps.js';
import { ITEMS_BOUGHT_BY } from '../modules/catalogue/catalogue-seeds.js';
import { systemActor } from '../modules/audit/audit-writer.js';
import type { ElderInput } from '../../shared/schemas/elders.js';
import { demoElder, type DemoGrid } from './demo-elders.js';
import { playOut } from './demo-orders.js';

const SYSTEM = systemActor('demo');
const VISITS_A_MONTH = 3;

/** Who the demo's visiting elders are: each in one of the groups of 003 方案11 L659–L669. */
const GROUPS: { age: [number, number]; shape: (e: ElderInput) => ElderInput; survey: string }[] = [
  ...Array.from({ length: 6 }, () => ({
    // (2) 80歲及以上獨居老年人 — 81 at least, so 80 already on the day of the survey.
    age: [81, 93] as [number, number],
    shape: (e: ElderInput): ElderInput => ({ ...e, livingFlags: ['alone', 'empty_nest'], categories: [] }),
    survey: '入户调查属实：80 岁以上独居，子女不在本街道居住',
  })),
  {
    // (3) 80歲以下重度殘疾……的獨居老年人 — 重度 read as grade 1 or 2.
    age: [72, 78],
    shape: (e) => ({
      ...e,
      livingFlags: ['alone', 'empty_nest'],
      categories: [
        {
          // 残疾人证号: the ID number, then the kind (4 肢体) and the grade.
          type: 'disability',
          certificateNo: `${e.idNumber}41`,
          disabilityGrade: 1,
          disabilityType: 'physical',
        },
      ],
    }),
    survey: '入户调查属实：独居，一级肢体残疾',
  },
  {
    // (4) 僅與重度殘疾的子女或配偶共同居住的老年人.
    age: [70, 79],
    shape: (e) => ({ ...e, livingFlags: ['with_disabled_kin'], categories: [] }),
    survey: '入户调查属实：仅与重度残疾子女共同居住',
  },
];

const quarterStartOf = (iso: string) =>
  `${iso.slice(0, 4)}-${String(Math.floor((Number(iso.slice(5, 7)) - 1) / 3) * 3 + 1).padStart(2, '0')}-01`;

export async function loadDemoVisiting(
  database: Database,
  r: Random,
  today: string,
  cal: WorkCalendar,
  cipher: PersonalDataCipher,
) {
  const db = database.db;
  const month = today.slice(0, 7),
    last = previousMonth(month);
  const people = Object.fromEntries(
    (
      await db
        .select()
        .from(users)
        .where(inArray(users.username, ['community', 'street', 'admin', 'operator', 'provider']))
    ).map((u) => [u.username, u]),
  );
  const { community, street, admin, operator } = people;
  if (!community?.regionId || !street || !admin || !operator) return { elders: 0, visits: 0 };
  const [item] = await db
    .select({ id: serviceItems.id })
    .from(serviceItems)
    .where(inArray(serviceItems.code, [...ITEMS_BOUGHT_BY.visiting]));
  const versions = await loadVersions(db, 'visiting');
  if (!item || !versionOn(versions, `${last}-01`)) return { elders: 0, visits: 0 };

  // The visiting organisation: a social organisation serving the community that offers the item
  // and has caregivers for it (陪伴); the one with most of them.
  const [home] = await db.select().from(regions).where(eq(regions.id, community.regionId));
  const covering = (await providersCovering(db, { lng: home.centerLng!, lat: home.centerLat! }, `${last}-01`)).map(
    (c) => c.providerId,
  );
  if (!covering.length) return { elders: 0, visits: 0 };
  const orgs = await db
    .select({ id: providers.id, kind: providers.kind })
    .from(providers)
    .innerJoin(providerItems, and(eq(providerItems.providerId, providers.id), eq(providerItems.itemId, item.id)))
    .where(inArray(providers.id, covering))
    .orderBy(asc(providers.id));
  const able = await db
    .select({ providerId: caregivers.providerId, skills: caregivers.skills })
    .from(caregivers)
    .where(
      and(inArray(caregivers.providerId, orgs.length ? orgs.map((o) => o.id) : [0]), eq(caregivers.status, 'active')),
    );
  const strength = (id: number) => able.filter((c) => c.providerId === id && c.skills.includes('companionship')).length;
  const org = orgs
    .filter((o) => strength(o.id) > 0)
    .sort(
      (a, b) => Number(b.kind === 'social_org') - Number(a.kind === 'social_org') || strength(b.id) - strength(a.id),
    )[0];
  if (!org) return { elders: 0, visits: 0 };

  // The elders, added to the demo community's grids as every demo elder is written.
  const grids: DemoGrid[] = (await db.select().from(regions).where(eq(regions.parentId, home.id))).map((g) => ({
    id: g.id,
    communityCode: home.code,
    lng: g.centerLng!,
    lat: g.centerLat!,
    village: false,
  }));
  if (!grids.length) return { elders: 0, visits: 0 };
  const rows: ElderRowValues[] = [];
  for (const [i, group] of GROUPS.entries()) {
    for (let seq = 400 + i * 7; ; seq++) {
      const input = group.shape(demoElder(r, r.pick(grids), seq, today, r.int(...group.age)));
      const values = rowValues(
        { ...input, contacts: input.contacts.map((c) => ({ ...c, sameCommunity: false })) },
        cipher,
        today,
      );
      const taken = await db.select({ id: elders.id }).from(elders).where(eq(elders.idHash, values.idHash));
      if (taken.length || rows.some((x) => x.idHash === values.idHash)) continue;
      rows.push(values);
      break;
    }
  }
  const ids = await database.bulk(async (q) => (await upsertElders(q, rows)).ids);
  const added = await db.select().from(elders).where(inArray(elders.id, ids)).orderBy(asc(elders.id));

  // Applied for last quarter and approved through the workflow in time for this quarter's start.
  const quarter = quarterStartOf(`${last}-01`);
  const desks = { community, street, district: admin };
  const visited: (typeof elders.$inferSelect)[] = [];
  for (const [i, e] of added.entries()) {
    const submittedOn = nextWorkingDayOnOrAfter(addDays(quarter, -56 + r.int(0, 10)), cal);
    const version = versionOn(versions, submittedOn);
    if (!version) continue;
    const rules = version.params as PolicyParams;
    const surveyOn = addWorkingDays(submittedOn, r.int(1, 3), cal);
    const noticeFrom = addWorkingDays(surveyOn, 1, cal);
    const noticeTo = addDays(noticeFrom, rules.noticeDays - 1);
    const endOn = nextWorkingDayOnOrAfter(addDays(noticeTo, 1), cal);
    const streetOn = addWorkingDays(endOn, r.int(1, 4), cal);
    const districtOn = addWorkingDays(streetOn, r.int(1, 4), cal);
    // Only elders the version holds for on the day of the survey and of the decision, and today.
    if (
      [surveyOn, districtOn, today].some(
        (d) => !versionOn(versions, d) || !classOn(elderFacts(e), versionOn(versions, d)!, d),
      )
    )
      continue;
    const plan: { action: AppAction; desk: Desk; on: string; opinion: string }[] = [
      { action: 'survey', desk: 'community', on: surveyOn, opinion: GROUPS[i].survey },
      { action: 'start_notice', desk: 'community', on: noticeFrom, opinion: '社区公示栏公示' },
      { action: 'end_notice', desk: 'community', on: endOn, opinion: '公示期满无异议' },
      { action: 'street_approve', desk: 'street', on: streetOn, opinion: '逐户审核，同意上报' },
      { action: 'district_approve', desk: 'district', on: districtOn, opinion: '批准' },
    ];
    let state: AppState = 'submitted';
    let deadline: string | null = firstDeadline(submittedOn, rules, cal);
    let notice: { from: string; to: string } | null = null;
    let effectiveFrom: string | null = null;
    const steps: Omit<typeof applicationSteps.$inferInsert, 'applicationId'>[] = [
      {
        action: 'submit',
        fromState: null,
        toState: 'submitted',
        actorId: community.id,
        actorName: community.displayName,
        opinion: '材料齐全，予以受理',
        at: new Date(`${submittedOn}T02:00:00Z`),
      },
    ];
    for (const s of plan) {
      const out = act(
        {
          path: 'standard',
          state,
          submittedOn,
          noticeFrom: notice?.from ?? null,
          noticeTo: notice?.to ?? null,
          openObjections: 0,
        },
        {
          action: s.action,
          level: s.desk,
          today: s.on,
          opinion: s.opinion,
          ...(s.action === 'start_notice' ? { noticeFrom, noticeTo } : {}),
        },
        { noticeDays: rules.noticeDays, deadlines: rules.deadlines },
        cal,
      );
      if (!out.ok) throw new Error(`demo visiting application: ${s.action}: ${out.message}`);
      const actor = desks[s.desk];
      steps.push({
        action: s.action,
        fromState: state,
        toState: out.state,
        actorId: actor.id,
        actorName: actor.displayName,
        opinion: s.action === 'start_notice' ? `公示 ${noticeFrom} 至 ${noticeTo}:${s.opinion}` : s.opinion,
        at: new Date(`${s.on}T02:00:00Z`),
      });
      state = out.state;
      deadline = out.deadline;
      if (out.noticeFrom && out.noticeTo) notice = { from: out.noticeFrom, to: out.noticeTo };
      if (out.effectiveFrom) effectiveFrom = out.effectiveFrom;
    }
    // Decided in time for last month: otherwise this elder is not one of last month's visits.
    if (state !== 'approved' || !effectiveFrom || effectiveFrom > `${last}-01`) continue;
    await db.transaction(async (tx) => {
      const [app] = await tx
        .insert(applications)
        .values({
          elderId: e.id,
          regionId: e.regionId,
          programme: 'visiting',
          kind: 'new',
          state,
          submittedOn,
          deadline,
          noticeFrom: notice?.from ?? null,
          noticeTo: notice?.to ?? null,
          effectiveFrom,
          createdAt: new Date(`${submittedOn}T02:00:00Z`),
          updatedAt: new Date(`${districtOn}T02:00:00Z`),
        })
        .returning({ id: applications.id });
      await tx.insert(applicationSteps).values(steps.map((s) => ({ ...s, applicationId: app.id })));
    });
    visited.push(e);
  }
  if (!visited.length) return { elders: 0, visits: 0 };
  await recomputeEntitlements(
    database,
    `${last}-01`,
    visited.map((e) => e.id),
  );

  // Three visits a month: last month's on working days through the month, this month's done up to
  // two days ago and the rest booked ahead (confirmed with the elder, not yet sent).
  const workingDays = (from: string, to: string) => {
    const out: string[] = [];
    for (let d = from; d <= to; d = addDays(d, 1)) if (isWorkingDay(d, cal)) out.push(d);
    return out;
  };
  const spread = (days: string[], n: number) =>
    days.length <= n ? days : Array.from({ length: n }, (_, k) => days[Math.floor(((k + 0.5) * days.length) / n)]);
  const who = { operator: operator.id, street: street.id, provider: people.provider?.id };
  let visits = 0;
  for (const e of visited) {
    const done = [...spread(workingDays(`${last}-01`, monthEnd(last)), VISITS_A_MONTH)];
    const doneThisMonth = spread(workingDays(`${month}-01`, addDays(today, -2)), VISITS_A_MONTH);
    done.push(...doneThisMonth);
    const ahead = spread(workingDays(addDays(today, 1), monthEnd(month)), VISITS_A_MONTH - doneThisMonth.length);
    const dates = [
      ...done.map((d) => ({ d, fate: 'closed' as const })),
      ...ahead.map((d) => ({ d, fate: 'confirmed' as const })),
    ];
    for (const { d, fate } of dates) {
      // The organisation's caregiver the dispatch ranks first that morning or afternoon.
      for (const hour of [9 + r.int(0, 2), 14 + r.int(0, 2)]) {
        const startAt = shanghaiInstant(d, `${String(hour).padStart(2, '0')}:${r.pick(['00', '30'])}`);
        const endAt = new Date(startAt.getTime() + 30 * 60_000);
        // Ordered a day or three ahead; a visit booked further ahead was ordered in the last hours.
        const createdAt = new Date(
          Math.min(startAt.getTime() - r.int(1, 3) * 86_400_000, Date.now() - r.int(1, 20) * 3_600_000),
        );
        const made = await db
          .transaction(async (tx) => {
            const [locked] = await tx.select().from(elders).where(eq(elders.id, e.id)).for('update');
            const { row: o } = await insertOrder(
              tx,
              locked,
              {
                channel: 'phone',
                lines: [{ itemId: item.id, quantity: 1 }],
                startAt,
                endAt,
                address: locked.address,
                lng: locked.lng!,
                lat: locked.lat!,
                notes: '探访服务（政府购买）',
                state: 'created',
                createdBy: operator.id,
                actor: 'operator',
                userId: operator.id,
              },
              SYSTEM,
              createdAt,
            );
            // Bought by the programme, or not a visit the demo means to show.
            if (
              o.selfPayFen !== 0 ||
              o.programmeFen !== o.listFen ||
              !(o.programmes as Record<string, number>).visiting
            )
              throw new NoVisit();
            const best =
              fate === 'closed' ? (await orderCandidates(tx, o)).ranked.find((c) => c.providerId === org.id) : null;
            if (fate === 'closed' && !best) throw new NoVisit();
            const level: Level = r.pick(['very_satisfied', 'very_satisfied', 'satisfied']);
            // A booked visit is only confirmed: no caregiver is sent yet (playOut does not use one).
            return playOut(tx, o, fate, best?.caregiverId ?? 0, null, who, r, today, cal, [], level);
          })
          .catch((err: unknown) => {
            if (err instanceof NoVisit) return false;
            throw err;
          });
        if (made) {
          visits++;
          break;
        }
      }
    }
  }
  return { elders: visited.length, visits };
}

/** Rolls back an order the demo would not keep (no caregiver free, or not paid by the programme). */
class NoVisit extends Error {}
