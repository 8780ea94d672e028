// Paper vouchers: redeeming one (scanned or typed at the street office), the list by state and
// provider, and the refused presentations — a second use of a code, a void or unknown code.
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Radio, Select, Space, Table, Tabs, Tag } from 'antd';
import dayjs from 'dayjs';
import { get, post } from '../../api.js';
import { useAuth } from '../../auth.js';
import type { z } from '../../../shared/zod.js';
import type { VoucherDto, VoucherRefusalDto } from '../../../shared/schemas/vouchers.js';
import { useServerList } from '../../components/use-server-list.js';
import { applyProblem } from '../../components/form-errors.js';
import { fen } from '../../components/service-format.js';

type Voucher = z.infer<typeof VoucherDto>;
type Refusal = z.infer<typeof VoucherRefusalDto>;
const STATE = {
  issued: { label: '未兑付', color: 'blue' },
  redeemed: { label: '已兑付', color: 'green' },
  void: { label: '已作废', color: 'default' },
} as const;

function Redeem({ onDone }: { onDone: () => void }) {
  const { me } = useAuth();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [last, setLast] = useState<Voucher | null>(null);
  const [providers, setProviders] = useState<{ value: number; label: string }[]>([]);
  const atOffice = me?.role !== 'provider_admin';
  useEffect(() => {
    if (atOffice)
      void get<{ items: { id: number; name: string }[] }>('/api/providers', { pageSize: 200, status: 'approved' }).then(
        (r) => setProviders(r.items.map((p) => ({ value: p.id, label: p.name }))),
      );
  }, [atOffice]);
  const submit = async () => {
    let v: Record<string, unknown>;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    try {
      const done = await post<Voucher>('/api/vouchers/redeem', {
        code: v.code,
        channel: atOffice ? 'office' : 'scan',
        ...(atOffice ? { providerId: v.providerId } : {}),
      });
      setLast(done);
      setError(null);
      message.success(`已兑付 ${fen(done.valueFen)}`);
      form.setFieldsValue({ code: '' });
      onDone();
    } catch (err) {
      setLast(null);
      setError(applyProblem(form, err));
    }
  };
  return (
    <Form form={form} layout="inline" name="redeem" onFinish={submit} style={{ marginBottom: 12 }}>
      {atOffice && (
        <Form.Item name="providerId" label="兑付机构" rules={[{ required: true, message: '请选择服务机构' }]}>
          <Select showSearch optionFilterProp="label" style={{ width: 220 }} options={providers} />
        </Form.Item>
      )}
      <Form.Item name="code" label="券码" rules={[{ required: true, message: '请输入或扫描券码' }]}>
        <Input autoFocus placeholder="扫码枪扫描或手工输入" style={{ width: 240 }} />
      </Form.Item>
      <Button type="primary" htmlType="submit">
        兑付
      </Button>
      {error && <Alert type="error" showIcon title={error} style={{ marginLeft: 12 }} />}
      {last && (
        <Alert
          type="success"
          showIcon
          title={`${last.elderName} 的 ${fen(last.valueFen)} 服务券已兑付给 ${last.providerName}`}
          style={{ marginLeft: 12 }}
        />
      )}
    </Form>
  );
}

function Refusals() {
  const [rows, setRows] = useState<Refusal[]>([]);
  useEffect(() => {
    void get<Refusal[]>('/api/vouchers/refusals').then(setRows, () => setRows([]));
  }, []);
  return (
    <Table<Refusal>
      rowKey="id"
      size="small"
      dataSource={rows}
      columns={[
        { title: '时间', dataIndex: 'at', render: (d: string) => dayjs(d).format('YYYY-MM-DD HH:mm') },
        { title: '券码', dataIndex: 'code' },
        { title: '机构', dataIndex: 'providerName' },
        { title: '经办人', dataIndex: 'username' },
        { title: '拒绝原因', dataIndex: 'reason' },
      ]}
    />
  );
}

export function VouchersPage() {
  const { can } = useAuth();
  const list = useServerList<Voucher>('/api/vouchers', { defaultSort: 'id', totalLabel: (n) => `共 ${n} 张` });
  const [state, setState] = useState('');
  return (
    <Card title="纸质服务券" size="small">
      <Redeem onDone={() => list.reload()} />
      <Tabs
        items={[
          {
            key: 'list',
            label: '服务券',
            children: (
              <>
                <Radio.Group
                  style={{ marginBottom: 12 }}
                  optionType="button"
                  value={state}
                  onChange={(e) => {
                    setState(e.target.value);
                    list.search({ state: e.target.value || undefined });
                  }}
                  options={[
                    { value: '', label: '全部' },
                    { value: 'issued', label: '未兑付' },
                    { value: 'redeemed', label: '已兑付' },
                    { value: 'void', label: '已作废' },
                  ]}
                />
                <Table<Voucher>
                  {...list.tableProps}
                  columns={[
                    { title: '券码', dataIndex: 'code' },
                    { title: '老人', dataIndex: 'elderName' },
                    { title: '社区', dataIndex: 'regionName' },
                    { title: '面值', dataIndex: 'valueFen', align: 'right', render: fen },
                    {
                      title: '状态',
                      dataIndex: 'state',
                      render: (s: Voucher['state']) => <Tag color={STATE[s].color}>{STATE[s].label}</Tag>,
                    },
                    { title: '兑付机构', dataIndex: 'providerName' },
                    {
                      title: '兑付时间',
                      dataIndex: 'redeemedAt',
                      render: (d: string | null, v) =>
                        d
                          ? `${dayjs(d).format('YYYY-MM-DD HH:mm')}（${v.redeemedChannel === 'scan' ? '扫码' : '街道窗口'}）`
                          : '',
                    },
                  ]}
                />
              </>
            ),
          },
          ...(can('voucher.issue') ? [{ key: 'refusals', label: '被拒绝的兑付', children: <Refusals /> }] : []),
        ]}
      />
      <Space />
    </Card>
  );
}
