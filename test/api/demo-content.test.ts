// The demo shows the product's rules where the product has them: the visiting service (003 方案11
// L657 「探訪人員每月入戶探訪次數不低于3次，每次探訪服務費4元」) has approved elders and visits, and last
// month's settlement pays the visiting organisation 4 yuan a visit while the elder owes nothing.
// Every application past submission has the documents its programme's list asks for (the rule the
// home survey checks), stored where the document routes keep uploads and downloadable through
// them; the applicants in progress are elders the programme in force is for.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import { eq, sql, type SQL } from 'drizzle-orm';
import { makeTestApp, type TestApp } from '../helpers/test-app.js';
import { monthEnd, previousMonth } from '../../src/core/calendar/months.js';
import { shanghaiDate } from '../../src/shared/today.js';
import {
  documentListOf,
  missingDocuments,
  requiredDocuments,
  sniffDocument,
} from '../../src/core/applications/document-type.js';
import { classOn, versionOn } from '../../src/core/policy/policy.js';
import { loadVersions } from '../../src/server/modules/policies/version-store.js';
import { elderFacts } from '../../src/server/modules/elders/elder-facts.js';
import { elders } from '../../src/server/db/schema.js';

let t: TestApp;
let admin: string;
let today: string;
let month: string;
let last: string;

const rows = async <T>(q: SQL) => ((await t.database.db.execute(q)) as unknown as { rows: T[] }).rows;
const get = async (url: string) => {
  const res = await t.app.inject({ method: 'GET', url, headers: { cookie: admin } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

beforeAll(async () => {
  t = await makeTestApp({ elders: 600, demoOrders: true });
  admin = await t.login('admin');
  // The server's date: the demo was loaded on it.
  today = shanghaiDate(t.deps.clock());
  month = today.slice(0, 7);
  last = previousMonth(month);
});
afterAll(() => t.close());

describe('the demo’s visiting service (探访服务)', () => {
  it('has elders approved through every desk, holding the visiting entitlement since before last month', async () => {
    const held = await rows<{ elderId: number; applicationId: number; effectiveFrom: string; benefit: unknown }>(
      sql`select e.elder_id as "elderId", a.id as "applicationId", a.effective_from as "effectiveFrom", e.benefit
       from entitlements e join applications a on a.elder_id = e.elder_id and a.programme = 'visiting' and a.state = 'approved'
       where e.programme = 'visiting' and e.valid_from <= ${`${last}-01`} and (e.valid_to is null or e.valid_to >= ${today})
       order by e.elder_id`,
    );
    expect(held.length).toBeGreaterThanOrEqual(6);
    for (const h of held) {
      expect(h.benefit).toEqual({ kind: 'visits', visitsPerMonth: 3, feePerVisitFen: 400 });
      expect(h.effectiveFrom <= `${last}-01`).toBe(true);
      const steps = await rows<{ action: string }>(
        sql`select action from application_steps where application_id = ${h.applicationId} order by at, id`,
      );
      expect(steps.map((s) => s.action)).toEqual([
        'submit',
        'survey',
        'start_notice',
        'end_notice',
        'street_approve',
        'district_approve',
      ]);
    }
    // As the elder's page shows it.
    const ents = await get(`/api/elders/${held[0].elderId}/entitlements`);
    expect(ents.map((e: { programme: string }) => e.programme)).toContain('visiting');
  });

  it('last month’s settlement pays the organisation 4 yuan a visit (FW09-012) and the elder owes nothing for them', async () => {
    const items = await rows<{
      settlementId: number;
      providerId: number;
      elderId: number;
      kind: string;
      programmes: Record<string, number>;
      amountFen: number;
      selfPayFen: number;
    }>(
      sql`select i.settlement_id as "settlementId", s.provider_id as "providerId", o.elder_id as "elderId", i.kind,
         i.programmes, i.amount_fen as "amountFen", o.self_pay_fen as "selfPayFen"
       from settlement_items i join settlements s on s.id = i.settlement_id join orders o on o.id = i.order_id
       where s.period = ${last} and exists (select 1 from order_lines l join service_items it on it.id = l.item_id
         where l.order_id = o.id and it.code = 'FW09-012')`,
    );
    const visitingElders = await rows<{ elderId: number }>(
      sql`select distinct elder_id as "elderId" from applications where programme = 'visiting' and state = 'approved'`,
    );
    // Three a month for every approved elder, each paid by the programme at 4 yuan, none by the elder.
    expect(items.length).toBeGreaterThanOrEqual(3 * visitingElders.length);
    expect(visitingElders.length).toBeGreaterThanOrEqual(6);
    for (const i of items)
      expect(i).toMatchObject({ kind: 'order', programmes: { visiting: 400 }, amountFen: 400, selfPayFen: 0 });

    // The organisation's statement has 探访服务 as its own line.
    const settlementId = items[0].settlementId;
    const onIt = items.filter((i) => i.settlementId === settlementId).length;
    const detail = await get(`/api/settlements/${settlementId}`);
    expect(detail.byProgramme).toEqual(
      expect.arrayContaining([{ programme: 'visiting', count: onIt, fen: onIt * 400 }]),
    );

    // Each elder's bill: the visits at their price, all paid by 探访服务, nothing owed.
    for (const { elderId } of visitingElders) {
      const visits = items.filter((i) => i.elderId === elderId).length;
      expect(visits).toBe(3);
      const bill = await get(`/api/elders/${elderId}/bills/${last}`);
      expect(bill.totals).toMatchObject({ selfPayFen: 0, programmes: { visiting: visits * 400 } });
    }
  });

  it('has this month’s visits too, done or booked, within the three the programme buys', async () => {
    const byElder = await rows<{ elderId: number; n: number; paid: number; owed: number }>(
      sql`select o.elder_id as "elderId", count(*)::int as n,
         count(*) filter (where o.programmes = '{"visiting": 400}'::jsonb)::int as paid, sum(o.self_pay_fen)::int as owed
       from orders o join order_lines l on l.order_id = o.id join service_items it on it.id = l.item_id
       where it.code = 'FW09-012' and o.service_date between ${`${month}-01`} and ${monthEnd(month)}
         and o.state not in ('cancelled', 'no_show')
       group by o.elder_id`,
    );
    expect(byElder.length).toBeGreaterThanOrEqual(6);
    for (const e of byElder) expect(e).toMatchObject({ paid: e.n, owed: 0 });
    for (const e of byElder) expect(e.n).toBeLessThanOrEqual(3);
  });
});

describe('the demo’s applications', () => {
  type App = { id: number; elderId: number; programme: string; state: string; categoryTypes: string[] };
  type Doc = {
    id: number;
    applicationId: number;
    kind: string;
    filename: string;
    mime: string;
    size: number;
    sha256: string;
  };
  const applications = () =>
    rows<App>(
      sql`select a.id, a.elder_id as "elderId", a.programme, a.state, e.category_types as "categoryTypes"
       from applications a join elders e on e.id = a.elder_id order by a.id`,
    );
  const documents = () =>
    rows<Doc>(
      sql`select id, application_id as "applicationId", kind, filename, mime, size, sha256
       from application_documents order by id`,
    );

  it('past submission have the documents their programme’s list asks for, as the home survey checks', async () => {
    const apps = (await applications()).filter((a) => a.state !== 'submitted');
    const docs = await documents();
    // In-progress ones of the demo community, older approvals, 特困 support, the visiting service.
    expect(new Set(apps.map((a) => a.programme))).toEqual(
      new Set(['home_care_subsidy', 'service_voucher', 'tekun_support', 'care_subsidy', 'visiting']),
    );
    for (const a of apps) {
      const required = requiredDocuments(documentListOf(a.programme), a.categoryTypes);
      const handedIn = docs.filter((d) => d.applicationId === a.id);
      expect(missingDocuments(required, handedIn), `application ${a.id} (${a.programme}, ${a.state})`).toEqual([]);
      for (const d of handedIn) expect(d.filename).toMatch(/^示例-.+\.(png|pdf)$/);
    }
    // As the application's page shows it: a 低保 elder's home care has the four of 002 第5篇 L241–249.
    const dibaoHomeCare = apps.find(
      (a) => a.programme === 'home_care_subsidy' && a.state === 'approved' && a.categoryTypes.includes('dibao'),
    )!;
    const detail = await get(`/api/applications/${dibaoHomeCare.id}`);
    expect(detail.missingDocuments).toEqual([]);
    expect(detail.documents.map((d: { kind: string }) => d.kind)).toEqual(
      expect.arrayContaining(['application_form', 'id_copy', 'dibao_certificate', 'residence_proof']),
    );
  });

  it('download through the API, checked, with the bytes and checksum recorded — each application’s its own', async () => {
    const docs = await documents();
    expect(docs.length).toBeGreaterThan(0);
    for (const d of docs) {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/applications/${d.applicationId}/documents/${d.id}`,
        headers: { cookie: admin },
      });
      expect(res.statusCode, res.body).toBe(200);
      const bytes = res.rawPayload;
      expect(bytes.length).toBe(d.size);
      expect(crypto.createHash('sha256').update(bytes).digest('hex')).toBe(d.sha256);
      expect(sniffDocument(bytes.subarray(0, 16))).toBe(d.mime);
      expect(res.headers['content-type']).toContain(d.mime);
    }
    // Different bytes for every application: no two applications share a file.
    const owners = new Map<string, Set<number>>();
    for (const d of docs) owners.set(d.sha256, (owners.get(d.sha256) ?? new Set()).add(d.applicationId));
    expect([...owners.values()].every((s) => s.size === 1)).toBe(true);
  });

  it('in progress are for elders the programme in force is for, the rejected ones found otherwise at the survey', async () => {
    const versions = {
      home_care_subsidy: versionOn(await loadVersions(t.database.db, 'home_care_subsidy'), today)!,
      service_voucher: versionOn(await loadVersions(t.database.db, 'service_voucher'), today)!,
    };
    // The demo community worker's, filed this year with their steps.
    const filed = await rows<{ id: number; elderId: number; programme: keyof typeof versions; state: string }>(
      sql`select a.id, a.elder_id as "elderId", a.programme, a.state from applications a
       where a.programme in ('home_care_subsidy', 'service_voucher')
         and exists (select 1 from application_steps s where s.application_id = a.id)
       order by a.id`,
    );
    expect(filed.length).toBeGreaterThanOrEqual(8);
    expect(new Set(filed.map((a) => a.state)).size).toBe(8);
    for (const a of filed) {
      const [e] = await t.database.db.select().from(elders).where(eq(elders.id, a.elderId));
      const holds = classOn(elderFacts(e), versions[a.programme], today) !== null;
      const notes = (
        await rows<{ opinion: string }>(
          sql`select opinion from application_steps where application_id = ${a.id} order by at, id`,
        )
      ).map((s) => s.opinion);
      if (a.state === 'rejected') {
        // Applied as a 低保 elder living alone; a child in the community can care (002 第5篇 L213).
        expect(holds, `application ${a.id}`).toBe(false);
        expect(e.categoryTypes.some((c) => c === 'dibao' || c === 'dibao_edge')).toBe(true);
        expect(notes.join('；')).toContain('子女在本社区居住且能照料');
        expect(notes.join('；')).toContain('不符合');
      } else {
        expect(holds, `application ${a.id} (${a.programme}, ${a.state}): ${notes.join('；')}`).toBe(true);
      }
    }
    // None of them was approved for the same programme in an earlier year as well.
    const twice = await rows<{ n: number }>(
      sql`select count(*)::int as n from (select elder_id, programme from applications
       group by elder_id, programme having count(*) > 1) x`,
    );
    expect(twice[0].n).toBe(0);
  });

  it('ran every notice its full length (002 第5篇 L275 「公示不少于5天」) before the street took the case', async () => {
    const notices = await rows<{
      id: number;
      state: string;
      noticeFrom: string;
      noticeTo: string;
      ended: string | null;
    }>(
      sql`select a.id, a.state, a.notice_from::text as "noticeFrom", a.notice_to::text as "noticeTo",
        (select (s.at at time zone 'Asia/Shanghai')::date::text from application_steps s
          where s.application_id = a.id and s.action = 'end_notice') as ended
       from applications a where a.notice_from is not null`,
    );
    expect(notices.length).toBeGreaterThan(0);
    for (const n of notices) {
      const days = (Date.parse(n.noticeTo) - Date.parse(n.noticeFrom)) / 86_400_000 + 1;
      expect(days, `申请 ${n.id}`).toBeGreaterThanOrEqual(5);
      if (n.state === 'in_notice') expect(n.noticeTo >= today, `申请 ${n.id} 公示中`).toBe(true);
      else expect(n.ended! > n.noticeTo, `申请 ${n.id} 公示期满后才结束`).toBe(true);
    }
  });
});
