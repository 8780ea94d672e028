// The facts dispatch decides on, loaded for one order: which providers may serve the elder's
// home that day, their caregivers with certificates, each caregiver's bookings that day and
// starting point, who refused this order already, and how the elder rated caregivers before.
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { inTurn } from '../../db/in-turn.js';
import type { DbOrTx } from '../../db/client.js';
import {
  caregiverCertificates,
  caregivers,
  orderEvents,
  orders,
  ratings,
  replacementCases,
  servicePoints,
} from '../../db/schema.js';
import { HOLDS_CAREGIVER } from '../../../core/orders/workflow.js';
import type { DispatchCaregiver, DispatchOrder, RatingHistory } from '../../../core/dispatch/candidates.js';
import { DEFAULT_PROVIDER_RULES } from '../../../core/providers/rules.js';
import type { CertificateKind } from '../../../core/caregivers/certificates.js';
import { providersCovering } from '../providers/coverage.js';
import { isoWeekday } from '../../../core/plans/occurrences.js';
import { blocksDispatch } from '../feedback/replacement-check.js';

type OrderRow = typeof orders.$inferSelect;
const DAY_MS = 86_400_000;
/** Minutes after midnight in Shanghai. */
export const shanghaiMinute = (d: Date) =>
  Math.floor(((((d.getTime() + 8 * 3_600_000) % DAY_MS) + DAY_MS) % DAY_MS) / 60_000);

export async function dispatchFacts(db: DbOrTx, o: OrderRow, needs: { skills: string[]; certificates: string[] }) {
  const location = { lng: o.lng!, lat: o.lat! };
  const covering = await providersCovering(db, location, o.serviceDate);
  const providerIds = covering.map((c) => c.providerId);
  const [refused, replacing, rated] = await inTurn(
    db
      .select({ caregiverId: orderEvents.caregiverId })
      .from(orderEvents)
      .where(and(eq(orderEvents.orderId, o.id), inArray(orderEvents.action, ['refuse', 'expire']))),
    // A caregiver replaced for this elder (the street verified the case) is not sent to her.
    db
      .select({ caregiverId: replacementCases.caregiverId })
      .from(replacementCases)
      .where(and(eq(replacementCases.elderId, o.elderId), blocksDispatch())),
    db
      .select({ caregiverId: ratings.caregiverId, level: ratings.level })
      .from(ratings)
      .where(eq(ratings.elderId, o.elderId)),
  );
  // The elder's mean rating of each caregiver, on the rating scale, for continuity.
  const sums = new Map<number, { points: number; n: number }>();
  for (const r of rated) {
    const s = sums.get(r.caregiverId) ?? { points: 0, n: 0 };
    sums.set(r.caregiverId, { points: s.points + DEFAULT_PROVIDER_RULES.levelScores[r.level], n: s.n + 1 });
  }
  const history: RatingHistory = new Map([...sums].map(([id, s]) => [`${id}:${o.elderId}`, s.points / s.n]));
  const startMinute = shanghaiMinute(o.startAt);
  const order: DispatchOrder = {
    id: o.id,
    elderId: o.elderId,
    location,
    date: o.serviceDate,
    weekday: isoWeekday(o.serviceDate),
    startMinute,
    endMinute: startMinute + Math.round((o.endAt.getTime() - o.startAt.getTime()) / 60_000),
    skills: needs.skills,
    certificates: needs.certificates,
    providers: new Set(providerIds),
    excluded: new Set(
      [...refused.map((r) => r.caregiverId), ...replacing.map((r) => r.caregiverId)].filter(
        (x): x is number => x !== null,
      ),
    ),
  };
  if (providerIds.length === 0)
    return { order, caregivers: [] as DispatchCaregiver[], names: new Map<number, string>(), history };
  const [cs, points] = await inTurn(
    db
      .select()
      .from(caregivers)
      .where(and(inArray(caregivers.providerId, providerIds), eq(caregivers.status, 'active'))),
    db
      .select()
      .from(servicePoints)
      .where(and(inArray(servicePoints.providerId, providerIds), eq(servicePoints.active, true))),
  );
  const ids = cs.map((c) => c.id);
  const [certs, booked] = ids.length
    ? await inTurn(
        db
          .select()
          .from(caregiverCertificates)
          .where(and(inArray(caregiverCertificates.caregiverId, ids), isNull(caregiverCertificates.archivedAt))),
        db
          .select()
          .from(orders)
          .where(
            and(
              inArray(orders.caregiverId, ids),
              eq(orders.serviceDate, o.serviceDate),
              inArray(orders.state, [...HOLDS_CAREGIVER]),
            ),
          ),
      )
    : [[], []];
  const list: DispatchCaregiver[] = cs.map((c) => {
    const point = points.find((p) => p.providerId === c.providerId);
    return {
      id: c.id,
      providerId: c.providerId,
      status: c.status,
      skills: c.skills,
      workDays: c.workDays,
      workStart: c.workStart,
      workEnd: c.workEnd,
      certificates: certs
        .filter((x) => x.caregiverId === c.id)
        .map((x) => ({ kind: x.kind as CertificateKind, issuedOn: x.issuedOn, validUntil: x.validUntil })),
      base:
        c.homeLng !== null && c.homeLat !== null
          ? { lng: c.homeLng, lat: c.homeLat }
          : { lng: point?.lng ?? location.lng, lat: point?.lat ?? location.lat },
      bookings: booked
        .filter((b) => b.caregiverId === c.id && b.id !== o.id && b.lng !== null && b.lat !== null)
        .map((b) => {
          const s = shanghaiMinute(b.startAt);
          return {
            startMinute: s,
            endMinute: s + Math.round((b.endAt.getTime() - b.startAt.getTime()) / 60_000),
            location: { lng: b.lng!, lat: b.lat! },
          };
        }),
    };
  });
  return { order, caregivers: list, names: new Map(cs.map((c) => [c.id, c.name])), history };
}
