// The operator console (调度台): everything late or waiting, live; the caller's file pops up
// when the phone rings, and an alarm case rings and pops until someone acknowledges it.
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  App,
  Badge,
  Button,
  Card,
  Col,
  Empty,
  Input,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { PhoneOutlined, SoundOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { get, post } from '../../api.js';
import { useAuth } from '../../auth.js';
import type { ConsoleSummary } from '../../../shared/schemas/console.js';
import { ORDER_STATES, type OrderState } from '../../../core/orders/workflow.js';
import { VERIFICATION_LABELS, type VerificationStatus } from '../../../core/visits/exception-review.js';
import { ORDER_STATE_COLORS, ORDER_STATE_LABELS, hhmm } from '../orders/order-labels.js';
import { CallPop } from './CallPop.js';
import { useLiveConsole, type AlarmChange, type IncomingCall } from './use-live-console.js';
import type { AlarmListItem } from '../../../shared/schemas/alarms.js';
import { AlarmPanel } from './AlarmPanel.js';
import { setServerNow } from '../alarms/alarm-labels.js';
import { AlarmPop } from './AlarmPop.js';
import { DeviceAlertsCard } from './DeviceAlertsCard.js';
import { ConsoleMap } from './ConsoleMap.js';
import { soundAllowed, startRinging, stopRinging, unlockSound } from './alarm-sound.js';

// One empty list, so the map's markers are not rebuilt on every render before alarms load.
const NO_ALARMS: AlarmListItem[] = [];
type Item = ConsoleSummary['lists']['new']['items'][number];
const minutesSince = (iso: string, now: string) =>
  Math.max(0, Math.round((Date.parse(now) - Date.parse(iso)) / 60_000));

export function ConsolePage() {
  const { can } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [streets, setStreets] = useState<{ value: number; label: string }[]>([]);
  const [regionId, setRegionId] = useState<number | undefined>();
  const [s, setS] = useState<ConsoleSummary | null>(null);
  const [call, setCall] = useState<IncomingCall | null>(null);
  const [testNumber, setTestNumber] = useState('');

  const load = useCallback(async () => {
    try {
      const next = await get<ConsoleSummary>('/api/console', { regionId });
      setServerNow(next.at);
      setS(next);
    } catch (err) {
      message.error((err as Error).message);
    }
  }, [regionId, message]);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    void get<{ id: number; name: string; level: string }[]>('/api/regions').then((rs) =>
      setStreets(rs.filter((r) => r.level === 'street').map((r) => ({ value: r.id, label: r.name }))),
    );
  }, []);
  // Alarm cases not yet closed, the one popped, and a counter that tells the pop to reload.
  const seesAlarms = can('alarm.read');
  const [alarms, setAlarms] = useState<{ items: AlarmListItem[]; total: number } | null>(null);
  const [popId, setPopId] = useState<number | null>(null);
  const [popVersion, setPopVersion] = useState(0);
  const [devicesVersion, setDevicesVersion] = useState(0);
  const [mapVersion, setMapVersion] = useState(0);
  const [soundOn, setSoundOn] = useState(false);
  const popRef = useRef<number | null>(null);
  popRef.current = popId;
  const loadAlarms = useCallback(async () => {
    if (!seesAlarms) return;
    try {
      setAlarms(await get('/api/alarms', { state: 'active', pageSize: 50, regionId }));
    } catch (err) {
      message.error((err as Error).message);
    }
  }, [seesAlarms, regionId, message]);
  useEffect(() => {
    void loadAlarms();
  }, [loadAlarms]);
  // Rings while any case waits for someone to acknowledge it.
  const waiting = alarms?.items.some((a) => a.state === 'open') ?? false;
  useEffect(() => {
    if (waiting && can('alarm.handle')) startRinging();
    else stopRinging();
  }, [waiting, can]);
  useEffect(() => () => stopRinging(), []);
  // Browsers allow sound only after the page has had a click or a key.
  useEffect(() => {
    const unlock = () => void unlockSound().then(setSoundOn);
    setSoundOn(soundAllowed());
    document.addEventListener('pointerdown', unlock);
    document.addEventListener('keydown', unlock);
    return () => {
      document.removeEventListener('pointerdown', unlock);
      document.removeEventListener('keydown', unlock);
    };
  }, []);
  const onAlarm = (a: AlarmChange) => {
    void loadAlarms();
    if (a.caseId === popRef.current) setPopVersion((v) => v + 1);
    else if (popRef.current === null && ['raised', 'repeat', 'escalated'].includes(a.change)) setPopId(a.caseId);
  };
  const live = useLiveConsole(
    () => {
      void load();
      void loadAlarms();
      setDevicesVersion((v) => v + 1);
      setMapVersion((v) => v + 1);
    },
    setCall,
    onAlarm,
  );

  const open = (id: number) => void navigate(`/orders?open=${id}`);
  // 000 范文3 L119: the operator confirms the day's items and time with the elder on the phone,
  // then confirms the order here with one click; only then is it dispatched.
  const [confirming, setConfirming] = useState<number | null>(null);
  const confirm = async (o: Item) => {
    setConfirming(o.id);
    try {
      await post(`/api/orders/${o.id}/actions`, { action: 'confirm' });
      message.success(`工单 ${o.id} 已确认，可派单`);
      await load();
    } catch (err) {
      message.error((err as Error).message);
    } finally {
      setConfirming(null);
    }
  };
  // The order, its elder and its time: the first columns of every list on the console.
  const orderColumns = [
    { title: '工单', dataIndex: 'id', width: 70, render: (id: number) => <a onClick={() => open(id)}>{id}</a> },
    {
      title: '老人',
      dataIndex: 'elderName',
      render: (n: string, o: Item) => (
        <span>
          {n}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {' '}
            {o.regionName}
          </Typography.Text>
        </span>
      ),
    },
    {
      title: '服务时间',
      dataIndex: 'startAt',
      render: (_: string, o: Item) => `${o.startAt.slice(5, 10)} ${hhmm(o.startAt)}-${hhmm(o.endAt)}`,
    },
  ];
  const confirmColumns = [
    ...orderColumns,
    { title: '服务项目', dataIndex: 'items' },
    ...(can('order.act')
      ? [
          {
            title: '',
            key: 'confirm',
            width: 90,
            render: (_: unknown, o: Item) => (
              <Button size="small" type="primary" loading={confirming === o.id} onClick={() => void confirm(o)}>
                确认
              </Button>
            ),
          },
        ]
      : []),
  ];
  const columns = (since: 'start' | 'state', label: string) => [
    ...orderColumns,
    { title: '人员', key: 'cg', render: (_: unknown, o: Item) => o.caregiverName ?? '—' },
    {
      title: label,
      key: 'late',
      render: (_: unknown, o: Item) =>
        s && <Tag color="red">{minutesSince(since === 'start' ? o.startAt : o.stateAt, s.at)} 分钟</Tag>,
    },
  ];
  const list = (
    title: string,
    key: keyof ConsoleSummary['lists'],
    extra: React.ReactNode,
    cols: ReturnType<typeof columns> | typeof confirmColumns | null = null,
  ) => {
    const l = s?.lists[key];
    return (
      <Card
        size="small"
        title={
          <Space>
            {title}
            <Badge count={l?.total ?? 0} showZero color={l?.total ? '#f5222d' : '#d9d9d9'} overflowCount={999} />
          </Space>
        }
        extra={extra}
        style={{ height: '100%' }}
      >
        {l && l.items.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="无" />
        ) : (
          <Table<Item>
            rowKey="id"
            size="small"
            pagination={false}
            scroll={{ y: 240 }}
            dataSource={l?.items ?? []}
            loading={!s}
            columns={
              cols ?? [
                {
                  title: '工单',
                  dataIndex: 'id',
                  width: 70,
                  render: (id: number) => <a onClick={() => open(id)}>{id}</a>,
                },
                { title: '老人', dataIndex: 'elderName' },
                {
                  title: '服务时间',
                  dataIndex: 'startAt',
                  render: (_: string, o: Item) => `${o.startAt.slice(5, 10)} ${hhmm(o.startAt)}`,
                },
                {
                  title: '状态',
                  dataIndex: 'state',
                  render: (st: OrderState, o: Item) =>
                    o.verification ? (
                      <Tag color="orange">{VERIFICATION_LABELS[o.verification as VerificationStatus]}</Tag>
                    ) : (
                      <Tag color={ORDER_STATE_COLORS[st]}>{ORDER_STATE_LABELS[st]}</Tag>
                    ),
                },
              ]
            }
          />
        )}
      </Card>
    );
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} size={12}>
      <Card
        size="small"
        title={
          <Space>
            调度台<Tag color={live ? 'green' : 'default'}>{live ? '实时' : '连接中…'}</Tag>
            {s && (
              <Typography.Text type="secondary">
                更新于 {new Date(s.at).toLocaleTimeString('zh-CN', { hour12: false })}
              </Typography.Text>
            )}
          </Space>
        }
        extra={
          <Space wrap>
            <Select
              allowClear
              placeholder="全部街道"
              style={{ width: 160 }}
              options={streets}
              value={regionId}
              onChange={setRegionId}
            />
            {can('order.create') && (
              <Space.Compact>
                <Input
                  placeholder="模拟来电号码"
                  value={testNumber}
                  onChange={(e) => setTestNumber(e.target.value)}
                  style={{ width: 150 }}
                />
                <Button
                  icon={<PhoneOutlined />}
                  onClick={async () => {
                    try {
                      await post('/api/console/test-call', { caller: testNumber });
                    } catch (err) {
                      message.error((err as Error).message);
                    }
                  }}
                >
                  模拟来电
                </Button>
              </Space.Compact>
            )}
          </Space>
        }
      >
        <Row gutter={[12, 12]}>
          {ORDER_STATES.filter((st) => st !== 'closed').map((st) => (
            <Col key={st} xs={8} sm={6} md={4} lg={3}>
              <Statistic title={`今日${ORDER_STATE_LABELS[st]}`} value={s?.counts[st] ?? 0} />
            </Col>
          ))}
          <Col xs={8} sm={6} md={4} lg={3}>
            <a onClick={() => void navigate('/callbacks')}>
              <Statistic
                title="回访到期"
                value={s?.callbacksDue ?? 0}
                valueStyle={s?.callbacksDue ? { color: '#fa8c16' } : undefined}
              />
            </a>
          </Col>
          <Col xs={8} sm={6} md={4} lg={3}>
            <a onClick={() => void navigate('/complaints?state=overdue')}>
              <Statistic
                title="投诉逾期"
                value={s?.complaintsOverdue ?? 0}
                valueStyle={s?.complaintsOverdue ? { color: '#f5222d' } : undefined}
              />
            </a>
          </Col>
          <Col xs={8} sm={6} md={4} lg={3}>
            <a onClick={() => void navigate('/complaints')}>
              <Statistic title="在办投诉" value={s?.complaintsOpen ?? 0} />
            </a>
          </Col>
          <Col xs={8} sm={6} md={4} lg={3}>
            <a onClick={() => void navigate('/complaints?tab=replacements')}>
              <Statistic title="在办换人案件" value={s?.replacementsOpen ?? 0} />
            </a>
          </Col>
        </Row>
      </Card>
      {seesAlarms && (
        <AlarmPanel
          items={alarms?.items ?? []}
          total={alarms?.total ?? 0}
          loading={!alarms}
          onOpen={setPopId}
          extra={
            can('alarm.handle') &&
            (soundOn ? (
              <Tag icon={<SoundOutlined />} color="green">
                提示音已开启
              </Tag>
            ) : (
              <Button size="small" icon={<SoundOutlined />} onClick={() => void unlockSound().then(setSoundOn)}>
                开启提示音
              </Button>
            ))
          }
        />
      )}
      {can('order.read') && (
        <ConsoleMap
          regionId={regionId}
          version={mapVersion}
          alarms={alarms?.items ?? NO_ALARMS}
          onOpenAlarm={setPopId}
        />
      )}
      <Row gutter={[12, 12]}>
        <Col xs={24}>
          {list('今日待确认（周期计划工单：向老人确认当天的服务项目和时间后派单）', 'toConfirm', null, confirmColumns)}
        </Col>
        <Col xs={24} xl={12}>
          {list('新工单（待确认）', 'new', null)}
        </Col>
        <Col xs={24} xl={12}>
          {list('待派单', 'unassigned', null)}
        </Col>
        <Col xs={24} xl={12}>
          {list(`超时未接单（派单后 ${s?.acceptMinutes ?? '…'} 分钟）`, 'notAccepted', null, columns('state', '已等'))}
        </Col>
        <Col xs={24} xl={12}>
          {list(
            `超时未签到（开始后 ${s?.checkInGraceMinutes ?? '…'} 分钟）`,
            'notCheckedIn',
            null,
            columns('start', '已过'),
          )}
        </Col>
        <Col xs={24}>
          {list(
            '核验异常（待说明或审核）',
            'exceptions',
            <a onClick={() => void navigate('/visit-exceptions')}>去审核</a>,
          )}
        </Col>
      </Row>
      {can('device.read') && <DeviceAlertsCard regionId={regionId} version={devicesVersion} />}
      <CallPop call={call} onClose={() => setCall(null)} />
      <AlarmPop
        caseId={popId}
        refreshKey={popVersion}
        onClose={() => {
          setPopId(null);
          void loadAlarms();
        }}
      />
    </Space>
  );
}
