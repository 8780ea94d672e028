import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button, Card, Checkbox, Form, Input, Select, Space, Table, Tag, Tooltip, TreeSelect } from 'antd';
import type { TableProps } from 'antd';
import { DownloadOutlined, PlusOutlined, SearchOutlined, UploadOutlined, WarningOutlined } from '@ant-design/icons';
import { get, toQuery } from '../../api.js';
import { useAuth } from '../../auth.js';
import type { ElderListItem } from '../../../shared/schemas/elders.js';
import type { Region } from '../../../shared/schemas/regions.js';
import { ABILITY_GRADE_LABELS, CATEGORY_LABELS, LIVING_FLAG_LABELS, SEX_LABELS } from '../../../shared/elder-labels.js';
import { buildRegionTree } from '../../components/region-tree.js';
import { useServerList } from '../../components/use-server-list.js';
import {
  GRADE_COLORS,
  STATUS_COLORS,
  categoryLabel,
  flagLabel,
  gradeLabel,
  options,
  statusLabel,
} from './elder-format.js';

interface Filters {
  q?: string;
  regionId?: number;
  category?: string;
  flag?: string;
  ageBand?: string;
  grade?: string;
  status?: string;
  expired?: boolean;
}

const AGE_BANDS = ['60-69', '70-79', '80-89', '90+', '100+'].map((b) => ({ value: b, label: `${b} 岁` }));
const STATUS_OPTIONS = [
  { value: 'current', label: '在册及暂停' },
  { value: 'active', label: '在册' },
  { value: 'suspended', label: '暂停服务' },
  { value: 'moved_out', label: '已迁出' },
  { value: 'deceased', label: '已故' },
  { value: 'all', label: '全部' },
];

export function ElderListPage() {
  const { can } = useAuth();
  const navigate = useNavigate();
  const [form] = Form.useForm<Filters>();
  const [regions, setRegions] = useState<Region[]>([]);
  const [query, setQuery] = useState<Record<string, string | number | undefined>>({});
  const list = useServerList<ElderListItem>('/api/elders', {
    defaultSort: 'name',
    totalLabel: (n) => `共 ${n} 位老人`,
  });
  useEffect(() => {
    void get<Region[]>('/api/regions').then(setRegions);
  }, []);
  const tree = useMemo(() => buildRegionTree(regions), [regions]);

  const search = (v: Filters) => {
    const q = { ...v, expired: v.expired ? 'true' : undefined };
    setQuery(q);
    list.search(q);
  };
  const columns: TableProps<ElderListItem>['columns'] = [
    {
      title: '姓名',
      dataIndex: 'name',
      sorter: true,
      sortOrder: list.sortOrder('name'),
      render: (v: string, e) => <a onClick={() => void navigate(`/elders/${e.id}`)}>{v}</a>,
    },
    { title: '性别', dataIndex: 'sex', render: (s: 'M' | 'F') => SEX_LABELS[s], width: 56 },
    {
      title: '年龄',
      dataIndex: 'age',
      width: 60,
      render: (a: number, e) => <span title={`${e.birthYear} 年生`}>{a}</span>,
      sorter: true,
      sortOrder:
        list.sortOrder('birthDate') === 'ascend'
          ? 'descend'
          : list.sortOrder('birthDate') === 'descend'
            ? 'ascend'
            : null,
    },
    { title: '身份证号', dataIndex: 'idMasked', responsive: ['md'] },
    { title: '电话', dataIndex: 'phoneMasked', render: (v) => v ?? '—', responsive: ['lg'] },
    { title: '所属', dataIndex: 'regionName', responsive: ['md'] },
    {
      title: '类别/情况',
      key: 'cats',
      render: (_, e) => (
        <Space size={[4, 4]} wrap>
          {e.categoryTypes.map((c) => (
            <Tag
              key={c}
              color={e.expiredEvidence.includes(c) ? 'red' : 'orange'}
              icon={e.expiredEvidence.includes(c) ? <WarningOutlined /> : undefined}
            >
              {e.expiredEvidence.includes(c) ? (
                <Tooltip title="证明已过期">{categoryLabel(c)}</Tooltip>
              ) : (
                categoryLabel(c)
              )}
            </Tag>
          ))}
          {e.livingFlags.map((f) => (
            <Tag key={f}>{flagLabel(f)}</Tag>
          ))}
        </Space>
      ),
    },
    {
      title: '能力等级',
      dataIndex: 'abilityGrade',
      render: (g: string | null) =>
        g ? <Tag color={GRADE_COLORS[g]}>{gradeLabel(g)}</Tag> : <span style={{ color: '#999' }}>未评估</span>,
    },
    {
      title: '状态',
      dataIndex: 'status',
      render: (s: string) => <Tag color={STATUS_COLORS[s]}>{statusLabel(s)}</Tag>,
      responsive: ['lg'],
    },
  ];
  // Sorting by age is sorting by birth date the other way round.
  const tableProps: TableProps<ElderListItem> = {
    ...list.tableProps,
    onChange: (p, f, sorter, extra) => {
      const s = Array.isArray(sorter) ? sorter[0] : sorter;
      if (s?.field === 'age') {
        const mapped = {
          ...s,
          field: 'birthDate',
          order: s.order === 'ascend' ? ('descend' as const) : s.order === 'descend' ? ('ascend' as const) : s.order,
        };
        return list.tableProps.onChange?.(p, f, mapped, extra);
      }
      return list.tableProps.onChange?.(p, f, sorter, extra);
    },
  };
  return (
    <Card
      title="老人档案"
      size="small"
      extra={
        <Space wrap>
          <Button icon={<DownloadOutlined />} href={`/api/elders/export${toQuery(query)}`} data-testid="export">
            导出 Excel
          </Button>
          {can('elder.write') && (
            <Button icon={<UploadOutlined />} onClick={() => void navigate('/elders/import')}>
              导入名册
            </Button>
          )}
          {can('elder.write') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/elders/new')}>
              新建档案
            </Button>
          )}
        </Space>
      }
    >
      <Form
        form={form}
        name="elderFilter"
        layout="inline"
        onFinish={search}
        initialValues={{ status: 'current' }}
        style={{ marginBottom: 12, rowGap: 8 }}
      >
        <Form.Item name="q">
          <Input placeholder="姓名、拼音首字母、身份证号或电话" allowClear style={{ width: 240 }} />
        </Form.Item>
        <Form.Item name="regionId">
          <TreeSelect
            placeholder="区域"
            allowClear
            treeData={tree}
            showSearch
            treeNodeFilterProp="title"
            style={{ width: 160 }}
          />
        </Form.Item>
        <Form.Item name="category">
          <Select placeholder="类别" allowClear options={options(CATEGORY_LABELS)} style={{ width: 130 }} />
        </Form.Item>
        <Form.Item name="flag">
          <Select placeholder="居住情况" allowClear options={options(LIVING_FLAG_LABELS)} style={{ width: 110 }} />
        </Form.Item>
        <Form.Item name="ageBand">
          <Select placeholder="年龄段" allowClear options={AGE_BANDS} style={{ width: 110 }} />
        </Form.Item>
        <Form.Item name="grade">
          <Select
            placeholder="能力等级"
            allowClear
            options={[...options(ABILITY_GRADE_LABELS), { value: 'none', label: '未评估' }]}
            style={{ width: 120 }}
          />
        </Form.Item>
        <Form.Item name="status">
          <Select options={STATUS_OPTIONS} style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="expired" valuePropName="checked">
          <Checkbox>证明已过期</Checkbox>
        </Form.Item>
        <Button htmlType="submit" type="primary" icon={<SearchOutlined />}>
          查询
        </Button>
      </Form>
      <Table<ElderListItem>
        {...tableProps}
        columns={columns}
        onRow={(e) => ({ onDoubleClick: () => void navigate(`/elders/${e.id}`) })}
      />
    </Card>
  );
}
