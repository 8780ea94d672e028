// Loads a realistic demo district into an empty database: the region tree, a few providers
// and one account per role. Deterministic for a given seed. Later issues add their data here.
import { eq, sql } from 'drizzle-orm';
import type { Database, DbOrTx } from '../db/client.js';
import { assessments, elders, regions, users } from '../db/schema.js';
import { insertDemoProviders, loadDemoCaregivers, loadDemoEvaluations } from './demo-providers.js';
import type { PersonalDataCipher } from '../security/personal-data.js';
import { demoAssessment, demoElder, type DemoGrid } from './demo-elders.js';
import { rowValues } from '../modules/elders/elder-records.js';
import { upsertElders, type ElderRowValues } from '../modules/elders/elder-bulk.js';
import { shanghaiDate } from '../../shared/today.js';
import { ageOn } from '../../core/elders/idcard.js';
import { NEED_TYPES } from '../../core/needs/needs-summary.js';
import { loadDemoApplications } from './demo-applications.js';
import { loadDemoMoney, loadDemoSubsidies } from './demo-money.js';
import { recomputeEntitlements } from '../modules/entitlements/recompute.js';
import { previousMonth } from '../../core/calendar/months.js';
import { loadDemoOrders } from './demo-orders.js';
import { loadDemoVisiting } from './demo-visiting.js';
import { loadDemoDocuments } from './demo-documents.js';
import { loadDemoDevices } from './demo-devices.js';
import { loadDemoBoundaries } from './demo-boundaries.js';
import { loadConfig } from '../config.js';
import { ensureReferenceData } from '../seeds.js';
import { loadWorkCalendar } from '../modules/calendar/calendar-store.js';
import { hashPassword } from '../auth/passwords.js';
import { seededRandom, type Random } from '../../core/seeded-random.js';
import type { Role } from '../../core/roles.js';
import { writeAudit } from '../modules/audit/audit-writer.js';

export const DEMO_PASSWORD = 'Yiyang@2026';

const DISTRICT = { code: '620102000000', name: '城关区', lng: 103.8343, lat: 36.0611 };
const STREETS = [
  { name: '张掖路街道', kind: 'street' },
  { name: '酒泉路街道', kind: 'street' },
  { name: '白银路街道', kind: 'street' },
  { name: '皋兰路街道', kind: 'street' },
  { name: '青白石镇', kind: 'township' },
] as const;
const COMMUNITY_STEMS = [
  '金塔巷',
  '中山林',
  '永昌路',
  '秦安路',
  '民勤街',
  '箭道巷',
  '贤后街',
  '南滨河',
  '曹家厅',
  '颜家沟',
  '广武门',
  '东岗',
  '五泉',
  '华林坪',
  '伏龙坪',
  '雁园',
  '团结新村',
  '拱星墩',
  '火车站',
  '铁路局',
  '嘉峪关路',
  '渭源路',
  '盘旋路',
  '省政府',
  '庆阳路',
  '静宁路',
  '靖远路',
  '临夏路',
  '武都路',
  '通渭路',
  '畅家巷',
  '王马巷',
  '西北新村',
  '酒泉路',
  '鼓楼巷',
  '南昌路',
  '宁卧庄',
  '天水路',
  '均家滩',
  '段家滩',
  '雁滩',
  '高滩',
  '北面滩',
  '南河',
  '红山根',
  '大砂坪',
  '焦家湾',
  '东部市场',
];
const VILLAGE_STEMS = [
  '石沟',
  '大浪沟',
  '罗九',
  '白道坪',
  '中坪',
  '新庄',
  '蒋家坪',
  '崖川',
  '青白石',
  '水阜',
  '上坪',
  '下坪',
];
const GRID_NAMES = ['第一网格', '第二网格', '第三网格', '第四网格', '第五网格'];

export interface DemoLogin {
  role: Role;
  username: string;
  displayName: string;
  where: string;
}

function jitter(r: Random, base: number, spread: number) {
  return Math.round((base + (r.next() - 0.5) * spread) * 1e6) / 1e6;
}

async function insertRegion(
  tx: DbOrTx,
  v: {
    parentId: number | null;
    parentPath: string;
    level: 'district' | 'street' | 'community' | 'grid';
    code: string;
    name: string;
    lng: number;
    lat: number;
  },
) {
  const [row] = await tx
    .insert(regions)
    .values({
      parentId: v.parentId,
      level: v.level,
      code: v.code,
      name: v.name,
      path: 'pending',
      centerLng: v.lng,
      centerLat: v.lat,
    })
    .returning({ id: regions.id });
  const path = `${v.parentPath}${row.id}/`;
  await tx.update(regions).set({ path }).where(eq(regions.id, row.id));
  return { id: row.id, path, name: v.name, code: v.code, lng: v.lng, lat: v.lat };
}

export const DEFAULT_DEMO_ELDERS = 3000;

export async function loadDemoDistrict(
  database: Database,
  opts: {
    seed?: number;
    elders?: number;
    cipher: PersonalDataCipher;
    today?: string;
    orders?: boolean;
    /**
     * The server's data directory, where its document routes keep uploads (`<dataDir>/documents`):
     * the demo's applications' documents are stored there. Without it, the directory a server
     * started here would use (config.ts: DATA_DIR, else ./data), as the routes have no other.
     */
    dataDir?: string;
  },
): Promise<DemoLogin[]> {
  const r = seededRandom(opts.seed ?? 20261122);
  const providerRandom = seededRandom((opts.seed ?? 20261122) + 1);
  const today = opts.today ?? shanghaiDate();
  // Demo applications refer to the programmes; they exist on every start, but not yet in a
  // database prepared only by migrations.
  await ensureReferenceData(database.db);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const grids: DemoGrid[] = [];
  const created = await database.db.transaction(async (tx) => {
    const district = await insertRegion(tx, { parentId: null, parentPath: '/', level: 'district', ...DISTRICT });
    const streets = [];
    const communities = [];
    let stem = 0;
    for (const [si, s] of STREETS.entries()) {
      const street = await insertRegion(tx, {
        parentId: district.id,
        parentPath: district.path,
        level: 'street',
        name: s.name,
        code: `620102${String(si + 1).padStart(3, '0')}000`,
        lng: jitter(r, DISTRICT.lng, 0.12),
        lat: jitter(r, DISTRICT.lat, 0.06),
      });
      streets.push(street);
      const n = r.int(8, 12);
      for (let ci = 0; ci < n; ci++) {
        const isVillage = s.kind === 'township';
        const name = isVillage
          ? `${VILLAGE_STEMS[ci % VILLAGE_STEMS.length]}村`
          : `${COMMUNITY_STEMS[stem++ % COMMUNITY_STEMS.length]}社区`;
        const community = await insertRegion(tx, {
          parentId: street.id,
          parentPath: street.path,
          level: 'community',
          name,
          code: `${street.code.slice(0, 9)}${String(isVillage ? 200 + ci + 1 : ci + 1).padStart(3, '0')}`,
          lng: jitter(r, street.lng, 0.02),
          lat: jitter(r, street.lat, 0.01),
        });
        communities.push({ ...community, streetIndex: si });
        const gridCount = r.int(2, 4);
        for (let gi = 0; gi < gridCount; gi++) {
          const grid = await insertRegion(tx, {
            parentId: community.id,
            parentPath: community.path,
            level: 'grid',
            name: GRID_NAMES[gi],
            code: `${community.code}${String(gi + 1).padStart(3, '0')}`,
            lng: jitter(r, community.lng, 0.004),
            lat: jitter(r, community.lat, 0.002),
          });
          grids.push({ id: grid.id, communityCode: community.code, lng: grid.lng, lat: grid.lat, village: isVillage });
        }
      }
    }
    await loadDemoBoundaries(tx, district, streets, communities);
    // Providers draw from a random source of their own, so the demo elders stay as they were.
    const providerRows = await insertDemoProviders(tx, providerRandom, today, district, streets, communities);

    const firstCommunity = communities[0];
    const otherStreetCommunity = communities.find((c) => c.streetIndex === 1)!;
    const township = streets[streets.length - 1];
    const accounts: {
      role: Role;
      username: string;
      displayName: string;
      regionId?: number;
      providerId?: number;
      where: string;
    }[] = [
      { role: 'district_admin', username: 'admin', displayName: '王建国', regionId: district.id, where: district.name },
      {
        role: 'street_staff',
        username: 'street',
        displayName: '李秀英',
        regionId: streets[0].id,
        where: streets[0].name,
      },
      {
        role: 'community_worker',
        username: 'community',
        displayName: '张丽',
        regionId: firstCommunity.id,
        where: firstCommunity.name,
      },
      {
        role: 'operator',
        username: 'operator',
        displayName: '赵敏',
        regionId: district.id,
        where: `${district.name}呼叫中心`,
      },
      {
        role: 'provider_admin',
        username: 'provider',
        displayName: '陈志强',
        providerId: providerRows[0].id,
        where: providerRows[0].name,
      },
      {
        role: 'caregiver',
        username: 'caregiver',
        displayName: '刘桂兰',
        providerId: providerRows[0].id,
        where: providerRows[0].name,
      },
      {
        role: 'nursing_home_admin',
        username: 'nursinghome',
        displayName: '马海军',
        regionId: township.id,
        where: `${township.name}敬老院`,
      },
      { role: 'auditor', username: 'auditor', displayName: '孙立平', regionId: district.id, where: district.name },
      // Second accounts in other places, so that jurisdiction can be seen (and tested) to hold.
      {
        role: 'street_staff',
        username: 'street2',
        displayName: '周红梅',
        regionId: streets[1].id,
        where: streets[1].name,
      },
      {
        role: 'community_worker',
        username: 'community2',
        displayName: '吴晓燕',
        regionId: otherStreetCommunity.id,
        where: otherStreetCommunity.name,
      },
    ];
    const inserted = await tx
      .insert(users)
      .values(
        accounts.map((a) => ({
          username: a.username,
          displayName: a.displayName,
          role: a.role,
          regionId: a.regionId ?? null,
          providerId: a.providerId ?? null,
          passwordHash,
          mustChangePassword: false,
        })),
      )
      .returning({ id: users.id });
    await writeAudit(
      tx,
      { userId: null, username: 'system', ip: null, requestId: null },
      {
        action: 'demo.load',
        entityType: 'system',
        after: {
          regions: 1 + streets.length + communities.length,
          providers: providerRows.length,
          users: inserted.length,
        },
      },
    );
    const caregiverUserId = inserted[accounts.findIndex((a) => a.role === 'caregiver')].id;
    return {
      providerRows,
      caregiverUserId,
      logins: accounts.map(({ role, username, displayName, where }) => ({ role, username, displayName, where })),
    };
  });
  await loadDemoCaregivers(database, providerRandom, created.providerRows, opts.cipher, today, created.caregiverUserId);
  await loadDemoEvaluations(database, providerRandom, created.providerRows, today);
  await loadDemoElders(database, grids, opts.elders ?? DEFAULT_DEMO_ELDERS, opts.cipher, r, today);
  const cal = await loadWorkCalendar(database.db);
  await loadDemoApplications(database, r, today, cal, opts.cipher);
  // A month of the call centre; tests that look for their own orders leave it out.
  if (opts.orders !== false) {
    // Entitlements from the first of last month, so last month's visits are priced against them
    // and its issue, bills and settlements are what they would have been.
    await loadDemoSubsidies(database, seededRandom((opts.seed ?? 20261122) + 4), today, opts.cipher);
    await recomputeEntitlements(database, `${previousMonth(today.slice(0, 7))}-01`);
    await loadDemoOrders(database, seededRandom((opts.seed ?? 20261122) + 2), today, cal);
    // The visiting service's elders and their visits, before last month is closed (a district
    // without elders has none).
    if ((opts.elders ?? DEFAULT_DEMO_ELDERS) > 0)
      await loadDemoVisiting(database, seededRandom((opts.seed ?? 20261122) + 5), today, cal, opts.cipher);
    await loadDemoMoney(database, seededRandom((opts.seed ?? 20261122) + 3), today, opts.cipher);
    // Terminals for part of the 70+, a month of alarm cases and one open alarm.
    await loadDemoDevices(database, seededRandom((opts.seed ?? 20261122) + 6), today);
  }
  // Every application was handed in with the documents its programme asks for.
  await loadDemoDocuments(database, opts.dataDir ?? loadConfig().dataDir);
  return created.logins;
}

async function loadDemoElders(
  database: Database,
  grids: DemoGrid[],
  count: number,
  cipher: PersonalDataCipher,
  r: Random,
  today: string,
) {
  const used = new Set<string>();
  const BATCH = 5000;
  const assessed: { index: number; age: number }[] = [];
  const allIds: number[] = [];
  for (let start = 0; start < count; start += BATCH) {
    const rows: ElderRowValues[] = [];
    for (let i = start; i < Math.min(count, start + BATCH); i++) {
      let input = demoElder(r, r.pick(grids), i, today);
      for (let seq = i + 1; used.has(input.idNumber); seq++) input = demoElder(r, r.pick(grids), seq, today);
      used.add(input.idNumber);
      rows.push(rowValues(input, cipher, today));
      // A few hundred assessments are enough to show grades; more would only slow the start.
      if (assessed.length < 600 && r.next() < 0.3)
        assessed.push({ index: i, age: ageOn(rows[rows.length - 1].birthDate, today) });
    }
    const surveyed = rows.map((_, k) => k).filter(() => r.next() < 0.3);
    const ids = await database.bulk(async (q) => {
      const { ids } = await upsertElders(q, rows);
      await q(
        `insert into needs_surveys (elder_id, surveyed_on, surveyor, needs)
         select u.e, u.d, u.s, string_to_array(u.n, ',') from unnest($1::int[], $2::date[], $3::text[], $4::text[]) as u(e, d, s, n)`,
        [
          surveyed.map((k) => ids[k]),
          surveyed.map(() => `${today.slice(0, 4)}-03-${String(r.int(1, 28)).padStart(2, '0')}`),
          surveyed.map(() => '居民小组长'),
          surveyed.map(() => NEED_TYPES.filter(() => r.next() < 0.25).join(',')),
        ],
      );
      return ids;
    });
    allIds.push(...ids);
  }
  await database.db.execute(sql`analyze elders`);
  if (assessed.length === 0) return;
  const assessedOn = `${today.slice(0, 4)}-01-15`;
  const values = assessed.map(({ index, age }) => {
    const a = demoAssessment(r, age, assessedOn);
    return {
      elderId: allIds[index],
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
    };
  });
  await database.db.transaction(async (tx) => {
    await tx.insert(assessments).values(values);
    for (const v of values) {
      await tx
        .update(elders)
        .set({ abilityGrade: v.grade, abilityAssessedOn: v.assessedOn, abilityNextDue: v.nextDue })
        .where(eq(elders.id, v.elderId));
    }
  });
}
