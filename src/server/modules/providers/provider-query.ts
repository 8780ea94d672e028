// Loading providers inside the caller's jurisdiction and shaping them for the list and the
// detail page. The list's agreement state and counts are computed in SQL so they can be
// filtered and sorted; the detail adds licences, agreements, items, points and ratings.
import { and, asc, desc, eq, inArray, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client.js';
import {
  caregiverCertificates,
  caregivers,
  providerAgreements,
  providerEvaluations,
  providerItems,
  providerLicences,
  providers,
  regions,
  serviceItems,
  servicePoints,
  users,
} from '../../db/schema.js';
import { inProviderScope, type Scope } from '../../auth/scope.js';
import { notFound } from '../../http/problem.js';
import type { ProviderDetail, ProviderListItem } from '../../../shared/schemas/providers.js';
import type { AgreementState, LicenceKind, ProviderKind } from '../../../shared/service-labels.js';
import type { ServiceCategory } from '../../../core/catalogue/categories.js';
import { agreementState } from '../../../core/providers/agreements.js';
import { daysBetween } from '../../../core/calendar/working-days.js';
import { certificationRate, expiryState, type CertificateKind } from '../../../core/caregivers/certificates.js';
import type { ProviderRules, RatingInputs } from '../../../core/providers/rules.js';
import { PROVIDER_MESSAGES as M } from './messages.js';
import { rulesOn } from './rule-store.js';
import { shanghaiDate } from '../../../shared/today.js';
import { changesOf } from './provider-changes.js';

const parent = alias(providers, 'parent_provider');

/** A change of the provider's registration data waits for review. */
export const pendingChangeSql = sql<boolean>`exists (select 1 from provider_changes pc where pc.provider_id = ${providers.id} and pc.state = 'pending')`;

/** The agreement that speaks for a provider on a date: one in force, else the latest. */
function currentAgreement(today: string, column: 'state' | 'end') {
  const value =
    column === 'state'
      ? sql`case when a.status = 'terminated' then 'terminated' when a.end_date < ${today}::date then 'expired' when a.status = 'suspended' then 'suspended' when a.start_date > ${today}::date then 'not_started' else 'active' end`
      : sql`a.end_date::text`;
  return sql`(select ${value} from provider_agreements a where a.provider_id = ${providers.id}
    order by (a.status <> 'terminated' and a.start_date <= ${today}::date and a.end_date >= ${today}::date) desc, a.start_date desc limit 1)`;
}

export function selectProviders(db: DbOrTx, today: string) {
  return db
    .select({
      p: providers,
      regionName: regions.name,
      parentName: parent.name,
      agreementState: sql<AgreementState | null>`${currentAgreement(today, 'state')}`,
      agreementEnd: sql<string | null>`${currentAgreement(today, 'end')}`,
      caregiverCount: sql<number>`(select count(*)::int from caregivers c where c.provider_id = ${providers.id} and c.status = 'active')`,
      pointCount: sql<number>`(select count(*)::int from service_points s where s.provider_id = ${providers.id} and s.active)`,
      itemCount: sql<number>`(select count(*)::int from provider_items i where i.provider_id = ${providers.id})`,
      pendingChange: pendingChangeSql,
    })
    .from(providers)
    .innerJoin(regions, eq(regions.id, providers.regionId))
    .leftJoin(parent, eq(parent.id, providers.parentId));
}

export const agreementStateSql = (today: string) => currentAgreement(today, 'state');

type Selected = Awaited<ReturnType<ReturnType<typeof selectProviders>['where']>>[number];

export function toListItem(r: Selected): ProviderListItem {
  return {
    id: r.p.id,
    name: r.p.name,
    kind: r.p.kind as ProviderKind,
    creditCode: r.p.creditCode,
    regionId: r.p.regionId,
    regionName: r.regionName,
    status: r.p.status,
    agreementState: r.agreementState,
    agreementEnd: r.agreementEnd,
    parentId: r.p.parentId,
    parentName: r.parentName,
    rating: r.p.rating,
    contactName: r.p.contactName,
    contactPhone: r.p.contactPhone,
    caregiverCount: Number(r.caregiverCount),
    pointCount: Number(r.pointCount),
    itemCount: Number(r.itemCount),
    pendingChange: Boolean(r.pendingChange),
    createdAt: r.p.createdAt.toISOString(),
  };
}

export async function loadProvider(db: DbOrTx, scope: Scope, id: number, today: string) {
  const [row] = await selectProviders(db, today).where(
    and(eq(providers.id, id), inProviderScope(db, scope, providers.id)),
  );
  if (!row) throw notFound(M.notFound);
  return row;
}

/** Caregivers of some providers with their current (not archived) certificates, for certification rates. */
export async function caregiverFacts(db: DbOrTx, providerIds: number[]) {
  if (providerIds.length === 0) return [];
  const cs = await db
    .select({
      id: caregivers.id,
      providerId: caregivers.providerId,
      status: caregivers.status,
      skills: caregivers.skills,
    })
    .from(caregivers)
    .where(inArray(caregivers.providerId, providerIds));
  const certs = cs.length
    ? await db
        .select()
        .from(caregiverCertificates)
        .where(
          and(
            inArray(
              caregiverCertificates.caregiverId,
              cs.map((c) => c.id),
            ),
            isNull(caregiverCertificates.archivedAt),
          ),
        )
    : [];
  const byCaregiver = new Map<number, typeof certs>();
  for (const c of certs) byCaregiver.set(c.caregiverId, [...(byCaregiver.get(c.caregiverId) ?? []), c]);
  return cs.map((c) => ({
    ...c,
    certificates: (byCaregiver.get(c.id) ?? []).map((x) => ({
      kind: x.kind as CertificateKind,
      issuedOn: x.issuedOn,
      validUntil: x.validUntil,
    })),
  }));
}

export async function providerDetail(
  db: DbOrTx,
  scope: Scope,
  id: number,
  today: string,
  rules: ProviderRules,
): Promise<ProviderDetail> {
  const row = await loadProvider(db, scope, id, today);
  const pointRegion = alias(regions, 'point_region');
  const [licences, archived, changes, agreements, items, points, affiliates, evaluations, facts] = await Promise.all([
    db
      .select()
      .from(providerLicences)
      .where(and(eq(providerLicences.providerId, id), isNull(providerLicences.archivedAt)))
      .orderBy(asc(providerLicences.kind), desc(providerLicences.validFrom)),
    db
      .select({ l: providerLicences, archivedByName: users.displayName })
      .from(providerLicences)
      .leftJoin(users, eq(users.id, providerLicences.archivedBy))
      .where(and(eq(providerLicences.providerId, id), isNotNull(providerLicences.archivedAt)))
      .orderBy(desc(providerLicences.archivedAt)),
    changesOf(db, id),
    db
      .select({ a: providerAgreements, signerName: regions.name, signerLevel: regions.level })
      .from(providerAgreements)
      .leftJoin(regions, eq(regions.id, providerAgreements.signedByRegionId))
      .where(eq(providerAgreements.providerId, id))
      .orderBy(desc(providerAgreements.startDate)),
    db
      .select({
        id: serviceItems.id,
        code: serviceItems.code,
        name: serviceItems.name,
        categoryCode: serviceItems.categoryCode,
      })
      .from(providerItems)
      .innerJoin(serviceItems, eq(serviceItems.id, providerItems.itemId))
      .where(eq(providerItems.providerId, id))
      .orderBy(asc(serviceItems.code)),
    db
      .select({ s: servicePoints, regionName: pointRegion.name })
      .from(servicePoints)
      .leftJoin(pointRegion, eq(pointRegion.id, servicePoints.regionId))
      .where(eq(servicePoints.providerId, id))
      .orderBy(desc(servicePoints.active), asc(servicePoints.id)),
    db
      .select({ id: providers.id, name: providers.name, status: providers.status })
      .from(providers)
      .where(and(eq(providers.parentId, id), inProviderScope(db, scope, providers.id) as SQL))
      .orderBy(asc(providers.name)),
    db
      .select()
      .from(providerEvaluations)
      .where(eq(providerEvaluations.providerId, id))
      .orderBy(desc(providerEvaluations.quarter)),
    caregiverFacts(db, [id]),
  ]);
  const cert = certificationRate(facts, today, rules.qualificationKinds, rules.certificationTargetPercent);
  return {
    ...toListItem(row),
    legalRepresentative: row.p.legalRepresentative,
    address: row.p.address,
    lng: row.p.lng,
    lat: row.p.lat,
    description: row.p.description,
    reviewNote: row.p.reviewNote,
    reviewedAt: row.p.reviewedAt?.toISOString() ?? null,
    licences: licences.map((l) => ({
      id: l.id,
      kind: l.kind as LicenceKind,
      number: l.number,
      issuer: l.issuer,
      validFrom: l.validFrom,
      validUntil: l.validUntil,
      expiry: expiryState(l.validUntil, today, rules.alertDays),
    })),
    archivedLicences: archived.map(({ l, archivedByName }) => ({
      id: l.id,
      kind: l.kind as LicenceKind,
      number: l.number,
      issuer: l.issuer,
      validFrom: l.validFrom,
      validUntil: l.validUntil,
      archivedAt: l.archivedAt!.toISOString(),
      archivedByName,
      archiveReason: l.archiveReason ?? '',
    })),
    pendingChange: changes.find((c) => c.state === 'pending') ?? null,
    changes: changes.filter((c) => c.state !== 'pending'),
    agreements: agreements.map(({ a, signerName, signerLevel }) => {
      const state = agreementState(a, today);
      // The signing party (各街道要与养老服务组织签订服务协议, 002 第5篇 L295): a street, or the district
      // (also for agreements made before streets could sign, which have none recorded).
      const byStreet = signerLevel === 'street';
      return {
        signedByRegionId: a.signedByRegionId,
        signedByLevel: byStreet ? ('street' as const) : ('district' as const),
        signedBy: byStreet ? signerName! : '区民政局',
        id: a.id,
        number: a.number,
        signedOn: a.signedOn,
        startDate: a.startDate,
        endDate: a.endDate,
        stored: a.status,
        state,
        statusReason: a.statusReason,
        daysLeft:
          state === 'active' || state === 'suspended' || state === 'not_started' ? daysBetween(today, a.endDate) : null,
      };
    }),
    items: items.map((i) => ({ ...i, categoryCode: i.categoryCode as ServiceCategory })),
    points: points.map(({ s, regionName }) => ({
      id: s.id,
      name: s.name,
      address: s.address,
      regionId: s.regionId,
      regionName,
      lng: s.lng,
      lat: s.lat,
      areaKind: s.areaKind,
      agreedRadiusM: s.agreedRadiusM,
      radiusM: s.radiusM,
      polygon: s.polygon ?? null,
      active: s.active,
    })),
    affiliates,
    certification: { ...cert, targetPercent: rules.certificationTargetPercent },
    evaluations: evaluations.map((e) => ({
      id: e.id,
      quarter: e.quarter,
      score: e.score,
      reason: e.reason,
      factor: e.factor,
      inputs: e.inputs as RatingInputs,
      points: e.points as { pointId: number; name: string; before: number; after: number }[],
      createdAt: e.createdAt.toISOString(),
    })),
  };
}

/** The detail as of the server's date, under the provider rules in force that day. */
export async function providerDetailToday(tx: DbOrTx, scope: Scope, id: number, clock: () => Date) {
  const today = shanghaiDate(clock());
  return providerDetail(tx, scope, id, today, (await rulesOn(tx, today)).params);
}
