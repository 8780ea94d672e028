// Who may take an order, and how well: the caregivers of providers whose service area holds
// the elder's home, with the skills and valid certificates the items need, at work at that time
// and free of other orders (travel included). Scored by the distance from where the caregiver
// will be — the previous order's place that day, else home — by the day's workload, and by
// continuity with an elder who rated the caregiver well.
import { dispatchBlockers, type Certificate, type CaregiverStatus } from '../caregivers/certificates.js';
import { haversineMeters, type LngLat } from '../geo/geo.js';
import { CERTIFICATE_LABELS, SKILL_LABELS } from '../../shared/service-labels.js';

// The dispatcher reads these reasons: certificates and skills by their Chinese names.
const labels = {
  skill: (s: string) => SKILL_LABELS[s as keyof typeof SKILL_LABELS] ?? s,
  certificate: (k: string) => CERTIFICATE_LABELS[k as keyof typeof CERTIFICATE_LABELS] ?? k,
};

/** Instants are minutes since the epoch in local time's frame: only differences matter. */
export interface DispatchOrder {
  id: number;
  elderId: number;
  location: LngLat;
  date: string;
  /** ISO weekday of `date`, 1 (Monday) to 7. */
  weekday: number;
  /** Minutes after midnight of `date`. */
  startMinute: number;
  endMinute: number;
  skills: readonly string[];
  certificates: readonly string[];
  /** Providers allowed to serve the elder's home on the day (area, approval, agreement). */
  providers: ReadonlySet<number>;
  /** Caregivers not to send: those who refused this order, or under a replacement case with the elder. */
  excluded: ReadonlySet<number>;
}

export interface Booking {
  startMinute: number;
  endMinute: number;
  location: LngLat;
}

export interface DispatchCaregiver {
  id: number;
  providerId: number;
  status: CaregiverStatus;
  skills: readonly string[];
  certificates: readonly Pick<Certificate, 'kind' | 'issuedOn' | 'validUntil'>[];
  workDays: readonly number[];
  workStart: string;
  workEnd: string;
  /** Where the day starts: home, or the provider's service point when home is unknown. */
  base: LngLat;
  /** The day's orders already held, any order. */
  bookings: readonly Booking[];
}

export interface DispatchWeights {
  /** Score per kilometre travelled to the elder. */
  perKm: number;
  /** Score per hour already booked that day (spreads the work). */
  perBookedHour: number;
  /** Taken off for a caregiver the elder rated at least `continuityMinScore` before. */
  continuityBonus: number;
  continuityMinScore: number;
  /** Travel speed for the gaps between orders, km/h. */
  speedKmh: number;
}
export const DEFAULT_DISPATCH_WEIGHTS: DispatchWeights = {
  perKm: 1,
  perBookedHour: 0.5,
  continuityBonus: 2,
  continuityMinScore: 85,
  speedKmh: 15,
};

/** How the elder rated a caregiver before (mean score 0-100), by `${caregiverId}:${elderId}`. */
export type RatingHistory = ReadonlyMap<string, number>;

export interface Candidate {
  caregiverId: number;
  providerId: number;
  from: LngLat;
  distanceM: number;
  score: number;
  continuity: boolean;
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const travelMinutes = (a: LngLat, b: LngLat, speedKmh: number) =>
  Math.ceil((haversineMeters(a, b) / 1000 / speedKmh) * 60);

/** Why a caregiver cannot take an order, or [] when it can. */
export function unfitReasons(o: DispatchOrder, c: DispatchCaregiver, w: DispatchWeights): string[] {
  if (!o.providers.has(c.providerId)) return ['所属机构的服务区域不含老人住址，或机构当日不能服务'];
  if (o.excluded.has(c.id)) return ['已拒单或对该老人有更换服务人员记录'];
  const blockers = dispatchBlockers(c, o.date, { skills: o.skills, certificates: o.certificates }, labels);
  if (blockers.length) return blockers;
  if (!c.workDays.includes(o.weekday)) return ['当天不上班'];
  if (o.startMinute < minutesOf(c.workStart) || o.endMinute > minutesOf(c.workEnd)) return ['不在工作时间内'];
  for (const b of c.bookings) {
    // Before the booking there must be time to get there, and after it time to come here.
    const fitsBefore = o.endMinute + travelMinutes(o.location, b.location, w.speedKmh) <= b.startMinute;
    const fitsAfter = b.endMinute + travelMinutes(b.location, o.location, w.speedKmh) <= o.startMinute;
    if (!fitsBefore && !fitsAfter) return ['与已派工单时间冲突'];
  }
  return [];
}

/** The place the caregiver comes from: the last booking that ends before the order, else the base. */
export function comingFrom(
  o: Pick<DispatchOrder, 'startMinute'>,
  c: Pick<DispatchCaregiver, 'base' | 'bookings'>,
): LngLat {
  let last: Booking | null = null;
  for (const b of c.bookings) if (b.endMinute <= o.startMinute && (!last || b.endMinute > last.endMinute)) last = b;
  return last?.location ?? c.base;
}

export function score(o: DispatchOrder, c: DispatchCaregiver, w: DispatchWeights, history: RatingHistory): Candidate {
  const from = comingFrom(o, c);
  const distanceM = haversineMeters(from, o.location);
  const bookedHours = c.bookings.reduce((s, b) => s + (b.endMinute - b.startMinute), 0) / 60;
  const rated = history.get(`${c.id}:${o.elderId}`);
  const continuity = rated !== undefined && rated >= w.continuityMinScore;
  return {
    caregiverId: c.id,
    providerId: c.providerId,
    from,
    distanceM: Math.round(distanceM),
    continuity,
    score: (distanceM / 1000) * w.perKm + bookedHours * w.perBookedHour - (continuity ? w.continuityBonus : 0),
  };
}

/** Every caregiver who may take the order, best first. */
export function candidatesFor(
  o: DispatchOrder,
  caregivers: readonly DispatchCaregiver[],
  w: DispatchWeights,
  history: RatingHistory = new Map(),
): Candidate[] {
  return caregivers
    .filter((c) => unfitReasons(o, c, w).length === 0)
    .map((c) => score(o, c, w, history))
    .sort((a, b) => a.score - b.score || a.distanceM - b.distanceM || a.caregiverId - b.caregiverId);
}

/** Instant dispatch: the best candidate for one order, or null. */
export function chooseCaregiver(
  o: DispatchOrder,
  caregivers: readonly DispatchCaregiver[],
  w: DispatchWeights,
  history?: RatingHistory,
): Candidate | null {
  return candidatesFor(o, caregivers, w, history)[0] ?? null;
}
