// Plausible boundaries for the demo district, so its maps draw something without tiles: each
// community is the Voronoi cell of its centre inside an outline around all of them (the
// district's boundary), and each street the union of its communities' cells — so a community's
// centre lies in its own polygon and communities tile their street exactly. Deterministic:
// it depends only on the centres the demo gave its regions.
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { regions } from '../db/schema.js';
import { convexHull, scaleRing, unionCells, voronoiCells } from '../../core/geo/voronoi.js';
import type { Ring } from '../../core/geo/geo.js';

interface Centre {
  id: number;
  lng: number;
  lat: number;
}

// The outline reaches this much beyond the outermost communities' centres.
const OUTLINE_SCALE = 1.35;
const round7 = (r: Ring): Ring => r.map(([x, y]) => [Math.round(x * 1e7) / 1e7, Math.round(y * 1e7) / 1e7]);

function geometryOf(polygons: Ring[][]) {
  const rounded = polygons.map((p) => p.map(round7));
  return rounded.length === 1
    ? { type: 'Polygon' as const, coordinates: rounded[0] }
    : { type: 'MultiPolygon' as const, coordinates: rounded };
}

export async function loadDemoBoundaries(
  tx: DbOrTx,
  district: { id: number },
  streets: Centre[],
  communities: (Centre & { streetIndex: number })[],
) {
  const outline = scaleRing(convexHull(communities.map((c) => [c.lng, c.lat])), OUTLINE_SCALE);
  const cells = voronoiCells(
    communities.map((c) => [c.lng, c.lat]),
    outline,
  );
  const updates: { id: number; boundary: unknown }[] = [{ id: district.id, boundary: geometryOf([[outline]]) }];
  communities.forEach((c, i) => {
    if (cells[i].length) updates.push({ id: c.id, boundary: geometryOf([[cells[i]]]) });
  });
  streets.forEach((s, si) => {
    const mine = cells.filter((_, i) => communities[i].streetIndex === si);
    const polygons = unionCells(mine);
    if (polygons.length) updates.push({ id: s.id, boundary: geometryOf(polygons) });
  });
  for (const u of updates) await tx.update(regions).set({ boundary: u.boundary }).where(eq(regions.id, u.id));
}
