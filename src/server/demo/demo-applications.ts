// Demo applications in every state, some past their deadline, filed by the demo community
// worker for elders of her community so that every desk has something in its queue. The
// applicants are people the programme in force is for: for home care (002 第5篇 L211–L213) local
// elders of 60 and over who are 城市“三无” or 低保/低保边缘 and living alone (no child in the
// community able to care), assessed before the survey so that a class of hours holds; for the
// voucher circle (003 方案11) one of its four groups. Where the community has too few such
// elders, some are given a 低保 certificate (and, for the voucher circle, are recorded as living
// alone) — a demo's licence, as demo-money.ts takes it. The rejected ones applied as 低保 elders
// living alone; the home survey found a child in the community able to care, and the step notes
// say so. Their documents are added with every demo application's (demo-documents.ts).
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Database, DbOrTx } from '../db/client.js';
import { applicationSteps, applications, assessments, elders, regions, users } from '../db/schema.js';
import { addDays, addWorkingDays, type WorkCalendar } from '../../core/calendar/working-days.js';
import { nextQuarterStart, type AppAction, type AppState } from '../../core/applications/workflow.js';
import type { Random } from '../../core/seeded-random.js';
import type { PersonalDataCipher } from '../security/personal-data.js';
import type { CategoryEvidence } from '../../core/elders/categories.js';
import { classOn, versionOn, type PolicyVersion } from '../../core/policy/policy.js';
import { ageOn } from '../../core/elders/idcard.js';
import { loadVersions } from '../modules/policies/version-store.js';
import { elderFacts } from '../modules/elders/elder-facts.js';
import { categoryColumns, type StoredContact } from '../modules/elders/elder-records.js';
import { ABILITY_GRADE_LABELS } from '../../shared/elder-labels.js';
import { demoAssessment } from './demo-elders.js';

type Level = 'community' | 'street' | 'district';
/** A path's steps after the submission; `survey` takes its opinion from what the survey found. */
const PATH: { state: AppState; steps: [AppAction, Level, string][] }[] = [
  { state: 'submitted', steps: [] },
  { state: 'surveyed', steps: [['survey', 'community', '']] },
  {
    state: 'in_notice',
    steps: [
      ['survey', 'community', ''],
      ['start_notice', 'community', '社区公示栏公示'],
    ],
  },
  {
    state: 'street_review',
    steps: [
      ['survey', 'community', ''],
      ['start_notice', 'community', '社区公示栏公示'],
      ['end_notice', 'community', '公示期满无异议'],
    ],
  },
  {
    state: 'district_review',
    steps: [
      ['survey', 'community', ''],
      ['start_notice', 'community', '社区公示栏公示'],
      ['end_notice', 'community', '公示期满无异议'],
      ['street_approve', 'street', '逐户审核，同意上报'],
    ],
  },
  {
    state: 'approved',
    steps: [
      ['survey', 'community', ''],
      ['start_notice', 'community', '社区公示栏公示'],
      ['end_notice', 'community', '公示期满无异议'],
      ['street_approve', 'street', '逐户审核，同意上报'],
      ['district_approve', 'district', '批准'],
    ],
  },
  {
    state: 'returned',
    steps: [
      ['survey', 'community', ''],
      ['start_notice', 'community', '社区公示栏公示'],
      ['end_notice', 'community', '公示期满无异议'],
      ['return', 'street', '身份证复印件字迹不清，请重新复印上传后再报'],
    ],
  },
  {
    state: 'rejected',
    steps: [
      ['survey', 'community', ''],
      ['reject', 'community', '不属独居老人（002 第5篇 L213），不符合政府购买居家养老服务条件，不予批准'],
    ],
  },
];

/** The state each action leads to on these paths (core/applications/workflow.ts). */
const LEADS_TO: Partial<Record<AppAction, AppState>> = {
  survey: 'surveyed',
  start_notice: 'in_notice',
  end_notice: 'street_review',
  street_approve: 'district_review',
  district_approve: 'approved',
  return: 'returned',
  reject: 'rejected',
};

type Elder = typeof elders.$inferSelect;
const GRADED = ['moderate', 'severe', 'complete'];
const carerNearby = (e: Elder) => (e.contacts as StoredContact[]).some((c) => c.sameCommunity && c.canCare);

export async function loadDemoApplications(
  database: Database,
  r: Random,
  today: string,
  cal: WorkCalendar,
  cipher: PersonalDataCipher,
) {
  const db = database.db;
  const actors = Object.fromEntries(
    (
      await db
        .select()
        .from(users)
        .where(inArray(users.username, ['community', 'street', 'admin']))
    ).map((u) => [u.username, u]),
  );
  const community = actors.community;
  if (!community?.regionId) return 0;
  const grids = (await db.select({ id: regions.id }).from(regions).where(eq(regions.parentId, community.regionId))).map(
    (g) => g.id,
  );
  const pool = await db
    .select()
    .from(elders)
    .where(and(inArray(elders.regionId, [community.regionId, ...grids]), eq(elders.status, 'active')))
    .orderBy(asc(elders.id));
  const versions: Record<string, PolicyVersion | null> = {
    home_care_subsidy: versionOn(await loadVersions(db, 'home_care_subsidy'), today),
    service_voucher: versionOn(await loadVersions(db, 'service_voucher'), today),
  };
  // Whether the programme holds for the elder once assessed: an elder not yet assessed is taken
  // as 中度失能 here and assessed before the survey; one assessed as able does not apply.
  const holds = (programme: string, e: Elder) => {
    const v = versions[programme];
    return (
      v !== null &&
      classOn({ ...elderFacts(e), abilityGrade: elderFacts(e).abilityGrade ?? 'moderate' }, v, today) !== null
    );
  };
  const aloneAfterAll = (e: Elder): Elder => ({
    ...e,
    contacts: (e.contacts as StoredContact[]).map((c) => ({ ...c, sameCommunity: false })),
  });
  /** What the applicant must be: in the programme's group, or — rejected — only for the carer nearby. */
  const fits = (programme: string, rejected: boolean, e: Elder) =>
    rejected ? !holds(programme, e) && carerNearby(e) && holds(programme, aloneAfterAll(e)) : holds(programme, e);
  /** A local elder with nothing on file, given a 低保 certificate (and what else the slot needs). */
  const shaped = (programme: string, rejected: boolean, e: Elder): Elder | null => {
    if (e.hukou !== 'local' || e.categoryTypes.length || (e.abilityGrade && !GRADED.includes(e.abilityGrade)))
      return null;
    const dibao: CategoryEvidence = {
      type: 'dibao',
      certificateNo: `DB${String(e.id).padStart(7, '0')}`,
      validUntil: '2027-12-31',
    };
    let out: Elder = { ...e, categories: categoryColumns([dibao], cipher), categoryTypes: ['dibao'] };
    // The voucher circle's 低保 group: 独居, 80 or over, or severely disabled (003 方案11 L685).
    if (programme === 'service_voucher' && !holds(programme, out))
      out = { ...out, livingFlags: [...new Set([...out.livingFlags, 'alone' as const])] };
    // A child who lives in the community and can care — what the survey will find.
    if (rejected && !carerNearby(out)) {
      const contacts = out.contacts as StoredContact[];
      const child = contacts.findIndex((c) => c.relation !== '配偶');
      if (child < 0) return null;
      out = {
        ...out,
        contacts: contacts.map((c, k) => (k === child ? { ...c, sameCommunity: true, canCare: true } : c)),
      };
    }
    return fits(programme, rejected, out) ? out : null;
  };

  const slots = Array.from({ length: PATH.length * 2 }, (_, i) => ({
    i,
    path: PATH[i % PATH.length],
    programme: i % 3 === 2 ? 'service_voucher' : 'home_care_subsidy',
  }));
  const used = new Set<number>();
  const chosen: { slot: (typeof slots)[number]; e: Elder; changed: boolean }[] = [];
  for (const slot of slots) {
    const rejected = slot.path.state === 'rejected';
    const natural = pool.find((e) => !used.has(e.id) && fits(slot.programme, rejected, e));
    let pick = natural ? { e: natural, changed: false } : null;
    for (const e of natural ? [] : pool) {
      const s = used.has(e.id) ? null : shaped(slot.programme, rejected, e);
      if (s) {
        pick = { e: s, changed: true };
        break;
      }
    }
    if (!pick) continue;
    used.add(pick.e.id);
    chosen.push({ slot, ...pick });
  }

  const byLevel = { community: actors.community, street: actors.street, district: actors.admin };
  let n = 0;
  await db.transaction(async (tx) => {
    for (const { slot, e: found, changed } of chosen) {
      const { i, path, programme } = slot;
      let e = found;
      if (changed)
        await tx
          .update(elders)
          .set({
            categories: e.categories,
            categoryTypes: e.categoryTypes,
            livingFlags: e.livingFlags,
            contacts: e.contacts,
          })
          .where(eq(elders.id, e.id));
      // Steps a few days apart, the notice running its full length (the version's noticeDays,
      // 002 第5篇 L275 「公示不少于5天」), then a wait at the current desk: every other one long
      // enough to be past the desk's deadline — except a notice, which is still running.
      const params = versions[programme]!.params;
      const late = i % 2 === 1;
      const gap: Partial<Record<AppAction, number>> = {
        survey: r.int(1, 3),
        start_notice: 1,
        end_notice: params.noticeDays,
        street_approve: r.int(3, 6),
        district_approve: r.int(3, 6),
        return: r.int(3, 6),
        reject: r.int(1, 2),
      };
      const offsets: number[] = [];
      for (const [action] of path.steps) offsets.push((offsets[offsets.length - 1] ?? 0) + gap[action]!);
      const spent = offsets[offsets.length - 1] ?? 0;
      const waiting = path.state === 'in_notice' ? r.int(0, params.noticeDays - 2) : late ? r.int(30, 40) : r.int(0, 2);
      const submittedOn = addDays(today, -(spent + waiting));
      // Home care's hours go by the ability grade: assessed before applying, if not yet.
      if (programme === 'home_care_subsidy' && path.state !== 'rejected' && !e.abilityGrade)
        e = await assess(tx, r, e, addDays(submittedOn, -r.int(5, 20)));
      // Day of the k-th step, the submission being the 0th.
      const dayOf = (k: number) => addDays(submittedOn, k === 0 ? 0 : offsets[k - 1]);
      const notice = path.steps.findIndex(([a]) => a === 'start_notice');
      const noticeFrom = notice >= 0 ? dayOf(notice + 1) : null;
      const noticeTo = noticeFrom ? addDays(noticeFrom, params.noticeDays - 1) : null;
      const arrived = dayOf(path.steps.length);
      const deadline =
        (
          {
            submitted: addWorkingDays(submittedOn, params.deadlines.community, cal),
            surveyed: null,
            in_notice: noticeTo ? addDays(noticeTo, 1) : null,
            street_review: addWorkingDays(arrived, params.deadlines.street, cal),
            district_review: addWorkingDays(arrived, params.deadlines.district, cal),
          } as Partial<Record<AppState, string | null>>
        )[path.state] ?? null;
      const [app] = await tx
        .insert(applications)
        .values({
          elderId: e.id,
          regionId: e.regionId,
          programme,
          kind: 'new',
          state: path.state,
          submittedOn,
          deadline,
          noticeFrom,
          noticeTo,
          effectiveFrom: path.state === 'approved' ? nextQuarterStart(arrived) : null,
        })
        .returning();
      const steps: (typeof applicationSteps.$inferInsert)[] = [
        {
          applicationId: app.id,
          action: 'submit',
          fromState: null,
          toState: 'submitted',
          actorId: community.id,
          actorName: community.displayName,
          opinion: '材料齐全，予以受理',
          at: new Date(`${submittedOn}T02:00:00Z`),
        },
      ];
      for (const [k, [action, level, opinion]] of path.steps.entries()) {
        const actor = byLevel[level];
        steps.push({
          applicationId: app.id,
          action,
          fromState: steps[steps.length - 1].toState,
          toState: LEADS_TO[action]!,
          actorId: actor.id,
          actorName: actor.displayName,
          opinion: action === 'survey' ? surveyFound(programme, e, today, path.state === 'rejected') : opinion,
          at: new Date(`${dayOf(k + 1)}T02:00:00Z`),
        });
      }
      await tx.insert(applicationSteps).values(steps);
      n++;
    }
  });
  return n;
}

/** What the home survey found, in the community worker's words. */
function surveyFound(programme: string, e: Elder, today: string, rejected: boolean) {
  if (rejected) return '入户调查：子女在本社区居住且能照料老人，与所交“与子女不在同一社区居住的证明”不符';
  const has = (t: string) => e.categoryTypes.includes(t);
  const found: string[] = [];
  if (has('sanwu')) found.push('城市“三无”人员');
  if (has('dibao')) found.push('低保家庭');
  if (has('dibao_edge')) found.push('低保边缘家庭');
  if (has('tekun')) found.push('散居特困人员');
  if (programme === 'home_care_subsidy') {
    if (!has('sanwu'))
      found.push(
        (e.contacts as StoredContact[]).some((c) => c.sameCommunity)
          ? '子女虽在本社区居住但无照料能力'
          : '子女不在本社区居住',
      );
    if (e.abilityGrade)
      found.push(`能力评估为${ABILITY_GRADE_LABELS[e.abilityGrade as keyof typeof ABILITY_GRADE_LABELS]}`);
  } else {
    const grade = (e.categories as CategoryEvidence[]).find((c) => c.type === 'disability')?.disabilityGrade;
    if (grade != null && grade <= 2) found.push(`${grade === 1 ? '一' : '二'}级残疾`);
    if (ageOn(e.birthDate, today) >= 80) found.push('80 岁以上');
    if (e.livingFlags.includes('alone')) found.push('独居');
  }
  return `入户调查属实：${found.join('，')}`;
}

/** An assessment (GB/T 42195-2022) that finds the elder at least 中度失能, as the survey's basis. */
async function assess(tx: DbOrTx, r: Random, e: Elder, on: string) {
  let a = demoAssessment(r, Math.max(ageOn(e.birthDate, on), 85), on);
  for (let k = 0; k < 20 && !GRADED.includes(a.result.grade); k++) a = demoAssessment(r, 100, on);
  if (!GRADED.includes(a.result.grade)) return e;
  await tx.insert(assessments).values({
    elderId: e.id,
    standard: a.standard,
    assessedOn: a.assessedOn,
    assessor: a.assessor,
    reason: a.reason,
    answers: a.answers,
    dementiaOrMentalDisorder: a.dementiaOrMentalDisorder,
    riskEventsLast30Days: a.riskEventsLast30Days,
    dimensions: a.result.dimensions,
    total: a.result.total,
    preliminaryGrade: a.result.preliminaryGrade,
    grade: a.result.grade,
    adjustments: a.result.adjustments,
    nextDue: a.nextDue,
  });
  const [updated] = await tx
    .update(elders)
    .set({ abilityGrade: a.result.grade, abilityAssessedOn: a.assessedOn, abilityNextDue: a.nextDue })
    .where(eq(elders.id, e.id))
    .returning();
  return updated;
}
