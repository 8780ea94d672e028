// Demo providers and caregivers: companies, social organisations, clinics, restaurants and
// housekeeping firms across the district, each with licences, an agreement (some about to end,
// one expired, one suspended), the catalogue items its kind offers, service points with areas,
// a few second-tier affiliates, two past quarters of ratings, and caregivers whose health
// certificates are in every state. Deterministic for a given random source.
import { eq, inArray } from 'drizzle-orm';
import type { Database, DbOrTx } from '../db/client.js';
import {
  caregiverCertificates,
  caregivers,
  providerAgreements,
  providerItems,
  providerLicences,
  providers,
  serviceItems,
  servicePoints,
} from '../db/schema.js';
import { checkDigit } from '../../core/elders/idcard.js';
import { completeCreditCode } from '../../core/providers/credit-code.js';
import type { CertificateKind, Skill } from '../../core/caregivers/certificates.js';
import { addDays } from '../../core/calendar/working-days.js';
import { previousQuarter, quarterOf, SATISFACTION_LEVELS } from '../../core/providers/rules.js';
import type { ServiceCategory } from '../../core/catalogue/categories.js';
import type { ProviderKind } from '../../shared/service-labels.js';
import type { PersonalDataCipher } from '../security/personal-data.js';
import { identityColumns, phoneColumns } from '../security/personal-columns.js';
import { evaluateQuarter } from '../modules/providers/evaluate-quarter.js';
import type { Random } from '../../core/seeded-random.js';

interface DemoProviderSpec {
  name: string;
  kind: ProviderKind;
  parent?: number;
}

// The first five keep the names earlier demo districts had; the demo accounts belong to the first.
const SPECS: DemoProviderSpec[] = [
  { name: '兰州康乐居家养老服务有限公司', kind: 'company' },
  { name: '城关区夕阳红家政服务中心', kind: 'housekeeping' },
  { name: '兰州仁和护理院', kind: 'clinic' },
  { name: '金城助老餐饮服务有限公司', kind: 'restaurant' },
  { name: '城关区颐康社会工作服务中心', kind: 'social_org' },
  { name: '兰州福寿康居家养老服务有限公司', kind: 'company' },
  { name: '甘肃安馨养老服务有限公司', kind: 'company' },
  { name: '兰州银龄之家养老服务有限公司', kind: 'company' },
  { name: '城关区孝和居家养老服务中心', kind: 'social_org' },
  { name: '兰州益寿堂中医诊所', kind: 'clinic' },
  { name: '城关区东岗社区卫生服务中心', kind: 'clinic' },
  { name: '兰州惠民家政服务有限公司', kind: 'housekeeping' },
  { name: '兰州好帮手家政服务有限公司', kind: 'housekeeping' },
  { name: '兰州马子禄清真餐饮有限公司', kind: 'restaurant' },
  { name: '城关区老年助餐服务中心', kind: 'restaurant' },
  { name: '兰州康复之家康复医疗中心', kind: 'clinic' },
  { name: '城关区金城法律援助服务中心', kind: 'social_org' },
  { name: '城关区心灵港湾心理咨询中心', kind: 'social_org' },
  { name: '兰州万家灯火家电维修部', kind: 'individual' },
  { name: '兰州金城水电维修服务部', kind: 'individual' },
  { name: '兰州爱心护工服务有限公司', kind: 'company' },
  { name: '甘肃陇原康养服务有限公司', kind: 'company' },
  { name: '城关区乐龄文化服务中心', kind: 'social_org' },
  { name: '兰州仁爱安宁疗护中心', kind: 'clinic' },
  { name: '兰州和睦家政服务有限公司', kind: 'housekeeping' },
  { name: '青白石镇互助养老服务社', kind: 'social_org' },
  { name: '兰州百合居家养老服务有限公司', kind: 'company' },
  { name: '兰州博爱护理服务有限公司', kind: 'company' },
  { name: '兰州鸿运餐饮管理有限公司', kind: 'restaurant' },
  { name: '兰州晨曦社会工作服务中心', kind: 'social_org' },
  { name: '兰州康乐雁滩助老服务部', kind: 'individual', parent: 0 },
  { name: '兰州巧手家政服务部', kind: 'individual', parent: 1 },
  { name: '城关区邻里守望互助服务社', kind: 'social_org', parent: 4 },
];
const PENDING = new Set([28, 32]);
const REJECTED = new Set([29]);

const CATEGORIES_BY_KIND: Record<ProviderKind, ServiceCategory[]> = {
  company: ['daily_care', 'companionship', 'emotional', 'recreation', 'housekeeping', 'medical'],
  housekeeping: ['housekeeping', 'daily_care', 'appliance'],
  clinic: ['medical', 'rehab', 'hospice'],
  restaurant: ['meals'],
  social_org: ['emotional', 'legal', 'recreation', 'companionship', 'hospice'],
  individual: ['appliance', 'housekeeping', 'daily_care'],
};
const CAREGIVERS_BY_KIND: Record<ProviderKind, [number, number]> = {
  company: [14, 20],
  housekeeping: [9, 13],
  clinic: [6, 10],
  restaurant: [4, 7],
  social_org: [5, 8],
  individual: [2, 4],
};
const CERT_FOR_SKILL: Partial<Record<Skill, CertificateKind>> = {
  nursing: 'nurse',
  rehab_massage: 'massage',
  tcm_therapy: 'massage',
  rehab_training: 'rehab_therapist',
  counselling: 'psych_counsellor',
  legal: 'lawyer',
  appliance_repair: 'electrician',
  plumbing_electrical: 'electrician',
  cooking: 'cook',
};
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡杜叶程苏魏吕丁沈姚卢';
const GIVEN_F = [
  '桂兰',
  '秀英',
  '丽',
  '芳',
  '红梅',
  '晓燕',
  '娟',
  '海燕',
  '春花',
  '玉霞',
  '小红',
  '雪梅',
  '静',
  '慧',
  '丽娟',
];
const GIVEN_M = ['志强', '建军', '伟', '磊', '海军', '小龙', '国庆', '明', '永红', '学军', '建华', '军', '斌'];

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const jitter = (r: Random, v: number, spread: number) => Math.round((v + (r.next() - 0.5) * spread) * 1e6) / 1e6;

export interface DemoPlace {
  id: number;
  name: string;
  lng: number;
  lat: number;
  streetIndex: number;
}
export interface DemoProvider {
  id: number;
  name: string;
  kind: ProviderKind;
  status: string;
}

/** Inserts the providers and everything hanging off them except caregivers. */
export async function insertDemoProviders(
  tx: DbOrTx,
  r: Random,
  today: string,
  district: { id: number },
  streets: { id: number }[],
  communities: DemoPlace[],
): Promise<DemoProvider[]> {
  const items = await tx
    .select({ id: serviceItems.id, category: serviceItems.categoryCode })
    .from(serviceItems)
    .where(eq(serviceItems.active, true));
  const out: DemoProvider[] = [];
  for (const [i, spec] of SPECS.entries()) {
    const streetIndex = i < 5 ? -1 : i % streets.length;
    const home = r.pick(streetIndex < 0 ? communities : communities.filter((c) => c.streetIndex === streetIndex));
    const status = PENDING.has(i)
      ? ('pending' as const)
      : REJECTED.has(i)
        ? ('rejected' as const)
        : ('approved' as const);
    const prefix =
      spec.kind === 'social_org'
        ? '52'
        : spec.kind === 'individual'
          ? '92'
          : spec.kind === 'clinic' && i % 2 === 0
            ? '12'
            : '91';
    const body = `${pad(r.int(0, 99_999_999), 8)}`.replace(/^(\d)/, (d) => (i % 3 === 0 ? 'M' : d));
    const [p] = await tx
      .insert(providers)
      .values({
        name: spec.name,
        kind: spec.kind,
        regionId: streetIndex < 0 ? district.id : streets[streetIndex].id,
        creditCode: completeCreditCode(`${prefix}620102${body}`),
        legalRepresentative: r.pick([...SURNAMES]) + r.pick([...GIVEN_M, ...GIVEN_F]),
        contactName: r.pick([...SURNAMES]) + r.pick(GIVEN_F),
        contactPhone: `0931-${r.int(8100000, 8899999)}`,
        address: `城关区${home.name}${r.int(1, 300)}号`,
        lng: jitter(r, home.lng, 0.004),
        lat: jitter(r, home.lat, 0.002),
        description: `${spec.name}，为${home.name}及周边老人提供上门服务。`,
        parentId: spec.parent !== undefined ? out[spec.parent].id : null,
        status,
        reviewNote:
          status === 'approved'
            ? '材料齐全，符合加盟条件'
            : status === 'rejected'
              ? '无养老服务从业人员，暂不符合条件'
              : null,
        reviewedAt:
          status === 'pending'
            ? null
            : new Date(`${spec.parent !== undefined ? '2025-06-10' : '2024-12-20'}T02:00:00Z`),
      })
      .returning();
    out.push({ id: p.id, name: p.name, kind: spec.kind, status });

    const licences = [
      {
        kind:
          spec.kind === 'social_org'
            ? 'social_org_certificate'
            : spec.kind === 'clinic' && prefix === '12'
              ? 'medical_licence'
              : 'business_licence',
        number: `${p.creditCode}`,
        issuer: spec.kind === 'social_org' ? '兰州市城关区民政局' : '兰州市城关区市场监督管理局',
        validFrom: '2019-03-01',
        validUntil: spec.kind === 'social_org' ? addDays(today, r.int(-10, 900)) : null,
      },
    ];
    if (spec.kind === 'restaurant')
      licences.push({
        kind: 'food_licence',
        number: `JY1620102${pad(r.int(0, 9_999_999), 7)}`,
        issuer: '兰州市城关区市场监督管理局',
        validFrom: '2021-09-01',
        validUntil: addDays(today, i === 3 ? 18 : r.int(60, 1200)),
      });
    if (spec.kind === 'clinic')
      licences.push({
        kind: 'medical_licence',
        number: `PDY${pad(r.int(0, 99_999_999), 8)}62010217A1002`,
        issuer: '兰州市城关区卫生健康局',
        validFrom: '2020-05-01',
        validUntil: addDays(today, i === 2 ? 25 : r.int(90, 1500)),
      });
    await tx.insert(providerLicences).values(licences.map((l) => ({ ...l, providerId: p.id })));

    if (status !== 'approved') continue;
    // Most agreements run well past today; a few end within the alert window, one has ended.
    const end =
      i === 7
        ? addDays(today, -20)
        : i === 5 || i === 11
          ? addDays(today, r.int(5, 25))
          : addDays(today, r.int(120, 760));
    const start = spec.parent !== undefined ? '2025-07-01' : '2025-01-01';
    await tx.insert(providerAgreements).values({
      providerId: p.id,
      number: `CGMZ-${start.slice(0, 4)}-${pad(i + 1, 3)}`,
      signedOn: addDays(start, -10),
      startDate: start,
      endDate: end,
      status: i === 12 ? 'suspended' : 'active',
      statusReason: i === 12 ? '连续两个月回访满意率低于 80%，暂停派单整改' : null,
      // 「各街道要与养老服务组织……签订服务协议」(002 第5篇 L295): a street's providers signed by their
      // street, the district-wide ones by the district.
      signedByRegionId: p.regionId,
    });
    const cats = CATEGORIES_BY_KIND[spec.kind];
    const offered = items.filter(
      (it) => cats.includes(it.category as ServiceCategory) && r.next() < (spec.kind === 'individual' ? 0.35 : 0.7),
    );
    if (offered.length)
      await tx.insert(providerItems).values(offered.map((it) => ({ providerId: p.id, itemId: it.id })));
    const pointCount = spec.kind === 'company' || spec.kind === 'housekeeping' ? 2 : 1;
    for (let k = 0; k < pointCount; k++) {
      const at = k === 0 ? home : r.pick(communities);
      const lng = jitter(r, at.lng, 0.003),
        lat = jitter(r, at.lat, 0.0015);
      const pointName = `${at.name.replace(/(社区|村)$/, '')}服务站`;
      if (i === 4 && k === 0) {
        // One area drawn as a polygon: a hexagon about 4 km across.
        const ring: [number, number][] = Array.from({ length: 6 }, (_, h) => {
          const a = (Math.PI / 3) * h;
          return [
            Math.round((lng + 0.045 * Math.cos(a)) * 1e6) / 1e6,
            Math.round((lat + 0.018 * Math.sin(a)) * 1e6) / 1e6,
          ] as [number, number];
        });
        ring.push(ring[0]);
        await tx.insert(servicePoints).values({
          providerId: p.id,
          name: pointName,
          address: `城关区${at.name}综合服务楼`,
          regionId: at.id,
          lng,
          lat,
          areaKind: 'polygon',
          polygon: ring,
        });
      } else {
        const radius = r.pick([2000, 3000, 3000, 4000, 5000]);
        await tx.insert(servicePoints).values({
          providerId: p.id,
          name: pointName,
          address: `城关区${at.name}${r.int(1, 200)}号`,
          regionId: at.id,
          lng,
          lat,
          areaKind: 'radius',
          agreedRadiusM: radius,
          radiusM: radius,
        });
      }
    }
  }
  return out;
}

/** Caregivers of the approved providers; the demo caregiver account gets the first record. */
export async function loadDemoCaregivers(
  database: Database,
  r: Random,
  list: DemoProvider[],
  cipher: PersonalDataCipher,
  today: string,
  caregiverUserId: number,
) {
  const approved = list.filter((p) => p.status === 'approved');
  const skillsOf = new Map<number, Skill[]>();
  for (const p of approved) {
    const rows = await database.db
      .select({ skills: serviceItems.requiredSkills })
      .from(providerItems)
      .innerJoin(serviceItems, eq(serviceItems.id, providerItems.itemId))
      .where(eq(providerItems.providerId, p.id));
    skillsOf.set(p.id, [...new Set(rows.flatMap((x) => x.skills as Skill[]))]);
  }
  const points = await database.db
    .select()
    .from(servicePoints)
    .where(
      inArray(
        servicePoints.providerId,
        approved.map((p) => p.id),
      ),
    );
  let seq = 0;
  await database.db.transaction(async (tx) => {
    for (const p of approved) {
      const [min, max] = CAREGIVERS_BY_KIND[p.kind];
      const base = points.find((x) => x.providerId === p.id);
      const pool = skillsOf.get(p.id) ?? [];
      for (let k = 0, n = r.int(min, max); k < n; k++) {
        const first = p === approved[0] && k === 0;
        const female = first || r.next() < 0.78;
        const name = first ? '刘桂兰' : r.pick([...SURNAMES]) + r.pick(female ? GIVEN_F : GIVEN_M);
        const birth = `${r.int(1966, 1998)}-${pad(r.int(1, 12), 2)}-${pad(r.int(1, 28), 2)}`;
        const first17 = `${r.pick(['620102', '620103', '620104', '620105', '620111', '620121', '622421', '622621'])}${birth.replaceAll('-', '')}${pad((seq++ % 499) * 2 + (female ? 2 : 1), 3)}`;
        const idNumber = first17 + checkDigit(first17);
        const skills = first
          ? (['personal_care', 'bathing', 'cleaning', 'companionship', 'escort'] as Skill[])
          : pool.filter(() => r.next() < 0.55).slice(0, 6);
        if (skills.length === 0 && pool.length) skills.push(r.pick(pool));
        const workDays = r.next() < 0.6 ? [1, 2, 3, 4, 5] : r.next() < 0.7 ? [1, 2, 3, 4, 5, 6] : [1, 2, 3, 4, 5, 6, 7];
        const joinedOn = addDays(today, -r.int(60, 2000));
        const status = first
          ? ('active' as const)
          : r.next() < 0.04
            ? ('left' as const)
            : r.next() < 0.04
              ? ('suspended' as const)
              : ('active' as const);
        const [c] = await tx
          .insert(caregivers)
          .values({
            providerId: p.id,
            userId: first ? caregiverUserId : null,
            name,
            ...identityColumns(idNumber, cipher, today),
            ...phoneColumns(`1${r.pick(['3', '5', '7', '8', '9'])}${pad(r.int(0, 999_999_999), 9)}`, cipher),
            skills,
            workDays,
            workStart: r.pick(['07:30', '08:00', '08:30']),
            workEnd: r.pick(['17:30', '18:00', '19:00']),
            homeAddress: `城关区${r.pick(['东岗西路', '庆阳路', '南河滩', '雁滩路', '焦家湾'])}${r.int(1, 500)}号`,
            homeLng: base ? jitter(r, base.lng, 0.03) : null,
            homeLat: base ? jitter(r, base.lat, 0.015) : null,
            status,
            statusReason: status === 'left' ? '本人辞职' : status === 'suspended' ? '投诉核查期间暂停派单' : null,
            joinedOn,
          })
          .returning({ id: caregivers.id });
        // Health certificates last a year: issued up to 400 days ago, so some have lapsed and
        // some lapse within the month.
        const issued = first ? addDays(today, -100) : addDays(today, -r.int(0, 400));
        const certs: (typeof caregiverCertificates.$inferInsert)[] = [
          {
            caregiverId: c.id,
            kind: 'health',
            number: `JKZ${pad(r.int(0, 99_999_999), 8)}`,
            issuer: '兰州市城关区疾病预防控制中心',
            issuedOn: issued,
            validUntil: addDays(issued, 365),
          },
        ];
        if (
          first ||
          ((p.kind === 'company' || p.kind === 'housekeeping' || p.kind === 'social_org') && r.next() < 0.74) ||
          r.next() < 0.25
        ) {
          certs.push({
            caregiverId: c.id,
            kind: 'care_worker',
            level: first ? 4 : r.pick([3, 4, 4, 5, 5, 5]),
            number: `Y${pad(r.int(0, 9_999_999_999), 10)}`,
            issuer: '甘肃省人力资源和社会保障厅',
            issuedOn: addDays(joinedOn, -r.int(0, 700)),
            validUntil: null,
          });
        }
        for (const kind of new Set(skills.map((s) => CERT_FOR_SKILL[s]).filter((x): x is CertificateKind => !!x))) {
          if (r.next() < 0.85) {
            const on = addDays(today, -r.int(100, 1500));
            certs.push({
              caregiverId: c.id,
              kind,
              number: `ZS${pad(r.int(0, 99_999_999), 8)}`,
              issuer:
                kind === 'nurse'
                  ? '甘肃省卫生健康委员会'
                  : kind === 'lawyer'
                    ? '甘肃省司法厅'
                    : '兰州市人力资源和社会保障局',
              issuedOn: on,
              validUntil: kind === 'nurse' || kind === 'electrician' ? addDays(on, 365 * 6) : null,
            });
          }
        }
        await tx.insert(caregiverCertificates).values(certs);
      }
    }
  });
}

/** Two past quarters of ratings, through the same evaluation the district runs. */
export async function loadDemoEvaluations(database: Database, r: Random, list: DemoProvider[], today: string) {
  const approved = list.filter((p) => p.status === 'approved');
  const q2 = previousQuarter(quarterOf(today));
  const quarters = [previousQuarter(q2), q2];
  const actor = { userId: null, username: 'system', ip: null, requestId: null };
  for (const quarter of quarters) {
    const inputs = approved.map((p, i) => {
      const total = r.int(i % 9 === 8 ? 5 : 30, 220);
      // A few providers are rated poorly, so their areas shrink.
      const poor = i % 7 === 6;
      const shares = poor ? [0.3, 0.3, 0.2, 0.2] : [0.55 + r.next() * 0.3, 0.2, 0.05, 0.02];
      const sum = shares.reduce((a, b) => a + b, 0);
      const counts = shares.map((s) => Math.floor((total * s) / sum));
      return {
        providerId: p.id,
        ratings: Object.fromEntries(SATISFACTION_LEVELS.map((l, k) => [l, counts[k]])) as Record<
          (typeof SATISFACTION_LEVELS)[number],
          number
        >,
        verifiedOrders: Math.round(total * 1.3),
        upheldComplaints: poor ? r.int(2, 6) : r.int(0, 1),
      };
    });
    await database.db.transaction((tx) => evaluateQuarter(tx, quarter, inputs, actor));
  }
}
