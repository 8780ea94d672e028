import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Progress,
  Segmented,
  Space,
  Switch,
  Table,
  Tag,
  Tabs,
  Typography,
} from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { get, post } from '../../api.js';
import { useAuth } from '../../auth.js';
import { downloadCsv } from '../../components/export-csv.js';
import { applyProblem } from '../../components/form-errors.js';
import { shanghaiDate as today } from '../../../shared/today.js';
import { SATISFACTION_LABELS } from '../../../shared/service-labels.js';
import { callCentreRulesOf, HOTLINE_PATTERN } from '../../../core/orders/call-centre-rules.js';
import { SATISFACTION_LEVELS, type ProviderRules } from '../../../core/providers/rules.js';
import { registryRulesOf } from '../../../core/elders/registry-age.js';
import type { FormValues } from '../../components/form-values.js';

interface AlertItem {
  kind: 'agreement' | 'licence' | 'certificate';
  state: 'expired' | 'expiring';
  providerId: number;
  providerName: string;
  subject: string;
  caregiverId: number | null;
  validUntil: string;
  daysLeft: number;
}
interface Rate {
  providerId?: number;
  providerName?: string;
  active: number;
  qualified: number;
  percent: number | null;
  meetsTarget: boolean | null;
}
interface RuleVersion {
  id: number;
  effectiveFrom: string;
  effectiveTo: string | null;
  params: ProviderRules;
  note: string | null;
  inEffect: boolean;
}
const KIND_LABELS = { agreement: '服务协议', licence: '机构证照', certificate: '人员证书' };
/** The check-in window's minutes: whole minutes from 0 to 720 (12 hours), as the server checks. */
const windowRules = (what: string) => [
  { required: true, message: `请填写${what}的分钟数` },
  {
    validator: (_: unknown, v: unknown) =>
      v === null || v === undefined || (Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 720)
        ? Promise.resolve()
        : Promise.reject(new Error(`${what}的分钟数为 0 到 720 的整数`)),
  },
];

export function AlertsPage() {
  const { can } = useAuth();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [alerts, setAlerts] = useState<{ alertDays: number; items: AlertItem[] }>({ alertDays: 30, items: [] });
  const [kind, setKind] = useState<string>('all');
  const [rates, setRates] = useState<{ targetPercent: number; items: Rate[]; total: Rate } | null>(null);
  const [rules, setRules] = useState<RuleVersion[]>([]);
  const [editing, setEditing] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [form] = Form.useForm();
  const load = useCallback(async () => {
    const [a, r, v] = await Promise.all([
      get<{ alertDays: number; items: AlertItem[] }>('/api/providers/alerts'),
      get<{ targetPercent: number; items: Rate[]; total: Rate }>('/api/providers/certification'),
      get<RuleVersion[]>('/api/provider-rules'),
    ]);
    setAlerts(a);
    setRates(r);
    setRules(v);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  const shown = alerts.items.filter((a) => kind === 'all' || a.kind === kind);
  const current = rules.find((r) => r.inEffect);

  const openRules = () => {
    if (!current) return;
    const p = current.params;
    const cc = callCentreRulesOf(p);
    form.setFieldsValue({
      ...p,
      acceptMinutes: p.acceptMinutes ?? 15,
      cc: {
        ...cc,
        verification: {
          maxDistanceM: cc.verification.maxDistanceM,
          minDurationPercent: Math.round(cc.verification.minDurationShare * 100),
          checkInEarlyMinutes: cc.verification.checkInEarlyMinutes,
          checkInLateMinutes: cc.verification.checkInLateMinutes,
        },
      },
      ...Object.fromEntries(SATISFACTION_LEVELS.map((l) => [`score_${l}`, p.levelScores[l]])),
      effectiveFrom: dayjs().add(1, 'day'),
      radiusMinKm: p.radiusMinM / 1000,
      radiusMaxKm: p.radiusMaxM / 1000,
      registry: registryRulesOf(p),
    });
    setFormError(null);
    setEditing(true);
  };
  const saveRules = async () => {
    let v: FormValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    try {
      await post('/api/provider-rules', {
        effectiveFrom: v.effectiveFrom.format('YYYY-MM-DD'),
        note: null,
        params: {
          // What this form does not edit (the settlement's terms, the free-terminal condition …)
          // carries over into the new version unchanged.
          ...current!.params,
          levelScores: Object.fromEntries(SATISFACTION_LEVELS.map((l) => [l, v[`score_${l}`]])),
          complaintPenalty: v.complaintPenalty,
          minRatings: v.minRatings,
          radiusBands: v.radiusBands,
          radiusMinM: Math.round(v.radiusMinKm * 1000),
          radiusMaxM: Math.round(v.radiusMaxKm * 1000),
          alertDays: v.alertDays,
          certificationTargetPercent: v.certificationTargetPercent,
          qualificationKinds: current!.params.qualificationKinds,
          acceptMinutes: v.acceptMinutes,
          registry: { ...registryRulesOf(current!.params), minAge: v.registry.minAge },
          callCentre: {
            ...callCentreRulesOf(current!.params),
            ...v.cc,
            verification: {
              maxDistanceM: v.cc.verification.maxDistanceM,
              minDurationShare: v.cc.verification.minDurationPercent / 100,
              checkInEarlyMinutes: v.cc.verification.checkInEarlyMinutes,
              checkInLateMinutes: v.cc.verification.checkInLateMinutes,
            },
            replacement: {
              ...callCentreRulesOf(current!.params).replacement,
              blockOnOpen: v.cc.replacement.blockOnOpen,
            },
          },
        },
      });
      message.success('已新增规则版本');
      setEditing(false);
      await load();
    } catch (err) {
      setFormError(applyProblem(form, err));
    }
  };
  const exportAlerts = () =>
    downloadCsv(
      `到期提醒-${today()}.csv`,
      [
        { title: '类型', value: (a: AlertItem) => KIND_LABELS[a.kind] },
        { title: '机构', value: (a) => a.providerName },
        { title: '事项', value: (a) => a.subject },
        { title: '有效期至', value: (a) => a.validUntil },
        { title: '状态', value: (a) => (a.state === 'expired' ? `已过期 ${-a.daysLeft} 天` : `剩 ${a.daysLeft} 天`) },
      ],
      shown,
    );

  return (
    <Card size="small" title="到期提醒与持证率">
      <Tabs
        items={[
          {
            key: 'alerts',
            label: `到期提醒 ${alerts.items.length}`,
            children: (
              <>
                <Space style={{ marginBottom: 12 }} wrap>
                  <Segmented
                    value={kind}
                    onChange={(v) => setKind(String(v))}
                    options={[
                      { value: 'all', label: '全部' },
                      ...Object.entries(KIND_LABELS).map(([value, label]) => ({
                        value,
                        label: `${label} ${alerts.items.filter((a) => a.kind === value).length}`,
                      })),
                    ]}
                  />
                  <Button icon={<DownloadOutlined />} onClick={exportAlerts}>
                    导出
                  </Button>
                  <Typography.Text type="secondary">
                    已过期及 {alerts.alertDays} 天内到期；续期登记新证后自动消除。健康证过期的人员不能派单。
                  </Typography.Text>
                </Space>
                <Table<AlertItem>
                  rowKey={(a) => `${a.kind}-${a.providerId}-${a.caregiverId}-${a.subject}-${a.validUntil}`}
                  size="small"
                  dataSource={shown}
                  pagination={{ pageSize: 20 }}
                  columns={[
                    {
                      title: '类型',
                      dataIndex: 'kind',
                      render: (k: AlertItem['kind']) => KIND_LABELS[k],
                      filters: undefined,
                    },
                    {
                      title: '机构',
                      dataIndex: 'providerName',
                      render: (n: string, a) => <a onClick={() => void navigate(`/providers/${a.providerId}`)}>{n}</a>,
                    },
                    {
                      title: '事项',
                      dataIndex: 'subject',
                      render: (s: string, a) =>
                        a.caregiverId ? <a onClick={() => void navigate(`/caregivers/${a.caregiverId}`)}>{s}</a> : s,
                    },
                    {
                      title: '有效期至',
                      dataIndex: 'validUntil',
                      sorter: (a, b) => a.validUntil.localeCompare(b.validUntil),
                    },
                    {
                      title: '状态',
                      key: 's',
                      render: (_, a) =>
                        a.state === 'expired' ? (
                          <Tag color="red">已过期 {-a.daysLeft} 天</Tag>
                        ) : (
                          <Tag color="orange">剩 {a.daysLeft} 天</Tag>
                        ),
                    },
                  ]}
                />
              </>
            ),
          },
          {
            key: 'rates',
            label: '持证率',
            children: rates && (
              <>
                <Space size="large" style={{ marginBottom: 12 }}>
                  <span>
                    全部机构：在岗 {rates.total.active} 人，持证 {rates.total.qualified} 人
                  </span>
                  <Progress
                    percent={rates.total.percent ?? 0}
                    style={{ width: 240 }}
                    status={rates.total.meetsTarget === false ? 'exception' : 'success'}
                    format={(v) => `${v}%`}
                  />
                  <span>目标 {rates.targetPercent}%</span>
                </Space>
                <Table<Rate>
                  rowKey="providerId"
                  size="small"
                  dataSource={rates.items}
                  pagination={{ pageSize: 20 }}
                  columns={[
                    {
                      title: '机构',
                      dataIndex: 'providerName',
                      render: (n: string, r) => <a onClick={() => void navigate(`/providers/${r.providerId}`)}>{n}</a>,
                    },
                    { title: '在岗', dataIndex: 'active', align: 'right', sorter: (a, b) => a.active - b.active },
                    { title: '持证', dataIndex: 'qualified', align: 'right' },
                    {
                      title: '持证率',
                      dataIndex: 'percent',
                      sorter: (a, b) => (a.percent ?? -1) - (b.percent ?? -1),
                      render: (p: number | null, r) =>
                        p === null ? (
                          '—'
                        ) : (
                          <Progress
                            percent={p}
                            size="small"
                            style={{ width: 160 }}
                            status={r.meetsTarget ? 'success' : 'exception'}
                            format={(v) => `${v}%`}
                          />
                        ),
                    },
                    {
                      title: '达标',
                      dataIndex: 'meetsTarget',
                      render: (m: boolean | null) =>
                        m === null ? '—' : m ? <Tag color="green">达标</Tag> : <Tag color="red">未达标</Tag>,
                    },
                  ]}
                />
              </>
            ),
          },
          {
            key: 'rules',
            label: '管理规则',
            children: current && (
              <>
                <Descriptions
                  size="small"
                  bordered
                  column={{ xs: 1, md: 2 }}
                  title={`现行规则（${current.effectiveFrom} 起）`}
                  extra={can('provider.review') && <Button onClick={openRules}>新增规则版本</Button>}
                  items={[
                    {
                      label: '评价分值',
                      children: SATISFACTION_LEVELS.map(
                        (l) => `${SATISFACTION_LABELS[l]} ${current.params.levelScores[l]}`,
                      ).join('，'),
                    },
                    {
                      label: '投诉扣分',
                      children: `每百单每件属实投诉扣 ${current.params.complaintPenalty} 分；评价少于 ${current.params.minRatings} 条不评分`,
                    },
                    {
                      label: '半径系数',
                      children: [...current.params.radiusBands]
                        .sort((a, b) => b.minScore - a.minScore)
                        .map((b) => `${b.minScore} 分以上 ×${b.factor}`)
                        .join('，'),
                      span: 2,
                    },
                    {
                      label: '半径范围',
                      children: `${current.params.radiusMinM / 1000}–${current.params.radiusMaxM / 1000} 公里`,
                    },
                    { label: '提前提醒', children: `${current.params.alertDays} 天` },
                    { label: '持证率目标', children: `${current.params.certificationTargetPercent}%` },
                    { label: '建档最低年龄', children: `${registryRulesOf(current.params).minAge} 周岁` },
                    { label: '接单时限', children: `派单后 ${current.params.acceptMinutes ?? 15} 分钟未接单则改派` },
                    ...(() => {
                      const cc = callCentreRulesOf(current.params);
                      return [
                        {
                          label: '上门核验',
                          children: `签到、签退距老人住址 ${cc.verification.maxDistanceM} 米以内，服务时长不少于预约的 ${Math.round(cc.verification.minDurationShare * 100)}%`,
                        },
                        {
                          label: '可签到时间',
                          children: `预约开始前 ${cc.verification.checkInEarlyMinutes} 分钟至开始后 ${cc.verification.checkInLateMinutes} 分钟`,
                        },
                        {
                          label: '回访',
                          children: `完成后 ${cc.callbackAfterHours} 小时回访，抽取 ${cc.callbackSamplePercent}% 的工单；${cc.smsRating ? '同时短信邀请评价' : '不发短信评价'}`,
                        },
                        { label: '签到超时', children: `开始后 ${cc.checkInGraceMinutes} 分钟未签到列入调度台` },
                        { label: '投诉答复期限', children: `${cc.complaintWorkingDays} 个工作日` },
                        {
                          label: '更换服务人员',
                          children: `同一老人一个自然月内投诉 ${cc.replacement.complaintsPerMonth} 次，或 ${cc.replacement.withinDays} 天内连续 ${cc.replacement.consecutiveUnsatisfied} 次不满意；${cc.replacement.blockOnOpen ? '开案即停止派该服务人员' : '街道查实后更换'}`,
                        },
                        {
                          label: '周期计划',
                          children: `提前 ${cc.planHorizonDays} 天生成工单；${cc.autoConfirmPlanOrders ? '自动确认' : '话务员与老人确认后派单'}`,
                        },
                        {
                          label: '预约限制',
                          children: `一次最长 ${cc.maxVisitHours} 小时，最多提前 ${cc.bookingHorizonDays} 天`,
                        },
                        { label: '服务热线', children: cc.hotline },
                        {
                          label: '警情',
                          children: `报警 ${cc.alarmAckSeconds} 秒无人接警即超时升级；60 秒内接警率目标 ${cc.alarmAck60TargetPercent}%，180 秒内 ${cc.alarmAck180TargetPercent}%`,
                        },
                        {
                          label: '设备提醒',
                          children: `超过 ${cc.deviceOfflineHours} 小时未上报列为离线，电量低于 ${cc.lowBatteryPercent}% 列为低电量`,
                        },
                      ];
                    })(),
                  ]}
                />
                <Table<RuleVersion>
                  rowKey="id"
                  size="small"
                  style={{ marginTop: 12 }}
                  pagination={false}
                  dataSource={rules}
                  columns={[
                    { title: '生效', dataIndex: 'effectiveFrom' },
                    { title: '截止', dataIndex: 'effectiveTo', render: (v) => v ?? '至今' },
                    {
                      title: '状态',
                      dataIndex: 'inEffect',
                      render: (v: boolean, r) =>
                        v ? (
                          <Tag color="green">执行中</Tag>
                        ) : r.effectiveFrom > today() ? (
                          <Tag color="blue">待生效</Tag>
                        ) : (
                          <Tag>已结束</Tag>
                        ),
                    },
                    { title: '说明', dataIndex: 'note' },
                  ]}
                />
              </>
            ),
          },
        ]}
      />
      <Modal
        title="新增规则版本"
        open={editing}
        onOk={saveRules}
        onCancel={() => setEditing(false)}
        okText="保存"
        cancelText="取消"
        destroyOnHidden
        width={640}
      >
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical" name="rulesForm">
          <Form.Item label="生效日期（明天或以后）" name="effectiveFrom" rules={[{ required: true }]}>
            <DatePicker disabledDate={(d) => !d.isAfter(dayjs(), 'day')} />
          </Form.Item>
          <Space wrap>
            {SATISFACTION_LEVELS.map((l) => (
              <Form.Item
                key={l}
                label={`${SATISFACTION_LABELS[l]}分值`}
                name={`score_${l}`}
                rules={[{ required: true }]}
              >
                <InputNumber min={0} max={100} />
              </Form.Item>
            ))}
          </Space>
          <Space wrap>
            <Form.Item label="投诉扣分" name="complaintPenalty" rules={[{ required: true }]}>
              <InputNumber min={0} max={100} />
            </Form.Item>
            <Form.Item label="最少评价数" name="minRatings" rules={[{ required: true }]}>
              <InputNumber min={0} precision={0} />
            </Form.Item>
            <Form.Item label="最小半径（公里）" name="radiusMinKm" rules={[{ required: true }]}>
              <InputNumber min={0.1} max={100} step={0.1} />
            </Form.Item>
            <Form.Item label="最大半径（公里）" name="radiusMaxKm" rules={[{ required: true }]}>
              <InputNumber min={0.1} max={100} />
            </Form.Item>
            <Form.Item label="提前提醒（天）" name="alertDays" rules={[{ required: true }]}>
              <InputNumber min={1} max={365} precision={0} />
            </Form.Item>
            <Form.Item label="持证率目标（%）" name="certificationTargetPercent" rules={[{ required: true }]}>
              <InputNumber min={0} max={100} />
            </Form.Item>
            <Form.Item
              label="建档最低年龄（周岁）"
              name={['registry', 'minAge']}
              tooltip="未满此年龄不能建立老人档案（各地文件为 60 周岁）"
              rules={[{ required: true, message: '请填写建档最低年龄' }]}
            >
              <InputNumber min={50} max={100} precision={0} />
            </Form.Item>
            <Form.Item label="接单时限（分钟）" name="acceptMinutes" rules={[{ required: true }]}>
              <InputNumber min={1} max={240} precision={0} />
            </Form.Item>
          </Space>
          <Space wrap>
            <Form.Item
              label="核验距离（米）"
              name={['cc', 'verification', 'maxDistanceM']}
              rules={[{ required: true }]}
            >
              <InputNumber min={20} max={5000} precision={0} />
            </Form.Item>
            <Form.Item
              label="最短服务时长（预约的 %）"
              name={['cc', 'verification', 'minDurationPercent']}
              rules={[{ required: true }]}
            >
              <InputNumber min={0} max={100} precision={0} />
            </Form.Item>
            <Form.Item
              label="可提前签到（分钟）"
              name={['cc', 'verification', 'checkInEarlyMinutes']}
              rules={windowRules('可提前签到')}
            >
              <InputNumber min={0} max={720} precision={0} />
            </Form.Item>
            <Form.Item
              label="可迟到签到（分钟）"
              name={['cc', 'verification', 'checkInLateMinutes']}
              rules={windowRules('可迟到签到')}
            >
              <InputNumber min={0} max={720} precision={0} />
            </Form.Item>
            <Form.Item label="回访抽样（%）" name={['cc', 'callbackSamplePercent']} rules={[{ required: true }]}>
              <InputNumber min={0} max={100} precision={0} />
            </Form.Item>
            <Form.Item label="回访时间（完成后小时）" name={['cc', 'callbackAfterHours']} rules={[{ required: true }]}>
              <InputNumber min={0} max={168} precision={0} />
            </Form.Item>
            <Form.Item label="签到宽限（分钟）" name={['cc', 'checkInGraceMinutes']} rules={[{ required: true }]}>
              <InputNumber min={0} max={240} precision={0} />
            </Form.Item>
            <Form.Item label="投诉答复（工作日）" name={['cc', 'complaintWorkingDays']} rules={[{ required: true }]}>
              <InputNumber min={1} max={60} precision={0} />
            </Form.Item>
            <Form.Item label="计划提前（天）" name={['cc', 'planHorizonDays']} rules={[{ required: true }]}>
              <InputNumber min={1} max={60} precision={0} />
            </Form.Item>
            <Form.Item label="一次最长（小时）" name={['cc', 'maxVisitHours']} rules={[{ required: true }]}>
              <InputNumber min={1} max={24} precision={0} />
            </Form.Item>
            <Form.Item label="最多提前预约（天）" name={['cc', 'bookingHorizonDays']} rules={[{ required: true }]}>
              <InputNumber min={1} max={365} precision={0} />
            </Form.Item>
            <Form.Item
              label="服务热线"
              name={['cc', 'hotline']}
              tooltip="短信、收费清单和服务机构名册上写的号码（兰州为 965885，多地为 12349）"
              rules={[
                { required: true, message: '请填写服务热线' },
                { pattern: HOTLINE_PATTERN, message: '服务热线须为 3 到 20 位数字或连字符（如 12349、0931-965885）' },
              ]}
            >
              <Input style={{ width: 160 }} />
            </Form.Item>
            <Form.Item
              label="接警时限（秒）"
              name={['cc', 'alarmAckSeconds']}
              rules={[{ required: true }]}
              tooltip="报警后超过这个时间无人接警，警情升级，所有话务员和区级管理员的调度台标红"
            >
              <InputNumber min={10} max={3600} precision={0} />
            </Form.Item>
            <Form.Item
              label="60 秒接警率目标（%）"
              name={['cc', 'alarmAck60TargetPercent']}
              rules={[{ required: true }]}
            >
              <InputNumber min={0} max={100} step={0.5} />
            </Form.Item>
            <Form.Item
              label="180 秒接警率目标（%）"
              name={['cc', 'alarmAck180TargetPercent']}
              rules={[{ required: true }]}
            >
              <InputNumber min={0} max={100} step={0.5} />
            </Form.Item>
            <Form.Item label="设备离线（小时未上报）" name={['cc', 'deviceOfflineHours']} rules={[{ required: true }]}>
              <InputNumber min={1} max={720} precision={0} />
            </Form.Item>
            <Form.Item label="低电量阈值（%）" name={['cc', 'lowBatteryPercent']} rules={[{ required: true }]}>
              <InputNumber min={1} max={99} precision={0} />
            </Form.Item>
            <Form.Item label="短信评价" name={['cc', 'smsRating']} valuePropName="checked">
              <Switch />
            </Form.Item>
            <Form.Item
              label="计划工单自动确认"
              name={['cc', 'autoConfirmPlanOrders']}
              valuePropName="checked"
              tooltip="关闭时（默认），话务员先与老人确认当天的服务项目和时间，确认后才派单（000 范文3）"
            >
              <Switch />
            </Form.Item>
            <Form.Item
              label="开案即停派"
              name={['cc', 'replacement', 'blockOnOpen']}
              valuePropName="checked"
              tooltip="关闭时（默认），由街道协调服务组织查实后再更换服务人员（002 第5篇）"
            >
              <Switch />
            </Form.Item>
          </Space>
          <Form.List name="radiusBands">
            {(fields) =>
              fields.map((f) => (
                <Space key={f.key}>
                  <Form.Item label="评分达到" name={[f.name, 'minScore']} rules={[{ required: true }]}>
                    <InputNumber min={0} max={100} />
                  </Form.Item>
                  <Form.Item label="半径系数" name={[f.name, 'factor']} rules={[{ required: true }]}>
                    <InputNumber min={0.1} max={5} step={0.1} />
                  </Form.Item>
                </Space>
              ))
            }
          </Form.List>
        </Form>
      </Modal>
    </Card>
  );
}
