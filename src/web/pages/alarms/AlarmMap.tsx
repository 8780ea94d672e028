// Where the alarm is, on the map, in the pop and on the case's page: the elder's home, where the
// alarm was raised, the device's last fix with its accuracy as a circle, the device's trail of the
// hours before (and, while the case is open, since), and the nearest caregivers who could go.
// A lost elder (a wandering alert, type 'geofence') also gets the safe zones and the last fix's
// age and accuracy in words, which the operator reads out to the grid workers.
import { useEffect, useMemo, useState } from 'react';
import { Alert, Space, Typography } from 'antd';
import { get } from '../../api.js';
import { useAuth } from '../../auth.js';
import { MapView, type MapCircle, type MapMarker } from '../../components/map/index.js';
import type { AlarmDetail } from '../../../shared/schemas/alarms.js';
import type { ElderLocation, TrailPoint } from '../../../shared/schemas/devices.js';
import { accuracyText, ageText } from '../devices/device-labels.js';
import { ALARM_MAP_COLORS as C, ALARM_MAP_LABELS as T, TRAIL_HOURS } from './alarm-map-labels.js';
import { secondsSince, when } from './alarm-labels.js';

const HOUR_MS = 3_600_000;
// The trail route refuses ranges over 31 days; a case open that long still gets its last month.
const MAX_RANGE_MS = 30 * 24 * HOUR_MS;
// Closer than this, the alarm's position and the last fix are one place: one marker.
const SAME_PLACE_M = 10;

function metresBetween(a: { lat: number; lng: number }, b: { lat: number; lng: number }) {
  const rad = Math.PI / 180;
  const x = (b.lng - a.lng) * rad * Math.cos(((a.lat + b.lat) / 2) * rad);
  const y = (b.lat - a.lat) * rad;
  return Math.sqrt(x * x + y * y) * 6_371_000;
}

/** The trail's range: the hours before the alarm, up to its close (or now, left to the server). */
function trailRange(d: AlarmDetail): { from: string; to?: string } {
  const from = Date.parse(d.raisedAt) - TRAIL_HOURS * HOUR_MS;
  const to = d.closedAt ? Math.min(Date.parse(d.closedAt), from + MAX_RANGE_MS) : undefined;
  return { from: new Date(from).toISOString(), to: to === undefined ? undefined : new Date(to).toISOString() };
}

export function AlarmMap({ d, height = 300 }: { d: AlarmDetail; height?: number }) {
  const { can } = useAuth();
  const readsDevices = can('device.read');
  const lost = d.type === 'geofence';
  const [trail, setTrail] = useState<TrailPoint[] | null>(null);
  const [location, setLocation] = useState<ElderLocation | null>(null);
  const fix = d.device?.lastFix ?? null;
  const deviceId = d.device?.id;
  const elderId = d.elder?.id;
  const range = trailRange(d);

  // Again when the device reports a newer fix (a repeat alarm), not on every refresh of the case.
  useEffect(() => {
    if (!deviceId || !readsDevices) return;
    let live = true;
    get<{ points: TrailPoint[] }>(`/api/devices/${deviceId}/trail`, range).then(
      (t) => live && setTrail(t.points),
      () => live && setTrail([]),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [deviceId, readsDevices, range.from, range.to, fix?.at]);
  useEffect(() => {
    if (!lost || !elderId || !readsDevices) return;
    let live = true;
    get<ElderLocation>(`/api/elders/${elderId}/location`).then(
      (l) => live && setLocation(l),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [lost, elderId, readsDevices, fix?.at]);

  const home = d.elder?.home ?? null;
  const alarmAt = d.lat !== null && d.lng !== null ? { lat: d.lat, lng: d.lng } : null;
  const markers = useMemo<MapMarker[]>(() => {
    const list: MapMarker[] = d.nearby.map((n) => ({
      id: `cg-${n.caregiverId}`,
      lat: n.lat,
      lng: n.lng,
      glyph: '护',
      color: C.caregiver,
      label: T.caregiver(n.name, n.providerName, n.distanceM),
    }));
    if (home) list.push({ id: 'home', lat: home.lat, lng: home.lng, glyph: '家', color: C.home, label: T.home });
    if (fix && (!alarmAt || metresBetween(fix, alarmAt) > SAME_PLACE_M))
      list.push({
        id: 'fix',
        lat: fix.lat,
        lng: fix.lng,
        glyph: '表',
        color: C.fix,
        label: T.lastFix(when(fix.at), accuracyText(fix.accuracy)),
      });
    if (alarmAt)
      list.push({
        id: 'alarm',
        ...alarmAt,
        glyph: '警',
        color: C.alarm,
        pulse: d.state === 'open',
        label: T.alarmAt(when(d.raisedAt)),
      });
    return list;
  }, [d, home, fix, alarmAt?.lat, alarmAt?.lng]); // eslint-disable-line react-hooks/exhaustive-deps

  const circles = useMemo<MapCircle[]>(() => {
    const list: MapCircle[] = [];
    if (fix?.accuracy)
      list.push({
        id: 'accuracy',
        lat: fix.lat,
        lng: fix.lng,
        radiusM: fix.accuracy,
        color: C.fix,
        label: accuracyText(fix.accuracy),
      });
    for (const g of location?.geofences ?? [])
      list.push({
        id: `zone-${g.id}`,
        lat: g.lat,
        lng: g.lng,
        radiusM: g.radiusM,
        color: C.zone,
        label: T.zone(g.name, g.radiusM),
      });
    return list;
  }, [fix, location]);

  const trails = useMemo(
    () => (trail?.length ? [{ id: 'trail', points: trail, color: C.trail, label: T.trail(TRAIL_HOURS) }] : []),
    [trail],
  );

  const lastFixOnLocation = location?.devices.find((x) => x.id === deviceId)?.lastFix ?? null;
  const words =
    lost && fix ? (
      <Alert
        type="error"
        showIcon
        data-testid="lost-elder-fix"
        title={T.lostTitle}
        description={
          <Space direction="vertical" size={0}>
            <span>
              {T.lostFix(
                when(fix.at),
                // The server's count where loaded, else the server's clock as the console keeps it.
                ageText(lastFixOnLocation?.ageMinutes ?? Math.max(0, Math.floor(secondsSince(fix.at) / 60))),
                accuracyText(fix.accuracy),
              )}
            </span>
            {home && <span>{T.fromHome(Math.round(metresBetween(fix, home)))}</span>}
            {location && (
              <span>
                {location.geofences.length
                  ? T.zones(location.geofences.map((g) => `${g.name}（${g.radiusM} 米）`).join('、'))
                  : T.noZones}
              </span>
            )}
          </Space>
        }
      />
    ) : null;

  if (!home && !fix && !alarmAt && !d.nearby.length)
    return <Typography.Text type="secondary">{T.nothing}</Typography.Text>;
  return (
    <Space direction="vertical" size={8} style={{ width: '100%' }} data-testid="alarm-map">
      {words}
      <MapView
        height={height}
        // Communities only: at street scale the grids are a thicket of lines.
        regionLevel="community"
        fit="markers"
        fitKey={`${d.id}|${trail === null ? 0 : 1}|${location === null ? 0 : 1}`}
        markers={markers}
        circles={circles}
        trails={trails}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {T.legend(trail?.length ?? 0, TRAIL_HOURS)}
      </Typography.Text>
    </Space>
  );
}
