// Which providers may serve a place on a date: approved, an agreement in force, and an active
// service point whose area contains the place. The registry uses it now; dispatch will too.
import { and, eq, gte, inArray, lte } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { providerAgreements, providers, servicePoints } from '../../db/schema.js';
import { areaContains, haversineMeters, type LngLat, type ServiceArea } from '../../../core/geo/geo.js';

export interface Covering {
  providerId: number;
  nearestPointM: number;
}

export function pointArea(s: typeof servicePoints.$inferSelect): ServiceArea {
  return s.areaKind === 'radius'
    ? { kind: 'radius', center: { lng: s.lng, lat: s.lat }, radiusM: s.radiusM ?? 0 }
    : { kind: 'polygon', ring: s.polygon ?? [] };
}

export async function providersCovering(db: DbOrTx, place: LngLat, date: string): Promise<Covering[]> {
  const serving = db
    .selectDistinct({ id: providerAgreements.providerId })
    .from(providerAgreements)
    .where(
      and(
        eq(providerAgreements.status, 'active'),
        lte(providerAgreements.startDate, date),
        gte(providerAgreements.endDate, date),
      ),
    );
  const points = await db
    .select({ s: servicePoints })
    .from(servicePoints)
    .innerJoin(providers, eq(providers.id, servicePoints.providerId))
    .where(and(eq(servicePoints.active, true), eq(providers.status, 'approved'), inArray(providers.id, serving)));
  const best = new Map<number, number>();
  for (const { s } of points) {
    if (!areaContains(pointArea(s), place)) continue;
    const d = Math.round(haversineMeters({ lng: s.lng, lat: s.lat }, place));
    const prev = best.get(s.providerId);
    if (prev === undefined || d < prev) best.set(s.providerId, d);
  }
  return [...best].map(([providerId, nearestPointM]) => ({ providerId, nearestPointM }));
}
