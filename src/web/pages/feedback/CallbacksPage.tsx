// Call-backs (回访): the operator rings each sampled elder the day after the visit and records
// how satisfied she was; a complaint heard on the call is filed with it.
import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Modal, Radio, Space, Table, Tabs, Tag } from 'antd';
import type { TableProps } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { post } from '../../api.js';
import { useAuth } from '../../auth.js';
import type { z } from '../../../shared/zod.js';
import type { CallbackDto } from '../../../shared/schemas/feedback.js';
import { SATISFACTION_LEVELS } from '../../../core/providers/rules.js';
import { useServerList } from '../../components/use-server-list.js';
import { downloadCsv } from '../../components/export-csv.js';
import { applyProblem } from '../../components/form-errors.js';
import { shanghaiDate } from '../../../shared/today.js';
import { CALLBACK_STATE_LABELS, LEVEL_COLORS, LEVEL_LABELS } from './feedback-labels.js';
import type { FormValues } from '../../components/form-values.js';

type Callback = z.infer<typeof CallbackDto>;

function Callbacks() {
  const { can } = useAuth();
  const { message } = App.useApp();
  const [state, setState] = useState('due');
  const list = useServerList<Callback>('/api/callbacks', {
    defaultSort: 'dueAt',
    totalLabel: (n) => `共 ${n} 条`,
    initialQuery: { state: 'due' },
  });
  const [current, setCurrent] = useState<Callback | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [form] = Form.useForm();
  const level = Form.useWatch('level', form);

  const record = async (outcome: 'rated' | 'no_answer' | 'unreachable') => {
    let v: FormValues = form.getFieldsValue();
    if (outcome === 'rated') {
      try {
        v = await form.validateFields();
      } catch {
        return;
      }
    }
    try {
      const body =
        outcome === 'rated'
          ? { outcome, level: v.level, comment: v.comment || null, ...(v.complaint ? { complaint: v.complaint } : {}) }
          : outcome === 'unreachable'
            ? { outcome, comment: v.comment }
            : { outcome };
      const r = await post<Callback>(`/api/callbacks/${current!.id}`, body);
      message.success(
        outcome === 'rated'
          ? `已记录：${LEVEL_LABELS[r.level!]}${v.complaint ? '，并登记投诉' : ''}`
          : r.state === 'unreachable'
            ? '已记为联系不上'
            : '未接通，2 小时后再打',
      );
      setCurrent(null);
      await list.reload();
    } catch (err) {
      setFormError(applyProblem(form, err));
    }
  };
  const columns: TableProps<Callback>['columns'] = [
    { title: '工单', dataIndex: 'orderId' },
    { title: '老人', dataIndex: 'elderName', render: (n: string, c) => `${n}（${c.regionName}）` },
    { title: '电话', dataIndex: 'elderPhoneMasked', render: (p: string | null) => p ?? '—' },
    { title: '服务', key: 's', render: (_, c) => `${c.serviceDate} ${c.items}` },
    { title: '服务人员', key: 'cg', render: (_, c) => `${c.caregiverName ?? '—'}（${c.providerName ?? '—'}）` },
    { title: '到期', dataIndex: 'dueAt', render: (d: string) => dayjs(d).format('MM-DD HH:mm') },
    {
      title: '状态',
      dataIndex: 'state',
      render: (s: string, c) => (
        <Space>
          {CALLBACK_STATE_LABELS[s]}
          {c.attempts > 0 && c.state === 'open' && <Tag>未接通 {c.attempts} 次</Tag>}
          {c.level && <Tag color={LEVEL_COLORS[c.level]}>{LEVEL_LABELS[c.level]}</Tag>}
        </Space>
      ),
    },
    ...(can('callback.act')
      ? [
          {
            title: '',
            key: 'x',
            render: (_: unknown, c: Callback) =>
              c.state === 'open' && (
                <Button
                  size="small"
                  type="primary"
                  onClick={() => {
                    form.resetFields();
                    setFormError(null);
                    setCurrent(c);
                  }}
                >
                  回访
                </Button>
              ),
          },
        ]
      : []),
  ];
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Button
          icon={<DownloadOutlined />}
          onClick={async () =>
            downloadCsv(
              `回访-${shanghaiDate()}.csv`,
              [
                { title: '工单号', value: (c: Callback) => c.orderId },
                { title: '老人', value: (c) => c.elderName },
                { title: '服务日', value: (c) => c.serviceDate },
                { title: '服务人员', value: (c) => c.caregiverName },
                { title: '状态', value: (c) => CALLBACK_STATE_LABELS[c.state] },
                { title: '满意度', value: (c) => (c.level ? LEVEL_LABELS[c.level] : '') },
                { title: '意见', value: (c) => c.comment },
              ],
              await list.fetchAll(),
            )
          }
        >
          导出
        </Button>
      </Space>
      <br />
      <Radio.Group
        value={state}
        optionType="button"
        style={{ marginBottom: 12 }}
        onChange={(e) => {
          setState(e.target.value);
          list.search({ state: e.target.value });
        }}
        options={[
          { value: 'due', label: '已到期' },
          { value: 'open', label: '全部待回访' },
          { value: 'done', label: '已回访' },
          { value: 'rated_by_sms', label: '短信已评价' },
          { value: 'unreachable', label: '联系不上' },
        ]}
      />
      <Table<Callback> {...list.tableProps} columns={columns} />
      <Modal
        title={current ? `回访 ${current.elderName}（${current.elderPhoneMasked ?? '无电话'}）` : ''}
        open={!!current}
        onCancel={() => setCurrent(null)}
        destroyOnHidden
        width={600}
        footer={
          <Space>
            <Button onClick={() => record('no_answer')}>未接通</Button>
            <Button
              onClick={() => {
                if (!form.getFieldValue('comment')) form.setFields([{ name: 'comment', errors: ['请说明联系情况'] }]);
                else void record('unreachable');
              }}
            >
              联系不上
            </Button>
            <Button type="primary" onClick={() => record('rated')}>
              保存评价
            </Button>
          </Space>
        }
      >
        {current && (
          <Alert
            type="info"
            style={{ marginBottom: 12 }}
            title={`${current.serviceDate} ${current.items}，服务人员 ${current.caregiverName}（${current.providerName}）`}
          />
        )}
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical" name="callback">
          <Form.Item name="level" label="满意度" rules={[{ required: true, message: '请选择满意度' }]}>
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              options={SATISFACTION_LEVELS.map((l) => ({ value: l, label: LEVEL_LABELS[l] }))}
            />
          </Form.Item>
          <Form.Item name="comment" label="老人意见">
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
          {level === 'unsatisfied' && (
            <Form.Item name="complaint" label="登记投诉（选填，交服务机构处理）">
              <Input.TextArea rows={2} maxLength={1000} placeholder="老人反映的问题" />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </>
  );
}

export function CallbacksPage() {
  const { can } = useAuth();
  return (
    <Card size="small" styles={{ body: { paddingTop: 0 } }}>
      <Tabs
        items={[
          { key: 'callbacks', label: '回访', children: <Callbacks /> },
          ...(can('callback.act') ? [{ key: 'sms', label: '短信记录', children: <SmsOutbox /> }] : []),
        ]}
      />
    </Card>
  );
}

interface Sms {
  id: number;
  kind: string;
  elderName: string | null;
  orderId: number | null;
  phoneMasked: string;
  body: string;
  state: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}
const SMS_KIND_LABELS: Record<string, string> = { rating: '邀请评价', reply: '回复', notice: '通知' };
const SMS_STATE: Record<string, { label: string; color: string }> = {
  pending: { label: '待发', color: 'blue' },
  sent: { label: '已发', color: 'green' },
  failed: { label: '发送失败', color: 'red' },
};

/** What went out to elders through the gateway, and what did not. */
function SmsOutbox() {
  const [state, setState] = useState('');
  const list = useServerList<Sms>('/api/sms/outbox', { defaultSort: '-id', totalLabel: (n) => `共 ${n} 条` });
  return (
    <>
      <Radio.Group
        value={state}
        optionType="button"
        style={{ marginBottom: 12 }}
        onChange={(e) => {
          setState(e.target.value);
          list.search({ state: e.target.value || undefined });
        }}
        options={[
          { value: '', label: '全部' },
          { value: 'pending', label: '待发' },
          { value: 'sent', label: '已发' },
          { value: 'failed', label: '发送失败' },
        ]}
      />
      <Table<Sms>
        {...list.tableProps}
        columns={[
          { title: '时间', dataIndex: 'createdAt', render: (d: string) => dayjs(d).format('MM-DD HH:mm') },
          { title: '老人', dataIndex: 'elderName', render: (n: string | null, m) => `${n ?? '—'} ${m.phoneMasked}` },
          { title: '类型', dataIndex: 'kind', render: (k: string) => SMS_KIND_LABELS[k] ?? k },
          { title: '内容', dataIndex: 'body', ellipsis: true, width: 420 },
          {
            title: '状态',
            dataIndex: 'state',
            render: (st: string, m) => (
              <Space direction="vertical" size={0}>
                <Tag color={SMS_STATE[st].color}>
                  {SMS_STATE[st].label}
                  {m.attempts > 1 ? `（第 ${m.attempts} 次）` : ''}
                </Tag>
                {m.lastError && <span style={{ fontSize: 12 }}>{m.lastError}</span>}
              </Space>
            ),
          },
        ]}
      />
    </>
  );
}
