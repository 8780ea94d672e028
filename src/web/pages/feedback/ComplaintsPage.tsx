// Complaints (投诉) and the replacement cases they can lead to (更换服务人员).
import { useEffect, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Drawer,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import type { TableProps } from 'antd';
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useSearchParams } from 'react-router-dom';
import { get, post } from '../../api.js';
import { useAuth } from '../../auth.js';
import type { z } from '../../../shared/zod.js';
import type { ComplaintDetail, ComplaintDto, ReplacementDto } from '../../../shared/schemas/feedback.js';
import type { OrderDto } from '../../../shared/schemas/orders.js';
import { useServerList } from '../../components/use-server-list.js';
import { downloadCsv } from '../../components/export-csv.js';
import { applyProblem } from '../../components/form-errors.js';
import { ElderPicker } from '../../components/ElderPicker.js';
import { shanghaiDate } from '../../../shared/today.js';
import {
  ASSIGNEE_LABELS,
  CHANNEL_LABELS,
  COMPLAINT_STATE_LABELS,
  CONFIRMATION_LABELS,
  NOTE_KIND_LABELS,
} from './feedback-labels.js';
import type { FormValues } from '../../components/form-values.js';

type Complaint = z.infer<typeof ComplaintDto>;
type Detail = z.infer<typeof ComplaintDetail>;
type Case = z.infer<typeof ReplacementDto>;
const STATE_COLORS: Record<string, string> = { open: 'blue', answered: 'orange', closed: 'default' };

export function ComplaintsPage() {
  const [params, setParams] = useSearchParams();
  const [tab, setTab] = useState(params.get('tab') === 'replacements' ? 'replacements' : 'complaints');
  return (
    <Card size="small" styles={{ body: { paddingTop: 0 } }}>
      <Tabs
        activeKey={tab}
        onChange={(k) => {
          setTab(k);
          setParams({}, { replace: true });
        }}
        items={[
          {
            key: 'complaints',
            label: '投诉',
            children: (
              <Complaints initialState={params.get('state') ?? undefined} startNew={params.get('new') === '1'} />
            ),
          },
          { key: 'replacements', label: '更换服务人员', children: <Replacements /> },
        ]}
      />
    </Card>
  );
}

function Complaints({ initialState, startNew }: { initialState?: string; startNew: boolean }) {
  const { me, can } = useAuth();
  const { message, modal } = App.useApp();
  // A replacement case on this complaint: it waits for the street's verification (查实).
  const askReplacement = (d: Detail) => {
    let reason = `投诉 ${d.id}：${d.content}`.slice(0, 300);
    modal.confirm({
      title: `提出更换服务人员：${d.elderName} — ${d.caregiverName}`,
      okText: '提出',
      cancelText: '返回',
      content: (
        <Space direction="vertical" style={{ width: '100%' }}>
          <span>案件交街道核实，查实后才更换服务人员。</span>
          <Input.TextArea
            rows={2}
            defaultValue={reason}
            maxLength={300}
            onChange={(e) => {
              reason = e.target.value;
            }}
          />
        </Space>
      ),
      onOk: async () => {
        try {
          await post('/api/replacement-cases', {
            elderId: d.elderId,
            caregiverId: d.caregiverId,
            complaintId: d.id,
            reason,
          });
          message.success('已提出，待街道核实');
        } catch (err) {
          message.error((err as Error).message);
          throw err;
        }
      },
    });
  };
  const list = useServerList<Complaint>('/api/complaints', {
    defaultSort: 'dueOn',
    totalLabel: (n) => `共 ${n} 件`,
    initialQuery: { state: initialState },
  });
  const [state, setState] = useState(initialState ?? '');
  const [detail, setDetail] = useState<Detail | null>(null);
  const [creating, setCreating] = useState(startNew);
  const [formError, setFormError] = useState<string | null>(null);
  const [orders, setOrders] = useState<{ value: number; label: string }[]>([]);
  const [form] = Form.useForm();
  const [step] = Form.useForm();
  const action = Form.useWatch('action', step);
  const elderId = Form.useWatch('elderId', form);

  useEffect(() => {
    if (!elderId) {
      setOrders([]);
      return;
    }
    void get<{ items: OrderDto[] }>('/api/orders', { elderId, pageSize: 20 }).then((p) =>
      setOrders(
        p.items
          .filter((o) => o.caregiverId)
          .map((o) => ({
            value: o.id,
            label: `${o.id}：${o.serviceDate} ${o.lines.map((l) => l.name).join('、')}（${o.caregiverName}，${o.providerName}）`,
          })),
      ),
    );
  }, [elderId]);
  const open = async (id: number) => {
    step.resetFields();
    step.setFieldsValue({ action: 'note' });
    setFormError(null);
    setDetail(await get<Detail>(`/api/complaints/${id}`));
  };
  const create = async () => {
    let v: FormValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    try {
      const c = await post<Detail>('/api/complaints', {
        elderId: v.elderId,
        orderId: v.orderId ?? null,
        channel: v.channel,
        assignee: v.assignee,
        content: v.content,
      });
      message.success(`投诉已登记，答复期限 ${c.dueOn}`);
      setCreating(false);
      await list.reload();
      setDetail(c);
    } catch (err) {
      setFormError(applyProblem(form, err));
    }
  };
  const takeStep = async () => {
    let v: FormValues;
    try {
      v = await step.validateFields();
    } catch {
      return;
    }
    try {
      setDetail(await post<Detail>(`/api/complaints/${detail!.id}/steps`, v));
      step.resetFields();
      step.setFieldsValue({ action: 'note' });
      message.success('已保存');
      await list.reload();
    } catch (err) {
      setFormError(applyProblem(step, err));
    }
  };
  const columns: TableProps<Complaint>['columns'] = [
    { title: '编号', dataIndex: 'id', render: (id: number) => <a onClick={() => open(id)}>{id}</a> },
    { title: '老人', dataIndex: 'elderName', render: (n: string, c) => `${n}（${c.regionName}）` },
    { title: '内容', dataIndex: 'content', ellipsis: true, width: 220 },
    {
      title: '被投诉',
      key: 'who',
      render: (_, c) =>
        c.caregiverName ? (
          <Space direction="vertical" size={0}>
            <span>{c.caregiverName}</span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {c.providerName}
            </Typography.Text>
          </Space>
        ) : (
          '—'
        ),
    },
    { title: '受理', dataIndex: 'receivedOn', sorter: true },
    {
      title: '答复期限',
      dataIndex: 'dueOn',
      sorter: true,
      render: (d: string, c) => (
        <Space>
          {d}
          {c.overdue && <Tag color="red">逾期</Tag>}
        </Space>
      ),
    },
    {
      title: '状态',
      dataIndex: 'state',
      render: (s: string, c) => (
        <Space size={2}>
          <Tag color={STATE_COLORS[s]}>{COMPLAINT_STATE_LABELS[s as Complaint['state']]}</Tag>
          <Tag>{ASSIGNEE_LABELS[c.assignee]}办</Tag>
          {c.upheld !== null && <Tag color={c.upheld ? 'red' : 'green'}>{c.upheld ? '属实' : '不属实'}</Tag>}
        </Space>
      ),
    },
  ];
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Radio.Group
          value={state}
          optionType="button"
          onChange={(e) => {
            setState(e.target.value);
            list.search({ state: e.target.value || undefined });
          }}
          options={[
            { value: '', label: '全部' },
            { value: 'open', label: '处理中' },
            { value: 'overdue', label: '逾期' },
            { value: 'answered', label: '待确认' },
            { value: 'closed', label: '已办结' },
          ]}
        />
        <Button
          icon={<DownloadOutlined />}
          onClick={async () =>
            downloadCsv(
              `投诉-${shanghaiDate()}.csv`,
              [
                { title: '编号', value: (c: Complaint) => c.id },
                { title: '老人', value: (c) => c.elderName },
                { title: '渠道', value: (c) => CHANNEL_LABELS[c.channel] },
                { title: '内容', value: (c) => c.content },
                { title: '服务人员', value: (c) => c.caregiverName },
                { title: '机构', value: (c) => c.providerName },
                { title: '受理', value: (c) => c.receivedOn },
                { title: '期限', value: (c) => c.dueOn },
                { title: '状态', value: (c) => COMPLAINT_STATE_LABELS[c.state] },
                { title: '属实', value: (c) => (c.upheld === null ? '' : c.upheld ? '是' : '否') },
                { title: '结果', value: (c) => c.result },
              ],
              await list.fetchAll(),
            )
          }
        >
          导出
        </Button>
        {can('complaint.act') && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => {
              form.resetFields();
              form.setFieldsValue({ channel: 'call', assignee: 'provider' });
              setFormError(null);
              setCreating(true);
            }}
          >
            登记投诉
          </Button>
        )}
      </Space>
      <Table<Complaint> {...list.tableProps} columns={columns} />

      <Modal
        title="登记投诉"
        open={creating}
        onOk={create}
        onCancel={() => setCreating(false)}
        okText="登记"
        cancelText="取消"
        destroyOnHidden
        width={640}
      >
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
        <Form
          form={form}
          layout="vertical"
          name="complaintCreate"
          initialValues={{ channel: 'call', assignee: 'provider' }}
        >
          <Form.Item label="老人" name="elderId" rules={[{ required: true, message: '请选择老人' }]}>
            <ElderPicker />
          </Form.Item>
          <Form.Item label="涉及工单" name="orderId" extra="交服务机构处理时须选择工单">
            <Select allowClear options={orders} placeholder={elderId ? '选择工单' : '先选择老人'} />
          </Form.Item>
          <Space wrap>
            <Form.Item label="渠道" name="channel">
              <Radio.Group
                optionType="button"
                options={Object.entries(CHANNEL_LABELS).map(([value, label]) => ({ value, label }))}
              />
            </Form.Item>
            <Form.Item label="交办" name="assignee">
              <Radio.Group
                optionType="button"
                options={Object.entries(ASSIGNEE_LABELS).map(([value, label]) => ({ value, label }))}
              />
            </Form.Item>
          </Space>
          <Form.Item
            label="投诉内容"
            name="content"
            rules={[{ required: true, min: 4, message: '投诉内容至少 4 个字' }]}
          >
            <Input.TextArea rows={3} maxLength={1000} showCount />
          </Form.Item>
        </Form>
      </Modal>

      <Drawer
        title={detail ? `投诉 ${detail.id} · ${detail.elderName}` : ''}
        open={!!detail}
        onClose={() => setDetail(null)}
        size={560}
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
                  children: (
                    <Space>
                      <Tag color={STATE_COLORS[detail.state]}>{COMPLAINT_STATE_LABELS[detail.state]}</Tag>
                      {detail.overdue && <Tag color="red">逾期</Tag>}
                    </Space>
                  ),
                },
                {
                  label: '渠道 / 承办',
                  children: `${CHANNEL_LABELS[detail.channel]} / ${ASSIGNEE_LABELS[detail.assignee]}`,
                },
                { label: '受理 / 期限', children: `${detail.receivedOn} / ${detail.dueOn}` },
                {
                  label: '被投诉',
                  children: detail.caregiverName
                    ? `${detail.caregiverName}（${detail.providerName}），工单 ${detail.orderId}`
                    : '—',
                },
                { label: '内容', children: detail.content },
                ...(detail.result
                  ? [{ label: '答复', children: `${detail.result}（${detail.upheld ? '属实' : '不属实'}）` }]
                  : []),
              ]}
            />
            {detail.caregiverId !== null && can('complaint.act') && me?.role !== 'provider_admin' && (
              <Button style={{ marginTop: 12 }} onClick={() => askReplacement(detail)}>
                提出更换服务人员
              </Button>
            )}
            <Typography.Title level={5} style={{ marginTop: 16 }}>
              办理记录
            </Typography.Title>
            <Timeline
              items={detail.notes.map((n) => ({
                children: (
                  <span>
                    {dayjs(n.at).format('MM-DD HH:mm')} {n.username ?? '系统'} {NOTE_KIND_LABELS[n.kind]}：{n.text}
                  </span>
                ),
              }))}
            />
            {detail.state !== 'closed' && can('complaint.act') && (
              <>
                {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
                <Form form={step} layout="vertical" name="complaintStep">
                  <Form.Item name="action" label="办理">
                    <Radio.Group
                      optionType="button"
                      options={[
                        { value: 'note', label: '调查记录' },
                        ...(detail.state === 'open' ? [{ value: 'answer', label: '答复' }] : []),
                        ...(detail.state === 'answered' ? [{ value: 'confirm', label: '投诉人确认' }] : []),
                      ]}
                    />
                  </Form.Item>
                  {action === 'answer' && (
                    <Form.Item
                      name="upheld"
                      label="是否属实"
                      rules={[{ required: true, message: '请选择投诉是否属实' }]}
                    >
                      <Radio.Group
                        options={[
                          { value: true, label: '属实' },
                          { value: false, label: '不属实' },
                        ]}
                      />
                    </Form.Item>
                  )}
                  {action === 'confirm' && (
                    <Form.Item
                      name="confirmation"
                      label="确认结果"
                      rules={[{ required: true, message: '请选择确认结果' }]}
                    >
                      <Radio.Group
                        options={Object.entries(CONFIRMATION_LABELS).map(([value, label]) => ({ value, label }))}
                      />
                    </Form.Item>
                  )}
                  <Form.Item
                    name="text"
                    label={action === 'answer' ? '处理结果' : '内容'}
                    rules={[{ required: true, min: 2, message: '请填写内容（至少 2 个字）' }]}
                  >
                    <Input.TextArea rows={2} maxLength={1000} />
                  </Form.Item>
                  <Button type="primary" onClick={takeStep}>
                    保存
                  </Button>
                </Form>
              </>
            )}
          </>
        )}
      </Drawer>
    </>
  );
}

const CASE_STATES: Record<Case['state'], { label: string; color: string }> = {
  open: { label: '待街道核实', color: 'orange' },
  verified: { label: '已查实，待另派', color: 'red' },
  closed: { label: '已关闭', color: 'default' },
};

// 「……由街道协调服务组织予以查实后更换服务人员」(002 第5篇 L297): the street verifies an open case and
// records what it found; only a verified case replaces the caregiver, and is closed once the
// provider has sent another.
function Replacements() {
  const { me, can } = useAuth();
  const { message, modal } = App.useApp();
  const list = useServerList<Case>('/api/replacement-cases', {
    defaultSort: '-openedAt',
    totalLabel: (n) => `共 ${n} 件`,
    initialQuery: { state: 'open' },
  });
  const [state, setState] = useState('open');
  const verifies = can('complaint.act') && (me?.role === 'street_staff' || me?.role === 'district_admin');
  const [verifying, setVerifying] = useState<Case | null>(null);
  const [verifyForm] = Form.useForm<{ verified: boolean; finding: string }>();
  const [verifyError, setVerifyError] = useState<string | null>(null);
  const verify = async () => {
    const v = await verifyForm.validateFields();
    setVerifyError(null);
    try {
      await post(`/api/replacement-cases/${verifying!.id}/verify`, v);
      message.success(v.verified ? '已查实：该服务人员不再派给这位老人，请服务机构另派' : '未查实，案件已关闭');
      setVerifying(null);
      await list.reload();
    } catch (err) {
      setVerifyError(applyProblem(verifyForm, err));
    }
  };
  const close = (c: Case) => {
    let note = '';
    modal.confirm({
      title: `关闭案件：${c.elderName} — ${c.caregiverName}`,
      okText: '关闭案件',
      cancelText: '返回',
      content: (
        <Space direction="vertical" style={{ width: '100%' }}>
          <span>服务机构已另派服务人员后关闭。被更换的服务人员此后也不再派给这位老人。</span>
          <Input.TextArea
            rows={2}
            placeholder="另派情况（必填）"
            onChange={(e) => {
              note = e.target.value;
            }}
          />
        </Space>
      ),
      onOk: async () => {
        try {
          await post(`/api/replacement-cases/${c.id}/close`, { note });
          message.success('案件已关闭');
          await list.reload();
        } catch (err) {
          message.error((err as Error).message);
          throw err;
        }
      },
    });
  };
  return (
    <>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        title="同一老人一个自然月内投诉同一服务人员 3 次，或 7 天内连续 2 次「不满意」，系统自动立案（也可依投诉或老人要求提出）；由街道核实（查实）后才更换服务人员：查实的，该服务人员不再派给这位老人，服务机构另派他人。"
      />
      <Radio.Group
        value={state}
        optionType="button"
        style={{ marginBottom: 12 }}
        onChange={(e) => {
          setState(e.target.value);
          list.search({ state: e.target.value });
        }}
        options={[
          { value: 'open', label: '待核实' },
          { value: 'verified', label: '已查实待另派' },
          { value: 'closed', label: '已关闭' },
        ]}
      />
      <Table<Case>
        {...list.tableProps}
        columns={[
          { title: '老人', dataIndex: 'elderName', render: (n: string, c) => `${n}（${c.regionName}）` },
          { title: '服务人员', dataIndex: 'caregiverName', render: (n: string, c) => `${n}（${c.providerName}）` },
          { title: '立案原因', dataIndex: 'reason' },
          {
            title: '立案',
            dataIndex: 'openedAt',
            render: (d: string, c) => `${dayjs(d).format('YYYY-MM-DD HH:mm')} ${c.openedByName ?? '系统'}`,
          },
          {
            title: '状态',
            key: 's',
            render: (_, c) => (
              <Space size={4} wrap>
                <Tag color={CASE_STATES[c.state].color}>{CASE_STATES[c.state].label}</Tag>
                {c.blocking && c.state !== 'closed' && <Tag color="volcano">暂停派给该老人</Tag>}
              </Space>
            ),
          },
          {
            title: '核实情况',
            key: 'v',
            render: (_, c) =>
              c.verification ? (
                <span>
                  <Tag color={c.verification === 'verified' ? 'red' : 'green'}>
                    {c.verification === 'verified' ? '属实' : '不属实'}
                  </Tag>
                  {c.finding}（{c.verifiedByName}，{dayjs(c.verifiedAt).format('MM-DD HH:mm')}）
                </span>
              ) : (
                '—'
              ),
          },
          {
            title: '关闭',
            key: 'c',
            render: (_, c) =>
              c.state === 'closed' && c.verification === 'verified'
                ? `${dayjs(c.closedAt).format('MM-DD')}：${c.note}`
                : '',
          },
          ...(verifies
            ? [
                {
                  title: '',
                  key: 'x',
                  render: (_: unknown, c: Case) =>
                    c.state === 'open' ? (
                      <Button
                        size="small"
                        type="primary"
                        onClick={() => {
                          verifyForm.resetFields();
                          setVerifyError(null);
                          setVerifying(c);
                        }}
                      >
                        核实
                      </Button>
                    ) : (
                      c.state === 'verified' && (
                        <Button size="small" onClick={() => close(c)}>
                          关闭案件
                        </Button>
                      )
                    ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        title={verifying ? `核实：${verifying.elderName} — ${verifying.caregiverName}` : ''}
        open={!!verifying}
        okText="保存核实结果"
        cancelText="返回"
        onOk={() => void verify()}
        onCancel={() => setVerifying(null)}
        destroyOnHidden
      >
        {verifyError && <Alert type="error" showIcon title={verifyError} style={{ marginBottom: 12 }} />}
        <Form form={verifyForm} layout="vertical" name="replacementVerify">
          <Form.Item name="verified" label="核实结果" rules={[{ required: true, message: '请选择核实结果' }]}>
            <Radio.Group
              options={[
                { value: true, label: '属实：更换服务人员' },
                { value: false, label: '不属实：关闭案件' },
              ]}
            />
          </Form.Item>
          <Form.Item
            name="finding"
            label="核实情况"
            rules={[{ required: true, min: 4, message: '请填写核实情况（至少 4 个字）' }]}
          >
            <Input.TextArea rows={3} maxLength={500} showCount placeholder="走访、约谈、查阅记录等所见" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
