// An elder's entitlement ledger: each programme's account in hours or yuan, its balance, and
// every entry — issued, used, lapsed, reversed — as it was written.
import { useEffect, useState } from 'react';
import { Card, Empty, Space, Spin, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { get } from '../../api.js';
import type { z } from '../../../shared/zod.js';
import type { LedgerAccountDto } from '../../../shared/schemas/ledger.js';

type Account = z.infer<typeof LedgerAccountDto>;
const KIND_LABELS: Record<string, { label: string; color: string }> = {
  issue: { label: '发放', color: 'green' }, draw: { label: '使用', color: 'blue' }, expire: { label: '作废', color: 'default' },
  carry_in: { label: '结转转入', color: 'cyan' }, carry_out: { label: '结转转出', color: 'cyan' }, reverse: { label: '冲正', color: 'orange' },
};
const show = (unit: Account['unit'], amount: number) => (unit === 'minutes' ? `${amount / 60} 小时` : `¥${(amount / 100).toFixed(2)}`);

export function LedgerTab({ elderId }: { elderId: number }) {
  const [accounts, setAccounts] = useState<Account[] | null>(null);
  useEffect(() => { void get<Account[]>(`/api/elders/${elderId}/ledger`).then(setAccounts, () => setAccounts([])); }, [elderId]);
  if (!accounts) return <Spin />;
  if (!accounts.length) return <Empty description="尚无台账：享有服务时数或服务券的老人，每月初自动发放" />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {accounts.map((a) => (
        <Card key={a.id} size="small" title={<Space>{a.programmeName}<Tag>{a.unit === 'minutes' ? '服务时数' : '服务券'}</Tag></Space>}
          extra={<Typography.Text strong>余额 {show(a.unit, a.balance)}</Typography.Text>}>
          <Table rowKey="id" size="small" pagination={{ pageSize: 12 }} dataSource={a.entries} columns={[
            { title: '月份', dataIndex: 'period' },
            { title: '类型', dataIndex: 'kind', render: (k: string) => <Tag color={KIND_LABELS[k]?.color}>{KIND_LABELS[k]?.label ?? k}</Tag> },
            { title: '数额', dataIndex: 'amount', align: 'right', render: (n: number) => show(a.unit, n) },
            { title: '说明', dataIndex: 'note', render: (n: string | null, e) => `${n ?? ''}${e.orderId ? `（工单 ${e.orderId}）` : ''}` },
            { title: '记账时间', dataIndex: 'createdAt', render: (d: string) => dayjs(d).format('YYYY-MM-DD HH:mm') },
          ]} />
        </Card>
      ))}
    </Space>
  );
}
