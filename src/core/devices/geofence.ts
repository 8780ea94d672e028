// Safe zones as circles around a point (WGS-84), and the wandering rule: an elder flagged with
// dementia whose device reports a position outside all of the elder's zones, having been inside
// before (or with no earlier fix to compare), raises one alert — not one a minute while away.

import { haversineMeters } from '../geo/geo.js';

export interface LatLng {
  lat: number;
  lng: number;
}
export interface Circle extends LatLng {
  radiusM: number;
}

/** Distance in metres (the product's one haversine). */
export const distanceM = (a: LatLng, b: LatLng) => haversineMeters(a, b);

export const insideCircle = (p: LatLng, c: Circle) => distanceM(p, c) <= c.radiusM;
export const insideAny = (p: LatLng, zones: readonly Circle[]) => zones.some((z) => insideCircle(p, z));

/** The safe zone offered by default: the elder's home and this radius. */
export const DEFAULT_SAFE_ZONE_M = 500;
export const GEOFENCE_RADIUS_LIMITS = { min: 50, max: 5000 } as const;

/**
 * Whether this position starts a wandering alert. No zones: nothing to leave. Inside: no.
 * Outside: only if the previous fix was inside a zone or there was none — the following fixes
 * outside belong to the same absence.
 */
export function leftSafeZones(position: LatLng, previous: LatLng | null, zones: readonly Circle[]): boolean {
  if (zones.length === 0) return false;
  if (insideAny(position, zones)) return false;
  return previous === null || insideAny(previous, zones);
}
