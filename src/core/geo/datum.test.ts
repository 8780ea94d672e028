import { describe, expect, it } from 'vitest';
import { wgs84From, wgs84To } from './datum.js';
import { haversineMeters } from './geo.js';

const lanzhou: [number, number] = [36.0611, 103.8343];
const beijing: [number, number] = [39.9087, 116.3975];

describe('datum conversion', () => {
  it('leaves WGS-84 alone', () => {
    expect(wgs84To('wgs84', ...lanzhou)).toEqual(lanzhou);
    expect(wgs84From('wgs84', ...lanzhou)).toEqual(lanzhou);
  });

  it('shifts into GCJ-02 by the published offset (a few hundred metres in China)', () => {
    const [lat, lng] = wgs84To('gcj02', ...beijing);
    const shift = haversineMeters({ lat: beijing[0], lng: beijing[1] }, { lat, lng });
    expect(shift).toBeGreaterThan(100);
    expect(shift).toBeLessThan(800);
    // Known value of the GCJ-02 formula at Tian'anmen (to ~1 m).
    expect(lat).toBeCloseTo(39.91, 2);
    expect(lng).toBeCloseTo(116.4037, 3);
  });

  it.each(['gcj02', 'bd09'] as const)('round-trips %s to within 0.5 m', (datum) => {
    for (const p of [lanzhou, beijing, [22.5431, 114.0579] as [number, number], [45.75, 126.63] as [number, number]]) {
      const back = wgs84From(datum, ...wgs84To(datum, ...p));
      expect(haversineMeters({ lat: p[0], lng: p[1] }, { lat: back[0], lng: back[1] })).toBeLessThan(0.5);
    }
  });

  it('BD-09 differs from GCJ-02', () => {
    const g = wgs84To('gcj02', ...lanzhou);
    const b = wgs84To('bd09', ...lanzhou);
    expect(haversineMeters({ lat: g[0], lng: g[1] }, { lat: b[0], lng: b[1] })).toBeGreaterThan(100);
  });
});
