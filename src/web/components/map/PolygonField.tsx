// A form field for an area drawn on the map (a provider's service area): draw a polygon with the
// tool at the top left, drag its vertices to change it, remove it with the bin. Works as an
// antd Form.Item child (value / onChange): a closed WGS-84 ring of [lng, lat], or null.
import { Typography } from 'antd';
import { MapView, type LngLatRing, type MapMarker } from './MapView.js';
import { MAP_LABELS as T } from './map-labels.js';

export interface PolygonFieldProps {
  value?: LngLatRing | null;
  onChange?: (ring: LngLatRing | null) => void;
  /** A point to show for orientation (the service point itself). */
  point?: { lat: number; lng: number; label?: string } | null;
  height?: number | string;
}

export function PolygonField({ value = null, onChange, point, height = 360 }: PolygonFieldProps) {
  const markers: MapMarker[] = point
    ? [{ id: 'point', lat: point.lat, lng: point.lng, label: point.label, color: '#c2410c', glyph: '点' }]
    : [];
  return (
    <div data-testid="polygon-field">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 6 }}>
        {T.drawHint}
        {value && value.length > 3 ? `（${T.points(value.length - 1)}）` : ''}
      </Typography.Paragraph>
      <MapView
        height={height}
        markers={markers}
        fit={value || point ? 'markers' : 'regions'}
        editablePolygon={{ value, onChange: (ring) => onChange?.(ring) }}
      />
    </div>
  );
}
