// Will the caregiver make it? From her phone's last position and when it was taken, the elder's
// home, the order's start and the grace the console allows, at a plausible speed through town:
// an order is at risk when even the optimistic arrival — leaving from the last fix at once,
// straight-line distance stretched by a detour factor — falls after start + grace. Flagged so
// the console sees it before the elder waits. Pure: the caller passes now.
import { haversineMeters, type LngLat } from '../geo/geo.js';

/** The trip settings, in one place. */
export const TRIP_SETTINGS = {
  /** Average door-to-door speed in town (walking, e-bike, bus, traffic), km/h. */
  speedKmh: 20,
  /** Roads are longer than the straight line between two points. */
  detourFactor: 1.3,
  /** A phone's positions for one order are taken at most this often. */
  minIntervalSeconds: 15,
  /** A caregiver's phone reports a position at most this often while travelling. */
  reportEverySeconds: 30,
} as const;

export interface EtaInput {
  position: LngLat & { at: Date };
  home: LngLat;
  startAt: Date;
  graceMinutes: number;
  now: Date;
  speedKmh?: number;
  detourFactor?: number;
}

export interface Eta {
  /** Road distance estimated from the last position, metres. */
  distanceM: number;
  /** The earliest plausible arrival. */
  arrival: Date;
  /** When the visit counts as late: start + grace. */
  deadline: Date;
  /** Arrival after the deadline. */
  atRisk: boolean;
  /** Minutes after the deadline the caregiver would arrive (0 when in time). */
  lateMinutes: number;
}

export function estimateArrival(i: EtaInput): Eta {
  const speed = i.speedKmh ?? TRIP_SETTINGS.speedKmh;
  const detour = i.detourFactor ?? TRIP_SETTINGS.detourFactor;
  const distanceM = Math.round(haversineMeters(i.position, i.home) * detour);
  const travelMs = (distanceM / 1000 / speed) * 3_600_000;
  // She may have travelled since the fix, but not before it, and she cannot arrive in the past.
  const arrival = new Date(Math.max(i.now.getTime(), i.position.at.getTime() + travelMs));
  const deadline = new Date(i.startAt.getTime() + i.graceMinutes * 60_000);
  const lateMs = arrival.getTime() - deadline.getTime();
  return {
    distanceM,
    arrival,
    deadline,
    atRisk: lateMs > 0,
    lateMinutes: lateMs > 0 ? Math.ceil(lateMs / 60_000) : 0,
  };
}
