// Devices and phones report WGS-84 and the product stores WGS-84 only; Chinese web map tiles
// are drawn in GCJ-02 (most) or BD-09 (Baidu). A map with such tiles converts what it draws into
// the tiles' datum and converts clicks back. gcoord does the arithmetic (the published
// formulas; its GCJ-02 → WGS-84 inverse is iterative, accurate to well under a metre).
import * as gcoordModule from 'gcoord';

export type Datum = 'wgs84' | 'gcj02' | 'bd09';

type Transform = (input: [number, number], from: string, to: string) => [number, number];
// gcoord is CommonJS for Node and ESM for bundlers; both hand its API over as the default export.
const gcoord = ((gcoordModule as unknown as { default?: { transform: Transform } }).default ??
  gcoordModule) as unknown as { transform: Transform };

// gcoord's names for the datums (its CRSTypes values).
const CRS = { wgs84: 'WGS84', gcj02: 'GCJ02', bd09: 'BD09' } as const;

/** A WGS-84 point as the tiles of `datum` place it; [lat, lng] in and out. */
export function wgs84To(datum: Datum, lat: number, lng: number): [number, number] {
  if (datum === 'wgs84') return [lat, lng];
  const [x, y] = gcoord.transform([lng, lat], CRS.wgs84, CRS[datum]);
  return [y, x];
}

/** A point read off tiles of `datum` (a click) back in WGS-84; [lat, lng] in and out. */
export function wgs84From(datum: Datum, lat: number, lng: number): [number, number] {
  if (datum === 'wgs84') return [lat, lng];
  const [x, y] = gcoord.transform([lng, lat], CRS[datum], CRS.wgs84);
  return [y, x];
}
