import { describe, expect, it } from 'vitest';
import { convexHull, scaleRing, signedArea, unionCells, voronoiCells } from './voronoi.js';
import { pointInRing, polygonProblem, ringArea, type Ring } from './geo.js';
import { seededRandom } from '../seeded-random.js';

const square: Ring = [
  [103.8, 36.0],
  [103.9, 36.0],
  [103.9, 36.1],
  [103.8, 36.1],
  [103.8, 36.0],
];

function randomSites(seed: number, n: number): [number, number][] {
  const r = seededRandom(seed);
  return Array.from({ length: n }, () => [103.81 + r.next() * 0.08, 36.01 + r.next() * 0.08]);
}

describe('convex hull and scaling', () => {
  it('hulls points counter-clockwise and leaves inner points out', () => {
    const hull = convexHull([
      [0, 0],
      [2, 0],
      [1, 1],
      [2, 2],
      [0, 2],
    ]);
    expect(hull).toEqual([
      [0, 0],
      [2, 0],
      [2, 2],
      [0, 2],
      [0, 0],
    ]);
    expect(signedArea(hull)).toBeGreaterThan(0);
  });

  it('scales about the centre', () => {
    const big = scaleRing(square, 2);
    expect(ringArea(big)).toBeCloseTo(ringArea(square) * 4, 10);
    expect(pointInRing({ lng: 103.85, lat: 36.05 }, big)).toBe(true);
  });
});

describe('Voronoi cells inside an outline', () => {
  it('tile the outline: areas add up, each site lies in its own cell and is nearest there', () => {
    const sites = randomSites(7, 25);
    const cells = voronoiCells(sites, square);
    const total = cells.reduce((s, c) => s + ringArea(c), 0);
    expect(total).toBeCloseTo(ringArea(square), 10);
    cells.forEach((cell, i) => {
      expect(polygonProblem(cell)).toBeNull();
      expect(pointInRing({ lng: sites[i][0], lat: sites[i][1] }, cell)).toBe(true);
      // Every vertex is at least as near to its site as to any other.
      for (const [x, y] of cell) {
        const d = (s: [number, number]) => (s[0] - x) ** 2 + (s[1] - y) ** 2;
        expect(Math.min(...sites.map(d))).toBeGreaterThanOrEqual(d(sites[i]) - 1e-10);
      }
    });
  });

  it('is deterministic and gives a duplicate site an empty cell', () => {
    const sites = randomSites(3, 10);
    expect(voronoiCells(sites, square)).toEqual(voronoiCells(sites, square));
    const cells = voronoiCells([...sites, sites[0]], square);
    expect(cells[10]).toEqual([]);
    expect(cells.reduce((s, c) => s + ringArea(c), 0)).toBeCloseTo(ringArea(square), 10);
  });

  it('with one site the cell is the outline', () => {
    const [cell] = voronoiCells([[103.85, 36.05]], square);
    expect(ringArea(cell)).toBeCloseTo(ringArea(square), 12);
  });
});

describe('union of cells', () => {
  it('of all cells is the outline, one ring without holes', () => {
    const cells = voronoiCells(randomSites(11, 30), square);
    const polygons = unionCells(cells);
    expect(polygons).toHaveLength(1);
    expect(polygons[0]).toHaveLength(1);
    expect(ringArea(polygons[0][0])).toBeCloseTo(ringArea(square), 10);
    expect(polygons[0][0]).toHaveLength(5);
  });

  it('of groups of cells partitions the area, each group a valid polygon set', () => {
    const sites = randomSites(5, 40);
    const cells = voronoiCells(sites, square);
    let total = 0;
    for (let g = 0; g < 4; g++) {
      const polygons = unionCells(cells.filter((_, i) => i % 4 === g));
      const mine = cells.filter((_, i) => i % 4 === g).reduce((s, c) => s + ringArea(c), 0);
      const area = polygons.reduce(
        (s, [outer, ...holes]) => s + ringArea(outer) - holes.reduce((h, r) => h + ringArea(r), 0),
        0,
      );
      expect(area).toBeCloseTo(mine, 10);
      total += area;
      for (const p of polygons) for (const ring of p) expect(polygonProblem(ring)).toBeNull();
    }
    expect(total).toBeCloseTo(ringArea(square), 10);
  });

  it('keeps a hole where another group sits inside', () => {
    // A centre site surrounded by eight others: the outer group has the centre cell as a hole.
    const sites: [number, number][] = [];
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) sites.push([103.8 + (0.1 * (i + 0.5)) / 3, 36.0 + (0.1 * (j + 0.5)) / 3]);
    const cells = voronoiCells(sites, square);
    const ring = unionCells(cells.filter((_, i) => i !== 4));
    expect(ring).toHaveLength(1);
    expect(ring[0]).toHaveLength(2);
    expect(signedArea(ring[0][1])).toBeLessThan(0);
  });
});
