// 免费终端: the free-terminal programme — the district's condition (a dated setting; 70+ living
// alone until the district sets its own, shown as 示例值), the elders it entitles and whether each
// already has a terminal bound, with filters and export. Changing the condition adds a rules
// version from a future date, as every district setting does.
import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  TreeSelect,
} from 'antd';
import type { TableProps } from 'antd';
import { DownloadOutlined, EditOutlined, SearchOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { get, post } from '../../api.js';
import { useAuth } from '../../auth.js';
import type { FreeTerminalItem } from '../../../shared/schemas/devices.js';
import type { Region } from '../../../shared/schemas/regions.js';
import type { Condition } from '../../../core/policy/conditions.js';
import { useServerList } from '../../components/use-server-list.js';
import { downloadCsv } from '../../components/export-csv.js';
import { buildRegionTree } from '../../components/region-tree.js';
import { shanghaiDate as today } from '../../../shared/today.js';
import { LIVING_FLAG_LABELS } from '../../../shared/elder-labels.js';
import { describeCondition } from '../policies/policy-text.js';
import { ConditionEditor, asGroup } from '../policies/ConditionEditor.js';
import { DEVICE_KIND_LABELS } from './device-labels.js';

interface Summary {
  condition: Condition;
  example: boolean;
  entitled: number;
  withDevice: number;
}
interface RuleVersion {
  effectiveFrom: string;
  params: Record<string, unknown>;
}
const flagText = (flags: string[]) =>
  flags.map((f) => LIVING_FLAG_LABELS[f as keyof typeof LIVING_FLAG_LABELS] ?? f).join('、');

export function FreeTerminalsPage() {
  const { can } = useAuth();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const list = useServerList<FreeTerminalItem>('/api/free-terminals', {
    defaultSort: 'name',
    totalLabel: (n) => `共 ${n} 人`,
  });
  const summary = list.data as unknown as Partial<Summary>;
  const [regions, setRegions] = useState<Region[]>([]);
  const tree = useMemo(() => buildRegionTree(regions), [regions]);
  const [filters] = Form.useForm();
  const [editing, setEditing] = useState<{ condition: Condition; from: Dayjs } | null>(null);
  const [editError, setEditError] = useState<string | null>(null);

  useEffect(() => {
    void get<Region[]>('/api/regions').then(setRegions);
  }, []);

  const exportAll = async () => {
    const rows = await list.fetchAll();
    downloadCsv(
      `免费终端-${today()}.csv`,
      [
        { title: '姓名', value: (e: FreeTerminalItem) => e.name },
        { title: '年龄', value: (e) => e.age },
        { title: '社区', value: (e) => e.regionName },
        { title: '住址', value: (e) => e.address },
        { title: '居住情况', value: (e) => flagText(e.livingFlags) },
        { title: '符合条件', value: (e) => e.reasons.join('；') },
        { title: '已配发', value: (e) => (e.devices.length ? '是' : '否') },
        { title: '设备', value: (e) => e.devices.map((d) => d.deviceKey).join('、') },
      ],
      rows,
    );
  };
  const saveCondition = async () => {
    if (!editing) return;
    setEditError(null);
    try {
      // The newest version (possibly one not yet in force) carries everything else unchanged.
      const [latest] = await get<RuleVersion[]>('/api/provider-rules');
      await post('/api/provider-rules', {
        effectiveFrom: editing.from.format('YYYY-MM-DD'),
        note: '免费终端配发条件',
        params: { ...latest.params, freeTerminal: { condition: editing.condition } },
      });
      message.success(`新条件自 ${editing.from.format('YYYY-MM-DD')} 起生效`);
      setEditing(null);
      void list.reload();
    } catch (err) {
      setEditError((err as Error).message);
    }
  };

  const columns: TableProps<FreeTerminalItem>['columns'] = [
    {
      title: '姓名',
      dataIndex: 'name',
      sorter: true,
      sortOrder: list.sortOrder('name'),
      render: (n: string, e) => <a onClick={() => void navigate(`/elders/${e.id}`)}>{n}</a>,
    },
    { title: '年龄', dataIndex: 'age', sorter: true, sortOrder: list.sortOrder('age') },
    { title: '社区', dataIndex: 'regionName' },
    { title: '居住情况', dataIndex: 'livingFlags', render: flagText, responsive: ['md'] },
    { title: '符合条件', dataIndex: 'reasons', render: (r: string[]) => r.join('；'), responsive: ['lg'] },
    {
      title: '终端',
      dataIndex: 'devices',
      render: (ds: FreeTerminalItem['devices']) =>
        ds.length ? (
          <Space size={2} wrap>
            {ds.map((d) => (
              <Tag
                key={d.id}
                color="green"
                style={{ cursor: 'pointer' }}
                onClick={() => void navigate(`/devices/${d.id}`)}
              >
                {DEVICE_KIND_LABELS[d.kind]} {d.deviceKey}
              </Tag>
            ))}
          </Space>
        ) : (
          <Tag color="red">未配发</Tag>
        ),
    },
  ];

  return (
    <Card
      title="免费终端"
      size="small"
      extra={
        <Button icon={<DownloadOutlined />} onClick={exportAll}>
          导出
        </Button>
      }
    >
      {summary.condition && (
        <Alert
          type="info"
          style={{ marginBottom: 12 }}
          message={
            <Space wrap>
              <span>配发条件：{describeCondition(summary.condition)}</span>
              {summary.example && <Tag color="gold">示例值（请按本区政策设定）</Tag>}
              {can('provider.review') && (
                <Button
                  size="small"
                  icon={<EditOutlined />}
                  onClick={() => {
                    setEditError(null);
                    setEditing({ condition: asGroup(summary.condition!), from: dayjs().add(1, 'day') });
                  }}
                >
                  修改条件
                </Button>
              )}
            </Space>
          }
          description={
            <Space size="large">
              <Statistic title="符合条件" value={summary.entitled ?? 0} suffix="人" />
              <Statistic title="已配发" value={summary.withDevice ?? 0} suffix="人" />
              <Statistic
                title="未配发"
                value={(summary.entitled ?? 0) - (summary.withDevice ?? 0)}
                suffix="人"
                valueStyle={{ color: '#cf1322' }}
              />
            </Space>
          }
        />
      )}
      <Form form={filters} layout="inline" style={{ marginBottom: 12, rowGap: 8 }} onFinish={(v) => list.search(v)}>
        <Form.Item name="q">
          <Input placeholder="老人姓名" allowClear style={{ width: 160 }} />
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
        <Form.Item name="has">
          <Select
            placeholder="是否已配发"
            allowClear
            style={{ width: 130 }}
            options={[
              { value: 'no', label: '未配发' },
              { value: 'yes', label: '已配发' },
            ]}
          />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
            查询
          </Button>
        </Form.Item>
      </Form>
      <Table {...list.tableProps} columns={columns} />
      <Modal
        title="修改免费终端配发条件"
        open={editing !== null}
        onOk={saveCondition}
        onCancel={() => setEditing(null)}
        okText="保存为新版本"
        width={640}
      >
        {editError && <Alert type="error" message={editError} style={{ marginBottom: 12 }} />}
        {editing && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Space>
              生效日期
              <DatePicker
                value={editing.from}
                allowClear={false}
                disabledDate={(d) => !d.isAfter(dayjs(), 'day')}
                onChange={(d) => d && setEditing({ ...editing, from: d })}
              />
            </Space>
            <ConditionEditor
              value={editing.condition}
              onChange={(condition) => setEditing({ ...editing, condition })}
            />
            <div style={{ color: '#888' }}>预览：{describeCondition(editing.condition)}</div>
          </Space>
        )}
      </Modal>
    </Card>
  );
}
