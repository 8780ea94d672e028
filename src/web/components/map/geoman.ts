// leaflet-geoman is a classic Leaflet plugin: it extends the global `L`. Leaflet's ES module
// does not set one, so this module does before the plugin loads — and loads it only for maps
// that edit a polygon, keeping it out of every other page's work.
import L from 'leaflet';
// Its stylesheet is small; only the script waits for a map that edits.
import '@geoman-io/leaflet-geoman-free/dist/leaflet-geoman.css';

let loading: Promise<void> | null = null;

export function loadGeoman(): Promise<void> {
  (globalThis as unknown as { L: typeof L }).L ??= L;
  loading ??= import('@geoman-io/leaflet-geoman-free').then(() => undefined);
  return loading;
}
