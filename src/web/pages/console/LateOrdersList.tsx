// 可能迟到: orders whose caregiver cannot reach the elder by start + grace at a plausible speed,
// latest first, each with its estimated arrival against start and start + grace, linking to
// the order.
import { Empty, List, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { LiveCaregiver } from '../../../shared/schemas/trips.js';
import { ORDER_STATE_LABELS, hhmm } from '../orders/order-labels.js';
import type { OrderState } from '../../../core/orders/workflow.js';
import { ageText } from '../devices/device-labels.js';
import { CONSOLE_MAP_LABELS as T } from './console-map-labels.js';

const minutesBetween = (from: string, to: string) =>
  Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 60_000));

export function LateOrdersList({ items, now }: { items: LiveCaregiver[]; now: string }) {
  if (!items.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={T.lateEmpty} />;
  const sorted = [...items].sort((a, b) => b.lateMinutes - a.lateMinutes || a.startAt.localeCompare(b.startAt));
  return (
    <List
      size="small"
      data-testid="late-orders"
      dataSource={sorted}
      renderItem={(c) => (
        <List.Item key={c.orderId} data-testid="late-order">
          <Space direction="vertical" size={0} style={{ width: '100%' }}>
            <Space size={6} wrap>
              <Link to={`/orders?open=${c.orderId}`}>工单 {c.orderId}</Link>
              <Typography.Text strong>{c.elderName}</Typography.Text>
              <Tag color="orange" style={{ marginInlineEnd: 0 }}>
                {T.lateBy(c.lateMinutes)}
              </Tag>
            </Space>
            <Typography.Text style={{ fontSize: 12 }}>
              {T.start} {hhmm(c.startAt)} · {T.deadline} {hhmm(c.deadline)} ·{' '}
              <Typography.Text type="danger" style={{ fontSize: 12 }}>
                {T.eta} {c.eta ? hhmm(c.eta) : '—'}
              </Typography.Text>
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {c.caregiverName}（{ORDER_STATE_LABELS[c.state as OrderState] ?? c.state}）
              {c.distanceM !== null ? ` · ${T.distance(c.distanceM)}` : ''} ·{' '}
              {T.fixAge(ageText(minutesBetween(c.position.at, now)))}
            </Typography.Text>
          </Space>
        </List.Item>
      )}
    />
  );
}
