// An elder's entitlement ledger: each programme's account in hours or yuan, its balance, and
// every entry — issued, used, lapsed, reversed — as it was written; paper vouchers printed from
// the voucher balance; and the account cash benefits are paid to (changed by two people: PayeeCard).
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Empty, Form, InputNumber, Modal, Space, Spin, Table, Tag, Typography } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { get, post } from '../../api.js';
import { useAuth } from '../../auth.js';
import type { z } from '../../../shared/zod.js';
import type { LedgerAccountDto } from '../../../shared/schemas/ledger.js';
import type { VoucherDto } from '../../../shared/schemas/vouchers.js';
import { applyProblem } from '../../components/form-errors.js';
import { fen } from '../../components/service-format.js';
import { VoucherSheet } from '../vouchers/VoucherSheet.js';
import { PayeeCard } from '../cash/PayeeCard.js';

type Voucher = z.infer<typeof VoucherDto>;

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
