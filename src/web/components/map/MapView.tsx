// The product's one map: the console, the elder's file (home, device trail), providers' service
// areas, address entry and the dashboards all draw with it.
//
// Leaflet 1.9 rather than MapLibre GL: it is small, needs no WebGL (old office PCs and remote
// desktops often lack it), draws vector GeoJSON on a plain background with no tiles at all —
// bureaus run on closed networks where no tile server can be reached — and leaflet-geoman edits
// polygons on it. MapLibre's strengths (vector tiles, 3-D, huge data sets) are not needed here.
//
// Every coordinate given to and received from this component is WGS-84, [lat, lng] as numbers
// (polygon rings are GeoJSON's [lng, lat]). Only when the configured tile layer is drawn in
// GCJ-02 or BD-09 (GET /api/map/config) does the component convert what it draws into that datum
// and convert clicks and edits back, so nothing but WGS-84 is ever stored or sent.
//
// Props:
//   height          CSS height of the map (number = px); default 400.
//   regions         which region boundaries to draw: 'all' (default: every region in the
//                   caller's scope that has one), an array of region ids, or 'none'.
//   regionLevel     only boundaries of this level ('district' | 'street' | 'community' | 'grid').
//   markers         [{ id, lat, lng, label?, color?, glyph?, pulse?, onClick? }] — a dot; label is
//                   its tooltip (text, never HTML); glyph one character in the dot (家, 护, 表…);
//                   pulse rings it (an open alarm).
//   trails          [{ id, points: [{ lat, lng, at }], color?, label? }] — a line through the
//                   points in order; each point's time (ISO instant) shows on hover.
//   circles         [{ id, lat, lng, radiusM, color?, label? }] — a geofence, an accuracy, a radius.
//   fit             what the view is fitted to once data arrives: 'markers' (markers, trails and
//                   circles), 'regions' (the boundaries) or 'all'; default 'all'.
//   fitKey          change it to fit again (e.g. another elder selected); moving markers alone
//                   never moves the view under the operator.
//   onPick(lat,lng) called with the WGS-84 point of a click on the map.
//   editablePolygon { value: [lng, lat][] ring | null, onChange(ring | null) } — draw, edit, move
//                   or remove one polygon (leaflet-geoman); onChange gets a closed ring, 6 decimals.
//   className, style  for the outer element.
import { useEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type {} from '@geoman-io/leaflet-geoman-free';
import { wgs84From, wgs84To, type Datum } from '../../../core/geo/datum.js';
import type { BoundaryFeature } from '../../../shared/schemas/map.js';
import { useBoundaries, useMapConfig, type RegionLevel } from './use-map-data.js';
import { loadGeoman } from './geoman.js';
import { MAP_LABELS as T } from './map-labels.js';
import './map.css';

export interface MapMarker {
  id: string | number;
  lat: number;
  lng: number;
  label?: string;
  color?: string;
  glyph?: string;
  pulse?: boolean;
  onClick?: () => void;
}
export interface MapTrail {
  id: string | number;
  points: { lat: number; lng: number; at: string }[];
  color?: string;
  label?: string;
}
export interface MapCircle {
  id: string | number;
  lat: number;
  lng: number;
  radiusM: number;
  color?: string;
  label?: string;
}
/** A polygon ring as GeoJSON writes it: [lng, lat] pairs, WGS-84. */
export type LngLatRing = [number, number][];
export interface EditablePolygon {
  value: LngLatRing | null;
  onChange: (ring: LngLatRing | null) => void;
}
export type MapFit = 'markers' | 'regions' | 'all';

export interface MapViewProps {
  height?: number | string;
  regions?: 'all' | 'none' | number[];
  regionLevel?: RegionLevel;
  markers?: MapMarker[];
  trails?: MapTrail[];
  circles?: MapCircle[];
  fit?: MapFit;
  fitKey?: string | number;
  onPick?: (lat: number, lng: number) => void;
  editablePolygon?: EditablePolygon;
  className?: string;
  style?: CSSProperties;
}

const LEVEL_ORDER: Record<RegionLevel, number> = { district: 0, street: 1, community: 2, grid: 3 };
const LEVEL_STYLE: Record<RegionLevel, L.PathOptions> = {
  district: { color: '#7c2d12', weight: 3, fillColor: '#fff7ed', fillOpacity: 0.55 },
  street: { color: '#9a3412', weight: 2, fillColor: '#fed7aa', fillOpacity: 0.25, dashArray: '6 4' },
  community: { color: '#c2410c', weight: 1, fillColor: '#ffedd5', fillOpacity: 0.2 },
  grid: { color: '#ea580c', weight: 0.5, fillOpacity: 0.05 },
};
const DEFAULT_COLOR = '#2563eb';
// No configured centre and nothing to fit: show China.
const CHINA: [number, number] = [35, 105];
const MAX_TRAIL_DOTS = 400;

const safeColor = (c: string | undefined, fallback = DEFAULT_COLOR) =>
  c && /^(#[0-9a-f]{3,8}|[a-z]{3,20})$/i.test(c) ? c : fallback;
const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

function textNode(text: string) {
  const span = document.createElement('span');
  span.textContent = text;
  return span;
}

function timeLabel(at: string) {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return at;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** Evenly chosen indexes, always keeping the first and last. */
function sampleIndexes(n: number, max: number): number[] {
  if (n <= max) return [...Array(n).keys()];
  const step = (n - 1) / (max - 1);
  return [...new Set([...Array(max).keys()].map((i) => Math.round(i * step)))];
}

interface Layers {
  regions: L.FeatureGroup;
  circles: L.FeatureGroup;
  trails: L.FeatureGroup;
  markers: L.FeatureGroup;
  edit: L.FeatureGroup;
}

export function MapView(props: MapViewProps) {
  const { height = 400, regions = 'all', regionLevel, markers, trails, circles, fit = 'all', fitKey } = props;
  const config = useMapConfig();
  const boundaries = useBoundaries(regionLevel, regions !== 'none');
  const holder = useRef<HTMLDivElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const layersRef = useRef<Layers | null>(null);
  const propsRef = useRef(props);
  propsRef.current = props;
  const [ready, setReady] = useState(0);
  const datum: Datum = config?.tileUrl ? config.tileDatum : 'wgs84';

  const toMap = useMemo(() => (lat: number, lng: number) => L.latLng(wgs84To(datum, lat, lng)), [datum]);
  const fromMap = useMemo(
    () => (ll: L.LatLng) => {
      const [lat, lng] = wgs84From(datum, ll.lat, ll.wrap().lng);
      return [round6(lat), round6(lng)] as [number, number];
    },
    [datum],
  );

  // The map itself, once the configuration says whether there are tiles.
  useEffect(() => {
    if (!config || !holder.current) return;
    const map = L.map(holder.current, { zoomSnap: 0.25, attributionControl: Boolean(config.tileUrl) });
    if (config.tileUrl) L.tileLayer(config.tileUrl, { maxZoom: 18, subdomains: '01234567' }).addTo(map);
    const start = config.center ? wgs84To(datum, config.center.lat, config.center.lng) : CHINA;
    map.setView(start, config.center ? 13 : 4);
    const group = () => L.featureGroup().addTo(map);
    layersRef.current = { regions: group(), circles: group(), trails: group(), markers: group(), edit: group() };
    map.on('click', (e: L.LeafletMouseEvent) => {
      const onPick = propsRef.current.onPick;
      if (!onPick || map.pm?.globalDrawModeEnabled()) return;
      const [lat, lng] = wgs84From(datum, e.latlng.lat, e.latlng.wrap().lng);
      onPick(round6(lat), round6(lng));
    });
    // A map laid out while hidden (a tab, a modal) has no size; follow the element's size.
    const resize = new ResizeObserver(() => map.invalidateSize());
    resize.observe(holder.current);
    mapRef.current = map;
    setReady((n) => n + 1);
    return () => {
      resize.disconnect();
      map.remove();
      mapRef.current = null;
      layersRef.current = null;
    };
  }, [config, datum]);

  const features = useMemo(() => {
    const all = boundaries?.features ?? [];
    const wanted = Array.isArray(regions) ? new Set(regions) : null;
    return all
      .filter((f) => regions !== 'none' && (!wanted || wanted.has(f.id)))
      .sort((a, b) => LEVEL_ORDER[a.properties.level] - LEVEL_ORDER[b.properties.level]);
  }, [boundaries, regions]);

  useEffect(() => {
    const group = layersRef.current?.regions;
    if (!group) return;
    group.clearLayers();
    if (!features.length) return;
    // Names stay on the map for the finest level drawn, when few enough to read; others on hover.
    const finest = features[features.length - 1].properties.level;
    const finestCount = features.filter((f) => f.properties.level === finest).length;
    L.geoJSON({ type: 'FeatureCollection', features } as GeoJSON.FeatureCollection, {
      pmIgnore: true,
      coordsToLatLng: (c) => toMap(c[1], c[0]),
      style: (f) => LEVEL_STYLE[(f as unknown as BoundaryFeature).properties.level],
      onEachFeature: (f, layer) => {
        const p = (f as unknown as BoundaryFeature).properties;
        const permanent = p.level === finest && finestCount <= 40;
        layer.bindTooltip(textNode(p.name), {
          permanent,
          sticky: !permanent,
          direction: 'center',
          className: permanent ? 'ymap-region-label' : undefined,
        });
      },
    }).addTo(group);
  }, [features, toMap, ready]);

  useEffect(() => {
    const group = layersRef.current?.circles;
    if (!group) return;
    group.clearLayers();
    for (const c of circles ?? []) {
      const color = safeColor(c.color);
      const circle = L.circle(toMap(c.lat, c.lng), {
        radius: c.radiusM,
        color,
        weight: 1.5,
        fillOpacity: 0.12,
        pmIgnore: true,
      });
      if (c.label) circle.bindTooltip(textNode(c.label), { sticky: true });
      circle.addTo(group);
    }
  }, [circles, toMap, ready]);

  useEffect(() => {
    const group = layersRef.current?.trails;
    if (!group) return;
    group.clearLayers();
    for (const t of trails ?? []) {
      if (!t.points.length) continue;
      const color = safeColor(t.color, '#7c3aed');
      const line = t.points.map((p) => toMap(p.lat, p.lng));
      const poly = L.polyline(line, { color, weight: 3, opacity: 0.8, pmIgnore: true }).addTo(group);
      if (t.label) poly.bindTooltip(textNode(t.label), { sticky: true });
      const last = t.points.length - 1;
      for (const i of sampleIndexes(t.points.length, MAX_TRAIL_DOTS)) {
        const p = t.points[i];
        L.circleMarker(line[i], {
          radius: i === last ? 6 : 3,
          color,
          weight: 1,
          fillColor: i === last ? color : '#fff',
          fillOpacity: 1,
          pmIgnore: true,
        })
          .bindTooltip(textNode(timeLabel(p.at)))
          .addTo(group);
      }
    }
  }, [trails, toMap, ready]);

  useEffect(() => {
    const group = layersRef.current?.markers;
    if (!group) return;
    group.clearLayers();
    for (const m of markers ?? []) {
      const dot = document.createElement('span');
      dot.className = m.pulse ? 'ymap-dot ymap-pulse' : 'ymap-dot';
      dot.style.background = safeColor(m.color);
      if (m.glyph) dot.textContent = m.glyph.slice(0, 1);
      const marker = L.marker(toMap(m.lat, m.lng), {
        icon: L.divIcon({ className: 'ymap-marker', html: dot, iconSize: [18, 18], iconAnchor: [9, 9] }),
        keyboard: Boolean(m.onClick),
        pmIgnore: true,
        zIndexOffset: m.pulse ? 1000 : 0,
      });
      if (m.label) marker.bindTooltip(textNode(m.label), { direction: 'top', offset: [0, -8] });
      if (m.onClick) {
        const onClick = m.onClick;
        marker.on('click', (e) => {
          L.DomEvent.stopPropagation(e);
          onClick();
        });
      }
      marker.addTo(group);
    }
  }, [markers, toMap, ready]);

  // Fit once per (fit, fitKey) when its content is there; a fit that had to fall back (no
  // markers yet, so the regions) is redone when the wanted content arrives.
  const fitted = useRef<{ key: string; complete: boolean } | null>(null);
  useEffect(() => {
    const map = mapRef.current;
    const layers = layersRef.current;
    if (!map || !layers) return;
    const key = `${ready}|${fit}|${fitKey ?? ''}`;
    if (fitted.current?.key === key && fitted.current.complete) return;
    const extend = (b: L.LatLngBounds, g: L.FeatureGroup) => {
      if (g.getLayers().length) b.extend(g.getBounds());
    };
    const wanted = L.latLngBounds([]);
    if (fit !== 'regions')
      [layers.markers, layers.trails, layers.circles, layers.edit].forEach((g) => extend(wanted, g));
    if (fit !== 'markers') extend(wanted, layers.regions);
    let bounds = wanted;
    let complete = wanted.isValid();
    if (!complete && fit === 'markers' && layers.regions.getLayers().length) bounds = layers.regions.getBounds();
    if (!bounds.isValid()) return;
    if (fitted.current?.key === key && !complete && !fitted.current.complete) return;
    const tiny = bounds.getNorthEast().distanceTo(bounds.getSouthWest()) < 50;
    // No animation: a fit is the view arriving, and a half-finished zoom shows clipped shapes.
    if (tiny) map.setView(bounds.getCenter(), 15, { animate: false });
    else map.fitBounds(bounds, { padding: [24, 24], maxZoom: 17, animate: false });
    complete ||= fit === 'regions';
    fitted.current = { key, complete };
  }, [features, markers, trails, circles, fit, fitKey, ready, props.editablePolygon?.value]);

  usePolygonEditing(mapRef, layersRef, ready, props.editablePolygon, toMap, fromMap);

  const showNote = config && !config.tileUrl && boundaries && regions !== 'none' && !features.length;
  return (
    <div
      className={['ymap', props.className].filter(Boolean).join(' ')}
      style={{ height, ...props.style }}
      data-testid="map-view"
    >
      <div ref={holder} style={{ height: '100%', width: '100%' }} />
      {showNote ? <div className="ymap-note">{T.noBoundaries}</div> : null}
    </div>
  );
}

/** Ring of a drawn polygon as closed, WGS-84 [lng, lat] pairs with 6 decimals. */
function ringOf(layer: L.Polygon, fromMap: (ll: L.LatLng) => [number, number]): LngLatRing {
  const raw = layer.getLatLngs();
  const outer = (Array.isArray(raw[0]) ? raw[0] : raw) as L.LatLng[];
  const ring = outer.map((ll) => {
    const [lat, lng] = fromMap(ll);
    return [lng, lat] as [number, number];
  });
  if (ring.length) ring.push([...ring[0]] as [number, number]);
  return ring;
}

const sameRing = (a: LngLatRing | null, b: LngLatRing | null) => JSON.stringify(a) === JSON.stringify(b);

function usePolygonEditing(
  mapRef: React.RefObject<L.Map | null>,
  layersRef: React.RefObject<Layers | null>,
  ready: number,
  editable: EditablePolygon | undefined,
  toMap: (lat: number, lng: number) => L.LatLng,
  fromMap: (ll: L.LatLng) => [number, number],
) {
  const enabled = Boolean(editable);
  const [loaded, setLoaded] = useState(false);
  const onChangeRef = useRef(editable?.onChange);
  onChangeRef.current = editable?.onChange;
  // What this map last reported: the same value coming back must not redraw under the pointer.
  const lastEmitted = useRef<LngLatRing | null | undefined>(undefined);
  const watchRef = useRef<((layer: L.Polygon) => void) | null>(null);

  useEffect(() => {
    if (enabled) void loadGeoman().then(() => setLoaded(true));
  }, [enabled]);

  // Tools and events, once per map.
  useEffect(() => {
    const map = mapRef.current;
    const group = layersRef.current?.edit;
    if (!enabled || !loaded || !map || !group) return;
    // geoman equips maps created after it loaded; this one was created before (it loads lazily).
    if (!map.pm) {
      const PM = (L as unknown as { PM: { Map: new (m: L.Map) => NonNullable<L.Map['pm']> } }).PM;
      map.pm = new PM.Map(map);
    }
    map.pm.setLang('zh');
    map.pm.addControls({
      position: 'topleft',
      drawMarker: false,
      drawCircleMarker: false,
      drawPolyline: false,
      drawCircle: false,
      drawText: false,
      drawRectangle: true,
      drawPolygon: true,
      cutPolygon: false,
      rotateMode: false,
      editMode: true,
      dragMode: true,
      removalMode: true,
    });
    map.pm.setGlobalOptions({ allowSelfIntersection: false });
    const emit = (ring: LngLatRing | null) => {
      lastEmitted.current = ring;
      onChangeRef.current?.(ring);
    };
    const watch = (layer: L.Polygon) => {
      const changed = () => emit(ringOf(layer, fromMap));
      layer.on('pm:edit', changed);
      layer.on('pm:dragend', changed);
      layer.on('pm:remove', () => emit(null));
    };
    const onCreate = (e: { layer: L.Layer }) => {
      // One area per service point: a new drawing replaces the old one.
      group.clearLayers();
      map.removeLayer(e.layer);
      const polygon = e.layer as L.Polygon;
      group.addLayer(polygon);
      watch(polygon);
      polygon.pm.enable({ allowSelfIntersection: false });
      emit(ringOf(polygon, fromMap));
    };
    map.on('pm:create', onCreate as L.LeafletEventHandlerFn);
    watchRef.current = watch;
    return () => {
      map.off('pm:create', onCreate as L.LeafletEventHandlerFn);
      map.pm.removeControls();
      watchRef.current = null;
    };
  }, [enabled, loaded, ready, mapRef, layersRef, fromMap]);

  // Draw the given value unless it is what the map itself just reported.
  const value = editable?.value ?? null;
  useEffect(() => {
    const map = mapRef.current;
    const group = layersRef.current?.edit;
    if (!enabled || !loaded || !map || !group) return;
    if (lastEmitted.current !== undefined && sameRing(lastEmitted.current, value)) return;
    group.clearLayers();
    lastEmitted.current = value;
    if (!value || value.length < 4) return;
    const open = value.slice(0, -1).map(([lng, lat]) => toMap(lat, lng));
    const polygon = L.polygon(open, { color: '#2563eb', weight: 2, fillOpacity: 0.15, pmIgnore: false });
    group.addLayer(polygon);
    watchRef.current?.(polygon);
    polygon.pm.enable({ allowSelfIntersection: false });
  }, [enabled, loaded, value, ready, mapRef, layersRef, toMap]);
}
