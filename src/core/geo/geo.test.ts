import { describe, expect, it } from 'vitest';
import { areaContains, haversineMeters, pointInRing, polygonProblem, type Ring } from './geo.js';

const square: Ring = [
  [103.8, 36.05],
  [103.82, 36.05],
  [103.82, 36.07],
  [103.8, 36.07],
  [103.8, 36.05],
];

describe('geometry', () => {
  it('measures distances on the earth', () => {
    // One degree of latitude is about 111.2 km everywhere.
    expect(haversineMeters({ lng: 103.8, lat: 36 }, { lng: 103.8, lat: 37 })).toBeCloseTo(111_195, -2);
    // Lanzhou to Beijing, about 1,185 km as the crow flies.
    expect(haversineMeters({ lng: 103.834, lat: 36.061 }, { lng: 116.407, lat: 39.904 }) / 1000).toBeCloseTo(1185, -1);
    expect(haversineMeters({ lng: 103.8, lat: 36 }, { lng: 103.8, lat: 36 })).toBe(0);
  });
  it('tells inside from outside a polygon', () => {
    expect(pointInRing({ lng: 103.81, lat: 36.06 }, square)).toBe(true);
    expect(pointInRing({ lng: 103.83, lat: 36.06 }, square)).toBe(false);
    expect(areaContains({ kind: 'polygon', ring: square }, { lng: 103.81, lat: 36.051 })).toBe(true);
  });
  it('tells inside from outside a radius', () => {
    const area = { kind: 'radius' as const, center: { lng: 103.8, lat: 36 }, radiusM: 1000 };
    expect(areaContains(area, { lng: 103.8, lat: 36.0089 })).toBe(true); // ~990 m
    expect(areaContains(area, { lng: 103.8, lat: 36.0091 })).toBe(false); // ~1,012 m
  });
  it('refuses polygons that are not closed, too small, crossed or flat', () => {
    expect(polygonProblem(square)).toBeNull();
    expect(polygonProblem(square.slice(0, 4))).toBe('not_closed');
    expect(
      polygonProblem([
        [103.8, 36],
        [103.9, 36],
        [103.8, 36],
      ]),
    ).toBe('too_few_points');
    expect(
      polygonProblem([
        [103.8, 36.05],
        [103.82, 36.07],
        [103.82, 36.05],
        [103.8, 36.07],
        [103.8, 36.05],
      ]),
    ).toBe('self_intersecting');
    expect(
      polygonProblem([
        [103.8, 36],
        [103.9, 36],
        [104.0, 36],
        [103.8, 36],
      ]),
    ).toBe('zero_area');
    expect(
      polygonProblem([
        [10, 36],
        [103.9, 36],
        [103.9, 37],
        [10, 36],
      ]),
    ).toBe('out_of_range');
  });
});
