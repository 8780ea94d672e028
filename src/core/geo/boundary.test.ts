import { describe, expect, it } from 'vitest';
import { BOUNDARY_MAX_POINTS, parseBoundary } from './boundary.js';

const ring = [
  [103.8, 36.05],
  [103.82, 36.05],
  [103.82, 36.07],
  [103.8, 36.07],
  [103.8, 36.05],
];
const polygon = { type: 'Polygon', coordinates: [ring] };

const problems = (doc: unknown) => {
  const r = parseBoundary(doc);
  return r.ok ? [] : r.problems;
};

describe('uploaded region boundaries', () => {
  it('takes a geometry, a Feature or a FeatureCollection of one, normalised to the geometry', () => {
    for (const doc of [
      polygon,
      { type: 'Feature', properties: { name: 'x' }, geometry: polygon },
      { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: polygon }] },
    ]) {
      const r = parseBoundary(doc);
      expect(r.ok && r.geometry).toEqual({ type: 'Polygon', coordinates: [ring] });
    }
  });

  it('takes a MultiPolygon, drops altitude and rounds to 7 decimals', () => {
    const r = parseBoundary({
      type: 'MultiPolygon',
      coordinates: [[ring.map(([x, y]) => [x + 1e-9, y, 1520])], [ring.map(([x, y]) => [x + 0.1, y])]],
    });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.geometry.coordinates[0]).toEqual([ring]);
      expect(r.points).toBe(10);
    }
  });

  it('names the place of each problem', () => {
    expect(problems({ type: 'Point', coordinates: [103, 36] })).toEqual([{ field: 'type', code: 'not_polygon' }]);
    expect(problems({ type: 'FeatureCollection', features: [] })).toEqual([
      { field: 'features', code: 'feature_count', count: 0 },
    ]);
    expect(problems({ type: 'Feature', geometry: null })).toEqual([{ field: 'geometry', code: 'no_geometry' }]);
    expect(
      problems({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'LineString' } }] }),
    ).toEqual([{ field: 'features[0].geometry.type', code: 'not_polygon' }]);
    const open = { type: 'Polygon', coordinates: [ring.slice(0, 4)] };
    expect(problems(open)).toEqual([{ field: 'coordinates[0]', code: 'not_closed', count: 4 }]);
    const swapped = { type: 'Polygon', coordinates: [ring.map(([x, y]) => [y, x])] };
    expect(problems(swapped)).toEqual([{ field: 'coordinates[0][0]', code: 'swapped' }]);
    const paris = { type: 'Polygon', coordinates: [ring.map(([x, y]) => [x - 101.5, y + 12.8])] };
    expect(problems(paris)).toEqual([{ field: 'coordinates[0][0]', code: 'outside_china' }]);
    const bad = { type: 'Polygon', coordinates: [[...ring.slice(0, 2), ['103.8', 36], ...ring.slice(2)]] };
    expect(problems(bad)).toEqual([{ field: 'coordinates[0][2]', code: 'bad_position' }]);
    const bow = {
      type: 'Polygon',
      coordinates: [
        [
          [103.8, 36.05],
          [103.82, 36.07],
          [103.82, 36.05],
          [103.8, 36.07],
          [103.8, 36.05],
        ],
      ],
    };
    expect(problems(bow)).toEqual([{ field: 'coordinates[0]', code: 'self_intersecting', count: 5 }]);
    expect(problems('not json object')).toEqual([{ field: 'body', code: 'not_object' }]);
  });

  it('refuses more than the point limit before walking any ring', () => {
    const n = BOUNDARY_MAX_POINTS + 1;
    const big = Array.from({ length: n }, (_, i) => {
      const a = (2 * Math.PI * i) / (n - 1);
      return [103.8 + 0.05 * Math.cos(a), 36.05 + 0.05 * Math.sin(a)];
    });
    expect(problems({ type: 'Polygon', coordinates: [big] })).toEqual([
      { field: 'coordinates', code: 'too_many_points', count: n },
    ]);
    expect(parseBoundary({ type: 'Polygon', coordinates: [big.slice(1)] }).ok).toBe(false); // not closed
  });
});
