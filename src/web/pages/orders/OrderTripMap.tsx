// The order's trip (行程): the caregiver's trail from her phone to the elder's home, each point's
// time on hover, the first and last times in words. Phones report only while the order is
// accepted, en route or in service, so an order not yet under way has none.
import { useEffect, useState } from 'react';
import { Space, Typography } from 'antd';
import { get } from '../../api.js';
import { MapView, type MapMarker } from '../../components/map/index.js';
import type { OrderTrip } from '../../../shared/schemas/trips.js';

const TRIP_LABELS = {
  title: '行程轨迹',
  none: '暂无行程定位（服务人员接单后，手机在途和服务中每 30 秒上报一次位置）',
  summary: (n: number, first: string, last: string) => `共 ${n} 个定位点，${first} 至 ${last}`,
  home: '老人住址',
  last: (at: string) => `服务人员最后定位 ${at}`,
  first: (at: string) => `首个定位 ${at}`,
} as const;

const time = (iso: string) =>
  new Date(iso).toLocaleString('zh-CN', {
    timeZone: 'Asia/Shanghai',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  });

/** `version` changes when the order does (an action): the trail is read again. */
export function OrderTripMap({ orderId, version }: { orderId: number; version?: string }) {
  const [trip, setTrip] = useState<OrderTrip | null>(null);
  useEffect(() => {
    let live = true;
    get<OrderTrip>(`/api/orders/${orderId}/trip`).then(
      (t) => live && setTrip(t),
      () => live && setTrip(null),
    );
    return () => {
      live = false;
    };
  }, [orderId, version]);
  if (!trip) return null;
  const { points, home } = trip;
  const title = (
    <Typography.Title level={5} style={{ marginTop: 16 }}>
      {TRIP_LABELS.title}
    </Typography.Title>
  );
  if (!points.length)
    return (
      <>
        {title}
        <Typography.Text type="secondary">{TRIP_LABELS.none}</Typography.Text>
      </>
    );
  const first = points[0],
    last = points[points.length - 1];
  const markers: MapMarker[] = [
    ...(home ? [{ id: 'home', ...home, glyph: '家', color: '#16a34a', label: TRIP_LABELS.home }] : []),
    { id: 'last', lat: last.lat, lng: last.lng, glyph: '护', color: '#0d9488', label: TRIP_LABELS.last(time(last.at)) },
  ];
  return (
    <Space direction="vertical" size={4} style={{ width: '100%' }} data-testid="order-trip">
      {title}
      <Typography.Text>{TRIP_LABELS.summary(points.length, time(first.at), time(last.at))}</Typography.Text>
      <MapView
        height={280}
        // Communities only: at street scale the grids are a thicket of lines.
        regionLevel="community"
        fit="markers"
        fitKey={orderId}
        markers={markers}
        trails={[{ id: 'trip', points, color: '#7c3aed', label: TRIP_LABELS.first(time(first.at)) }]}
      />
    </Space>
  );
}
