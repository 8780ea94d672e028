// Plane-free geometry on WGS-84 coordinates: distances along the earth's surface and the
// service areas of providers (a circle around a point, or a polygon drawn on the map).

export interface LngLat {
  lng: number;
  lat: number;
}
/** A ring as [lng, lat] pairs; closed means its last point repeats its first. */
export type Ring = [number, number][];

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (d: number) => (d * Math.PI) / 180;

export function haversineMeters(a: LngLat, b: LngLat): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Ray casting; a district is small enough for lng/lat to be treated as a plane. */
export function pointInRing(p: LngLat, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > p.lat !== yj > p.lat && p.lng < ((xj - xi) * (p.lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export type PolygonProblem = 'too_few_points' | 'not_closed' | 'self_intersecting' | 'zero_area' | 'out_of_range';

function cross(o: [number, number], a: [number, number], b: [number, number]) {
  return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

function segmentsCross(p1: [number, number], p2: [number, number], q1: [number, number], q2: [number, number]) {
  const d1 = cross(q1, q2, p1),
    d2 = cross(q1, q2, p2),
    d3 = cross(p1, p2, q1),
    d4 = cross(p1, p2, q2);
  return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

export function ringArea(ring: Ring): number {
  let s = 0;
  for (let i = 0; i < ring.length - 1; i++) s += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return Math.abs(s) / 2;
}

export function polygonProblem(ring: Ring): PolygonProblem | null {
  if (ring.some(([lng, lat]) => !(lng >= 73 && lng <= 136 && lat >= 3 && lat <= 54))) return 'out_of_range';
  if (ring.length < 4) return 'too_few_points';
  const [f, l] = [ring[0], ring[ring.length - 1]];
  if (f[0] !== l[0] || f[1] !== l[1]) return 'not_closed';
  const n = ring.length - 1;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      // Neighbouring edges share a point; that is not a crossing.
      if (j === i + 1 || (i === 0 && j === n - 1)) continue;
      if (segmentsCross(ring[i], ring[i + 1], ring[j], ring[j + 1])) return 'self_intersecting';
    }
  }
  if (ringArea(ring) === 0) return 'zero_area';
  return null;
}

export type ServiceArea = { kind: 'radius'; center: LngLat; radiusM: number } | { kind: 'polygon'; ring: Ring };

export function areaContains(area: ServiceArea, p: LngLat): boolean {
  return area.kind === 'radius' ? haversineMeters(area.center, p) <= area.radiusM : pointInRing(p, area.ring);
}
