// Visit exceptions (核验异常): visits whose check-in or check-out was too far from the elder's
// home or too short. The provider explains each with a reason code; the street (or district)
// accepts it, making it billable, or rejects it.
import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import type { TableProps } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { get, post } from '../../api.js';
import { useAuth } from '../../auth.js';
import type { OrderDto } from '../../../shared/schemas/orders.js';
import { REASON_CODES, RESOLUTION_CODES } from '../../../core/visits/verification.js';
import {
  REASON_LABELS,
  RESOLUTION_LABELS,
  VERIFICATION_LABELS,
  type ReasonCode,
  type ResolutionCode,
  type VerificationStatus,
} from '../../../core/visits/exception-review.js';
import { useServerList } from '../../components/use-server-list.js';
import { downloadCsv } from '../../components/export-csv.js';
import { applyProblem } from '../../components/form-errors.js';
import { shanghaiDate } from '../../../shared/today.js';
import { hhmm } from './order-labels.js';
import type { FormValues } from '../../components/form-values.js';

type Detail = OrderDto & {
  events: { action: string; data: unknown; at: string }[];
  reviews: {
    decision: string;
    reasonCode: string | null;
    resolutionCode: string | null;
    note: string;
    byLevel: string;
    username: string | null;
    at: string;
  }[];
};
interface Verification {
  exceptions: { code: string; message: string }[];
  durationMinutes: number | null;
  checkInDistanceM: number | null;
  checkOutDistanceM: number | null;
}
const STATUS_COLORS: Record<VerificationStatus, string> = {
  verified: 'green',
  exception: 'red',
  explained: 'orange',
  accepted: 'green',
  rejected: 'default',
};
const LEVEL_LABELS: Record<string, string> = { provider: '服务机构', street: '街道', district: '区民政局' };
const DECISION_LABELS: Record<string, string> = { explain: '说明', accept: '认可', reject: '不认可' };
const verificationOf = (d: Detail) =>
  (d.events.find((e) => e.action === 'check_out')?.data as { verification?: Verification } | null)?.verification ??
  null;

export function ExceptionsPage() {
  const { me } = useAuth();
  const { message } = App.useApp();
  const provider = me?.role === 'provider_admin';
  const list = useServerList<OrderDto>('/api/orders', {
    defaultSort: '-createdAt',
    totalLabel: (n) => `共 ${n} 条`,
    initialQuery: { verification: 'open' },
  });
  const [status, setStatus] = useState('open');
  const [detail, setDetail] = useState<Detail | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [form] = Form.useForm();
  const decision = Form.useWatch('decision', form);

  const search = (v: string) => {
    setStatus(v);
    list.search({ verification: v });
  };
  const open = async (id: number) => {
    setFormError(null);
    form.resetFields();
    form.setFieldsValue({ decision: provider ? 'explain' : 'accept' });
    setDetail(await get<Detail>(`/api/orders/${id}`));
  };
  const submit = async () => {
    let v: FormValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    try {
      const d = await post<Detail>(`/api/orders/${detail!.id}/review`, {
        decision: v.decision,
        reasonCode: v.reasonCode ?? null,
        resolutionCode: v.resolutionCode ?? null,
        note: v.note,
      });
      message.success(`已${DECISION_LABELS[v.decision]}：${VERIFICATION_LABELS[d.verification!]}`);
      setDetail(null);
      await list.reload();
    } catch (err) {
      setFormError(applyProblem(form, err));
    }
  };
  const columns: TableProps<OrderDto>['columns'] = [
    { title: '工单', dataIndex: 'id', render: (id: number) => <a onClick={() => open(id)}>{id}</a> },
    { title: '老人', dataIndex: 'elderName', render: (n: string, o) => `${n}（${o.regionName}）` },
    {
      title: '服务时间',
      dataIndex: 'startAt',
      render: (_: string, o) => `${o.serviceDate} ${hhmm(o.startAt)}-${hhmm(o.endAt)}`,
    },
    { title: '服务人员', key: 'cg', render: (_, o) => `${o.caregiverName ?? '—'}（${o.providerName ?? '—'}）` },
    {
      title: '核验',
      dataIndex: 'verification',
      render: (v: VerificationStatus) => <Tag color={STATUS_COLORS[v]}>{VERIFICATION_LABELS[v]}</Tag>,
    },
    { title: '补贴', dataIndex: 'programmeFen', align: 'right', render: (f: number) => `¥${(f / 100).toFixed(2)}` },
  ];
  const v = detail && verificationOf(detail);
  const settled = detail && (detail.verification === 'accepted' || detail.verification === 'rejected');
  return (
    <Card
      title="核验异常"
      size="small"
      extra={
        <Button
          icon={<DownloadOutlined />}
          onClick={async () =>
            downloadCsv(
              `核验异常-${shanghaiDate()}.csv`,
              [
                { title: '工单号', value: (o: OrderDto) => o.id },
                { title: '老人', value: (o) => o.elderName },
                { title: '服务日', value: (o) => o.serviceDate },
                { title: '服务人员', value: (o) => o.caregiverName },
                { title: '机构', value: (o) => o.providerName },
                { title: '核验', value: (o) => (o.verification ? VERIFICATION_LABELS[o.verification] : '') },
              ],
              await list.fetchAll(),
            )
          }
        >
          导出
        </Button>
      }
    >
      <Radio.Group
        value={status}
        onChange={(e) => search(e.target.value)}
        style={{ marginBottom: 12 }}
        optionType="button"
        options={[
          { value: 'open', label: '待处理' },
          { value: 'exception', label: '待说明' },
          { value: 'explained', label: '已说明待审核' },
          { value: 'accepted', label: '已认可' },
          { value: 'rejected', label: '不认可' },
        ]}
      />
      <Table<OrderDto> {...list.tableProps} columns={columns} />
      <Modal
        title={detail ? `工单 ${detail.id} · ${detail.elderName} · ${VERIFICATION_LABELS[detail.verification!]}` : ''}
        open={!!detail}
        onCancel={() => setDetail(null)}
        width={680}
        destroyOnHidden
        onOk={settled ? () => setDetail(null) : submit}
        okText={settled ? '关闭' : '提交'}
        cancelText="取消"
      >
        {detail && (
          <>
            <Descriptions
              size="small"
              bordered
              column={1}
              items={[
                {
                  label: '服务',
                  children: `${detail.serviceDate} ${hhmm(detail.startAt)}-${hhmm(detail.endAt)}，${detail.lines.map((l) => l.name).join('、')}`,
                },
                { label: '服务人员', children: `${detail.caregiverName}（${detail.providerName}）` },
                {
                  label: '异常',
                  children: v ? (
                    <Space direction="vertical" size={0}>
                      {v.exceptions.map((e) => (
                        <Typography.Text key={e.code} type="danger">
                          {e.message}
                        </Typography.Text>
                      ))}
                    </Space>
                  ) : (
                    '—'
                  ),
                },
                {
                  label: '签到 / 签退距离',
                  children: v
                    ? `${v.checkInDistanceM ?? '无定位'} 米 / ${v.checkOutDistanceM ?? '无定位'} 米，实际服务 ${v.durationMinutes ?? '—'} 分钟`
                    : '—',
                },
              ]}
            />
            {detail.reviews.length > 0 && (
              <Timeline
                style={{ marginTop: 16 }}
                items={detail.reviews.map((r) => ({
                  children: (
                    <span>
                      {dayjs(r.at).format('MM-DD HH:mm')} {LEVEL_LABELS[r.byLevel]} {r.username}：
                      {DECISION_LABELS[r.decision]}
                      {r.reasonCode ? `（${REASON_LABELS[r.reasonCode as ReasonCode]}）` : ''}
                      {r.resolutionCode ? `（${RESOLUTION_LABELS[r.resolutionCode as ResolutionCode]}）` : ''} {r.note}
                    </span>
                  ),
                }))}
              />
            )}
            {!settled && (
              <>
                {formError && <Alert type="error" showIcon title={formError} style={{ margin: '12px 0' }} />}
                <Form form={form} layout="vertical" style={{ marginTop: 12 }} name="visitReview">
                  <Form.Item name="decision" label="处理">
                    <Radio.Group
                      options={
                        provider
                          ? [
                              { value: 'explain', label: '说明原因' },
                              { value: 'reject', label: '确认不予结算' },
                            ]
                          : [
                              { value: 'accept', label: '认可（可结算）' },
                              { value: 'reject', label: '不认可' },
                            ]
                      }
                    />
                  </Form.Item>
                  {decision === 'explain' && (
                    <Form.Item
                      name="reasonCode"
                      label="异常原因"
                      rules={[{ required: true, message: '请选择异常原因' }]}
                    >
                      <Select options={REASON_CODES.map((c) => ({ value: c, label: REASON_LABELS[c] }))} />
                    </Form.Item>
                  )}
                  {!provider && (
                    <Form.Item
                      name="resolutionCode"
                      label="处理依据"
                      rules={[{ required: true, message: '请选择处理依据' }]}
                    >
                      <Select
                        options={RESOLUTION_CODES.filter((c) =>
                          decision === 'reject' ? c === 'rejected_not_billable' : c !== 'rejected_not_billable',
                        ).map((c) => ({ value: c, label: RESOLUTION_LABELS[c] }))}
                      />
                    </Form.Item>
                  )}
                  <Form.Item
                    name="note"
                    label="说明"
                    rules={[{ required: true, min: 2, message: '请填写说明（至少 2 个字）' }]}
                  >
                    <Input.TextArea rows={2} maxLength={500} />
                  </Form.Item>
                </Form>
              </>
            )}
          </>
        )}
      </Modal>
    </Card>
  );
}
