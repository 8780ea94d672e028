import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import type { TableProps } from 'antd';
import { DownloadOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { ApiError, get, post } from '../../api.js';
import { useAuth } from '../../auth.js';
import type { OrderDto } from '../../../shared/schemas/orders.js';
import type { ItemDto } from '../../../shared/schemas/catalogue.js';
import { ORDER_STATES, type OrderAction } from '../../../core/orders/workflow.js';
import { useServerList } from '../../components/use-server-list.js';
import { downloadCsv } from '../../components/export-csv.js';
import { applyProblem } from '../../components/form-errors.js';
import { fen } from '../../components/service-format.js';
import { ElderPicker, elderLabel } from '../../components/ElderPicker.js';
import { OrderLinesField } from './OrderLinesField.js';
import { OrderTripMap } from './OrderTripMap.js';
import { shanghaiDate as today } from '../../../shared/today.js';
import {
  ORDER_ACTION_LABELS,
  ORDER_STATE_COLORS,
  ORDER_STATE_LABELS,
  VISITS_PROGRAMME_NAMES,
  hhmm,
} from './order-labels.js';
import type { FormValues } from '../../components/form-values.js';

type Detail = OrderDto & {
  events: {
    action: string;
    toState: string;
    actor: string;
    username: string | null;
    reason: string | null;
    at: string;
    data: unknown;
  }[];
};
interface Candidate {
  caregiverId: number;
  caregiverName: string;
  providerName: string;
  distanceM: number;
  score: number;
  continuity: boolean;
}
const CHANNELS = [
  { value: 'phone', label: '电话' },
  { value: 'walk_in', label: '上门' },
  { value: 'family', label: '家属' },
  { value: 'web', label: '网上' },
];
const ACTOR_LABELS: Record<string, string> = {
  operator: '话务员',
  system: '系统',
  caregiver: '服务人员',
  provider: '服务机构',
  street: '街道',
};

export function OrdersPage() {
  const { can } = useAuth();
  const { message, modal } = App.useApp();
  const list = useServerList<OrderDto>('/api/orders', {
    defaultSort: '-createdAt',
    totalLabel: (n) => `共 ${n} 张工单`,
  });
  const [detail, setDetail] = useState<Detail | null>(null);
  const [candidates, setCandidates] = useState<Candidate[] | null>(null);
  const [creating, setCreating] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [presetElder, setPresetElder] = useState<{ value: number; label: string } | undefined>();
  const [items, setItems] = useState<ItemDto[]>([]);
  const [filters] = Form.useForm();
  const [form] = Form.useForm();
  const operator = can('order.create');

  const open = async (id: number) => {
    setCandidates(null);
    setDetail(await get<Detail>(`/api/orders/${id}`));
  };
  const openCreate = async (elder?: { id: number; label: string }) => {
    form.resetFields();
    setFormError(null);
    setPresetElder(elder ? { value: elder.id, label: elder.label } : undefined);
    form.setFieldsValue({
      elderId: elder?.id,
      channel: 'phone',
      lines: [{ quantity: 1 }],
      window: [dayjs().add(1, 'day').hour(9).minute(0), dayjs().add(1, 'day').hour(11).minute(0)],
    });
    // One key per form: a double click or a retry after a timeout files one order.
    setCreating(crypto.randomUUID());
    if (!items.length) setItems((await get<{ items: ItemDto[] }>('/api/catalogue/items', { pageSize: 200 })).items);
  };
  // Links from the console and the screen-pop: ?open=<order> shows one, ?new=<elder> starts one.
  const [params, setParams] = useSearchParams();
  useEffect(() => {
    const openId = Number(params.get('open')),
      newFor = Number(params.get('new')),
      planId = Number(params.get('planId'));
    if (!openId && !newFor && !planId) return;
    setParams({}, { replace: true });
    if (planId) list.search({ planId });
    if (openId) void open(openId);
    if (newFor && operator) {
      void get<{ id: number; name: string; age: number; regionName: string; address: string }>(
        `/api/elders/${newFor}`,
      ).then((e) => openCreate({ id: e.id, label: elderLabel(e) }));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [params]);
  const create = async () => {
    let v: FormValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setFormError(null);
    try {
      const data = await post<Detail>(
        '/api/orders',
        {
          elderId: v.elderId,
          channel: v.channel,
          lines: v.lines,
          startAt: v.window[0].toISOString(),
          endAt: v.window[1].toISOString(),
          notes: v.notes || null,
        },
        { 'idempotency-key': creating! },
      );
      message.success(
        `工单已建：应收 ${fen(data.listFen)}，补贴 ${fen(data.programmeFen)}，老人自付 ${fen(data.selfPayFen)}`,
      );
      setCreating(null);
      await list.reload();
      await open(data.id);
    } catch (err) {
      // The time window is one field in the form and two in the request.
      if (err instanceof ApiError)
        for (const e of err.problem.errors ?? [])
          if (e.field === 'startAt' || e.field === 'endAt') form.setFields([{ name: 'window', errors: [e.message] }]);
      setFormError(applyProblem(form, err));
    }
  };
  const act = async (action: OrderAction, extra: Record<string, unknown> = {}) => {
    try {
      const d = await post<Detail>(`/api/orders/${detail!.id}/actions`, { action, ...extra });
      setDetail(d);
      setCandidates(null);
      message.success(
        action === 'dispatch' && !extra.caregiverId
          ? `已派给 ${d.caregiverName}（${d.providerName}）`
          : `已${ORDER_ACTION_LABELS[action]}`,
      );
      await list.reload();
    } catch (err) {
      message.error((err as Error).message);
    }
  };
  const askReason = (action: OrderAction) => {
    let reason = '';
    modal.confirm({
      title: `${ORDER_ACTION_LABELS[action]}工单`,
      okText: ORDER_ACTION_LABELS[action],
      cancelText: '返回',
      okButtonProps: { danger: action === 'cancel' },
      content: (
        <Input.TextArea
          rows={2}
          placeholder="原因（必填）"
          onChange={(e) => {
            reason = e.target.value;
          }}
        />
      ),
      onOk: () => act(action, { reason }),
    });
  };
  const exportAll = async () =>
    downloadCsv(
      `工单-${today()}.csv`,
      [
        { title: '工单号', value: (o: OrderDto) => o.id },
        { title: '老人', value: (o) => o.elderName },
        { title: '社区', value: (o) => o.regionName },
        { title: '服务日', value: (o) => o.serviceDate },
        { title: '时间', value: (o) => `${hhmm(o.startAt)}-${hhmm(o.endAt)}` },
        { title: '项目', value: (o) => o.lines.map((l) => `${l.name}×${l.quantity}`).join('、') },
        { title: '状态', value: (o) => ORDER_STATE_LABELS[o.state] },
        { title: '服务机构', value: (o) => o.providerName },
        { title: '服务人员', value: (o) => o.caregiverName },
        { title: '应收（元）', value: (o) => (o.listFen / 100).toFixed(2) },
        { title: '补贴（元）', value: (o) => (o.programmeFen / 100).toFixed(2) },
        { title: '自付（元）', value: (o) => (o.selfPayFen / 100).toFixed(2) },
      ],
      await list.fetchAll(),
    );

  const columns: TableProps<OrderDto>['columns'] = [
    { title: '工单号', dataIndex: 'id', render: (id: number) => <a onClick={() => open(id)}>{id}</a> },
    {
      title: '老人',
      dataIndex: 'elderName',
      render: (n: string, o) => (
        <Space direction="vertical" size={0}>
          <span>{n}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {o.regionName}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: '服务时间',
      dataIndex: 'startAt',
      sorter: true,
      render: (_: string, o) => `${o.serviceDate} ${hhmm(o.startAt)}-${hhmm(o.endAt)}`,
    },
    {
      title: '项目',
      key: 'lines',
      responsive: ['lg'],
      render: (_, o) => o.lines.map((l) => `${l.name}×${l.quantity}`).join('、'),
    },
    {
      title: '状态',
      dataIndex: 'state',
      render: (s: OrderDto['state']) => <Tag color={ORDER_STATE_COLORS[s]}>{ORDER_STATE_LABELS[s]}</Tag>,
    },
    {
      title: '服务人员',
      key: 'cg',
      responsive: ['md'],
      render: (_, o) => (o.caregiverName ? `${o.caregiverName}（${o.providerName}）` : '—'),
    },
    {
      title: '应收 / 补贴 / 自付',
      key: 'money',
      align: 'right',
      render: (_, o) => `${fen(o.listFen)} / ${fen(o.programmeFen)} / ${fen(o.selfPayFen)}`,
    },
  ];

  const actions: Partial<Record<OrderDto['state'], React.ReactNode>> = detail
    ? {
        created: (
          <Space>
            <Button type="primary" onClick={() => act('confirm')}>
              确认
            </Button>
            <Button danger onClick={() => askReason('cancel')}>
              取消
            </Button>
          </Space>
        ),
        confirmed: (
          <Space wrap>
            <Button type="primary" onClick={() => act('dispatch')}>
              自动派单
            </Button>
            <Button onClick={async () => setCandidates(await get<Candidate[]>(`/api/orders/${detail.id}/candidates`))}>
              选择人员
            </Button>
            <Button danger onClick={() => askReason('cancel')}>
              取消
            </Button>
          </Space>
        ),
        dispatched: (
          <Space>
            <Button onClick={async () => setCandidates(await get<Candidate[]>(`/api/orders/${detail.id}/candidates`))}>
              改派
            </Button>
            <Button danger onClick={() => askReason('cancel')}>
              取消
            </Button>
          </Space>
        ),
        accepted: (
          <Button danger onClick={() => askReason('cancel')}>
            取消
          </Button>
        ),
        completed: (
          <Space>
            <Button type="primary" onClick={() => act('close')}>
              回访后关闭
            </Button>
            <Button onClick={() => askReason('dispute')}>提出争议</Button>
          </Space>
        ),
      }
    : {};

  return (
    <Card
      title="工单"
      size="small"
      extra={
        <Space>
          <Button icon={<DownloadOutlined />} onClick={exportAll}>
            导出
          </Button>
          {operator && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => openCreate()}>
              新建工单
            </Button>
          )}
        </Space>
      }
    >
      <Form
        form={filters}
        layout="inline"
        style={{ marginBottom: 12, rowGap: 8 }}
        onFinish={(v) => list.search({ state: v.state, date: v.date?.format('YYYY-MM-DD') })}
      >
        <Form.Item name="state">
          <Select
            placeholder="状态"
            allowClear
            style={{ width: 120 }}
            options={ORDER_STATES.map((s) => ({ value: s, label: ORDER_STATE_LABELS[s] }))}
          />
        </Form.Item>
        <Form.Item name="date">
          <DatePicker placeholder="服务日" />
        </Form.Item>
        <Button htmlType="submit" icon={<SearchOutlined />}>
          查询
        </Button>
      </Form>
      <Table<OrderDto> {...list.tableProps} columns={columns} />

      <Drawer
        title={detail ? `工单 ${detail.id} · ${detail.elderName}` : ''}
        open={!!detail}
        onClose={() => setDetail(null)}
        size={600}
        extra={detail && operator && actions[detail.state]}
      >
        {detail && (
          <>
            <Descriptions
              size="small"
              bordered
              column={1}
              items={[
                {
                  label: '状态',
                  children: <Tag color={ORDER_STATE_COLORS[detail.state]}>{ORDER_STATE_LABELS[detail.state]}</Tag>,
                },
                { label: '服务时间', children: `${detail.serviceDate} ${hhmm(detail.startAt)}-${hhmm(detail.endAt)}` },
                { label: '地点', children: detail.address },
                {
                  label: '服务人员',
                  children: detail.caregiverName ? `${detail.caregiverName}（${detail.providerName}）` : '未派',
                },
                {
                  label: '费用',
                  children: `应收 ${fen(detail.listFen)}，补贴支付 ${fen(detail.programmeFen)}，老人自付 ${fen(detail.selfPayFen)}${detail.classCode ? `（${detail.classCode} 类）` : ''}`,
                },
                ...(detail.notes ? [{ label: '备注', children: detail.notes }] : []),
              ]}
            />
            <Table
              rowKey="itemId"
              size="small"
              style={{ marginTop: 12 }}
              pagination={false}
              dataSource={detail.lines}
              columns={[
                { title: '项目', dataIndex: 'name' },
                { title: '数量', dataIndex: 'quantity' },
                { title: '统一价', dataIndex: 'listFen', render: fen },
                {
                  title: '时数抵扣 / 政府购买',
                  key: 'h',
                  render: (_, l) =>
                    l.breakdown.hours.length
                      ? l.breakdown.hours
                          .map((h) =>
                            VISITS_PROGRAMME_NAMES[h.programme]
                              ? `${VISITS_PROGRAMME_NAMES[h.programme]} 1 次 ${fen(h.fen)}`
                              : `${h.minutes} 分钟`,
                          )
                          .join('、')
                      : '—',
                },
                {
                  title: '服务券',
                  key: 'v',
                  render: (_, l) => fen(l.breakdown.vouchers.reduce((s, v) => s + v.fen, 0)),
                },
                { title: '自付', key: 's', render: (_, l) => fen(l.breakdown.selfPayFen) },
              ]}
            />
            <OrderTripMap orderId={detail.id} version={detail.state} />
            {candidates && (
              <>
                <Typography.Title level={5} style={{ marginTop: 16 }}>
                  可派人员（按距离、当日工作量、连续服务排序）
                </Typography.Title>
                {candidates.length === 0 ? (
                  <Alert type="warning" showIcon title="没有符合条件的服务人员" />
                ) : (
                  <Table
                    rowKey="caregiverId"
                    size="small"
                    pagination={{ pageSize: 8 }}
                    dataSource={candidates}
                    columns={[
                      {
                        title: '服务人员',
                        dataIndex: 'caregiverName',
                        render: (n: string, c) => (
                          <Space>
                            {n}
                            {c.continuity && <Tag color="green">熟悉老人</Tag>}
                          </Space>
                        ),
                      },
                      { title: '机构', dataIndex: 'providerName' },
                      { title: '距离', dataIndex: 'distanceM', render: (m: number) => `${(m / 1000).toFixed(1)} 公里` },
                      {
                        title: '',
                        key: 'x',
                        render: (_, c) => (
                          <Button
                            size="small"
                            onClick={() =>
                              detail.state === 'confirmed'
                                ? act('dispatch', { caregiverId: c.caregiverId })
                                : (() => {
                                    let reason = '';
                                    modal.confirm({
                                      title: `改派给 ${c.caregiverName}`,
                                      content: (
                                        <Input
                                          placeholder="改派原因（必填）"
                                          onChange={(e) => {
                                            reason = e.target.value;
                                          }}
                                        />
                                      ),
                                      okText: '改派',
                                      cancelText: '返回',
                                      onOk: () => act('reassign', { caregiverId: c.caregiverId, reason }),
                                    });
                                  })()
                            }
                          >
                            派给此人
                          </Button>
                        ),
                      },
                    ]}
                  />
                )}
              </>
            )}
            <Typography.Title level={5} style={{ marginTop: 16 }}>
              办理记录
            </Typography.Title>
            <Timeline
              items={detail.events.map((e) => ({
                children: (
                  <span>
                    {dayjs(e.at).format('MM-DD HH:mm')} {ACTOR_LABELS[e.actor] ?? e.actor}
                    {e.username ? ` ${e.username}` : ''}：{ORDER_ACTION_LABELS[e.action as OrderAction] ?? '新建'} →{' '}
                    {ORDER_STATE_LABELS[e.toState as OrderDto['state']]}
                    {e.reason ? `（${e.reason}）` : ''}
                  </span>
                ),
              }))}
            />
          </>
        )}
      </Drawer>

      <Modal
        title="新建工单"
        open={creating !== null}
        onOk={create}
        onCancel={() => setCreating(null)}
        okText="建单"
        cancelText="取消"
        destroyOnHidden
        width={680}
      >
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical" name="orderCreate">
          <Form.Item
            label="老人"
            name="elderId"
            rules={[{ required: true, message: '请选择老人（输入姓名、拼音首字母或电话查找）' }]}
          >
            <ElderPicker initial={presetElder} />
          </Form.Item>
          <OrderLinesField
            items={items}
            label={(i) =>
              `${i.name}（${fen(i.priceFen)}/${i.unit === 'hour' ? '小时' : i.unit === 'meal' ? '餐' : i.unit === 'item' ? '件' : '次'}）`
            }
          />
          <Space wrap>
            <Form.Item label="服务时间" name="window" rules={[{ required: true, message: '请选择服务时间' }]}>
              <DatePicker.RangePicker showTime={{ format: 'HH:mm', minuteStep: 15 }} format="YYYY-MM-DD HH:mm" />
            </Form.Item>
            <Form.Item label="来源" name="channel">
              <Select options={CHANNELS} style={{ width: 100 }} />
            </Form.Item>
          </Space>
          <Form.Item label="备注" name="notes">
            <Input maxLength={500} placeholder="如：老人行动不便，请先电话联系" />
          </Form.Item>
        </Form>
        <Typography.Text type="secondary">
          建单时按服务日统一价计价，依次抵扣老人的服务时数和服务券，余额按其类别价自付。
        </Typography.Text>
      </Modal>
    </Card>
  );
}
