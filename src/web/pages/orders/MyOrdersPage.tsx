// The caregiver's phone page: today's (or tomorrow's) orders in time order, with what to do
// next on each — accept or refuse, set off, check in and out where the phone says it is.
import { useCallback, useEffect, useState } from 'react';
import { App, Button, Card, Empty, Input, Modal, Segmented, Space, Spin, Tag, Typography } from 'antd';
import { EnvironmentOutlined } from '@ant-design/icons';
import { get, post } from '../../api.js';
import type { OrderDto } from '../../../shared/schemas/orders.js';
import type { OrderAction } from '../../../core/orders/workflow.js';
import { ORDER_ACTION_LABELS, ORDER_STATE_COLORS, ORDER_STATE_LABELS, hhmm } from './order-labels.js';
import { shanghaiDate as today } from '../../../shared/today.js';
import { addDays } from '../../../core/calendar/working-days.js';

const NEXT: Partial<Record<OrderDto['state'], OrderAction[]>> = {
  dispatched: ['accept', 'refuse'],
  accepted: ['depart', 'check_in', 'refuse'],
  en_route: ['check_in'],
  in_service: ['check_out'],
};

/** The phone's position, or null when the user or the device says no (the visit is then flagged). */
function position(): Promise<{ lng: number; lat: number } | null> {
  if (!('geolocation' in navigator)) return Promise.resolve(null);
  return new Promise((resolve) =>
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lng: p.coords.longitude, lat: p.coords.latitude }),
      () => resolve(null),
      { enableHighAccuracy: true, timeout: 10_000 },
    ),
  );
}

export function MyOrdersPage() {
  const { message } = App.useApp();
  const [day, setDay] = useState<'today' | 'tomorrow'>('today');
  const [items, setItems] = useState<OrderDto[] | null>(null);
  const [refusing, setRefusing] = useState<OrderDto | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState<number | null>(null);
  const date = day === 'today' ? today() : addDays(today(), 1);
  const load = useCallback(
    async () =>
      setItems((await get<{ items: OrderDto[] }>('/api/orders', { date, sort: 'startAt', pageSize: 100 })).items),
    [date],
  );
  useEffect(() => {
    void load();
  }, [load]);

  const act = async (o: OrderDto, action: OrderAction, extra: Record<string, unknown> = {}) => {
    setBusy(o.id);
    try {
      const where = action === 'check_in' || action === 'check_out' ? await position() : null;
      if ((action === 'check_in' || action === 'check_out') && !where)
        message.warning('没有取得位置，本次服务将列为异常待核实');
      await post(`/api/orders/${o.id}/actions`, { action, ...extra, ...(where ?? {}) });
      message.success(`已${ORDER_ACTION_LABELS[action]}`);
      await load();
    } catch (err) {
      message.error((err as Error).message);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div style={{ maxWidth: 560, margin: '0 auto' }}>
      <Space style={{ marginBottom: 12, justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          我的工单
        </Typography.Title>
        <Segmented
          value={day}
          onChange={(v) => setDay(v as 'today' | 'tomorrow')}
          options={[
            { value: 'today', label: '今天' },
            { value: 'tomorrow', label: '明天' },
          ]}
        />
      </Space>
      {items === null ? (
        <Spin />
      ) : items.length === 0 ? (
        <Empty description="没有工单" />
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          {items.map((o) => (
            <Card
              key={o.id}
              size="small"
              data-testid="my-order"
              title={
                <Space>
                  <span>
                    {hhmm(o.startAt)}–{hhmm(o.endAt)}
                  </span>
                  <span>{o.elderName}</span>
                </Space>
              }
              extra={<Tag color={ORDER_STATE_COLORS[o.state]}>{ORDER_STATE_LABELS[o.state]}</Tag>}
            >
              <Space direction="vertical" size={4} style={{ width: '100%' }}>
                <Typography.Text>
                  <EnvironmentOutlined /> {o.address}
                </Typography.Text>
                <Space size={[4, 4]} wrap>
                  {o.lines.map((l) => (
                    <Tag key={l.itemId}>
                      {l.name} ×{l.quantity}
                    </Tag>
                  ))}
                </Space>
                {o.notes && <Typography.Text type="secondary">备注：{o.notes}</Typography.Text>}
                <Space wrap style={{ marginTop: 4 }}>
                  {(NEXT[o.state] ?? []).map((a) => (
                    <Button
                      key={a}
                      size="large"
                      type={a === 'refuse' ? 'default' : 'primary'}
                      danger={a === 'refuse'}
                      loading={busy === o.id}
                      onClick={() => (a === 'refuse' ? (setReason(''), setRefusing(o)) : act(o, a))}
                    >
                      {ORDER_ACTION_LABELS[a]}
                    </Button>
                  ))}
                </Space>
              </Space>
            </Card>
          ))}
        </Space>
      )}
      <Modal
        title="拒单原因"
        open={!!refusing}
        okText="拒单"
        okButtonProps={{ danger: true, disabled: reason.trim().length < 2 }}
        cancelText="取消"
        onCancel={() => setRefusing(null)}
        onOk={async () => {
          const o = refusing!;
          setRefusing(null);
          await act(o, 'refuse', { reason });
        }}
      >
        <Input.TextArea
          rows={3}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder="如：当天另有安排、身体不适"
          maxLength={300}
        />
        <Typography.Text type="secondary">拒单后工单将改派给其他服务人员。</Typography.Text>
      </Modal>
    </div>
  );
}
