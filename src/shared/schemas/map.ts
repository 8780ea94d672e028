// The map's contract: its configuration (an optional tile layer and the district's centre) and
// the region boundaries it draws without tiles, as a GeoJSON FeatureCollection in WGS-84.
import { z } from '../zod.js';
import { RegionLevel } from './regions.js';

export const TILE_DATUM_VALUES = ['wgs84', 'gcj02', 'bd09'] as const;
export const TileDatum = z.enum(TILE_DATUM_VALUES);
export type TileDatum = z.infer<typeof TileDatum>;

export const MapConfig = z.object({
  /** A tile URL template ({z}/{x}/{y}, maybe {s}); null draws boundaries on a plain background. */
  tileUrl: z.string().nullable(),
  /** The datum the tiles are drawn in; everything sent and stored stays WGS-84. */
  tileDatum: TileDatum,
  /** The centre of the caller's top region (WGS-84), or null when none is recorded. */
  center: z.object({ lat: z.number(), lng: z.number() }).nullable(),
  regionName: z.string().nullable(),
});
export type MapConfig = z.infer<typeof MapConfig>;

const Position = z.array(z.number());
export const BoundaryGeometry = z.union([
  z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(Position)) }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(z.array(Position))) }),
]);
export type BoundaryGeometry = z.infer<typeof BoundaryGeometry>;

export const BoundaryFeature = z.object({
  type: z.literal('Feature'),
  id: z.number().int(),
  properties: z.object({
    id: z.number().int(),
    parentId: z.number().int().nullable(),
    level: RegionLevel,
    code: z.string(),
    name: z.string(),
  }),
  geometry: BoundaryGeometry,
});
export type BoundaryFeature = z.infer<typeof BoundaryFeature>;

export const BoundaryCollection = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(BoundaryFeature),
});
export type BoundaryCollection = z.infer<typeof BoundaryCollection>;

export const BoundariesQuery = z.object({
  /** Only regions of this level; without it every level in scope that has a boundary. */
  level: RegionLevel.optional(),
});

/**
 * An uploaded boundary: a Polygon or MultiPolygon geometry, or a Feature or FeatureCollection
 * holding one. Its shape is checked by core/geo/boundary.ts so each problem names its place.
 */
export const BoundaryUpload = z.record(z.string(), z.unknown());

export const RegionBoundary = z.object({
  regionId: z.number().int(),
  geometry: BoundaryGeometry.nullable(),
  points: z.number().int(),
});
