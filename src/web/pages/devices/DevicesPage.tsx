// 终端设备: the registry's list with its query form above the table, like the product's other
// lists — search, filters, sort, paging, export — and registering a terminal.
import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag, Tooltip, TreeSelect } from 'antd';
import type { TableProps } from 'antd';
import { DownloadOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { get, post } from '../../api.js';
import { useAuth } from '../../auth.js';
import type { DeviceDetail, DeviceListItem } from '../../../shared/schemas/devices.js';
import type { Region } from '../../../shared/schemas/regions.js';
import { useServerList } from '../../components/use-server-list.js';
import { downloadCsv } from '../../components/export-csv.js';
import { applyProblem } from '../../components/form-errors.js';
import { buildRegionTree } from '../../components/region-tree.js';
import { shanghaiDate as today } from '../../../shared/today.js';
import { DeviceFormFields, devicePayload } from './DeviceForm.js';
import {
  DEVICE_KIND_LABELS,
  DEVICE_STATUS_COLORS,
  DEVICE_STATUS_LABELS,
  PROTOCOL_LABELS,
  STATUS_FILTER_OPTIONS,
  ageText,
  kindOptions,
  timeText,
} from './device-labels.js';

export function DevicesPage() {
  const { can, me } = useAuth();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [params] = useSearchParams();
  const list = useServerList<DeviceListItem>('/api/devices', {
    defaultSort: '-createdAt',
    totalLabel: (n) => `共 ${n} 台`,
  });
  const [regions, setRegions] = useState<Region[]>([]);
  const tree = useMemo(() => buildRegionTree(regions), [regions]);
  const [creating, setCreating] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [filters] = Form.useForm();
  const [form] = Form.useForm();
  const writable = can('device.write');

  useEffect(() => {
    void get<Region[]>('/api/regions').then(setRegions);
    const status = params.get('status');
    if (status) {
      filters.setFieldsValue({ status });
      list.search({ status });
    }
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  const openCreate = () => {
    form.resetFields();
    setFormError(null);
    form.setFieldsValue({ kind: 'watch', protocol: 'watch', regionId: me?.region?.id });
    setCreating(true);
  };
  const submit = async () => {
    let v: Record<string, unknown>;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setFormError(null);
    try {
      const created = await post<DeviceDetail>('/api/devices', devicePayload(v));
      message.success(`已登记设备 ${created.deviceKey}`);
      setCreating(false);
      void navigate(`/devices/${created.id}`);
    } catch (err) {
      setFormError(applyProblem(form, err));
    }
  };
  const exportAll = async () => {
    const rows = await list.fetchAll();
    downloadCsv(
      `终端设备-${today()}.csv`,
      [
        { title: '设备编号', value: (d: DeviceListItem) => d.deviceKey },
        { title: '类型', value: (d) => DEVICE_KIND_LABELS[d.kind] },
        { title: '接入协议', value: (d) => PROTOCOL_LABELS[d.protocol] },
        { title: '厂商', value: (d) => d.vendor },
        { title: 'IMEI', value: (d) => d.imei },
        { title: 'SIM 卡号', value: (d) => d.simNumber },
        { title: '绑定老人', value: (d) => d.elderName ?? '未绑定' },
        { title: '所属区域', value: (d) => d.regionName },
        { title: '状态', value: (d) => DEVICE_STATUS_LABELS[d.status] },
        { title: '最后上报', value: (d) => timeText(d.lastSeenAt) },
        { title: '电量', value: (d) => d.battery },
        { title: '信号', value: (d) => d.signal },
      ],
      rows,
    );
  };

  const columns: TableProps<DeviceListItem>['columns'] = [
    {
      title: '设备编号',
      dataIndex: 'deviceKey',
      sorter: true,
      sortOrder: list.sortOrder('deviceKey'),
      render: (k: string, d) => <a onClick={() => void navigate(`/devices/${d.id}`)}>{k}</a>,
    },
    { title: '类型', dataIndex: 'kind', render: (k: DeviceListItem['kind']) => DEVICE_KIND_LABELS[k] },
    {
      title: '绑定老人',
      dataIndex: 'elderName',
      sorter: true,
      sortOrder: list.sortOrder('elderName'),
      render: (n: string | null, d) =>
        n ? <a onClick={() => void navigate(`/elders/${d.elderId}`)}>{n}</a> : <Tag>未绑定</Tag>,
    },
    {
      title: '状态',
      dataIndex: 'status',
      render: (s: DeviceListItem['status']) => <Tag color={DEVICE_STATUS_COLORS[s]}>{DEVICE_STATUS_LABELS[s]}</Tag>,
    },
    {
      title: '最后上报',
      dataIndex: 'lastSeenAt',
      sorter: true,
      sortOrder: list.sortOrder('lastSeenAt'),
      render: (v: string | null) => timeText(v),
    },
    {
      title: '电量',
      dataIndex: 'battery',
      sorter: true,
      sortOrder: list.sortOrder('battery'),
      render: (b: number | null) => (b == null ? '—' : `${b}%`),
    },
    {
      title: '最后定位',
      dataIndex: 'lastFix',
      responsive: ['lg'],
      render: (f: DeviceListItem['lastFix']) =>
        f ? <Tooltip title={`${f.lat.toFixed(5)}, ${f.lng.toFixed(5)}`}>{ageText(f.ageMinutes)}</Tooltip> : '—',
    },
    { title: 'SIM 卡号', dataIndex: 'simNumber', responsive: ['xl'] },
    { title: '所属区域', dataIndex: 'regionName', responsive: ['md'] },
  ];

  return (
    <Card
      title="终端设备"
      size="small"
      extra={
        <Space>
          <Button icon={<DownloadOutlined />} onClick={exportAll}>
            导出
          </Button>
          {writable && (
            <Button type="primary" icon={<PlusOutlined />} onClick={openCreate}>
              登记设备
            </Button>
          )}
        </Space>
      }
    >
      <Form form={filters} layout="inline" style={{ marginBottom: 12, rowGap: 8 }} onFinish={(v) => list.search(v)}>
        <Form.Item name="q">
          <Input placeholder="设备编号、IMEI、SIM 卡号或老人姓名" allowClear style={{ width: 260 }} />
        </Form.Item>
        <Form.Item name="kind">
          <Select placeholder="类型" allowClear options={kindOptions} style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="status">
          <Select placeholder="状态" allowClear options={STATUS_FILTER_OPTIONS} style={{ width: 110 }} />
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
        <Form.Item>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
            查询
          </Button>
        </Form.Item>
      </Form>
      <Table {...list.tableProps} columns={columns} />
      <Modal title="登记终端设备" open={creating} onOk={submit} onCancel={() => setCreating(false)} okText="登记">
        {formError && <Alert type="error" message={formError} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical">
          <DeviceFormFields tree={tree} creating />
        </Form>
      </Modal>
    </Card>
  );
}
