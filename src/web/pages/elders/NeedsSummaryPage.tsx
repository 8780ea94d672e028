// The needs-survey summary: for a region, each group's needs by age band, and per child region.
import { useEffect, useMemo, useState } from 'react';
import { Card, Empty, Segmented, Space, Table, TreeSelect, Typography } from 'antd';
import { get } from '../../api.js';
import type { Region } from '../../../shared/schemas/regions.js';
import { NEED_LABELS, SUMMARY_GROUP_LABELS } from '../../../shared/elder-labels.js';
import { AGE_BAND_KEYS, NEED_TYPES, SUMMARY_GROUPS, type SummaryGroup } from '../../../core/needs/needs-summary.js';
import { buildRegionTree } from '../../components/region-tree.js';

interface Tally {
  elders: number;
  needs: Record<string, number>;
}
interface Summary {
  region: { id: number; name: string; level: string };
  groups: Record<string, { total: Tally; byAgeBand: Record<string, Tally> }>;
  children: { regionId: number; name: string; tally: Tally }[];
}

const needColumns = NEED_TYPES.map((n) => ({
  title: NEED_LABELS[n],
  key: n,
  render: (_: unknown, r: { tally: Tally }) => r.tally.needs[n] ?? 0,
}));

export function NeedsSummaryPage() {
  const [regions, setRegions] = useState<Region[]>([]);
  const [regionId, setRegionId] = useState<number | undefined>();
  const [group, setGroup] = useState<SummaryGroup>('all');
  const [data, setData] = useState<Summary | null>(null);
  useEffect(() => {
    void get<Region[]>('/api/regions').then(setRegions);
  }, []);
  useEffect(() => {
    void get<Summary>('/api/reports/needs-summary', { regionId }).then(setData);
  }, [regionId]);
  const tree = useMemo(() => buildRegionTree(regions), [regions]);
  if (!data) return null;
  const g = data.groups[group];
  const bandRows = [
    ...AGE_BAND_KEYS.map((b) => ({ key: b, label: `${b} 岁`, tally: g.byAgeBand[b] })),
    { key: 'total', label: '合计', tally: g.total },
  ];
  return (
    <Card
      title={`养老服务需求调查汇总 · ${data.region.name}`}
      size="small"
      extra={
        <TreeSelect
          placeholder="选择区域"
          treeData={tree}
          value={regionId}
          onChange={setRegionId}
          allowClear
          showSearch
          treeNodeFilterProp="title"
          style={{ width: 200 }}
        />
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Segmented
          value={group}
          onChange={(v) => setGroup(v as SummaryGroup)}
          options={SUMMARY_GROUPS.map((k) => ({ value: k, label: SUMMARY_GROUP_LABELS[k] }))}
        />
        <Typography.Text type="secondary">按每位在册老人最近一次需求调查统计；一人可有多项需求。</Typography.Text>
        <Table
          rowKey="key"
          size="small"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={bandRows}
          columns={[
            { title: '年龄段', dataIndex: 'label', fixed: 'left' },
            { title: '调查人数', key: 'n', render: (_, r) => r.tally.elders },
            ...needColumns,
          ]}
        />
        <Typography.Title level={5}>按下级区域（{SUMMARY_GROUP_LABELS.all}）</Typography.Title>
        {data.children.length ? (
          <Table
            rowKey="regionId"
            size="small"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={data.children}
            columns={[
              { title: '区域', dataIndex: 'name', fixed: 'left' },
              { title: '调查人数', key: 'n', render: (_, r) => r.tally.elders },
              ...needColumns,
            ]}
          />
        ) : (
          <Empty description="无下级区域" />
        )}
      </Space>
    </Card>
  );
}
