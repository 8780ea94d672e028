// The district's money reports: each quarter's cost sharing and appropriation (季度拨付) per street
// and programme, and the month's reconciliation, which says where any fen does not add up.
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Result, Space, Table, Tabs, Tag, Typography } from 'antd';
import { CheckCircleTwoTone, CloseCircleTwoTone, DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useSearchParams } from 'react-router-dom';
import { get } from '../../api.js';
import type { z } from '../../../shared/zod.js';
import type { CostShareReport, ReconciliationReport } from '../../../shared/schemas/settlements.js';
import { downloadCsv } from '../../components/export-csv.js';
import { fen } from '../../components/service-format.js';
import { quarterMonths, quarterOf } from '../../../core/settlement/settlement.js';
import { AppropriationsTab } from './AppropriationsTab.js';
import { levelColumns, levelCsvColumns } from '../../components/cost-levels.js';

type Shares = z.infer<typeof CostShareReport>;
type Recon = z.infer<typeof ReconciliationReport>;
const show = (unit: 'fen' | 'minutes', v: number) => (unit === 'fen' ? fen(v) : `${v} 分钟`);

function CostShares() {
  const { message } = App.useApp();
  const [quarter, setQuarter] = useState(quarterOf(dayjs().subtract(1, 'month').format('YYYY-MM')));
  const [data, setData] = useState<Shares | null>(null);
  useEffect(() => {
    void get<Shares>('/api/cost-shares', { quarter }).then(setData, (e) => message.error(e.message));
  }, [quarter, message]);
  const exportCsv = () =>
    data &&
    downloadCsv(
      `季度拨付-${quarter}.csv`,
      [
        { title: '街道', value: (r: Shares['rows'][number]) => r.streetName },
        { title: '项目', value: (r) => r.programmeName },
        { title: '支出（元）', value: (r) => (r.amountFen / 100).toFixed(2) },
        ...levelCsvColumns<Shares['rows'][number]>(data.levels, '承担（元）'),
      ],
      data.rows,
    );
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <DatePicker
          picker="quarter"
          allowClear={false}
          value={dayjs(`${quarterMonths(quarter)[0]}-01`)}
          onChange={(d) => d && setQuarter(quarterOf(d.format('YYYY-MM')))}
        />
        <Button icon={<DownloadOutlined />} onClick={exportCsv} disabled={!data?.rows.length}>
          导出
        </Button>
        <Typography.Text type="secondary">
          来自已审批的结算单，按结算月份各项目政策的分担层级和比例分担；零头分按最大余数法分配，并列时归上一级。
        </Typography.Text>
      </Space>
      {data && data.unapproved > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={`本季度还有 ${data.unapproved} 张结算单未审批，其支出不在本表中`}
        />
      )}
      {data && (
        <>
          <Typography.Title level={5}>季度拨付（按街道）</Typography.Title>
          <Table
            rowKey="streetId"
            size="small"
            pagination={false}
            dataSource={data.streets}
            columns={[
              { title: '街道', dataIndex: 'streetName' },
              { title: '支出合计', dataIndex: 'amountFen', align: 'right', render: fen },
              ...levelColumns<Shares['streets'][number]>(data.levels, '承担'),
            ]}
            summary={() => (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>合计</Table.Summary.Cell>
                <Table.Summary.Cell index={1} align="right">
                  {fen(data.total.amountFen)}
                </Table.Summary.Cell>
                {data.levels.map((l, i) => (
                  <Table.Summary.Cell key={l} index={2 + i} align="right">
                    {fen(data.total.shares[l] ?? 0)}
                  </Table.Summary.Cell>
                ))}
              </Table.Summary.Row>
            )}
          />
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            分项目明细
          </Typography.Title>
          <Table
            rowKey={(r) => `${r.streetId}-${r.programme}`}
            size="small"
            pagination={false}
            dataSource={data.rows}
            columns={[
              { title: '街道', dataIndex: 'streetName' },
              { title: '项目', dataIndex: 'programmeName' },
              { title: '支出', dataIndex: 'amountFen', align: 'right', render: fen },
              ...levelColumns<Shares['rows'][number]>(data.levels),
            ]}
          />
        </>
      )}
    </>
  );
}

function Reconciliation({ initialMonth }: { initialMonth: string }) {
  const { message } = App.useApp();
  const [month, setMonth] = useState(initialMonth);
  const [data, setData] = useState<Recon | null>(null);
  const [loading, setLoading] = useState(false);
  const run = async (m = month) => {
    setLoading(true);
    try {
      setData(await get<Recon>('/api/reconciliation', { month: m }));
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setLoading(false);
    }
  };
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <DatePicker
          picker="month"
          allowClear={false}
          value={dayjs(`${month}-01`)}
          disabledDate={(d) => d.isAfter(dayjs(), 'month')}
          onChange={(d) => d && setMonth(d.format('YYYY-MM'))}
        />
        <Button type="primary" icon={<ReloadOutlined />} loading={loading} onClick={() => run()}>
          对账
        </Button>
      </Space>
      {data && (
        <>
          <Result
            status={data.ok ? 'success' : 'warning'}
            title={data.ok ? `${data.month} 账目一致` : `${data.month} 有差额`}
            subTitle={`核对于 ${dayjs(data.checkedAt).format('YYYY-MM-DD HH:mm:ss')}`}
            style={{ padding: 12 }}
          />
          <Table
            rowKey="key"
            size="small"
            pagination={false}
            dataSource={data.checks}
            columns={[
              {
                title: '',
                dataIndex: 'ok',
                width: 32,
                render: (ok: boolean) =>
                  ok ? <CheckCircleTwoTone twoToneColor="#52c41a" /> : <CloseCircleTwoTone twoToneColor="#ff4d4f" />,
              },
              { title: '核对项', dataIndex: 'label' },
              {
                title: '左',
                key: 'l',
                align: 'right',
                render: (_, c) => <span title={c.leftLabel}>{show(c.unit, c.left)}</span>,
              },
              {
                title: '右',
                key: 'r',
                align: 'right',
                render: (_, c) => <span title={c.rightLabel}>{show(c.unit, c.right)}</span>,
              },
              {
                title: '差额',
                key: 'd',
                align: 'right',
                render: (_, c) => (c.difference === 0 ? '0' : <Tag color="red">{show(c.unit, c.difference)}</Tag>),
              },
              { title: '说明', dataIndex: 'details', render: (d: string[]) => d.join('；') },
            ]}
          />
        </>
      )}
    </>
  );
}

export function MoneyReportsPage() {
  const [params] = useSearchParams();
  const month = /^\d{4}-\d{2}$/.test(params.get('month') ?? '')
    ? params.get('month')!
    : dayjs().subtract(1, 'month').format('YYYY-MM');
  return (
    <Card title="资金报表" size="small">
      <Tabs
        defaultActiveKey={params.get('tab') ?? 'shares'}
        items={[
          { key: 'shares', label: '费用分担与季度拨付', children: <CostShares /> },
          { key: 'appropriations', label: '季度拨付转账', children: <AppropriationsTab /> },
          { key: 'reconcile', label: '对账', children: <Reconciliation initialMonth={month} /> },
        ]}
      />
    </Card>
  );
}
