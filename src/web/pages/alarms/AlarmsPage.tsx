// Alarm cases (警情): the centre's figures for a period against its targets, and every case —
// filtered by state, type, street, date and escalation, searched by the elder's name, sorted,
// paged and exported.
import { useEffect, useState } from 'react';
import { App, Button, Card, Col, DatePicker, Input, Row, Select, Space, Statistic, Table, Tag, Tooltip } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { Link } from 'react-router-dom';
import { get } from '../../api.js';
import { useServerList } from '../../components/use-server-list.js';
import { downloadCsv } from '../../components/export-csv.js';
import type { AlarmListItem, AlarmStats } from '../../../shared/schemas/alarms.js';
import { ALARM_TYPES } from '../../../core/devices/device-event.js';
import { ALARM_STATES } from '../../../core/alarms/alarm-case.js';
import { shanghaiDate } from '../../../shared/today.js';
import {
  ALARM_OUTCOME_LABELS,
  ALARM_STATE_COLORS,
  ALARM_STATE_LABELS,
  ALARM_TYPE_LABELS,
  alarmTypeLabel,
  duration,
  when,
} from './alarm-labels.js';

const fmt = (d: Dayjs) => d.format('YYYY-MM-DD');
const pct = (v: number | null) => (v === null ? '—' : `${v}%`);

export function AlarmsPage() {
  const { message } = App.useApp();
  const [streets, setStreets] = useState<{ value: number; label: string }[]>([]);
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().startOf('month'), dayjs()]);
  const [filters, setFilters] = useState<Record<string, string | number | undefined>>({});
  const [stats, setStats] = useState<AlarmStats | null>(null);
  const list = useServerList<AlarmListItem>('/api/alarms', {
    defaultSort: '-raisedAt',
    totalLabel: (n) => `共 ${n} 起`,
    initialQuery: { from: fmt(range[0]), to: fmt(range[1]) },
  });
  useEffect(() => {
    void get<{ id: number; name: string; level: string }[]>('/api/regions').then((rs) =>
      setStreets(rs.filter((r) => r.level === 'street').map((r) => ({ value: r.id, label: r.name }))),
    );
  }, []);
  useEffect(() => {
    void get<AlarmStats>('/api/alarms/stats', { from: fmt(range[0]), to: fmt(range[1]), regionId: filters.regionId })
      .then(setStats)
      .catch((err: Error) => message.error(err.message));
  }, [range, filters.regionId, message]);
  const set = (k: string, v: string | number | undefined) => {
    const next = { ...filters, [k]: v || undefined };
    setFilters(next);
    list.search({ ...next, from: fmt(range[0]), to: fmt(range[1]) });
  };

  const target = (v: number | null, t: number, meets: boolean | null) => (
    <Tooltip title={`目标 ${t}%`}>
      <span style={{ color: meets === false ? '#cf1322' : meets ? '#389e0d' : undefined }}>{pct(v)}</span>
    </Tooltip>
  );

  return (
    <Space direction="vertical" style={{ width: '100%' }} size={12}>
      <Card size="small" title={`接警指标（${fmt(range[0])} 至 ${fmt(range[1])}）`}>
        <Row gutter={[12, 12]}>
          <Col xs={12} md={4}>
            <Statistic title="警情" value={stats?.count ?? 0} />
          </Col>
          <Col xs={12} md={4}>
            <Statistic
              title={`60 秒内接警（目标 ${stats?.target60Percent ?? 97.5}%）`}
              valueRender={() => (stats ? target(stats.within60Percent, stats.target60Percent, stats.meets60) : '—')}
            />
          </Col>
          <Col xs={12} md={4}>
            <Statistic
              title={`180 秒内接警（目标 ${stats?.target180Percent ?? 99}%）`}
              valueRender={() => (stats ? target(stats.within180Percent, stats.target180Percent, stats.meets180) : '—')}
            />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title="接警用时中位数" valueRender={() => duration(stats?.medianAckSeconds ?? null)} />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title="结案用时中位数" valueRender={() => duration(stats?.medianCloseSeconds ?? null)} />
          </Col>
          <Col xs={12} md={4}>
            <Statistic
              title="超时升级"
              value={stats?.escalated ?? 0}
              valueStyle={stats?.escalated ? { color: '#cf1322' } : undefined}
            />
          </Col>
        </Row>
        {stats && Object.keys(stats.byOutcome).length > 0 && (
          <Space wrap style={{ marginTop: 8 }}>
            结果：
            {Object.entries(stats.byOutcome).map(([k, n]) => (
              <Tag key={k}>
                {ALARM_OUTCOME_LABELS[k as keyof typeof ALARM_OUTCOME_LABELS] ?? k} {n}
              </Tag>
            ))}
          </Space>
        )}
      </Card>
      <Card
        size="small"
        title="警情列表"
        extra={
          <Button
            icon={<DownloadOutlined />}
            onClick={async () =>
              downloadCsv(
                `警情-${shanghaiDate()}.csv`,
                [
                  { title: '警情', value: (a: AlarmListItem) => a.id },
                  { title: '类型', value: (a) => alarmTypeLabel(a.type) },
                  { title: '老人', value: (a) => a.elderName ?? '未绑定' },
                  { title: '社区', value: (a) => a.regionName ?? '' },
                  { title: '报警时间', value: (a) => when(a.raisedAt) },
                  { title: '重复次数', value: (a) => a.repeats },
                  { title: '状态', value: (a) => ALARM_STATE_LABELS[a.state] },
                  { title: '接警人', value: (a) => a.acknowledgedByName ?? '' },
                  { title: '接警用时（秒）', value: (a) => a.ackSeconds ?? '' },
                  { title: '超时升级', value: (a) => (a.escalatedAt ? '是' : '否') },
                  { title: '结案时间', value: (a) => (a.closedAt ? when(a.closedAt) : '') },
                  { title: '结果', value: (a) => (a.outcome ? ALARM_OUTCOME_LABELS[a.outcome] : '') },
                  { title: '说明', value: (a) => a.note ?? '' },
                ],
                await list.fetchAll(),
              )
            }
          >
            导出
          </Button>
        }
      >
        <Space wrap style={{ marginBottom: 12 }}>
          <DatePicker.RangePicker
            allowClear={false}
            value={range}
            onChange={(v) => {
              if (!v?.[0] || !v[1]) return;
              const r: [Dayjs, Dayjs] = [v[0], v[1]];
              setRange(r);
              list.search({ ...filters, from: fmt(r[0]), to: fmt(r[1]) });
            }}
          />
          <Select
            allowClear
            placeholder="状态"
            style={{ width: 110 }}
            value={filters.state}
            onChange={(v) => set('state', v)}
            options={[
              { value: 'active', label: '未结案' },
              ...ALARM_STATES.map((s) => ({ value: s, label: ALARM_STATE_LABELS[s] })),
            ]}
          />
          <Select
            allowClear
            placeholder="类型"
            style={{ width: 130 }}
            value={filters.type}
            onChange={(v) => set('type', v)}
            options={ALARM_TYPES.map((t) => ({ value: t, label: ALARM_TYPE_LABELS[t] }))}
          />
          <Select
            allowClear
            placeholder="全部街道"
            style={{ width: 150 }}
            value={filters.regionId}
            onChange={(v) => set('regionId', v)}
            options={streets}
          />
          <Select
            allowClear
            placeholder="是否超时升级"
            style={{ width: 130 }}
            value={filters.escalated}
            onChange={(v) => set('escalated', v)}
            options={[
              { value: 'true', label: '超时升级' },
              { value: 'false', label: '未升级' },
            ]}
          />
          <Input.Search
            allowClear
            placeholder="老人姓名或拼音"
            style={{ width: 180 }}
            onSearch={(v) => set('q', v.trim())}
          />
        </Space>
        <Table<AlarmListItem>
          {...list.tableProps}
          onRow={(a) => ({ style: a.state === 'open' && a.escalatedAt ? { background: '#fff1f0' } : undefined })}
          columns={[
            { title: '警情', dataIndex: 'id', render: (id: number) => <Link to={`/alarms/${id}`}>{id}</Link> },
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
              render: (n: string | null, a) => (a.elderId ? <Link to={`/elders/${a.elderId}`}>{n}</Link> : '未绑定'),
            },
            { title: '社区', dataIndex: 'regionName', render: (v: string | null) => v ?? '—' },
            {
              title: '报警时间',
              dataIndex: 'raisedAt',
              sorter: true,
              sortOrder: list.sortOrder('raisedAt'),
              render: (v: string) => when(v),
            },
            {
              title: '状态',
              dataIndex: 'state',
              render: (s: AlarmListItem['state'], a) => (
                <Space size={4}>
                  <Tag color={ALARM_STATE_COLORS[s]}>{ALARM_STATE_LABELS[s]}</Tag>
                  {a.escalatedAt && <Tag color="red">超时升级</Tag>}
                </Space>
              ),
            },
            {
              title: '接警',
              dataIndex: 'acknowledgedAt',
              sorter: true,
              sortOrder: list.sortOrder('acknowledgedAt'),
              render: (_: string | null, a) =>
                a.acknowledgedAt ? `${a.acknowledgedByName ?? ''}，用时 ${duration(a.ackSeconds)}` : '—',
            },
            {
              title: '结案',
              dataIndex: 'closedAt',
              sorter: true,
              sortOrder: list.sortOrder('closedAt'),
              render: (v: string | null, a) =>
                v ? `${when(v)} ${a.outcome ? ALARM_OUTCOME_LABELS[a.outcome] : ''}` : '—',
            },
          ]}
        />
      </Card>
    </Space>
  );
}
