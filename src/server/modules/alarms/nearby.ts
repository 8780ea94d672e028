// The caregivers nearest an alarm who could go now: the dispatch's own facts and ranking (the
// providers serving the place, caregivers at work and free for the next hour), asked for a
// visit starting now where the elder is.
import { inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { providers, type orders } from '../../db/schema.js';
import { dispatchFacts } from '../orders/dispatch-facts.js';
import { candidatesFor, DEFAULT_DISPATCH_WEIGHTS } from '../../../core/dispatch/candidates.js';
import { shanghaiDate } from '../../../shared/today.js';

const URGENT_VISIT_MS = 60 * 60_000;

export async function nearbyCaregivers(
  db: DbOrTx,
  p: { elderId: number; regionId: number; lat: number; lng: number },
  now: Date,
  limit = 5,
) {
  // Not an order: the shape dispatch reads, for a visit that would start now.
  const probe: typeof orders.$inferSelect = {
    id: 0,
    elderId: p.elderId,
    regionId: p.regionId,
    channel: 'phone',
    state: 'confirmed',
    serviceDate: shanghaiDate(now),
    startAt: now,
    endAt: new Date(now.getTime() + URGENT_VISIT_MS),
    address: '',
    lng: p.lng,
    lat: p.lat,
    notes: null,
    providerId: null,
    caregiverId: null,
    listFen: 0,
    programmeFen: 0,
    selfPayFen: 0,
    usage: {},
    programmes: {},
    drawnAt: null,
    classCode: null,
    idempotencyKey: null,
    idempotencyHash: null,
    planId: null,
    stateAt: now,
    verification: null,
    createdBy: 0,
    createdAt: now,
    updatedAt: now,
  };
  const facts = await dispatchFacts(db, probe, { skills: [], certificates: [] });
  const ranked = candidatesFor(facts.order, facts.caregivers, DEFAULT_DISPATCH_WEIGHTS, facts.history)
    .sort((a, b) => a.distanceM - b.distanceM)
    .slice(0, limit);
  if (!ranked.length) return [];
  const names = await db
    .select({ id: providers.id, name: providers.name })
    .from(providers)
    .where(
      inArray(
        providers.id,
        ranked.map((r) => r.providerId),
      ),
    );
  return ranked.map((r) => ({
    caregiverId: r.caregiverId,
    name: facts.names.get(r.caregiverId) ?? '',
    providerName: names.find((n) => n.id === r.providerId)?.name ?? '',
    distanceM: r.distanceM,
    lat: r.from.lat,
    lng: r.from.lng,
  }));
}
