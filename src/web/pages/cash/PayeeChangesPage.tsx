// 收款账户审核: the requests to register or change elders' payee accounts in the reviewer's
// jurisdiction, waiting ones first by the time they were asked, each approved or rejected by
// someone other than who asked.
import { useEffect, useMemo, useState } from 'react';
import { Button, Card, Form, Input, Select, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import type { TableProps } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import dayjs from 'dayjs';
import { get } from '../../api.js';
import type { Region } from '../../../shared/schemas/regions.js';
import { useServerList } from '../../components/use-server-list.js';
import { buildRegionTree } from '../../components/region-tree.js';
import { PayeeDecisionButtons, PayeeWithdrawButton, type PayeeChange } from './PayeeCard.js';
import { PAYEE_CHANGE_STATE_COLORS, PAYEE_CHANGE_STATE_LABELS, PAYEE_KIND_LABELS, PAYEE_TEXT } from './cash-labels.js';

interface Filters {
  state: string;
  q?: string;
  regionId?: number;
}

const when = (at: string) => dayjs(at).format('YYYY-MM-DD HH:mm');

/** An account in three short lines: the payee, the bank, the masked number (and why it is asked for). */
function Account({ p, reason }: { p: NonNullable<PayeeChange['current']>; reason?: string }) {
  return (
    <Space direction="vertical" size={0}>
      <span>{`${p.payeeName}（${PAYEE_KIND_LABELS[p.payeeKind]}）`}</span>
      <Typography.Text type="secondary">{p.bankName}</Typography.Text>
      <Typography.Text strong={!!reason}>{p.accountMasked}</Typography.Text>
      {reason && <Typography.Text type="secondary">原因：{reason}</Typography.Text>}
    </Space>
  );
}

export function PayeeChangesPage() {
  const [form] = Form.useForm<Filters>();
  const [regions, setRegions] = useState<Region[]>([]);
  const list = useServerList<PayeeChange>('/api/payee-changes', {
    defaultSort: 'requestedAt',
    totalLabel: (n) => `共 ${n} 份申请`,
    initialQuery: { state: 'pending' },
  });
  useEffect(() => {
    void get<Region[]>('/api/regions').then(setRegions);
  }, []);
  // Streets and communities to narrow the list to; grids are too fine for this page.
  const tree = useMemo(() => buildRegionTree(regions.filter((r) => r.level !== 'grid')), [regions]);

  const columns: TableProps<PayeeChange>['columns'] = [
    {
      title: '提交时间',
      dataIndex: 'requestedAt',
      sorter: true,
      sortOrder: list.sortOrder('requestedAt'),
      render: (at: string, c) => (
        <Space direction="vertical" size={0}>
          {when(at)}
          <Typography.Text type="secondary">{c.requestedByName}</Typography.Text>
        </Space>
      ),
    },
    {
      title: '老人',
      dataIndex: 'elderName',
      render: (n: string, c) => (
        <Space direction="vertical" size={0}>
          <Link to={`/elders/${c.elderId}`}>{n}</Link>
          <Typography.Text type="secondary">{c.regionName}</Typography.Text>
        </Space>
      ),
    },
    {
      title: '现账户',
      key: 'current',
      render: (_, c) =>
        c.current ? <Account p={c.current} /> : <Typography.Text type="secondary">未登记</Typography.Text>,
    },
    {
      title: '申请的账户与原因',
      key: 'new',
      render: (_, c) => <Account p={c} reason={c.reason} />,
    },
    {
      title: '状态',
      dataIndex: 'state',
      width: 180,
      render: (s: PayeeChange['state'], c) => (
        <Space direction="vertical" size={0}>
          <Tag color={PAYEE_CHANGE_STATE_COLORS[s]}>{PAYEE_CHANGE_STATE_LABELS[s]}</Tag>
          {c.decidedAt && (
            <Typography.Text type="secondary">
              {c.decidedByName}，{when(c.decidedAt)}
              {c.decisionNote ? `：${c.decisionNote}` : ''}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      title: '审核',
      key: 'actions',
      fixed: 'right',
      render: (_, c) => (
        <Space wrap>
          <PayeeWithdrawButton change={c} onDone={() => void list.reload()} />
          <PayeeDecisionButtons change={c} onDone={() => void list.reload()} />
        </Space>
      ),
    },
  ];
  return (
    <Card size="small" title="收款账户审核">
      <Typography.Paragraph type="secondary">{PAYEE_TEXT.reviewIntro}</Typography.Paragraph>
      <Form
        form={form}
        name="payeeChangeFilter"
        layout="inline"
        initialValues={{ state: 'pending' }}
        onFinish={(v) => list.search({ state: v.state, q: v.q?.trim() || undefined, regionId: v.regionId })}
        style={{ marginBottom: 12, rowGap: 8 }}
      >
        <Form.Item name="state">
          <Select
            style={{ width: 120 }}
            options={[
              ...Object.entries(PAYEE_CHANGE_STATE_LABELS).map(([value, label]) => ({ value, label })),
              { value: 'all', label: '全部' },
            ]}
          />
        </Form.Item>
        <Form.Item name="q">
          <Input placeholder="老人姓名" allowClear style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name="regionId">
          <TreeSelect
            placeholder="街道或社区"
            allowClear
            treeData={tree}
            showSearch
            treeNodeFilterProp="title"
            style={{ width: 180 }}
          />
        </Form.Item>
        <Button htmlType="submit" type="primary" icon={<SearchOutlined />}>
          查询
        </Button>
      </Form>
      <Table<PayeeChange> {...list.tableProps} columns={columns} />
    </Card>
  );
}
