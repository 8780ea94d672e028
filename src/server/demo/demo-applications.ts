// Demo applications in every state, some past their deadline, filed by the demo community
// worker for elders of her community so that every desk has something in its queue.
import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { applicationSteps, applications, elders, regions, users } from '../db/schema.js';
import { addDays, addWorkingDays, type WorkCalendar } from '../../core/calendar/working-days.js';
import { nextQuarterStart, type AppState } from '../../core/applications/workflow.js';
import type { Random } from '../../core/seeded-random.js';

const PATH: { state: AppState; steps: [string, string, string][] }[] = [
  { state: 'submitted', steps: [['submit', 'community', '材料齐全，予以受理']] },
  {
    state: 'surveyed',
    steps: [
      ['submit', 'community', '材料齐全，予以受理'],
      ['survey', 'community', '入户调查属实'],
    ],
  },
  {
    state: 'in_notice',
    steps: [
      ['submit', 'community', '材料齐全，予以受理'],
      ['survey', 'community', '入户调查属实'],
      ['start_notice', 'community', '社区公示栏公示'],
    ],
  },
  {
    state: 'street_review',
    steps: [
      ['submit', 'community', '材料齐全，予以受理'],
      ['survey', 'community', '入户调查属实'],
      ['start_notice', 'community', '社区公示栏公示'],
      ['end_notice', 'community', '公示期满无异议'],
    ],
  },
  {
    state: 'district_review',
    steps: [
      ['submit', 'community', '材料齐全，予以受理'],
      ['survey', 'community', '入户调查属实'],
      ['start_notice', 'community', '社区公示栏公示'],
      ['end_notice', 'community', '公示期满无异议'],
      ['street_approve', 'street', '逐户审核，同意上报'],
    ],
  },
  {
    state: 'approved',
    steps: [
      ['submit', 'community', '材料齐全，予以受理'],
      ['survey', 'community', '入户调查属实'],
      ['start_notice', 'community', '社区公示栏公示'],
      ['end_notice', 'community', '公示期满无异议'],
      ['street_approve', 'street', '逐户审核，同意上报'],
      ['district_approve', 'district', '批准'],
    ],
  },
  {
    state: 'returned',
    steps: [
      ['submit', 'community', '材料齐全，予以受理'],
      ['survey', 'community', '入户调查属实'],
      ['start_notice', 'community', '社区公示栏公示'],
      ['end_notice', 'community', '公示期满无异议'],
      ['return', 'street', '缺少子女异地居住证明，请补充'],
    ],
  },
  {
    state: 'rejected',
    steps: [
      ['submit', 'community', '材料齐全，予以受理'],
      ['survey', 'community', '入户调查发现子女同住并能照料，不符合条件'],
    ],
  },
];

export async function loadDemoApplications(database: Database, r: Random, today: string, cal: WorkCalendar) {
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
  const candidates = await db
    .select({ id: elders.id, regionId: elders.regionId })
    .from(elders)
    .where(and(inArray(elders.regionId, [community.regionId, ...grids]), eq(elders.status, 'active')))
    .limit(PATH.length * 2);
  const byLevel = { community: actors.community, street: actors.street, district: actors.admin };
  let n = 0;
  await db.transaction(async (tx) => {
    for (const [i, e] of candidates.entries()) {
      const path = PATH[i % PATH.length];
      // Every other one started long enough ago to be late at its current desk.
      const late = i % 2 === 1;
      const submittedOn = addDays(today, late ? -40 : -r.int(1, 3));
      const dayOf = (k: number) => addDays(submittedOn, Math.min(k * 3, late ? 30 : 2));
      const noticeFrom = path.steps.length > 2 ? dayOf(2) : null;
      const deadline =
        (
          {
            submitted: addWorkingDays(submittedOn, 3, cal),
            surveyed: null,
            in_notice: noticeFrom ? addDays(noticeFrom, 5) : null,
            street_review: addWorkingDays(dayOf(3), 10, cal),
            district_review: addWorkingDays(dayOf(4), 10, cal),
          } as Partial<Record<AppState, string | null>>
        )[path.state] ?? null;
      const [app] = await tx
        .insert(applications)
        .values({
          elderId: e.id,
          regionId: e.regionId,
          programme: i % 3 === 2 ? 'service_voucher' : 'home_care_subsidy',
          kind: 'new',
          state: path.state,
          submittedOn,
          deadline,
          noticeFrom,
          noticeTo: noticeFrom ? addDays(noticeFrom, 4) : null,
          effectiveFrom: path.state === 'approved' ? nextQuarterStart(dayOf(5)) : null,
        })
        .returning();
      await tx.insert(applicationSteps).values(
        path.steps.map(([action, level, opinion], k) => ({
          applicationId: app.id,
          action,
          fromState: null,
          toState: k === path.steps.length - 1 ? path.state : 'submitted',
          actorId: byLevel[level as keyof typeof byLevel].id,
          actorName: byLevel[level as keyof typeof byLevel].displayName,
          opinion,
          at: new Date(`${dayOf(k)}T02:00:00Z`),
        })),
      );
      n++;
    }
  });
  return n;
}
