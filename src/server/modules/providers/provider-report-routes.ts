// Oversight of providers: expiry alerts, certification rates, the rules, quarterly ratings, and
// the registry published for elders and families.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { and, asc, desc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from '../../../shared/zod.js';
import { Problem } from '../../../shared/schemas/common.js';
import {
  AlertsResponse,
  CertificationReport,
  QuarterInputs,
  RegistryResponse,
  RuleVersionCreate,
  RuleVersionDto,
} from '../../../shared/schemas/providers.js';
import {
  providerAgreements,
  providerItems,
  providerRuleVersions,
  providers,
  regions,
  serviceItems,
} from '../../db/schema.js';
import type { Deps } from '../../deps.js';
import { inProviderScope } from '../../auth/scope.js';
import { badRequest, conflict, fieldError, notFound } from '../../http/problem.js';
import { actorOf, writeAudit } from '../audit/audit-writer.js';
import { shanghaiDate } from '../../../shared/today.js';
import { addDays, daysBetween } from '../../../core/calendar/working-days.js';
import { coversDate, versionOn } from '../../../core/dated.js';
import { certificationRate } from '../../../core/caregivers/certificates.js';
import { quarterOf, quarterRange, rulesProblems, type ProviderRules } from '../../../core/providers/rules.js';
import {
  CERTIFICATE_LABELS,
  LICENCE_LABELS,
  type LicenceKind,
  type ProviderKind,
} from '../../../shared/service-labels.js';
import type { CertificateKind } from '../../../core/caregivers/certificates.js';
import type { ServiceCategory } from '../../../core/catalogue/categories.js';
import { caregiverFacts } from './provider-query.js';
import { providersCovering } from './coverage.js';
import { evaluateQuarter } from './evaluate-quarter.js';
import { ratingInputsFor } from '../feedback/rating-inputs.js';
import { rulesOn } from './rule-store.js';
import { callCentreRulesOf } from '../../../core/orders/call-centre-rules.js';
import { PROVIDER_MESSAGES as M } from './messages.js';

interface AlertRow {
  kind: 'agreement' | 'licence' | 'certificate';
  provider_id: number;
  provider_name: string;
  subject: string;
  caregiver_id: number | null;
  valid_until: string;
}

export const providerReportRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    const tags = ['服务机构'];
    const today = () => shanghaiDate(deps.clock());

    app.get(
      '/api/providers/alerts',
      {
        config: { permission: 'provider.read' },
        schema: {
          tags,
          summary: '到期提醒：协议、证照和服务人员证书（已过期及即将到期）',
          response: { 200: AlertsResponse },
        },
      },
      async (req) => {
        const t = today();
        const { params } = await rulesOn(db, t);
        const horizon = addDays(t, params.alertDays);
        const scope = inProviderScope(db, req.principal!.scope, providers.id);
        // A document renewed by a later one of the same kind is no longer a concern; neither is an
        // agreement followed by another, nor anything of a provider that was never approved.
        // Archived documents count for nothing: they neither warn nor stand in as a renewal.
        const res = (await db.execute(sql`
      select 'agreement' as kind, providers.id as provider_id, providers.name as provider_name, a.number as subject, null::int as caregiver_id, a.end_date::text as valid_until
      from provider_agreements a join providers on providers.id = a.provider_id
      where ${scope} and providers.status = 'approved' and a.status <> 'terminated' and a.end_date <= ${horizon}::date
        and not exists (select 1 from provider_agreements b where b.provider_id = a.provider_id and b.status <> 'terminated' and b.end_date > a.end_date)
      union all
      select 'licence', providers.id, providers.name, l.kind, null, l.valid_until::text
      from provider_licences l join providers on providers.id = l.provider_id
      where ${scope} and providers.status = 'approved' and l.archived_at is null and l.valid_until <= ${horizon}::date
        and not exists (select 1 from provider_licences m where m.provider_id = l.provider_id and m.kind = l.kind and m.archived_at is null and (m.valid_until is null or m.valid_until > l.valid_until))
      union all
      select 'certificate', providers.id, providers.name, c.name || '|' || x.kind, c.id, x.valid_until::text
      from caregiver_certificates x join caregivers c on c.id = x.caregiver_id join providers on providers.id = c.provider_id
      where ${scope} and c.status <> 'left' and x.archived_at is null and x.valid_until <= ${horizon}::date
        and not exists (select 1 from caregiver_certificates y where y.caregiver_id = x.caregiver_id and y.kind = x.kind and y.archived_at is null and (y.valid_until is null or y.valid_until > x.valid_until))
      order by valid_until, provider_name`)) as unknown as { rows: AlertRow[] };
        const subject = (r: AlertRow) => {
          if (r.kind === 'agreement') return `服务协议 ${r.subject}`;
          if (r.kind === 'licence') return LICENCE_LABELS[r.subject as LicenceKind] ?? r.subject;
          const [name, kind] = r.subject.split('|');
          return `${name} · ${CERTIFICATE_LABELS[kind as CertificateKind] ?? kind}`;
        };
        return {
          alertDays: params.alertDays,
          items: res.rows.map((r) => ({
            kind: r.kind,
            state: r.valid_until < t ? ('expired' as const) : ('expiring' as const),
            providerId: r.provider_id,
            providerName: r.provider_name,
            subject: subject(r),
            caregiverId: r.caregiver_id,
            validUntil: r.valid_until,
            daysLeft: daysBetween(t, r.valid_until),
          })),
        };
      },
    );

    app.get(
      '/api/providers/certification',
      {
        config: { permission: 'provider.read' },
        schema: { tags, summary: '各机构服务人员持证率（目标值见规则）', response: { 200: CertificationReport } },
      },
      async (req) => {
        const t = today();
        const { params } = await rulesOn(db, t);
        const ps = await db
          .select({ id: providers.id, name: providers.name })
          .from(providers)
          .where(and(inProviderScope(db, req.principal!.scope, providers.id), eq(providers.status, 'approved')))
          .orderBy(asc(providers.name));
        const facts = await caregiverFacts(
          db,
          ps.map((p) => p.id),
        );
        const rate = (list: typeof facts) => ({
          ...certificationRate(list, t, params.qualificationKinds, params.certificationTargetPercent),
          targetPercent: params.certificationTargetPercent,
        });
        return {
          targetPercent: params.certificationTargetPercent,
          items: ps.map((p) => ({
            providerId: p.id,
            providerName: p.name,
            ...rate(facts.filter((f) => f.providerId === p.id)),
          })),
          total: rate(facts),
        };
      },
    );

    const ruleDto = (v: typeof providerRuleVersions.$inferSelect, t: string) => ({
      id: v.id,
      effectiveFrom: v.effectiveFrom,
      effectiveTo: v.effectiveTo,
      params: v.params as ProviderRules,
      note: v.note,
      inEffect: coversDate(v, t),
    });

    app.get(
      '/api/provider-rules',
      {
        config: { permission: 'provider.read' },
        schema: {
          tags,
          summary: '机构管理规则的各版本（评分、半径调整、到期提醒、持证率目标）',
          response: { 200: z.array(RuleVersionDto) },
        },
      },
      async () => {
        const t = today();
        return (await db.select().from(providerRuleVersions).orderBy(desc(providerRuleVersions.effectiveFrom))).map(
          (v) => ruleDto(v, t),
        );
      },
    );

    app.post(
      '/api/provider-rules',
      {
        config: { permission: 'provider.review' },
        schema: {
          tags,
          summary: '新增规则版本（明天或以后生效）',
          body: RuleVersionCreate,
          response: { 201: RuleVersionDto, 400: Problem, 409: Problem },
        },
      },
      async (req, reply) => {
        const t = today();
        const b = req.body;
        if (b.effectiveFrom <= t) throw fieldError('effectiveFrom', M.rulesStartPast);
        const problems = rulesProblems(b.params);
        if (problems.length) throw badRequest(problems.map((p) => p.message).join('；'), problems);
        const row = await db.transaction(async (tx) => {
          await tx.execute(sql`lock table provider_rule_versions in share row exclusive mode`);
          const versions = await tx
            .select()
            .from(providerRuleVersions)
            .orderBy(asc(providerRuleVersions.effectiveFrom));
          const later = versions.find((v) => v.effectiveFrom >= b.effectiveFrom);
          if (later)
            throw conflict(M.rulesConflict(later.effectiveFrom), [
              { field: 'effectiveFrom', message: M.rulesConflict(later.effectiveFrom) },
            ]);
          const prev = versionOn(versions, b.effectiveFrom);
          if (prev)
            await tx
              .update(providerRuleVersions)
              .set({ effectiveTo: addDays(b.effectiveFrom, -1) })
              .where(eq(providerRuleVersions.id, prev.id));
          const [created] = await tx
            .insert(providerRuleVersions)
            .values({
              effectiveFrom: b.effectiveFrom,
              params: b.params,
              note: b.note ?? null,
              createdBy: req.principal!.userId,
            })
            .returning();
          await writeAudit(tx, actorOf(req), {
            action: 'provider.rules',
            entityType: 'provider_rules',
            entityId: created.id,
            before: prev ? { id: prev.id, effectiveTo: prev.effectiveTo } : null,
            after: created,
          });
          return created;
        });
        return reply.status(201).send(ruleDto(row, t));
      },
    );

    app.post(
      '/api/providers/evaluations',
      {
        config: { permission: 'provider.review' },
        schema: {
          tags,
          summary: '季度评定：按评价与投诉计算评分，并按规则调整服务半径（每机构每季度一次）',
          body: QuarterInputs,
          response: {
            200: z.object({ created: z.number().int(), skipped: z.number().int() }),
            400: Problem,
            404: Problem,
          },
        },
      },
      async (req) => {
        const { quarter } = req.body;
        if (quarterRange(quarter).to >= today() || quarter >= quarterOf(today()))
          throw fieldError('quarter', M.quarterNotOver);
        return db.transaction(async (tx) => {
          // Without figures from a survey, the quarter's own ratings, verified visits and upheld complaints.
          let inputs = req.body.inputs;
          if (!inputs) {
            const approved = await tx
              .select({ id: providers.id })
              .from(providers)
              .where(and(eq(providers.status, 'approved'), inProviderScope(tx, req.principal!.scope, providers.id)));
            const { from, to } = quarterRange(quarter);
            const counted = await ratingInputsFor(
              tx,
              'provider',
              approved.map((p) => p.id),
              from,
              to,
            );
            inputs = [...counted].map(([providerId, facts]) => ({ providerId, ...facts }));
          }
          const ids = [...new Set(inputs.map((i) => i.providerId))];
          const visible = ids.length
            ? await tx
                .select({ id: providers.id })
                .from(providers)
                .where(and(inArray(providers.id, ids), inProviderScope(tx, req.principal!.scope, providers.id)))
            : [];
          const missing = ids.find((id) => !visible.some((v) => v.id === id));
          if (missing) throw notFound(M.providerNotInScope(missing));
          return evaluateQuarter(tx, quarter, inputs, actorOf(req));
        });
      },
    );

    // Published for elders and families: no login, and nothing personal in it.
    app.get(
      '/api/public/registry',
      {
        config: { public: true },
        schema: {
          tags: ['服务机构名册'],
          summary: '服务机构名册：某社区可选的服务机构、服务类别与评分（公开）',
          querystring: z.object({ communityId: z.coerce.number().int().positive().optional() }),
          response: { 200: RegistryResponse, 404: Problem },
        },
      },
      async (req) => {
        const t = today();
        const street = alias(regions, 'street');
        const communities = await db
          .select({
            id: regions.id,
            name: regions.name,
            streetName: street.name,
            lng: regions.centerLng,
            lat: regions.centerLat,
          })
          .from(regions)
          .innerJoin(street, eq(street.id, regions.parentId))
          .where(eq(regions.level, 'community'))
          .orderBy(asc(street.id), asc(regions.id));
        const list = communities.map(({ id, name, streetName }) => ({ id, name, streetName }));
        // The call centre's number is the district's dated setting (965885 in Lanzhou, 000 L111; 12349, 001 L194).
        const { hotline } = callCentreRulesOf((await rulesOn(db, t)).params);
        if (!req.query.communityId) return { hotline, communities: list, community: null, providers: [] };
        const c = communities.find((x) => x.id === req.query.communityId);
        if (!c) throw notFound('没有这个社区');
        if (c.lng === null || c.lat === null)
          return {
            hotline,
            communities: list,
            community: { id: c.id, name: c.name, streetName: c.streetName },
            providers: [],
          };
        const covering = await providersCovering(db, { lng: c.lng, lat: c.lat }, t);
        const ids = covering.map((x) => x.providerId);
        const [rows, ends, cats] = ids.length
          ? await Promise.all([
              db.select().from(providers).where(inArray(providers.id, ids)),
              db
                .select({
                  providerId: providerAgreements.providerId,
                  end: sql<string>`max(${providerAgreements.endDate})::text`,
                })
                .from(providerAgreements)
                .where(
                  and(
                    inArray(providerAgreements.providerId, ids),
                    eq(providerAgreements.status, 'active'),
                    lte(providerAgreements.startDate, t),
                    gte(providerAgreements.endDate, t),
                  ),
                )
                .groupBy(providerAgreements.providerId),
              db
                .selectDistinct({
                  providerId: providerItems.providerId,
                  category: serviceItems.categoryCode,
                  n: sql<number>`count(*) over (partition by ${providerItems.providerId})`,
                })
                .from(providerItems)
                .innerJoin(serviceItems, eq(serviceItems.id, providerItems.itemId))
                .where(and(inArray(providerItems.providerId, ids), eq(serviceItems.active, true))),
            ])
          : [[], [], []];
        const providersOut = rows
          .map((p) => ({
            id: p.id,
            name: p.name,
            kind: p.kind as ProviderKind,
            address: p.address,
            contactPhone: p.contactPhone,
            rating: p.rating,
            categories: [
              ...new Set(cats.filter((x) => x.providerId === p.id).map((x) => x.category as ServiceCategory)),
            ],
            itemCount: Number(cats.find((x) => x.providerId === p.id)?.n ?? 0),
            agreementEnd: ends.find((e) => e.providerId === p.id)?.end ?? '',
            nearestPointM: covering.find((x) => x.providerId === p.id)?.nearestPointM ?? null,
          }))
          .sort((a, b) => (b.rating ?? -1) - (a.rating ?? -1) || (a.nearestPointM ?? 0) - (b.nearestPointM ?? 0));
        return {
          hotline,
          communities: list,
          community: { id: c.id, name: c.name, streetName: c.streetName },
          providers: providersOut,
        };
      },
    );
  };
