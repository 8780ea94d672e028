// Binding history: who a device was bound to, from when to when, by whom.
import { Table, Tag } from 'antd';
import { Link } from 'react-router-dom';
import type { Binding } from '../../../shared/schemas/devices.js';
import { DEVICE_KIND_LABELS, timeText } from './device-labels.js';

export function BindingTable({ rows, show }: { rows: Binding[]; show: 'elder' | 'device' }) {
  return (
    <Table<Binding>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={rows}
      locale={{ emptyText: '没有绑定记录' }}
      columns={[
        show === 'elder'
          ? {
              title: '老人',
              dataIndex: 'elderName',
              render: (n: string, b) => <Link to={`/elders/${b.elderId}`}>{n}</Link>,
            }
          : {
              title: '设备',
              dataIndex: 'deviceKey',
              render: (k: string, b) => (
                <Link to={`/devices/${b.deviceId}`}>
                  {k}（{DEVICE_KIND_LABELS[b.kind]}）
                </Link>
              ),
            },
        { title: '绑定时间', dataIndex: 'boundAt', render: timeText },
        { title: '绑定人', dataIndex: 'boundBy' },
        {
          title: '解绑时间',
          dataIndex: 'unboundAt',
          render: (v: string | null) => (v ? timeText(v) : <Tag color="green">使用中</Tag>),
        },
        { title: '解绑人', dataIndex: 'unboundBy' },
        { title: '原因', dataIndex: 'reason' },
      ]}
    />
  );
}
