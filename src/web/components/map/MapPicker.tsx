// A form field for a place: click the map to pick it, or "使用我的位置" on a phone. Works as an
// antd Form.Item child (value / onChange). Value and output are WGS-84.
import { useEffect, useRef, useState } from 'react';
import { Button, Space, Typography } from 'antd';
import { AimOutlined } from '@ant-design/icons';
import { MapView, type MapMarker } from './MapView.js';
import { MAP_LABELS as T } from './map-labels.js';

export interface PickedPoint {
  lat: number;
  lng: number;
}

export interface MapPickerProps {
  value?: PickedPoint | null;
  onChange?: (point: PickedPoint | null) => void;
  height?: number | string;
  /** Other points to show for orientation (e.g. the community's centre). */
  markers?: MapMarker[];
  disabled?: boolean;
}

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

export function MapPicker({ value, onChange, height = 320, markers = [], disabled }: MapPickerProps) {
  const [locating, setLocating] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [accuracy, setAccuracy] = useState<number | null>(null);
  // Fit to the point the form opened (or loaded) with, and to a position the phone found; a
  // point clicked on the map must not move the view under the pointer.
  const clicked = useRef(false);
  const [fit, setFit] = useState<'regions' | 'markers'>(value ? 'markers' : 'regions');
  const [fitKey, setFitKey] = useState(0);
  useEffect(() => {
    if (value && !clicked.current && fit === 'regions') setFit('markers');
  }, [value, fit]);

  const pick = (lat: number, lng: number, acc: number | null = null) => {
    if (disabled) return;
    setProblem(null);
    setAccuracy(acc);
    onChange?.({ lat: round6(lat), lng: round6(lng) });
  };

  const useMyPosition = () => {
    if (!navigator.geolocation) return setProblem(T.geolocationUnsupported);
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (p) => {
        setLocating(false);
        pick(p.coords.latitude, p.coords.longitude, p.coords.accuracy);
        setFit('markers');
        setFitKey((k) => k + 1);
      },
      (e) => {
        setLocating(false);
        setProblem(e.code === e.PERMISSION_DENIED ? T.geolocationDenied : T.geolocationFailed);
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
    );
  };

  const shown: MapMarker[] = value
    ? [
        ...markers,
        { id: 'picked', lat: value.lat, lng: value.lng, color: '#c2410c', label: T.picked(value.lat, value.lng) },
      ]
    : markers;

  return (
    <div data-testid="map-picker">
      <Space wrap style={{ marginBottom: 8 }}>
        <Button icon={<AimOutlined />} onClick={useMyPosition} loading={locating} disabled={disabled}>
          {locating ? T.locating : T.useMyPosition}
        </Button>
        {value ? (
          <Button onClick={() => onChange?.(null)} disabled={disabled}>
            {T.clear}
          </Button>
        ) : null}
        <Typography.Text type={problem ? 'danger' : 'secondary'} data-testid="map-picker-status">
          {problem ??
            (value
              ? `${T.picked(value.lat, value.lng)}${accuracy != null ? `（${T.accuracy(accuracy)}）` : ''}`
              : T.pickHint)}
        </Typography.Text>
      </Space>
      <MapView
        height={height}
        markers={shown}
        circles={value && accuracy ? [{ id: 'accuracy', lat: value.lat, lng: value.lng, radiusM: accuracy }] : []}
        fit={fit}
        fitKey={fitKey}
        onPick={(lat, lng) => {
          clicked.current = true;
          pick(lat, lng);
        }}
      />
    </div>
  );
}
