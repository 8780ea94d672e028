// A region boundary as an administrator uploads it (a .geojson file exported from a GIS tool):
// a Polygon or MultiPolygon geometry, or a Feature or FeatureCollection holding exactly one.
// Checked so that every problem names its place in the file, and normalised to a geometry with
// [lng, lat] positions (altitude dropped, 7 decimals ≈ 1 cm).
import { polygonProblem, type Ring } from './geo.js';

export type BoundaryGeometry =
  { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };

export const BOUNDARY_MAX_POINTS = 5000;

// China's extent with a margin; the same box the service areas use.
const LNG = [73, 136] as const;
const LAT = [3, 54] as const;

export type BoundaryProblemCode =
  | 'not_object'
  | 'unknown_type'
  | 'feature_count'
  | 'no_geometry'
  | 'not_polygon'
  | 'not_array'
  | 'empty'
  | 'bad_position'
  | 'swapped'
  | 'outside_china'
  | 'too_few_points'
  | 'not_closed'
  | 'self_intersecting'
  | 'zero_area'
  | 'too_many_points';

export interface BoundaryProblem {
  /** Where in the uploaded document, e.g. "features[0].geometry.coordinates[0][12]". */
  field: string;
  code: BoundaryProblemCode;
  /** For counts: how many were found. */
  count?: number;
}

type Result = { ok: true; geometry: BoundaryGeometry; points: number } | { ok: false; problems: BoundaryProblem[] };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const round7 = (n: number) => Math.round(n * 1e7) / 1e7;
const inRange = (v: number, [lo, hi]: readonly [number, number]) => v >= lo && v <= hi;

/** Finds the one polygon geometry in an uploaded document and where it sits. */
function geometryOf(doc: unknown): { at: string; geometry: Record<string, unknown> } | BoundaryProblem {
  if (!isObject(doc)) return { field: 'body', code: 'not_object' };
  if (doc.type === 'FeatureCollection') {
    const features = doc.features;
    if (!Array.isArray(features)) return { field: 'features', code: 'not_array' };
    if (features.length !== 1) return { field: 'features', code: 'feature_count', count: features.length };
    const inner = geometryOf(features[0]);
    if ('code' in inner) return { ...inner, field: `features[0].${inner.field}`.replace(/\.body$/, '') };
    return { at: `features[0].${inner.at}`, geometry: inner.geometry };
  }
  if (doc.type === 'Feature') {
    if (!isObject(doc.geometry)) return { field: 'geometry', code: 'no_geometry' };
    return { at: 'geometry.', geometry: doc.geometry };
  }
  if (typeof doc.type !== 'string') return { field: 'type', code: 'unknown_type' };
  return { at: '', geometry: doc };
}

function checkRing(raw: unknown, field: string, problems: BoundaryProblem[]): Ring | null {
  if (!Array.isArray(raw)) {
    problems.push({ field, code: 'not_array' });
    return null;
  }
  const ring: Ring = [];
  for (let i = 0; i < raw.length; i++) {
    const p = raw[i];
    const at = `${field}[${i}]`;
    if (!Array.isArray(p) || p.length < 2 || !p.slice(0, 2).every((v) => typeof v === 'number' && Number.isFinite(v))) {
      problems.push({ field: at, code: 'bad_position' });
      return null;
    }
    const [lng, lat] = p as number[];
    if (!inRange(lng, LNG) || !inRange(lat, LAT)) {
      // A file written [lat, lng] is the commonest mistake: say so rather than "outside China".
      problems.push({ field: at, code: inRange(lat, LNG) && inRange(lng, LAT) ? 'swapped' : 'outside_china' });
      return null;
    }
    ring.push([round7(lng), round7(lat)]);
  }
  const shape = polygonProblem(ring);
  if (shape && shape !== 'out_of_range') {
    problems.push({ field, code: shape, count: ring.length });
    return null;
  }
  return ring;
}

function checkPolygon(raw: unknown, field: string, problems: BoundaryProblem[]): Ring[] | null {
  if (!Array.isArray(raw)) {
    problems.push({ field, code: 'not_array' });
    return null;
  }
  if (raw.length === 0) {
    problems.push({ field, code: 'empty' });
    return null;
  }
  const rings = raw.map((r, i) => checkRing(r, `${field}[${i}]`, problems));
  return rings.every((r): r is Ring => r !== null) ? rings : null;
}

const countPositions = (v: unknown): number =>
  Array.isArray(v) ? (typeof v[0] === 'number' ? 1 : v.reduce((s: number, x) => s + countPositions(x), 0)) : 0;

/** Checks an uploaded boundary; on success the normalised geometry and its number of points. */
export function parseBoundary(doc: unknown): Result {
  const found = geometryOf(doc);
  if ('code' in found) return { ok: false, problems: [found] };
  const { at, geometry } = found;
  const type = geometry.type;
  if (type !== 'Polygon' && type !== 'MultiPolygon')
    return { ok: false, problems: [{ field: `${at}type`, code: 'not_polygon' }] };
  const field = `${at}coordinates`;
  const points = countPositions(geometry.coordinates);
  // Counted before any ring is walked, so a huge file costs no self-intersection check.
  if (points > BOUNDARY_MAX_POINTS) return { ok: false, problems: [{ field, code: 'too_many_points', count: points }] };
  const problems: BoundaryProblem[] = [];
  if (type === 'Polygon') {
    const rings = checkPolygon(geometry.coordinates, field, problems);
    return rings ? { ok: true, geometry: { type, coordinates: rings }, points } : { ok: false, problems };
  }
  const raw = geometry.coordinates;
  if (!Array.isArray(raw) || raw.length === 0) {
    return { ok: false, problems: [{ field, code: Array.isArray(raw) ? 'empty' : 'not_array' }] };
  }
  const polygons = raw.map((p, i) => checkPolygon(p, `${field}[${i}]`, problems));
  return polygons.every((p): p is Ring[] => p !== null)
    ? { ok: true, geometry: { type, coordinates: polygons }, points }
    : { ok: false, problems };
}

/** The outer rings of a boundary (holes left out), for centres and bounds. */
export function outerRings(g: BoundaryGeometry): Ring[] {
  return g.type === 'Polygon' ? [g.coordinates[0]] : g.coordinates.map((p) => p[0]);
}
