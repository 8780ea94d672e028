// The console's map (调度地图): the district's and streets' boundaries (a street's communities when
// one street is chosen), today's orders' homes coloured by state, caregivers on active orders
// at their last position with the fix's age, open alarm cases pulsing red (a click pops the
// case), and the orders that may be late — their caregiver, home and the line between in
// orange — listed beside the map. The view is fitted to the boundaries once per street chosen;
// refreshes move the markers, never the view under the operator.
import { useMemo } from 'react';
import { Card, Col, Row, Space, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { MapView, useBoundaries, type MapMarker, type MapTrail } from '../../components/map/index.js';
import type { AlarmListItem } from '../../../shared/schemas/alarms.js';
import type { OrderState } from '../../../core/orders/workflow.js';
import type { BoundaryFeature } from '../../../shared/schemas/map.js';
import { ORDER_STATE_LABELS, hhmm } from '../orders/order-labels.js';
import { ALARM_STATE_LABELS, alarmTypeLabel } from '../alarms/alarm-labels.js';
import { ageText } from '../devices/device-labels.js';
import { useLiveTrips } from './use-live-trips.js';
import { LateOrdersList } from './LateOrdersList.js';
import {
  ALARM_COLOR,
  AT_RISK_COLOR,
  CAREGIVER_COLOR,
  CONSOLE_MAP_LABELS as T,
  GLYPHS,
  HOME_FALLBACK_COLOR,
  HOME_STATE_COLORS,
} from './console-map-labels.js';

const LEVELS = ['district', 'street', 'community', 'grid'] as const;
const MAP_HEIGHT = 460;

/** The boundaries worth drawing: the chosen street and its communities, else the top two levels. */
function regionsToDraw(features: BoundaryFeature[], regionId: number | undefined): number[] {
  if (regionId) {
    return features.filter((f) => f.id === regionId || f.properties.parentId === regionId).map((f) => f.id);
  }
  const top = Math.min(...features.map((f) => LEVELS.indexOf(f.properties.level)));
  return features.filter((f) => LEVELS.indexOf(f.properties.level) <= top + 1).map((f) => f.id);
}

const minutesBetween = (from: string, to: string) =>
  Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 60_000));
const stateLabel = (s: string) => ORDER_STATE_LABELS[s as OrderState] ?? s;

function Dot({ color, glyph }: { color: string; glyph?: string }) {
  return (
    <span className="ymap-dot" style={{ background: color, display: 'inline-flex', verticalAlign: 'middle' }}>
      {glyph}
    </span>
  );
}

export function ConsoleMap({
  regionId,
  version,
  alarms,
  onOpenAlarm,
}: {
  regionId?: number;
  /** Bumped on the console's live events: positions are fetched again. */
  version: number;
  alarms: AlarmListItem[];
  onOpenAlarm: (caseId: number) => void;
}) {
  const navigate = useNavigate();
  const live = useLiveTrips(regionId, version);
  const boundaries = useBoundaries();
  const regions = useMemo(() => regionsToDraw(boundaries?.features ?? [], regionId), [boundaries, regionId]);
  const atRisk = useMemo(() => live?.caregivers.filter((c) => c.atRisk) ?? [], [live]);

  const markers = useMemo<MapMarker[]>(() => {
    if (!live) return [];
    const late = new Set(atRisk.map((c) => c.orderId));
    const homes: MapMarker[] = live.homes.map((h) => ({
      id: `home-${h.orderId}`,
      lat: h.lat,
      lng: h.lng,
      glyph: GLYPHS.home,
      color: late.has(h.orderId) ? AT_RISK_COLOR : (HOME_STATE_COLORS[h.state as OrderState] ?? HOME_FALLBACK_COLOR),
      label: T.homeTip(h.elderName, hhmm(h.startAt), stateLabel(h.state)),
      onClick: () => void navigate(`/orders?open=${h.orderId}`),
    }));
    const caregivers: MapMarker[] = live.caregivers.map((c) => ({
      id: `cg-${c.orderId}`,
      lat: c.position.lat,
      lng: c.position.lng,
      glyph: GLYPHS.caregiver,
      color: c.atRisk ? AT_RISK_COLOR : CAREGIVER_COLOR,
      label:
        T.caregiverTip(
          c.caregiverName,
          c.elderName,
          stateLabel(c.state),
          ageText(minutesBetween(c.position.at, live.at)),
        ) + (c.atRisk ? ` · ${T.lateBy(c.lateMinutes)}` : ''),
      onClick: () => void navigate(`/orders?open=${c.orderId}`),
    }));
    const cases: MapMarker[] = alarms
      .filter((a) => a.place && a.state !== 'closed')
      .map((a) => ({
        id: `alarm-${a.id}`,
        lat: a.place!.lat,
        lng: a.place!.lng,
        glyph: GLYPHS.alarm,
        color: ALARM_COLOR,
        // Unacknowledged cases ring on the map as they ring in the room.
        pulse: a.state === 'open',
        label: T.alarmTip(alarmTypeLabel(a.type), a.elderName, ALARM_STATE_LABELS[a.state]),
        onClick: () => onOpenAlarm(a.id),
      }));
    // Drawn in this order, so alarms sit on top of caregivers, caregivers on top of homes.
    return [...homes, ...caregivers, ...cases];
  }, [live, atRisk, alarms, navigate, onOpenAlarm]);

  // An order that may be late: the straight line from her last fix to the elder's home.
  const trails = useMemo<MapTrail[]>(() => {
    if (!live) return [];
    const homeOf = new Map(live.homes.map((h) => [h.orderId, h]));
    return atRisk.flatMap((c) => {
      const h = homeOf.get(c.orderId);
      if (!h) return [];
      return [
        {
          id: `late-${c.orderId}`,
          color: AT_RISK_COLOR,
          label: T.routeTip,
          points: [
            { lat: c.position.lat, lng: c.position.lng, at: c.position.at },
            { lat: h.lat, lng: h.lng, at: c.eta ?? c.deadline },
          ],
        },
      ];
    });
  }, [live, atRisk]);

  const legend = (
    <Space size={14} wrap style={{ fontSize: 12 }}>
      <span>
        <Dot color={HOME_STATE_COLORS.dispatched!} glyph={GLYPHS.home} /> {T.legendHome}
      </span>
      <span>
        <Dot color={CAREGIVER_COLOR} glyph={GLYPHS.caregiver} /> {T.legendCaregiver}
      </span>
      <span>
        <Dot color={AT_RISK_COLOR} /> {T.legendAtRisk}
      </span>
      <span>
        <Dot color={ALARM_COLOR} glyph={GLYPHS.alarm} /> {T.legendAlarm}
      </span>
    </Space>
  );

  return (
    <Row gutter={[12, 12]} data-testid="console-map">
      <Col xs={24} xl={17}>
        <Card
          size="small"
          title={T.title}
          extra={
            live && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {T.counts(live.homes.length, live.caregivers.length, atRisk.length)} ·{' '}
                {T.updated(new Date(live.at).toLocaleTimeString('zh-CN', { hour12: false }))}
              </Typography.Text>
            )
          }
        >
          <MapView
            height={MAP_HEIGHT}
            regions={regions}
            markers={markers}
            trails={trails}
            fit={regions.length ? 'regions' : 'markers'}
            fitKey={regionId ?? 'all'}
          />
          <div style={{ marginTop: 8 }}>{legend}</div>
          {live?.homesTruncated && (
            <Typography.Text type="warning" style={{ fontSize: 12 }}>
              {T.truncated(live.homes.length)}
            </Typography.Text>
          )}
        </Card>
      </Col>
      <Col xs={24} xl={7}>
        <Card
          size="small"
          title={
            <Space>
              {T.lateTitle}
              {atRisk.length > 0 && <Typography.Text type="warning">{atRisk.length}</Typography.Text>}
            </Space>
          }
          style={{ height: '100%' }}
          styles={{ body: { maxHeight: MAP_HEIGHT + 40, overflowY: 'auto' } }}
          data-testid="late-card"
        >
          {live && (
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 4 }}>
              {T.lateHint(live.speedKmh, live.graceMinutes)}
            </Typography.Paragraph>
          )}
          <LateOrdersList items={atRisk} now={live?.at ?? new Date().toISOString()} />
        </Card>
      </Col>
    </Row>
  );
}
