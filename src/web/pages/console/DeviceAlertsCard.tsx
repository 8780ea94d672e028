// Terminals to see to before they are needed: silent longer than the district's limit, and
// running flat. Each links to the device's page.
import { useCallback, useEffect, useState } from 'react';
import { Badge, Card, Space, Table, Tabs, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { get } from '../../api.js';
import type { DeviceAlerts } from '../../../shared/schemas/alarms.js';
import { duration, secondsSince, when } from '../alarms/alarm-labels.js';

type Item = DeviceAlerts['offline']['items'][number];
const KIND_LABELS: Record<string, string> = {
  watch: '定位手表',
  home_box: '一键呼叫器',
  fall: '跌倒探测器',
  door: '门磁',
  bed: '床垫传感器',
};

export function DeviceAlertsCard({ regionId, version }: { regionId?: number; version: number }) {
  const [d, setD] = useState<DeviceAlerts | null>(null);
  const load = useCallback(async () => {
    setD(await get<DeviceAlerts>('/api/alarms/device-alerts', { regionId }));
  }, [regionId]);
  useEffect(() => {
    void load().catch(() => {});
  }, [load, version]);
  const columns = [
    {
      title: '设备',
      dataIndex: 'deviceKey',
      render: (k: string, i: Item) => (
        <Link to={`/devices/${i.id}`}>
          {KIND_LABELS[i.kind] ?? i.kind} {k}
        </Link>
      ),
    },
    {
      title: '老人',
      dataIndex: 'elderName',
      render: (n: string | null, i: Item) => (i.elderId ? <Link to={`/elders/${i.elderId}`}>{n}</Link> : '未绑定'),
    },
    { title: '社区', dataIndex: 'regionName', render: (v: string | null) => v ?? '—' },
    {
      title: '最后上报',
      dataIndex: 'lastSeenAt',
      render: (v: string | null) => (v ? `${when(v)}（${duration(secondsSince(v))}前）` : '从未上报'),
    },
    {
      title: '电量',
      dataIndex: 'battery',
      render: (b: number | null) =>
        b === null ? '—' : <Tag color={d && b < d.lowBatteryPercent ? 'red' : 'default'}>{b}%</Tag>,
    },
  ];
  const table = (rows: Item[]) => (
    <Table<Item> rowKey="id" size="small" pagination={false} scroll={{ y: 220 }} dataSource={rows} columns={columns} />
  );
  return (
    <Card size="small" title="设备提醒" data-testid="device-alerts" styles={{ body: { paddingTop: 0 } }}>
      <Tabs
        size="small"
        items={[
          {
            key: 'offline',
            label: (
              <Space>
                离线超过 {d?.offlineHours ?? '…'} 小时
                <Badge count={d?.offline.total ?? 0} showZero color={d?.offline.total ? '#fa8c16' : '#d9d9d9'} />
              </Space>
            ),
            children: table(d?.offline.items ?? []),
          },
          {
            key: 'battery',
            label: (
              <Space>
                电量低于 {d?.lowBatteryPercent ?? '…'}%
                <Badge count={d?.lowBattery.total ?? 0} showZero color={d?.lowBattery.total ? '#fa8c16' : '#d9d9d9'} />
              </Space>
            ),
            children: table(d?.lowBattery.items ?? []),
          },
        ]}
      />
    </Card>
  );
}
