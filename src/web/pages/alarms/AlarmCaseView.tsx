// One alarm case as the operator works it — in the console's pop and on the case's own page:
// the state and who took it, the elder's file at a glance (phone and contacts masked, revealed
// through the file's audited reveal), the device and its last fix, the nearest caregivers, the
// actions so far with times, and the forms to record an action and to close the case.
import { useCallback, useEffect, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Radio,
  Row,
  Select,
  Space,
  Spin,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { AlertOutlined, CheckCircleOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { get, post } from '../../api.js';
import { useAuth } from '../../auth.js';
import { RevealButton } from '../../components/RevealButton.js';
import { applyProblem } from '../../components/form-errors.js';
import type { AlarmDetail } from '../../../shared/schemas/alarms.js';
import type { ItemDto } from '../../../shared/schemas/catalogue.js';
import { ALARM_ACTION_KINDS, ALARM_OUTCOMES, type AlarmActionKind } from '../../../core/alarms/alarm-case.js';
import { ABILITY_GRADE_LABELS, LIVING_FLAG_LABELS, SEX_LABELS } from '../../../shared/elder-labels.js';
import {
  ALARM_ACTION_LABELS,
  ALARM_OUTCOME_LABELS,
  ALARM_STATE_COLORS,
  ALARM_STATE_LABELS,
  alarmTypeLabel,
  duration,
  secondsSince,
  when,
} from './alarm-labels.js';
import { AlarmMap } from './AlarmMap.js';

const DEVICE_KIND_LABELS: Record<string, string> = {
  watch: '定位手表',
  home_box: '一键呼叫器',
  fall: '跌倒探测器',
  door: '门磁',
  bed: '床垫传感器',
};
const label = <K extends string>(m: Record<K, string>, k: string | null) => (k ? (m[k as K] ?? k) : '—');

/** The seconds ticking on an unacknowledged case, redrawn every second. */
function Waiting({ since }: { since: string }) {
  const [, tick] = useState(0);
  useEffect(() => {
    const t = setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(t);
  }, []);
  return <span>已等 {duration(secondsSince(since))}</span>;
}

export function AlarmCaseView({
  id,
  refreshKey = 0,
  onChanged,
}: {
  id: number;
  /** Changed by the live stream: someone else did something to the case. */
  refreshKey?: number;
  onChanged?: (d: AlarmDetail) => void;
}) {
  const { can } = useAuth();
  const { message } = App.useApp();
  const [d, setD] = useState<AlarmDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [items, setItems] = useState<ItemDto[]>([]);
  const [closing, setClosing] = useState(false);
  const [actForm] = Form.useForm();
  const [closeForm] = Form.useForm();
  const kind = Form.useWatch('kind', actForm) as AlarmActionKind | undefined;

  const load = useCallback(async () => {
    try {
      const next = await get<AlarmDetail>(`/api/alarms/${id}`);
      setD(next);
      setError(null);
      onChanged?.(next);
    } catch (err) {
      setError((err as Error).message);
    }
  }, [id, onChanged]);
  useEffect(() => {
    void load();
  }, [load, refreshKey]);
  useEffect(() => {
    if (kind === 'dispatched' && !items.length)
      void get<{ items: ItemDto[] }>('/api/catalogue/items', { pageSize: 200 }).then((r) =>
        setItems(r.items.filter((i) => i.active)),
      );
  }, [kind, items.length]);

  const acknowledge = async () => {
    setBusy(true);
    try {
      const next = await post<AlarmDetail>(`/api/alarms/${id}/acknowledge`);
      setD(next);
      onChanged?.(next);
      message.success('已接警，请处置');
    } catch (err) {
      message.error((err as Error).message);
      await load();
    } finally {
      setBusy(false);
    }
  };
  const act = async () => {
    const v = await actForm.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    try {
      await post(`/api/alarms/${id}/actions`, v);
      message.success(`已记录：${ALARM_ACTION_LABELS[v.kind as AlarmActionKind]}`);
      actForm.resetFields();
      await load();
    } catch (err) {
      const general = applyProblem(actForm, err);
      if (general) message.error(general);
    } finally {
      setBusy(false);
    }
  };
  const close = async () => {
    const v = await closeForm.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    try {
      const next = await post<AlarmDetail>(`/api/alarms/${id}/close`, v);
      setD(next);
      onChanged?.(next);
      setClosing(false);
      message.success('警情已结案');
    } catch (err) {
      const general = applyProblem(closeForm, err);
      if (general) message.error(general);
    } finally {
      setBusy(false);
    }
  };

  if (error) return <Alert type="error" title={error} />;
  if (!d) return <Spin />;
  const e = d.elder;
  const handle = can('alarm.handle');
  const reveal = can('elder.reveal');
  const contactOptions = (e?.contacts ?? []).map((c) => ({
    value: c.index,
    label: `${c.name}（${c.relation}）${c.phoneMasked ?? '无电话'}`,
  }));
  const fix = d.device?.lastFix;

  return (
    <Space direction="vertical" style={{ width: '100%' }} size={12}>
      <Alert
        type={d.state === 'closed' ? 'success' : d.escalatedAt ? 'error' : d.state === 'open' ? 'error' : 'warning'}
        showIcon
        icon={d.state === 'closed' ? <CheckCircleOutlined /> : <AlertOutlined />}
        title={
          <Space wrap>
            <Typography.Text strong data-testid="alarm-title">
              {alarmTypeLabel(d.type)}
            </Typography.Text>
            <Tag color={ALARM_STATE_COLORS[d.state]} data-testid="alarm-state">
              {ALARM_STATE_LABELS[d.state]}
            </Tag>
            {d.escalatedAt && d.state === 'open' && <Tag color="red">已超时升级</Tag>}
            {d.escalatedAt && d.state !== 'open' && <Tag color="volcano">曾超时升级</Tag>}
            {d.repeats > 0 && <Tag color="magenta">重复报警 {d.repeats} 次</Tag>}
            <span>报警 {when(d.raisedAt)}</span>
            {d.state === 'open' && <Waiting since={d.raisedAt} />}
          </Space>
        }
        description={
          d.state === 'open' ? (
            handle ? (
              '无人接警：请立即接警'
            ) : (
              '等待呼叫中心接警'
            )
          ) : (
            <Space direction="vertical" size={0}>
              <span data-testid="alarm-acknowledged-by">
                {d.acknowledgedByName ?? '—'} 于 {when(d.acknowledgedAt)} 接警（用时 {duration(d.ackSeconds)}）
              </span>
              {d.state === 'closed' && (
                <span>
                  {d.closedByName} 于 {when(d.closedAt)} 结案：{label(ALARM_OUTCOME_LABELS, d.outcome)}
                  {d.note ? `；${d.note}` : ''}
                </span>
              )}
            </Space>
          )
        }
        action={
          d.state === 'open' && handle ? (
            <Button type="primary" danger size="large" loading={busy} onClick={() => void acknowledge()}>
              接警
            </Button>
          ) : d.state === 'acknowledged' && handle ? (
            <Button
              danger
              onClick={() => {
                closeForm.resetFields();
                setClosing(true);
              }}
            >
              结案
            </Button>
          ) : null
        }
      />
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={13}>
          <Card size="small" title="老人档案摘要">
            {!e ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="设备未绑定老人" />
            ) : (
              <Descriptions
                size="small"
                column={2}
                items={[
                  {
                    label: '姓名',
                    children: (
                      <Link to={`/elders/${e.id}`}>
                        {e.name}（{SEX_LABELS[e.sex]}，{e.age} 岁）
                      </Link>
                    ),
                  },
                  { label: '社区', children: e.regionName },
                  { label: '住址', children: e.address, span: 2 },
                  {
                    label: '电话',
                    children: e.phoneMasked ? (
                      reveal ? (
                        <RevealButton
                          url={`/api/elders/${e.id}/reveal`}
                          body={{ field: 'phone' }}
                          masked={e.phoneMasked}
                        />
                      ) : (
                        e.phoneMasked
                      )
                    ) : (
                      '—'
                    ),
                  },
                  { label: '能力等级', children: label(ABILITY_GRADE_LABELS, e.abilityGrade) },
                  {
                    label: '居住情况',
                    children: e.livingFlags.map((f) => label(LIVING_FLAG_LABELS, f)).join('、') || '—',
                  },
                  {
                    label: '慢性病',
                    children: e.health.chronicConditions.join('、') || '—',
                  },
                  { label: '过敏', children: e.health.allergies.join('、') || '—' },
                  { label: '用药', children: e.health.medications.join('、') || '—' },
                  {
                    label: '家庭医生',
                    children: e.health.familyDoctor
                      ? `${e.health.familyDoctor.name}${e.health.familyDoctor.organization ? `（${e.health.familyDoctor.organization}）` : ''}`
                      : '—',
                    span: 2,
                  },
                  {
                    label: '紧急联系人',
                    span: 2,
                    children: e.contacts.length ? (
                      <Space direction="vertical" size={0}>
                        {e.contacts.map((c) => (
                          <Space key={c.index} size={4}>
                            {c.emergencyOrder && <Tag color="red">第 {c.emergencyOrder} 联系人</Tag>}
                            {c.name}（{c.relation}）
                            {c.phoneMasked &&
                              (reveal ? (
                                <RevealButton
                                  url={`/api/elders/${e.id}/reveal`}
                                  body={{ field: 'contactPhone', contactIndex: c.index }}
                                  masked={c.phoneMasked}
                                />
                              ) : (
                                c.phoneMasked
                              ))}
                          </Space>
                        ))}
                      </Space>
                    ) : (
                      '—'
                    ),
                  },
                ]}
              />
            )}
          </Card>
          <Card size="small" title="设备与位置" style={{ marginTop: 12 }}>
            {!d.device ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="无设备" />
            ) : (
              <Descriptions
                size="small"
                column={2}
                items={[
                  {
                    label: '设备',
                    children: (
                      <Link to={`/devices/${d.device.id}`}>
                        {label(DEVICE_KIND_LABELS, d.device.kind)} {d.device.deviceKey}
                      </Link>
                    ),
                  },
                  { label: '电量', children: d.device.battery === null ? '—' : `${d.device.battery}%` },
                  {
                    label: '报警位置',
                    children:
                      d.lat !== null && d.lng !== null ? (
                        <span>
                          <EnvironmentOutlined /> {d.lat.toFixed(5)}, {d.lng.toFixed(5)}
                          {d.distanceFromHomeM !== null && `（距住址约 ${d.distanceFromHomeM} 米）`}
                        </span>
                      ) : (
                        '报警未带定位'
                      ),
                    span: 2,
                  },
                  {
                    label: '最后定位',
                    span: 2,
                    children: fix ? (
                      <span data-testid="alarm-last-fix">
                        {when(fix.at)}（{duration(secondsSince(fix.at))}前），精度{' '}
                        {fix.accuracy === null ? '未知' : `约 ${Math.round(fix.accuracy)} 米`}
                      </span>
                    ) : (
                      '无有效定位'
                    ),
                  },
                  { label: '最后上报', children: when(d.device.lastSeenAt), span: 2 },
                ]}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={11}>
          <Card size="small" title="位置地图" styles={{ body: { padding: 8 } }}>
            <AlarmMap d={d} />
          </Card>
          <Card size="small" title="附近可派服务人员" style={{ marginTop: 12 }}>
            {d.nearby.length === 0 ? (
              <Typography.Text type="secondary">
                {d.state === 'closed' ? '已结案' : '附近暂无在岗空闲的服务人员'}
              </Typography.Text>
            ) : (
              <Space direction="vertical" size={0}>
                {d.nearby.map((n) => (
                  <span key={n.caregiverId}>
                    {n.name}（{n.providerName}）约 {(n.distanceM / 1000).toFixed(1)} 公里
                  </span>
                ))}
              </Space>
            )}
          </Card>
          <Card size="small" title="处置记录" style={{ marginTop: 12 }}>
            {d.actions.length === 0 ? (
              <Typography.Text type="secondary">尚无处置记录</Typography.Text>
            ) : (
              <Timeline
                items={d.actions.map((a) => ({
                  children: (
                    <span>
                      <Typography.Text strong>{label(ALARM_ACTION_LABELS, a.kind)}</Typography.Text>{' '}
                      <Typography.Text type="secondary">
                        {when(a.at)} {a.byName}
                      </Typography.Text>
                      {a.orderId && (
                        <>
                          {' '}
                          <Link to={`/orders?open=${a.orderId}`}>工单 {a.orderId}</Link>
                        </>
                      )}
                      {a.note && <div>{a.note}</div>}
                    </span>
                  ),
                }))}
              />
            )}
            {d.state === 'acknowledged' && handle && (
              <Form form={actForm} layout="vertical" size="small" initialValues={{ kind: 'called_elder' }}>
                <Form.Item name="kind" label="记录处置" rules={[{ required: true, message: '请选择处置类型' }]}>
                  <Select options={ALARM_ACTION_KINDS.map((k) => ({ value: k, label: ALARM_ACTION_LABELS[k] }))} />
                </Form.Item>
                {(kind === 'called_contact' || kind === 'notified_community') && (
                  <Form.Item name="contactIndex" label="联系人">
                    <Select allowClear options={contactOptions} placeholder="选择老人的联系人" />
                  </Form.Item>
                )}
                {kind === 'notified_community' && (
                  <Form.Item name="phone" label="社区/网格员手机号" tooltip="不选联系人时填写">
                    <Input placeholder="如 13912345678" />
                  </Form.Item>
                )}
                {kind === 'dispatched' && (
                  <>
                    <Form.Item
                      name="itemId"
                      label="服务项目"
                      rules={[{ required: true, message: '请选择派单的服务项目' }]}
                    >
                      <Select
                        showSearch
                        optionFilterProp="label"
                        options={items.map((i) => ({ value: i.id, label: i.name }))}
                      />
                    </Form.Item>
                    <Form.Item name="caregiverId" label="服务人员" tooltip="不选则按派单规则自动派最合适的人员">
                      <Select
                        allowClear
                        options={d.nearby.map((n) => ({
                          value: n.caregiverId,
                          label: `${n.name}（${(n.distanceM / 1000).toFixed(1)} 公里）`,
                        }))}
                      />
                    </Form.Item>
                  </>
                )}
                <Form.Item name="note" label="备注">
                  <Input.TextArea rows={2} maxLength={300} />
                </Form.Item>
                <Button type="primary" loading={busy} onClick={() => void act()}>
                  记录
                </Button>
              </Form>
            )}
          </Card>
        </Col>
      </Row>
      <Modal
        open={closing}
        title="结案"
        okText="确认结案"
        okButtonProps={{ danger: true, loading: busy }}
        onOk={() => void close()}
        onCancel={() => setClosing(false)}
        destroyOnHidden
      >
        <Form form={closeForm} layout="vertical">
          <Form.Item name="outcome" label="处置结果" rules={[{ required: true, message: '请选择处置结果' }]}>
            <Radio.Group options={ALARM_OUTCOMES.map((o) => ({ value: o, label: ALARM_OUTCOME_LABELS[o] }))} />
          </Form.Item>
          <Form.Item name="note" label="说明">
            <Input.TextArea rows={3} maxLength={300} />
          </Form.Item>
        </Form>
        <Typography.Text type="secondary">结案后不能再修改；设备再次报警会生成新的警情。</Typography.Text>
      </Modal>
    </Space>
  );
}
