// The map's data from the server, loaded once per page load and shared by every map on it:
// the configuration (tiles, datum, centre) and the region boundaries by level.
import { useEffect, useState } from 'react';
import { get } from '../../api.js';
import type { BoundaryCollection, MapConfig } from '../../../shared/schemas/map.js';
import type { REGION_LEVEL_VALUES } from '../../../shared/schemas/regions.js';

export type RegionLevel = (typeof REGION_LEVEL_VALUES)[number];

let configPromise: Promise<MapConfig> | null = null;
const boundaryPromises = new Map<string, Promise<BoundaryCollection>>();

const NO_TILES: MapConfig = { tileUrl: null, tileDatum: 'wgs84', center: null, regionName: null };

export function loadMapConfig(): Promise<MapConfig> {
  // A map without its configuration still draws boundaries: no tiles, WGS-84.
  configPromise ??= get<MapConfig>('/api/map/config').catch(() => NO_TILES);
  return configPromise;
}

export function loadBoundaries(level?: RegionLevel): Promise<BoundaryCollection> {
  const key = level ?? 'all';
  let p = boundaryPromises.get(key);
  if (!p) {
    p = get<BoundaryCollection>('/api/map/boundaries', { level }).catch((e) => {
      boundaryPromises.delete(key);
      throw e;
    });
    boundaryPromises.set(key, p);
  }
  return p;
}

// Maps on the page redraw when boundaries change (an upload): they listen here.
const changes = new EventTarget();

/** Forget loaded boundaries (after an upload): every map on the page loads and draws them anew. */
export function forgetBoundaries() {
  boundaryPromises.clear();
  changes.dispatchEvent(new Event('change'));
}

export function useMapConfig(): MapConfig | null {
  const [config, setConfig] = useState<MapConfig | null>(null);
  useEffect(() => {
    let live = true;
    void loadMapConfig().then((c) => live && setConfig(c));
    return () => {
      live = false;
    };
  }, []);
  return config;
}

/** The boundaries in the caller's scope (of one level, or all); empty until loaded or on error. */
export function useBoundaries(level?: RegionLevel, enabled = true): BoundaryCollection | null {
  const [data, setData] = useState<BoundaryCollection | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const bump = () => setVersion((v) => v + 1);
    changes.addEventListener('change', bump);
    return () => changes.removeEventListener('change', bump);
  }, []);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    loadBoundaries(level).then(
      (b) => live && setData(b),
      () => live && setData({ type: 'FeatureCollection', features: [] }),
    );
    return () => {
      live = false;
    };
  }, [level, enabled, version]);
  return data;
}
