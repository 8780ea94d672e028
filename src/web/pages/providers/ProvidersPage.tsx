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
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import type { TableProps } from 'antd';
import { DownloadOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { get, post } from '../../api.js';
import { useAuth } from '../../auth.js';
import type { ProviderDetail, ProviderListItem } from '../../../shared/schemas/providers.js';
import type { Region } from '../../../shared/schemas/regions.js';
import {
  AGREEMENT_STATE_LABELS,
  PROVIDER_KIND_LABELS,
  PROVIDER_STATUS_LABELS,
} from '../../../shared/service-labels.js';
import { buildRegionTree, selectableLevels } from '../../components/region-tree.js';
import { useServerList } from '../../components/use-server-list.js';
import { downloadCsv } from '../../components/export-csv.js';
import { applyProblem } from '../../components/form-errors.js';
import { shanghaiDate as today } from '../../../shared/today.js';
import {
  AGREEMENT_COLORS,
  STATUS_COLORS,
  agreementOptions,
  creditCodeRule,
  kindOptions,
  licenceOptions,
  rating,
  statusOptions,
} from './provider-format.js';
import { CHANGE_TEXT } from './provider-labels.js';

export function ProvidersPage() {
  const { can } = useAuth();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const list = useServerList<ProviderListItem>('/api/providers', {
    defaultSort: 'name',
    totalLabel: (n) => `共 ${n} 家机构`,
  });
  const [regions, setRegions] = useState<Region[]>([]);
  const [parents, setParents] = useState<{ id: number; name: string }[]>([]);
  const [creating, setCreating] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [filters] = Form.useForm();
  const [form] = Form.useForm();
  const registrable = can('provider.register');
  useEffect(() => {
    if (can('region.read')) void get<Region[]>('/api/regions').then(setRegions);
  }, []); // eslint-disable-line react-hooks/exhaustive-deps
  const tree = useMemo(() => buildRegionTree(regions), [regions]);

  const openCreate = async () => {
    form.resetFields();
    setFormError(null);
    setCreating(true);
    const page = await get<{ items: ProviderListItem[] }>('/api/providers', { status: 'approved', pageSize: 200 });
    setParents(page.items.filter((p) => p.parentId === null));
  };
  const submit = async () => {
    let v: Record<string, unknown>;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setFormError(null);
    const lic = v.licence as Record<string, unknown>;
    try {
      const created = await post<ProviderDetail>('/api/providers', {
        name: v.name,
        kind: v.kind,
        creditCode: v.creditCode,
        legalRepresentative: v.legalRepresentative,
        contactName: v.contactName,
        contactPhone: v.contactPhone,
        address: v.address,
        lng: v.lng ?? null,
        lat: v.lat ?? null,
        regionId: v.regionId,
        description: v.description || null,
        parentId: v.parentId ?? null,
        licences: [
          {
            kind: lic.kind,
            number: lic.number,
            issuer: lic.issuer,
            validFrom: (lic.validFrom as dayjs.Dayjs).format('YYYY-MM-DD'),
            validUntil: lic.validUntil ? (lic.validUntil as dayjs.Dayjs).format('YYYY-MM-DD') : null,
          },
        ],
      });
      message.success(`已登记「${created.name}」的加盟申请，待区民政局审核`);
      setCreating(false);
      void navigate(`/providers/${created.id}`);
    } catch (err) {
      // The licence fields sit under "licence" in the form and under "licences.0" in the request.
      const text = applyProblem(form, err);
      setFormError(text);
    }
  };
  const exportAll = async () => {
    const rows = await list.fetchAll();
    downloadCsv(
      `服务机构-${today()}.csv`,
      [
        { title: '名称', value: (p: ProviderListItem) => p.name },
        { title: '类型', value: (p) => PROVIDER_KIND_LABELS[p.kind] },
        { title: '统一社会信用代码', value: (p) => p.creditCode },
        { title: '登记区域', value: (p) => p.regionName },
        { title: '审核状态', value: (p) => PROVIDER_STATUS_LABELS[p.status] },
        { title: '登记变更', value: (p) => (p.pendingChange ? CHANGE_TEXT.pendingTag : '') },
        { title: '协议状态', value: (p) => (p.agreementState ? AGREEMENT_STATE_LABELS[p.agreementState] : '未签') },
        { title: '协议到期', value: (p) => p.agreementEnd },
        { title: '上级机构', value: (p) => p.parentName },
        { title: '评分', value: (p) => rating(p.rating) },
        { title: '在岗服务人员', value: (p) => p.caregiverCount },
        { title: '服务网点', value: (p) => p.pointCount },
        { title: '服务项目', value: (p) => p.itemCount },
        { title: '联系人', value: (p) => p.contactName },
        { title: '联系电话', value: (p) => p.contactPhone },
      ],
      rows,
    );
  };

  const columns: TableProps<ProviderListItem>['columns'] = [
    {
      title: '机构名称',
      dataIndex: 'name',
      sorter: true,
      sortOrder: list.sortOrder('name'),
      render: (n: string, p) => (
        <Space direction="vertical" size={0}>
          <Space size={4} wrap>
            <a onClick={() => void navigate(`/providers/${p.id}`)}>{n}</a>
            {p.pendingChange && <Tag color="gold">{CHANGE_TEXT.pendingTag}</Tag>}
          </Space>
          {p.parentName && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              二级加盟 · {p.parentName}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      title: '类型',
      dataIndex: 'kind',
      render: (k: ProviderListItem['kind']) => PROVIDER_KIND_LABELS[k],
      responsive: ['md'],
    },
    { title: '登记区域', dataIndex: 'regionName', responsive: ['lg'] },
    {
      title: '审核',
      dataIndex: 'status',
      render: (s: ProviderListItem['status']) => <Tag color={STATUS_COLORS[s]}>{PROVIDER_STATUS_LABELS[s]}</Tag>,
    },
    {
      title: '协议',
      key: 'agreement',
      render: (_, p) =>
        p.agreementState ? (
          <Space size={2} direction="vertical">
            <Tag color={AGREEMENT_COLORS[p.agreementState]}>{AGREEMENT_STATE_LABELS[p.agreementState]}</Tag>
            <span style={{ fontSize: 12, color: '#888' }}>至 {p.agreementEnd}</span>
          </Space>
        ) : (
          <Tag>未签</Tag>
        ),
    },
    { title: '评分', dataIndex: 'rating', sorter: true, align: 'right', render: rating },
    { title: '服务人员', dataIndex: 'caregiverCount', align: 'right', responsive: ['md'] },
    { title: '网点', dataIndex: 'pointCount', align: 'right', responsive: ['lg'] },
    { title: '项目', dataIndex: 'itemCount', align: 'right', responsive: ['lg'] },
    {
      title: '联系人',
      key: 'contact',
      responsive: ['xl'],
      render: (_, p) => `${p.contactName ?? ''} ${p.contactPhone ?? ''}`,
    },
  ];
  const kind = Form.useWatch('kind', form);

  return (
    <Card
      title="服务机构"
      size="small"
      extra={
        <Space>
          <Button icon={<DownloadOutlined />} onClick={exportAll}>
            导出
          </Button>
          {registrable && (
            <Button type="primary" icon={<PlusOutlined />} onClick={openCreate}>
              登记加盟申请
            </Button>
          )}
        </Space>
      }
    >
      <Form form={filters} layout="inline" style={{ marginBottom: 12, rowGap: 8 }} onFinish={(v) => list.search(v)}>
        <Form.Item name="q">
          <Input placeholder="名称、信用代码或联系人" allowClear style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="kind">
          <Select placeholder="类型" allowClear options={kindOptions} style={{ width: 130 }} />
        </Form.Item>
        <Form.Item name="status">
          <Select placeholder="审核状态" allowClear options={statusOptions} style={{ width: 110 }} />
        </Form.Item>
        <Form.Item name="agreement">
          <Select placeholder="协议状态" allowClear options={agreementOptions} style={{ width: 110 }} />
        </Form.Item>
        <Form.Item name="pendingChange">
          <Select
            placeholder={CHANGE_TEXT.filterPlaceholder}
            allowClear
            options={[
              { value: 'true', label: CHANGE_TEXT.pendingFilter },
              { value: 'false', label: CHANGE_TEXT.noPendingFilter },
            ]}
            style={{ width: 130 }}
          />
        </Form.Item>
        {regions.length > 0 && (
          <Form.Item name="regionId">
            <TreeSelect
              placeholder="登记区域"
              allowClear
              treeData={selectableLevels(tree, ['district', 'street'])}
              style={{ width: 150 }}
            />
          </Form.Item>
        )}
        <Button htmlType="submit" icon={<SearchOutlined />}>
          查询
        </Button>
      </Form>
      <Table<ProviderListItem> {...list.tableProps} columns={columns} />

      <Modal
        title="登记加盟申请"
        open={creating}
        onOk={submit}
        onCancel={() => setCreating(false)}
        okText="提交审核"
        cancelText="取消"
        destroyOnHidden
        width={720}
      >
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
        <Form
          form={form}
          layout="vertical"
          name="providerCreate"
          initialValues={{ kind: 'company', licence: { kind: 'business_licence', validFrom: dayjs('2020-01-01') } }}
        >
          <Space.Compact block>
            <Form.Item
              label="机构名称"
              name="name"
              rules={[
                { required: true, message: '请输入机构名称' },
                { min: 4, message: '至少 4 个字' },
              ]}
              style={{ width: '65%' }}
            >
              <Input maxLength={120} />
            </Form.Item>
            <Form.Item label="类型" name="kind" rules={[{ required: true }]} style={{ width: '35%' }}>
              <Select options={kindOptions} />
            </Form.Item>
          </Space.Compact>
          <Space.Compact block>
            <Form.Item
              label="统一社会信用代码"
              name="creditCode"
              validateTrigger="onBlur"
              rules={[{ required: true, message: '请输入统一社会信用代码' }, creditCodeRule]}
              style={{ width: '60%' }}
            >
              <Input maxLength={18} placeholder="18 位，如 91620102MA7XXXXXXX" style={{ textTransform: 'uppercase' }} />
            </Form.Item>
            <Form.Item
              label="法定代表人"
              name="legalRepresentative"
              rules={[
                { required: true, message: '请输入' },
                { min: 2, message: '至少 2 个字' },
              ]}
              style={{ width: '40%' }}
            >
              <Input maxLength={40} />
            </Form.Item>
          </Space.Compact>
          <Space.Compact block>
            <Form.Item
              label="联系人"
              name="contactName"
              rules={[
                { required: true, message: '请输入联系人' },
                { min: 2, message: '至少 2 个字' },
              ]}
              style={{ width: '40%' }}
            >
              <Input maxLength={40} />
            </Form.Item>
            <Form.Item
              label="联系电话"
              name="contactPhone"
              rules={[{ required: true, message: '请输入联系电话' }]}
              style={{ width: '60%' }}
            >
              <Input maxLength={20} placeholder="0931-8123456 或手机" />
            </Form.Item>
          </Space.Compact>
          <Form.Item
            label="地址"
            name="address"
            rules={[
              { required: true, message: '请输入地址' },
              { min: 4, message: '至少 4 个字' },
            ]}
          >
            <Input maxLength={200} />
          </Form.Item>
          <Space wrap>
            <Form.Item label="经度" name="lng">
              <InputNumber min={73} max={136} precision={6} style={{ width: 140 }} />
            </Form.Item>
            <Form.Item label="纬度" name="lat">
              <InputNumber min={3} max={54} precision={6} style={{ width: 140 }} />
            </Form.Item>
            <Form.Item label="登记区域" name="regionId" rules={[{ required: true, message: '请选择区或街道' }]}>
              <TreeSelect
                treeData={selectableLevels(tree, ['district', 'street'])}
                style={{ width: 200 }}
                placeholder="区或街道（乡镇）"
              />
            </Form.Item>
            <Form.Item label="上级机构（二级加盟时选）" name="parentId">
              <Select
                allowClear
                options={parents.map((p) => ({ value: p.id, label: p.name }))}
                style={{ width: 220 }}
                showSearch
                optionFilterProp="label"
              />
            </Form.Item>
          </Space>
          <Typography.Text strong>证照</Typography.Text>
          <Space wrap style={{ marginTop: 8 }}>
            <Form.Item label="证照类型" name={['licence', 'kind']} rules={[{ required: true }]}>
              <Select options={licenceOptions} style={{ width: 200 }} />
            </Form.Item>
            <Form.Item
              label="证照编号"
              name={['licence', 'number']}
              rules={[
                { required: true, message: '请输入证照编号' },
                { min: 4, message: '至少 4 个字符' },
              ]}
            >
              <Input style={{ width: 200 }} placeholder={kind === 'social_org' ? '登记证号' : '与信用代码相同亦可'} />
            </Form.Item>
            <Form.Item
              label="发证机关"
              name={['licence', 'issuer']}
              rules={[{ required: true, message: '请输入发证机关' }]}
            >
              <Input style={{ width: 200 }} />
            </Form.Item>
            <Form.Item label="发证日期" name={['licence', 'validFrom']} rules={[{ required: true, message: '请选择' }]}>
              <DatePicker />
            </Form.Item>
            <Form.Item label="有效期至（长期不填）" name={['licence', 'validUntil']}>
              <DatePicker />
            </Form.Item>
          </Space>
          <Form.Item label="简介" name="description">
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
