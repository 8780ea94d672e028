// The map's API: its configuration, the region boundaries in the caller's scope (the demo gives
// every street and community one), and uploading a region's boundary with its checks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { makeTestApp, type TestApp } from '../helpers/test-app.js';
import { auditLog, regions } from '../../src/server/db/schema.js';
import { parseBoundary, type BoundaryGeometry } from '../../src/core/geo/boundary.js';
import { pointInRing, type Ring } from '../../src/core/geo/geo.js';
import type { BoundaryFeature } from '../../src/shared/schemas/map.js';

let t: TestApp;
const cookies: Record<string, string> = {};
const call = (user: string, method: 'GET' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
  t.app.inject({ method, url, payload: payload as object, headers: { cookie: cookies[user] } });

const inside = (g: BoundaryGeometry, p: { lng: number; lat: number }) => {
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  return polygons.some(([outer, ...holes]) => pointInRing(p, outer) && !holes.some((h) => pointInRing(p, h)));
};

const square = (lng: number, lat: number, d = 0.01): Ring => [
  [lng, lat],
  [lng + d, lat],
  [lng + d, lat + d],
  [lng, lat + d],
  [lng, lat],
];

beforeAll(async () => {
  t = await makeTestApp();
  for (const u of ['admin', 'street', 'street2', 'provider', 'caregiver', 'community']) cookies[u] = await t.login(u);
});
afterAll(() => t.close());

describe('map configuration', () => {
  it('has no tiles by default and opens on the caller’s region', async () => {
    const admin = (await call('admin', 'GET', '/api/map/config')).json();
    expect(admin).toMatchObject({ tileUrl: null, tileDatum: 'wgs84', regionName: '城关区' });
    expect(admin.center).toEqual({ lat: 36.0611, lng: 103.8343 });
    const street = (await call('street', 'GET', '/api/map/config')).json();
    expect(street.regionName).toBe('张掖路街道');
    expect(street.center).not.toEqual(admin.center);
    // A provider's caregiver opens on the district.
    expect((await call('caregiver', 'GET', '/api/map/config')).json().regionName).toBe('城关区');
    expect((await t.app.inject({ method: 'GET', url: '/api/map/config' })).statusCode).toBe(401);
  });

  it('passes a configured tile layer and its datum', async () => {
    const other = await makeTestApp({
      demo: false,
      config: { mapTileUrl: 'https://tiles.example.gov.cn/{z}/{x}/{y}.png', mapTileDatum: 'gcj02' },
    });
    try {
      const { users } = await import('../../src/server/db/schema.js');
      const { hashPassword } = await import('../../src/server/auth/passwords.js');
      const [district] = await other.database.db
        .insert(regions)
        .values({
          level: 'district',
          code: '110101000000',
          name: '东城区',
          path: '/1/',
          centerLat: 39.92,
          centerLng: 116.42,
        })
        .returning();
      await other.database.db.insert(users).values({
        username: 'root',
        displayName: '管理员',
        role: 'district_admin',
        regionId: district.id,
        passwordHash: await hashPassword('Root@20260101'),
        mustChangePassword: false,
      });
      const cookie = await other.login('root', 'Root@20260101');
      const cfg = (await other.app.inject({ method: 'GET', url: '/api/map/config', headers: { cookie } })).json();
      expect(cfg).toMatchObject({ tileUrl: 'https://tiles.example.gov.cn/{z}/{x}/{y}.png', tileDatum: 'gcj02' });
    } finally {
      await other.close();
    }
  });
});

describe('region boundaries', () => {
  it('the demo gives the district, every street and every community a valid boundary holding its centre', async () => {
    const all = (await call('admin', 'GET', '/api/map/boundaries')).json();
    expect(all.type).toBe('FeatureCollection');
    const rows = await t.database.db.select().from(regions);
    const features = all.features as BoundaryFeature[];
    const byLevel = (l: string) => features.filter((f) => f.properties.level === l);
    expect(byLevel('district')).toHaveLength(1);
    expect(byLevel('street')).toHaveLength(rows.filter((r) => r.level === 'street').length);
    expect(byLevel('community')).toHaveLength(rows.filter((r) => r.level === 'community').length);
    const geometryOf = new Map(features.map((f) => [f.id, f.geometry as BoundaryGeometry]));
    for (const f of features) {
      // Each is what an upload would accept.
      expect(parseBoundary(f.geometry).ok, f.properties.name).toBe(true);
      const row = rows.find((r) => r.id === f.id)!;
      if (f.properties.level === 'community') {
        // A community's centre lies in its own polygon and in its street's.
        const centre = { lng: row.centerLng!, lat: row.centerLat! };
        expect(inside(f.geometry as BoundaryGeometry, centre), row.name).toBe(true);
        expect(inside(geometryOf.get(row.parentId!)!, centre), row.name).toBe(true);
        expect(inside(geometryOf.get(byLevel('district')[0].id)!, centre)).toBe(true);
      }
    }
    const streets = (await call('admin', 'GET', '/api/map/boundaries?level=street')).json().features;
    expect(streets.map((f: BoundaryFeature) => f.properties.level)).toEqual(byLevel('street').map(() => 'street'));
    expect((await call('admin', 'GET', '/api/map/boundaries?level=town')).statusCode).toBe(400);
  });

  it('shows each user the regions in their scope; providers and caregivers the district’s', async () => {
    const street = (await call('street', 'GET', '/api/map/boundaries')).json().features as BoundaryFeature[];
    const [zhangye] = await t.database.db.select().from(regions).where(eq(regions.name, '张掖路街道'));
    expect(street.length).toBeGreaterThan(1);
    expect(street.every((f) => f.id === zhangye.id || f.properties.parentId === zhangye.id)).toBe(true);
    expect(street.some((f) => f.properties.level === 'district')).toBe(false);
    const community = (await call('community', 'GET', '/api/map/boundaries')).json().features;
    expect(community).toHaveLength(1);
    const all = (await call('admin', 'GET', '/api/map/boundaries')).json().features;
    expect((await call('provider', 'GET', '/api/map/boundaries')).json().features).toHaveLength(all.length);
  });

  it('takes an uploaded FeatureCollection for a region, audited, and draws it', async () => {
    const [community] = await t.database.db.select().from(regions).where(eq(regions.level, 'community')).limit(1);
    const ring = square(community.centerLng! - 0.005, community.centerLat! - 0.005);
    const upload = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { name: community.name }, geometry: { type: 'Polygon', coordinates: [ring] } },
      ],
    };
    const r = await call('admin', 'PUT', `/api/regions/${community.id}/boundary`, upload);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ regionId: community.id, points: 5, geometry: { type: 'Polygon' } });
    const drawn = (await call('admin', 'GET', '/api/map/boundaries?level=community'))
      .json()
      .features.find((f: BoundaryFeature) => f.id === community.id);
    expect(drawn.geometry.coordinates[0]).toEqual(
      ring.map(([x, y]) => [Math.round(x * 1e7) / 1e7, Math.round(y * 1e7) / 1e7]),
    );
    const [audit] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'region.boundary'), eq(auditLog.entityId, String(community.id))));
    expect(audit.after).toMatchObject({ boundary: { type: 'Polygon', rings: 1, points: 5 } });
    expect(audit.username).toBe('admin');

    // Removing it is audited too.
    const del = await call('admin', 'DELETE', `/api/regions/${community.id}/boundary`);
    expect(del.json()).toMatchObject({ geometry: null });
    const [row] = await t.database.db.select().from(regions).where(eq(regions.id, community.id));
    expect(row.boundary).toBeNull();
  });

  it('refuses a bad boundary naming the place, and changes nothing', async () => {
    const [street] = await t.database.db.select().from(regions).where(eq(regions.level, 'street')).limit(1);
    const url = `/api/regions/${street.id}/boundary`;
    const ring = square(103.8, 36.05);
    const cases: [unknown, string, string][] = [
      [{ type: 'Polygon', coordinates: [ring.slice(0, 4)] }, 'coordinates[0]', '闭合'],
      [
        { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [ring.map(([x, y]) => [y, x])] } },
        'geometry.coordinates[0][0]',
        '顺序颠倒',
      ],
      [{ type: 'Polygon', coordinates: [ring.map(([x, y]) => [x - 100, y])] }, 'coordinates[0][0]', '中国境内'],
      [{ type: 'LineString', coordinates: ring }, 'type', 'Polygon'],
      [{ type: 'FeatureCollection', features: [] }, 'features', '只含一个'],
      [
        {
          type: 'Polygon',
          coordinates: [
            Array.from({ length: 5001 }, (_, i) => {
              const a = (2 * Math.PI * i) / 5000;
              return [103.8 + 0.01 * Math.cos(a), 36.05 + 0.01 * Math.sin(a)];
            }),
          ],
        },
        'coordinates',
        '最多 5000',
      ],
    ];
    for (const [body, field, text] of cases) {
      const r = await call('admin', 'PUT', url, body);
      expect(r.statusCode, field).toBe(400);
      expect(r.json().errors[0].field).toBe(field);
      expect(r.json().errors[0].message).toContain(text);
      expect(r.json().detail).toContain(field);
    }
    const [after] = await t.database.db.select().from(regions).where(eq(regions.id, street.id));
    expect(after.boundary).toEqual(street.boundary);
    // A file over the size limit is refused before it is read.
    const huge = { type: 'Polygon', coordinates: [ring], padding: 'x'.repeat(1_100_000) };
    expect((await call('admin', 'PUT', url, huge)).statusCode).toBe(413);
  });

  it('needs region.write and the region in scope', async () => {
    const [street] = await t.database.db.select().from(regions).where(eq(regions.level, 'street')).limit(1);
    const body = { type: 'Polygon', coordinates: [square(103.8, 36.05)] };
    expect((await call('street', 'PUT', `/api/regions/${street.id}/boundary`, body)).statusCode).toBe(403);
    const [elsewhere] = await t.database.db
      .insert(regions)
      .values({ level: 'district', code: '620103000000', name: '七里河区', path: '/x/' })
      .returning();
    await t.database.db
      .update(regions)
      .set({ path: `/${elsewhere.id}/` })
      .where(eq(regions.id, elsewhere.id));
    expect((await call('admin', 'PUT', `/api/regions/${elsewhere.id}/boundary`, body)).statusCode).toBe(404);
    expect((await call('admin', 'PUT', `/api/regions/999999/boundary`, body)).statusCode).toBe(404);
  });
});
