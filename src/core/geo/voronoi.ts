// Plausible region boundaries from region centres, for a demo (or a first draft before the
// real boundaries are uploaded): the Voronoi cell of each centre inside an outline, and the
// union of cells (a street as its communities' cells). Plane geometry on lng/lat: within a
// district the distortion does not matter for a drawing. Rings are [lng, lat], closed.
import type { Ring } from './geo.js';

type Pt = [number, number];

const EPS = 1e-9;
// About a centimetre in degrees.
const SNAP = 1e-7;

/** Signed area: positive when the ring runs counter-clockwise (lng east, lat north). */
export function signedArea(ring: Ring): number {
  if (!ring.length) return 0;
  // Relative to the first vertex: products of small numbers, so a sliver's area comes out ~0.
  const [ox, oy] = ring[0];
  let s = 0;
  for (let i = 0; i < ring.length - 1; i++)
    s += (ring[i][0] - ox) * (ring[i + 1][1] - oy) - (ring[i + 1][0] - ox) * (ring[i][1] - oy);
  return s / 2;
}

const close = (pts: Pt[]): Ring => (pts.length ? [...pts, [pts[0][0], pts[0][1]]] : []);
const open = (ring: Ring): Pt[] => ring.slice(0, -1).map(([x, y]) => [x, y]);

/** Convex hull (Andrew's monotone chain), counter-clockwise, closed. */
export function convexHull(points: Pt[]): Ring {
  const p = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (p.length < 3) return close(p);
  const cross = (o: Pt, a: Pt, b: Pt) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: Pt[] = [];
  for (const q of p) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], q) <= 0) lower.pop();
    lower.push(q);
  }
  const upper: Pt[] = [];
  for (const q of [...p].reverse()) {
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], q) <= 0) upper.pop();
    upper.push(q);
  }
  return close([...lower.slice(0, -1), ...upper.slice(0, -1)]);
}

/** A convex ring scaled about its vertices' mean (stays convex, contains the original when factor ≥ 1). */
export function scaleRing(ring: Ring, factor: number): Ring {
  const pts = open(ring);
  const cx = pts.reduce((s, p) => s + p[0], 0) / pts.length;
  const cy = pts.reduce((s, p) => s + p[1], 0) / pts.length;
  return close(pts.map(([x, y]) => [cx + (x - cx) * factor, cy + (y - cy) * factor]));
}

/** Keeps the part of a polygon where `a·p ≤ c` (Sutherland–Hodgman against one half-plane). */
function clipHalfPlane(poly: Pt[], ax: number, ay: number, c: number): Pt[] {
  const out: Pt[] = [];
  const side = (p: Pt) => ax * p[0] + ay * p[1] - c;
  for (let i = 0; i < poly.length; i++) {
    const cur = poly[i];
    const prev = poly[(i + poly.length - 1) % poly.length];
    const sc = side(cur);
    const sp = side(prev);
    if (sc <= 0) {
      if (sp > 0) out.push(intersect(prev, cur, sp, sc));
      out.push(cur);
    } else if (sp <= 0) out.push(intersect(prev, cur, sp, sc));
  }
  return out;
}

function intersect(a: Pt, b: Pt, sa: number, sb: number): Pt {
  const t = sa / (sa - sb);
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
}

/**
 * The Voronoi cell of each site inside a convex outline: the points of the outline nearer to
 * that site than to any other. The cells tile the outline. Sites sharing a position share a
 * cell (the first gets it, the others an empty ring).
 */
export function voronoiCells(sites: Pt[], outline: Ring): Ring[] {
  const base = open(outline);
  if (signedArea(outline) < 0) base.reverse();
  return sites.map((s, i) => {
    let cell = base;
    for (let j = 0; j < sites.length && cell.length; j++) {
      if (j === i) continue;
      const o = sites[j];
      if (Math.abs(o[0] - s[0]) < EPS && Math.abs(o[1] - s[1]) < EPS) {
        if (j < i) cell = [];
        continue;
      }
      // Nearer to s than to o: (o − s)·p ≤ (|o|² − |s|²) / 2.
      const ax = o[0] - s[0];
      const ay = o[1] - s[1];
      cell = clipHalfPlane(cell, ax, ay, (o[0] ** 2 + o[1] ** 2 - s[0] ** 2 - s[1] ** 2) / 2);
    }
    return cell.length >= 3 ? close(dedupe(cell)) : [];
  });
}

function dedupe(pts: Pt[]): Pt[] {
  const out: Pt[] = [];
  for (const p of pts) {
    const last = out[out.length - 1];
    if (!last || Math.abs(last[0] - p[0]) > EPS || Math.abs(last[1] - p[1]) > EPS) out.push(p);
  }
  while (
    out.length > 1 &&
    Math.abs(out[0][0] - out[out.length - 1][0]) <= EPS &&
    Math.abs(out[0][1] - out[out.length - 1][1]) <= EPS
  )
    out.pop();
  return out;
}

/**
 * The union of cells that tile a plane region without overlapping (cells of one Voronoi
 * diagram): edges two cells share cancel, the rest chain into rings. Counter-clockwise rings
 * are outer boundaries, clockwise ones holes; each hole goes to the outer ring containing it.
 * Returns polygons as GeoJSON writes them: [outer, ...holes][].
 */
export function unionCells(cells: Ring[]): Ring[][] {
  // One id per position, merging positions computed apart by rounding noise: a vertex where
  // bisectors meet at a narrow angle comes out of two cells' clipping up to millimetres apart.
  const vertices: Pt[] = [];
  const idOf = (p: Pt) => {
    const found = vertices.findIndex((v) => Math.abs(v[0] - p[0]) < SNAP && Math.abs(v[1] - p[1]) < SNAP);
    if (found >= 0) return found;
    vertices.push(p);
    return vertices.length - 1;
  };
  // Net count of each undirected edge: a shared edge runs once each way and cancels.
  const net = new Map<string, number>();
  for (const cell of cells) {
    if (cell.length < 4 || Math.abs(signedArea(cell)) < 1e-14) continue;
    const pts = open(cell);
    if (signedArea(cell) < 0) pts.reverse();
    const ids = pts.map(idOf);
    for (let i = 0; i < ids.length; i++) {
      const a = ids[i];
      const b = ids[(i + 1) % ids.length];
      if (a === b) continue;
      const key = a < b ? `${a}>${b}` : `${b}>${a}`;
      net.set(key, (net.get(key) ?? 0) + (a < b ? 1 : -1));
    }
  }
  const edges: [number, number][] = [];
  for (const [key, n] of net) {
    const [lo, hi] = key.split('>').map(Number);
    for (let k = 0; k < Math.abs(n); k++) edges.push(n > 0 ? [lo, hi] : [hi, lo]);
  }
  const outgoing = new Map<number, number[]>();
  edges.forEach(([a], i) => outgoing.set(a, [...(outgoing.get(a) ?? []), i]));
  const rings: Ring[] = [];
  const used = new Set<number>();
  for (let first = 0; first < edges.length; first++) {
    if (used.has(first)) continue;
    const start = edges[first][0];
    const ids: number[] = [];
    let at = start;
    let guard = edges.length + 1;
    do {
      const next = (outgoing.get(at) ?? []).find((i) => !used.has(i));
      if (next === undefined) break;
      used.add(next);
      ids.push(at);
      at = edges[next][1];
    } while (at !== start && guard-- > 0);
    if (ids.length < 3) continue;
    const ring = close(dropCollinear(ids.map((i) => vertices[i])));
    // A sliver left by rounding is no boundary.
    if (Math.abs(signedArea(ring)) > 1e-14) rings.push(ring);
  }
  const outers = rings.filter((r) => signedArea(r) > 0);
  const holes = rings.filter((r) => signedArea(r) < 0);
  const polygons: Ring[][] = outers.map((o) => [o]);
  for (const h of holes) {
    const owner = polygons.find(([o]) => contains(o, h[0]));
    if (owner) owner.push(h);
  }
  return polygons;
}

function dropCollinear(pts: Pt[]): Pt[] {
  const out = pts.filter((p, i) => {
    const a = pts[(i + pts.length - 1) % pts.length];
    const b = pts[(i + 1) % pts.length];
    return Math.abs((p[0] - a[0]) * (b[1] - a[1]) - (p[1] - a[1]) * (b[0] - a[0])) > 1e-14;
  });
  return out.length >= 3 ? out : pts;
}

function contains(ring: Ring, [x, y]: Pt): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
