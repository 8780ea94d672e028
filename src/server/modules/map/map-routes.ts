// The map's server side: its configuration (an optional tile layer and the centre to open on),
// the region boundaries it draws without tiles, and the upload of a region's boundary.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { and, asc, eq, isNotNull, isNull, type SQL } from 'drizzle-orm';
import { IdParams, Problem } from '../../../shared/schemas/common.js';
import {
  BoundariesQuery,
  BoundaryCollection,
  BoundaryUpload,
  MapConfig,
  RegionBoundary,
  type BoundaryFeature,
  type BoundaryGeometry,
} from '../../../shared/schemas/map.js';
import { parseBoundary } from '../../../core/geo/boundary.js';
import { regions } from '../../db/schema.js';
import type { DbOrTx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import { inRegionScope, regionInScope, type Scope } from '../../auth/scope.js';
import { badRequest } from '../../http/problem.js';
import { actorOf, writeAudit } from '../audit/audit-writer.js';
import { MAP_MESSAGES as M } from './map-messages.js';

// A district's boundary simplified for the web stays far below this; the point limit (5000)
// is the real bound, this keeps a stray huge file from being parsed at all.
const BOUNDARY_BODY_LIMIT = 1_048_576;

/**
 * Regions whose geography the caller may see. Region-bound users: their subtree. Provider and
 * caregiver users are not bound to a region but draw service areas and travel across the
 * district; boundaries are public geography (the public registry names every region), so they
 * see the whole tree.
 */
function visibleRegions(db: DbOrTx, scope: Scope): SQL | undefined {
  return scope.kind === 'region' ? inRegionScope(db, scope, regions.id) : undefined;
}

async function centreOf(db: DbOrTx, scope: Scope) {
  const [row] =
    scope.kind === 'region'
      ? await db.select().from(regions).where(eq(regions.id, scope.regionId))
      : await db.select().from(regions).where(isNull(regions.parentId)).orderBy(asc(regions.id)).limit(1);
  if (!row) return { center: null, regionName: null };
  const center = row.centerLat != null && row.centerLng != null ? { lat: row.centerLat, lng: row.centerLng } : null;
  return { center, regionName: row.name };
}

export const mapRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db, config } = deps;
    const tags = ['地图'];

    app.get(
      '/api/map/config',
      { schema: { tags, summary: '地图配置：可选的瓦片地址及其坐标系、打开时的中心', response: { 200: MapConfig } } },
      async (req) => ({
        tileUrl: config.mapTileUrl ?? null,
        tileDatum: config.mapTileDatum,
        ...(await centreOf(db, req.principal!.scope)),
      }),
    );

    app.get(
      '/api/map/boundaries',
      {
        schema: {
          tags,
          summary: '管辖范围内已有边界的区域（GeoJSON FeatureCollection，WGS-84）',
          querystring: BoundariesQuery,
          response: { 200: BoundaryCollection },
        },
      },
      async (req) => {
        const rows = await db
          .select({
            id: regions.id,
            parentId: regions.parentId,
            level: regions.level,
            code: regions.code,
            name: regions.name,
            boundary: regions.boundary,
          })
          .from(regions)
          .where(
            and(
              isNotNull(regions.boundary),
              visibleRegions(db, req.principal!.scope),
              req.query.level ? eq(regions.level, req.query.level) : undefined,
            ),
          )
          .orderBy(asc(regions.code));
        const features: BoundaryFeature[] = rows.map((r) => ({
          type: 'Feature',
          id: r.id,
          properties: { id: r.id, parentId: r.parentId, level: r.level, code: r.code, name: r.name },
          geometry: r.boundary as BoundaryGeometry,
        }));
        return { type: 'FeatureCollection' as const, features };
      },
    );

    app.put(
      '/api/regions/:id/boundary',
      {
        bodyLimit: BOUNDARY_BODY_LIMIT,
        config: { permission: 'region.write' },
        schema: {
          tags,
          summary: '上传区域边界（GeoJSON Polygon/MultiPolygon，或只含一个的 Feature/FeatureCollection）',
          params: IdParams,
          body: BoundaryUpload,
          response: { 200: RegionBoundary, 400: Problem, 404: Problem },
        },
      },
      async (req) => {
        const parsed = parseBoundary(req.body);
        if (!parsed.ok) {
          const errors = parsed.problems.map((p) => ({ field: p.field, message: M.boundary(p) }));
          throw badRequest(M.boundaryInvalid(errors.length, `${errors[0].field}：${errors[0].message}`), errors);
        }
        return db.transaction(async (tx) => {
          const before = await regionInScope(tx, req.principal!.scope, req.params.id);
          await tx
            .update(regions)
            .set({ boundary: parsed.geometry, updatedAt: deps.clock() })
            .where(eq(regions.id, before.id));
          await writeAudit(tx, actorOf(req), {
            action: 'region.boundary',
            entityType: 'region',
            entityId: before.id,
            // The points themselves would bloat the trail; their count and type say what changed.
            before: { name: before.name, boundary: summary(before.boundary as BoundaryGeometry | null) },
            after: { name: before.name, boundary: summary(parsed.geometry) },
          });
          return { regionId: before.id, geometry: parsed.geometry, points: parsed.points };
        });
      },
    );

    app.delete(
      '/api/regions/:id/boundary',
      {
        config: { permission: 'region.write' },
        schema: {
          tags,
          summary: '删除区域边界',
          params: IdParams,
          response: { 200: RegionBoundary, 404: Problem },
        },
      },
      async (req) =>
        db.transaction(async (tx) => {
          const before = await regionInScope(tx, req.principal!.scope, req.params.id);
          await tx.update(regions).set({ boundary: null, updatedAt: deps.clock() }).where(eq(regions.id, before.id));
          await writeAudit(tx, actorOf(req), {
            action: 'region.boundary',
            entityType: 'region',
            entityId: before.id,
            before: { name: before.name, boundary: summary(before.boundary as BoundaryGeometry | null) },
            after: { name: before.name, boundary: null },
          });
          return { regionId: before.id, geometry: null, points: 0 };
        }),
    );
  };

function summary(g: BoundaryGeometry | null) {
  if (!g) return null;
  const rings = g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
  return { type: g.type, rings: rings.length, points: rings.reduce((s, r) => s + r.length, 0) };
}
