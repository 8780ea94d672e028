// The quarterly appropriation as a transfer: the district plans it from the approved elders'
// entitlements and sends each street its share; the street confirms it arrived (002 第5篇 L279).
import { useCallback, useEffect, useState } from 'react';
import { App, Button, DatePicker, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { get, post } from '../../api.js';
import { useAuth } from '../../auth.js';
import type { z } from '../../../shared/zod.js';
import type { AppropriationDto, AppropriationList } from '../../../shared/schemas/appropriations.js';
import { downloadCsv } from '../../components/export-csv.js';
import { fen } from '../../components/service-format.js';
import { quarterMonths, quarterOf } from '../../../core/settlement/settlement.js';
import { levelColumns, levelCsvColumns } from '../../components/cost-levels.js';

type Row = z.infer<typeof AppropriationDto>;
type List = z.infer<typeof AppropriationList>;
const STATE: Record<Row['state'], [string, string]> = {
  planned: ['待拨付', 'default'],
  sent: ['已拨付', 'blue'],
  received: ['已到账', 'green'],
};
/** A later batch adds what elders approved after the first one was sent need, or takes back. */
const batchTag = (r: Row) =>
  r.batch === 1 ? null : r.amountFen < 0 ? <Tag color="orange">扣回</Tag> : <Tag color="purple">补拨</Tag>;
const back = (r: Row) => r.fromAboveFen < 0;
const when = (at: string | null, who: string | null) =>
  at ? `${dayjs(at).format('YYYY-MM-DD HH:mm')}${who ? ` ${who}` : ''}` : '—';

export function AppropriationsTab() {
  const { message } = App.useApp();
  const { can, me } = useAuth();
  const [quarter, setQuarter] = useState(quarterOf(dayjs().format('YYYY-MM')));
  const [state, setState] = useState<Row['state'] | undefined>();
  const [data, setData] = useState<List | null>(null);
  const district = me?.region?.level === 'district';
  const load = useCallback(
    () =>
      get<List>('/api/appropriations', { quarter, ...(state ? { state } : {}) }).then(setData, (e: Error) =>
        message.error(e.message),
      ),
    [quarter, state, message],
  );
  useEffect(() => {
    void load();
  }, [load]);
  const act = async (path: string, done: string) => {
    try {
      const r = await post<List | Row>(path, path.endsWith('/plan') ? { quarter } : undefined);
      if ('items' in r && r.items.length === 0) message.info('本季度各街道没有已审批老人的服务待遇，无需拨付');
      else message.success(done);
      await load();
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  const exportCsv = () =>
    data &&
    downloadCsv(
      `季度拨付转账-${quarter}.csv`,
      [
        { title: '街道', value: (r: Row) => r.streetName },
        { title: '项目', value: (r) => r.programmeName },
        { title: '批次', value: (r) => (r.batch === 1 ? '季度拨付' : r.amountFen < 0 ? '扣回' : '补拨') },
        { title: '审批人数', value: (r) => String(r.headcount) },
        { title: '标准合计（元）', value: (r) => (r.amountFen / 100).toFixed(2) },
        ...levelCsvColumns<Row>(data.levels, '承担（元）'),
        { title: '拨付街道（元）', value: (r) => (r.fromAboveFen / 100).toFixed(2) },
        { title: '状态', value: (r) => STATE[r.state][0] },
      ],
      data.items,
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
        <Select
          allowClear
          placeholder="状态"
          style={{ width: 110 }}
          value={state}
          onChange={setState}
          options={Object.entries(STATE).map(([value, [label]]) => ({ value, label }))}
        />
        {district && can('settlement.act') && (
          <Popconfirm
            title="按各街道已审批老人的待遇编制本季度拨付？已拨出的不会改动。"
            okText="编制"
            cancelText="取消"
            onConfirm={() => act('/api/appropriations/plan', '已编制本季度拨付计划')}
          >
            <Button type="primary">编制拨付计划</Button>
          </Popconfirm>
        )}
        <Button icon={<DownloadOutlined />} onClick={exportCsv} disabled={!data?.items.length}>
          导出
        </Button>
        <Typography.Text type="secondary">
          区民政局按实际审批人数和标准按季度向街道拨付（含市级等上级承担部分），街道配套后支付服务组织（002
          第5篇）；各项目的承担层级和比例见政策。拨出后新审批或去世的老人，再次编制时以补拨、扣回批次补齐。
        </Typography.Text>
      </Space>
      <Table<Row>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={data?.items ?? []}
        locale={{ emptyText: district ? '本季度尚未编制拨付计划' : '本季度区级尚未编制拨付计划' }}
        columns={[
          { title: '街道', dataIndex: 'streetName' },
          {
            title: '项目',
            render: (_, r) => (
              <>
                {r.programmeName} {batchTag(r)}
              </>
            ),
          },
          { title: '审批人数', dataIndex: 'headcount', align: 'right' },
          { title: '标准合计', dataIndex: 'amountFen', align: 'right', render: fen },
          ...levelColumns<Row>(data?.levels ?? [], '承担'),
          { title: '拨付街道', dataIndex: 'fromAboveFen', align: 'right', render: fen },
          {
            title: '状态',
            dataIndex: 'state',
            render: (s: Row['state']) => <Tag color={STATE[s][1]}>{STATE[s][0]}</Tag>,
          },
          { title: '拨出', render: (_, r) => when(r.sentAt, r.sentBy) },
          { title: '到账', render: (_, r) => when(r.receivedAt, r.receivedBy) },
          {
            title: '操作',
            render: (_, r) =>
              can('settlement.act') && r.state === 'planned' && district ? (
                <Popconfirm
                  title={
                    back(r)
                      ? `从${r.streetName}扣回 ${fen(-r.fromAboveFen)}？`
                      : `向${r.streetName}拨出 ${fen(r.fromAboveFen)}？`
                  }
                  okText={back(r) ? '扣回' : '拨出'}
                  cancelText="取消"
                  onConfirm={() => act(`/api/appropriations/${r.id}/send`, back(r) ? '已扣回' : '已拨出')}
                >
                  <a>{back(r) ? '扣回' : '拨出'}</a>
                </Popconfirm>
              ) : can('settlement.act') && r.state === 'sent' && me?.region?.id === r.streetId ? (
                <Popconfirm
                  title={back(r) ? `确认已退回 ${fen(-r.fromAboveFen)}？` : `确认 ${fen(r.fromAboveFen)} 已到账？`}
                  okText="确认到账"
                  cancelText="取消"
                  onConfirm={() => act(`/api/appropriations/${r.id}/receive`, '已确认到账')}
                >
                  <a>确认到账</a>
                </Popconfirm>
              ) : null,
          },
        ]}
      />
    </>
  );
}
