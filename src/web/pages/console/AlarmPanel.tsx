// The console's alarm panel: every case not yet closed, escalated ones first and in red, the
// unacknowledged ringing, and who has each of the others.
import { Badge, Button, Card, Empty, Space, Table, Tag, Typography } from 'antd';
import { AlertOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import type { AlarmListItem } from '../../../shared/schemas/alarms.js';
import {
  ALARM_STATE_COLORS,
  ALARM_STATE_LABELS,
  alarmTypeLabel,
  duration,
  secondsSince,
  when,
} from '../alarms/alarm-labels.js';

export function AlarmPanel({
  items,
  total,
  loading,
  onOpen,
  extra,
}: {
  items: AlarmListItem[];
  total: number;
  loading: boolean;
  onOpen: (id: number) => void;
  extra?: React.ReactNode;
}) {
  const escalated = items.filter((a) => a.state === 'open' && a.escalatedAt).length;
  const open = items.filter((a) => a.state === 'open').length;
  return (
    <Card
      size="small"
      data-testid="alarm-panel"
      styles={escalated ? { header: { background: '#fff1f0' } } : undefined}
      title={
        <Space>
          <AlertOutlined style={{ color: open ? '#f5222d' : undefined }} />
          警情
          <Badge count={total} showZero color={open ? '#f5222d' : total ? '#fa8c16' : '#d9d9d9'} />
          {open > 0 && <Tag color="red">待接警 {open}</Tag>}
          {escalated > 0 && (
            <Tag color="#cf1322" data-testid="alarm-escalated">
              超时未接 {escalated}
            </Tag>
          )}
        </Space>
      }
      extra={
        <Space>
          {extra}
          <Link to="/alarms">全部警情</Link>
        </Space>
      }
    >
      {items.length === 0 && !loading ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="当前无未结警情" />
      ) : (
        <Table<AlarmListItem>
          rowKey="id"
          size="small"
          pagination={false}
          loading={loading}
          dataSource={items}
          scroll={{ y: 260 }}
          onRow={(a) => ({
            style: a.state === 'open' && a.escalatedAt ? { background: '#ffccc7' } : undefined,
          })}
          columns={[
            {
              title: '警情',
              dataIndex: 'id',
              width: 70,
              render: (id: number) => <a onClick={() => onOpen(id)}>{id}</a>,
            },
            {
              title: '类型',
              dataIndex: 'type',
              render: (t: string, a) => (
                <Space size={4}>
                  {alarmTypeLabel(t)}
                  {a.repeats > 0 && <Tag color="magenta">×{a.repeats + 1}</Tag>}
                </Space>
              ),
            },
            {
              title: '老人',
              dataIndex: 'elderName',
              render: (n: string | null, a) => (
                <span>
                  {n ?? '未绑定'}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {' '}
                    {a.regionName ?? ''}
                  </Typography.Text>
                </span>
              ),
            },
            { title: '报警时间', dataIndex: 'raisedAt', render: (v: string) => when(v) },
            {
              title: '状态',
              dataIndex: 'state',
              render: (s: string, a) =>
                s === 'open' ? (
                  <Space size={4}>
                    <Tag color={a.escalatedAt ? '#cf1322' : 'red'}>
                      {a.escalatedAt ? '超时未接' : ALARM_STATE_LABELS.open}
                    </Tag>
                    <Typography.Text type="danger">{duration(secondsSince(a.raisedAt))}</Typography.Text>
                  </Space>
                ) : (
                  <Space size={4}>
                    <Tag color={ALARM_STATE_COLORS[s]}>{ALARM_STATE_LABELS[s as 'acknowledged']}</Tag>
                    <span>{a.acknowledgedByName}</span>
                  </Space>
                ),
            },
            {
              title: '',
              key: 'go',
              width: 80,
              render: (_: unknown, a) => (
                <Button
                  size="small"
                  type={a.state === 'open' ? 'primary' : 'default'}
                  danger={a.state === 'open'}
                  onClick={() => onOpen(a.id)}
                >
                  {a.state === 'open' ? '接警' : '处置'}
                </Button>
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}
