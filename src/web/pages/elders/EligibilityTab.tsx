// 服务与补贴: for one elder and a date, every programme's result with its class, benefit and
// the reasons in words. Later issues add the entitlements actually granted and the orders.
import type { CostShare } from '../../../core/policy/cost-share.js';
import { shareText } from '../../components/cost-levels.js';
import { useEffect, useState } from 'react';
import { DatePicker, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { get } from '../../api.js';
import type { Benefit } from '../../../core/policy/policy.js';
import { describeBenefit } from '../policies/policy-text.js';

interface Entitlement {
  programme: string;
  classLabel: string;
  benefit: Benefit;
  costShare: CostShare;
  validFrom: string;
  validTo: string | null;
}
interface Item {
  programme: string;
  programmeName: string;
  versionFrom: string | null;
  eligible: boolean;
  classLabel: string | null;
  benefit: Benefit | null;
  reasons: string[];
}

export function EligibilityTab({ elderId }: { elderId: number }) {
  const [date, setDate] = useState<Dayjs>(dayjs());
  const [items, setItems] = useState<Item[]>([]);
  const [granted, setGranted] = useState<Entitlement[]>([]);
  useEffect(() => {
    void get<Entitlement[]>(`/api/elders/${elderId}/entitlements`).then(setGranted);
  }, [elderId]);
  useEffect(() => {
    void get<{ items: Item[] }>(`/api/elders/${elderId}/eligibility`, { date: date.format('YYYY-MM-DD') }).then((r) =>
      setItems(r.items),
    );
  }, [elderId, date]);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Title level={5} style={{ margin: 0 }}>
        享有的待遇
      </Typography.Title>
      <Table
        rowKey={(e) => `${e.programme}-${e.validFrom}`}
        size="small"
        pagination={false}
        dataSource={granted}
        data-testid="entitlements"
        locale={{ emptyText: '暂无待遇' }}
        columns={[
          {
            title: '项目',
            render: (_, e: Entitlement) => items.find((i) => i.programme === e.programme)?.programmeName ?? e.programme,
            width: 150,
          },
          { title: '类别', dataIndex: 'classLabel', width: 130 },
          { title: '待遇', render: (_, e: Entitlement) => describeBenefit(e.benefit), width: 240 },
          { title: '期间', render: (_, e: Entitlement) => `${e.validFrom} 至 ${e.validTo ?? '今后'}` },
          { title: '经费分担', render: (_, e: Entitlement) => shareText(e.costShare), width: 150 },
        ]}
      />
      <Typography.Title level={5} style={{ margin: '12px 0 0' }}>
        资格核定
      </Typography.Title>
      <Space>
        <span>按日期核定：</span>
        <DatePicker value={date} onChange={(d) => d && setDate(d)} allowClear={false} />
        <Typography.Text type="secondary">按该日生效的政策版本和档案信息判断</Typography.Text>
      </Space>
      <Table
        rowKey="programme"
        size="small"
        pagination={false}
        dataSource={items}
        data-testid="eligibility"
        columns={[
          { title: '项目', dataIndex: 'programmeName', width: 150 },
          {
            title: '结果',
            render: (_, i: Item) => (i.eligible ? <Tag color="green">{i.classLabel}</Tag> : <Tag>不符合</Tag>),
            width: 130,
          },
          { title: '待遇', render: (_, i: Item) => describeBenefit(i.benefit), width: 240 },
          {
            title: '理由',
            render: (_, i: Item) => (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {i.reasons.join('；')}
              </Typography.Text>
            ),
          },
          {
            title: '政策版本',
            dataIndex: 'versionFrom',
            render: (v: string | null) => (v ? `${v} 起` : '—'),
            width: 110,
          },
        ]}
      />
    </Space>
  );
}
