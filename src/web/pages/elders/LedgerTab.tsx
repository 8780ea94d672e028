// An elder's entitlement ledger: each programme's account in hours or yuan, its balance, and
// every entry — issued, used, lapsed, reversed — as it was written; paper vouchers printed from
// the voucher balance; and the account cash benefits are paid to.
import { useCallback, useEffect, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { get, post, put } from '../../api.js';
import { useAuth } from '../../auth.js';
import type { z } from '../../../shared/zod.js';
import type { LedgerAccountDto } from '../../../shared/schemas/ledger.js';
import type { VoucherDto } from '../../../shared/schemas/vouchers.js';
import type { PayeeDto } from '../../../shared/schemas/cash.js';
import { applyProblem } from '../../components/form-errors.js';
import { fen } from '../../components/service-format.js';
import { VoucherSheet } from '../vouchers/VoucherSheet.js';
import { PAYEE_KIND_LABELS } from '../cash/cash-labels.js';

type Voucher = z.infer<typeof VoucherDto>;
type Payee = z.infer<typeof PayeeDto>;

type Account = z.infer<typeof LedgerAccountDto>;
const KIND_LABELS: Record<string, { label: string; color: string }> = {
  issue: { label: '发放', color: 'green' },
  draw: { label: '使用', color: 'blue' },
  expire: { label: '作废', color: 'default' },
  carry_in: { label: '结转转入', color: 'cyan' },
  carry_out: { label: '结转转出', color: 'cyan' },
  reverse: { label: '冲正', color: 'orange' },
};
const show = (unit: Account['unit'], amount: number) => (unit === 'minutes' ? `${amount / 60} 小时` : fen(amount));

function PrintVouchers({ elderId, balance, onDone }: { elderId: number; balance: number; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [printed, setPrinted] = useState<Voucher[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm();
  const submit = async () => {
    let v: { count: number; value: number };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    try {
      setPrinted(
        await post<Voucher[]>(`/api/elders/${elderId}/vouchers`, {
          count: v.count,
          valueFen: Math.round(v.value * 100),
        }),
      );
      setError(null);
      onDone();
    } catch (err) {
      setError(applyProblem(form, err));
      form.setFields([{ name: 'count', errors: form.getFieldError('count') }]);
    }
  };
  return (
    <>
      <Button
        size="small"
        icon={<PrinterOutlined />}
        onClick={() => {
          form.setFieldsValue({ count: 1, value: 20 });
          setPrinted(null);
          setError(null);
          setOpen(true);
        }}
      >
        印制纸质券
      </Button>
      <Modal
        title={printed ? '纸质服务券' : '印制纸质券'}
        open={open}
        width={printed ? 820 : 480}
        onCancel={() => setOpen(false)}
        destroyOnHidden
        footer={
          printed
            ? [
                <Button key="p" type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
                  打印
                </Button>,
                <Button key="c" onClick={() => setOpen(false)}>
                  关闭
                </Button>,
              ]
            : [
                <Button key="c" onClick={() => setOpen(false)}>
                  取消
                </Button>,
                <Button key="ok" type="primary" onClick={submit}>
                  印制
                </Button>,
              ]
        }
      >
        {printed ? (
          <VoucherSheet vouchers={printed} />
        ) : (
          <>
            {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
            <Typography.Paragraph>
              服务券余额 {fen(balance)}；印制的券从余额中扣除，遗失可作废退回。
            </Typography.Paragraph>
            <Form form={form} layout="vertical" name="printVouchers">
              <Form.Item name="count" label="张数" rules={[{ required: true, message: '请填写张数' }]}>
                <InputNumber min={1} max={50} precision={0} />
              </Form.Item>
              <Form.Item name="value" label="每张面值（元）" rules={[{ required: true, message: '请填写面值' }]}>
                <InputNumber min={1} max={1000} precision={2} />
              </Form.Item>
            </Form>
          </>
        )}
      </Modal>
    </>
  );
}

function PayeeCard({ elderId }: { elderId: number }) {
  const { can } = useAuth();
  const [payee, setPayee] = useState<Payee | null | undefined>(undefined);
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm();
  useEffect(() => {
    void get<Payee | null>(`/api/elders/${elderId}/payee`).then(setPayee, () => setPayee(null));
  }, [elderId]);
  const save = async () => {
    let v: Record<string, string>;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    try {
      setPayee(await put<Payee>(`/api/elders/${elderId}/payee`, v));
      setEditing(false);
    } catch (err) {
      setError(applyProblem(form, err));
    }
  };
  if (payee === undefined) return null;
  return (
    <Card
      size="small"
      title="现金待遇收款账户"
      extra={
        can('elder.write') && (
          <Button
            size="small"
            onClick={() => {
              form.resetFields();
              form.setFieldsValue(
                payee
                  ? { payeeKind: payee.payeeKind, payeeName: payee.payeeName, bankName: payee.bankName }
                  : { payeeKind: 'self' },
              );
              setError(null);
              setEditing(true);
            }}
          >
            {payee ? '更改' : '登记'}
          </Button>
        )
      }
    >
      {payee ? (
        <Descriptions
          size="small"
          column={4}
          items={[
            { label: '收款人', children: `${payee.payeeName}（${PAYEE_KIND_LABELS[payee.payeeKind]}）` },
            { label: '开户行', children: payee.bankName },
            { label: '账号', children: payee.accountMasked },
            { label: '更新', children: dayjs(payee.updatedAt).format('YYYY-MM-DD') },
          ]}
        />
      ) : (
        <Typography.Text type="secondary">
          未登记：高龄津贴、特困供养等现金待遇发放前须登记。集中供养的特困人员登记供养机构的账户。
        </Typography.Text>
      )}
      <Modal
        title="收款账户"
        open={editing}
        onOk={save}
        onCancel={() => setEditing(false)}
        okText="保存"
        cancelText="取消"
        destroyOnHidden
      >
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical" name="payee">
          <Form.Item name="payeeKind" label="收款人类别" rules={[{ required: true, message: '请选择收款人类别' }]}>
            <Select options={Object.entries(PAYEE_KIND_LABELS).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item name="payeeName" label="收款人（户名）" rules={[{ required: true, message: '请填写收款人' }]}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name="bankName" label="开户行" rules={[{ required: true, message: '请填写开户行' }]}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item
            name="accountNo"
            label="账号"
            rules={[{ required: true, message: '请填写账号' }]}
            extra="加密保存，页面上只显示首尾四位"
          >
            <Input maxLength={40} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

export function LedgerTab({ elderId }: { elderId: number }) {
  const { can } = useAuth();
  const [accounts, setAccounts] = useState<Account[] | null>(null);
  const load = useCallback(() => {
    void get<Account[]>(`/api/elders/${elderId}/ledger`).then(setAccounts, () => setAccounts([]));
  }, [elderId]);
  useEffect(load, [load]);
  if (!accounts) return <Spin />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <PayeeCard elderId={elderId} />
      {!accounts.length && <Empty description="尚无台账：享有服务时数或服务券的老人，每月初自动发放" />}
      {accounts.map((a) => (
        <Card
          key={a.id}
          size="small"
          title={
            <Space>
              {a.programmeName}
              <Tag>{a.unit === 'minutes' ? '服务时数' : '服务券'}</Tag>
            </Space>
          }
          extra={
            <Space>
              {a.unit === 'fen' && can('voucher.issue') && (
                <PrintVouchers elderId={elderId} balance={a.balance} onDone={load} />
              )}
              <Typography.Text strong>余额 {show(a.unit, a.balance)}</Typography.Text>
            </Space>
          }
        >
          <Table
            rowKey="id"
            size="small"
            pagination={{ pageSize: 12 }}
            dataSource={a.entries}
            columns={[
              { title: '月份', dataIndex: 'period' },
              {
                title: '类型',
                dataIndex: 'kind',
                render: (k: string) => <Tag color={KIND_LABELS[k]?.color}>{KIND_LABELS[k]?.label ?? k}</Tag>,
              },
              { title: '数额', dataIndex: 'amount', align: 'right', render: (n: number) => show(a.unit, n) },
              {
                title: '说明',
                dataIndex: 'note',
                render: (n: string | null, e) => `${n ?? ''}${e.orderId ? `（工单 ${e.orderId}）` : ''}`,
              },
              { title: '记账时间', dataIndex: 'createdAt', render: (d: string) => dayjs(d).format('YYYY-MM-DD HH:mm') },
            ]}
          />
        </Card>
      ))}
    </Space>
  );
}
