import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag, Tooltip } from 'antd';
import type { TableProps } from 'antd';
import { DownloadOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { get, post } from '../../api.js';
import { useAuth } from '../../auth.js';
import type { CaregiverDetail, CaregiverListItem } from '../../../shared/schemas/caregivers.js';
import { CAREGIVER_STATUS_LABELS, SKILL_LABELS } from '../../../shared/service-labels.js';
import { useServerList } from '../../components/use-server-list.js';
import { downloadCsv } from '../../components/export-csv.js';
import { applyProblem } from '../../components/form-errors.js';
import { EXPIRY_COLORS, EXPIRY_LABELS, skillOptions } from '../../components/service-format.js';
import { shanghaiDate as today } from '../../../shared/today.js';
import { CaregiverForm } from './CaregiverForm.js';
import { caregiverPayload } from './caregiver-payload.js';

const STATUS_COLORS = { active: 'green', suspended: 'orange', left: 'default' } as const;

export function CaregiversPage() {
  const { can, me } = useAuth();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [params] = useSearchParams();
  const list = useServerList<CaregiverListItem>('/api/caregivers', {
    defaultSort: 'name',
    totalLabel: (n) => `共 ${n} 人`,
  });
  const [providers, setProviders] = useState<{ id: number; name: string }[]>([]);
  const [creating, setCreating] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [filters] = Form.useForm();
  const [form] = Form.useForm();
  const writable = can('caregiver.write');

  // A caregiver's list holds only itself: show the record straight away.
  useEffect(() => {
    if (me?.role === 'caregiver' && list.data.items.length === 1)
      void navigate(`/caregivers/${list.data.items[0].id}`, { replace: true });
  }, [me, list.data, navigate]);
  useEffect(() => {
    if (can('provider.read')) void get<{ id: number; name: string }[]>('/api/providers/options').then(setProviders);
    const providerId = params.get('providerId');
    const health = params.get('health');
    if (providerId || health) {
      const v = { providerId: providerId ? Number(providerId) : undefined, health: health ?? undefined };
      filters.setFieldsValue(v);
      list.search(v);
    }
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  const openCreate = () => {
    form.resetFields();
    setFormError(null);
    setCreating(true);
    form.setFieldsValue({
      providerId: providers.length === 1 ? providers[0].id : undefined,
      workDays: [1, 2, 3, 4, 5],
      hours: [dayjs('08:00', 'HH:mm'), dayjs('18:00', 'HH:mm')],
      joinedOn: dayjs(),
      skills: [],
      certificates: [{ kind: 'health', issuer: '城关区疾病预防控制中心' }],
    });
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
      const created = await post<CaregiverDetail>('/api/caregivers', caregiverPayload(v));
      message.success(`已登记 ${created.name}`);
      setCreating(false);
      void navigate(`/caregivers/${created.id}`);
    } catch (err) {
      setFormError(applyProblem(form, err));
    }
  };
  const exportAll = async () => {
    const rows = await list.fetchAll();
    downloadCsv(
      `服务人员-${today()}.csv`,
      [
        { title: '姓名', value: (c: CaregiverListItem) => c.name },
        { title: '性别', value: (c) => (c.sex === 'M' ? '男' : '女') },
        { title: '年龄', value: (c) => c.age },
        { title: '所属机构', value: (c) => c.providerName },
        { title: '身份证号', value: (c) => c.idMasked },
        { title: '电话', value: (c) => c.phoneMasked },
        { title: '技能', value: (c) => c.skills.map((s) => SKILL_LABELS[s]).join('、') },
        { title: '资格', value: (c) => c.qualification ?? '无' },
        { title: '健康证有效期至', value: (c) => c.healthValidUntil },
        { title: '可派单', value: (c) => (c.dispatchable ? '是' : `否：${c.blockers.join('；')}`) },
        { title: '状态', value: (c) => CAREGIVER_STATUS_LABELS[c.status] },
        { title: '入职日期', value: (c) => c.joinedOn },
      ],
      rows,
    );
  };

  const columns: TableProps<CaregiverListItem>['columns'] = [
    {
      title: '姓名',
      dataIndex: 'name',
      sorter: true,
      sortOrder: list.sortOrder('name'),
      render: (n: string, c) => <a onClick={() => void navigate(`/caregivers/${c.id}`)}>{n}</a>,
    },
    { title: '性别/年龄', key: 'sa', render: (_, c) => `${c.sex === 'M' ? '男' : '女'} ${c.age}`, responsive: ['md'] },
    { title: '所属机构', dataIndex: 'providerName', responsive: ['md'] },
    { title: '电话', dataIndex: 'phoneMasked', responsive: ['lg'] },
    {
      title: '技能',
      dataIndex: 'skills',
      responsive: ['xl'],
      render: (s: CaregiverListItem['skills']) => (
        <Space size={2} wrap>
          {s.slice(0, 4).map((k) => (
            <Tag key={k}>{SKILL_LABELS[k]}</Tag>
          ))}
          {s.length > 4 && <Tag>+{s.length - 4}</Tag>}
        </Space>
      ),
    },
    { title: '资格', dataIndex: 'qualification', render: (q: string | null) => q ?? <Tag>无证</Tag> },
    {
      title: '健康证',
      dataIndex: 'healthValidUntil',
      sorter: true,
      render: (v: string | null, c) => (
        <Space size={2}>
          <Tag color={EXPIRY_COLORS[c.healthExpiry]}>{EXPIRY_LABELS[c.healthExpiry]}</Tag>
          {v && <span style={{ fontSize: 12 }}>{v}</span>}
        </Space>
      ),
    },
    {
      title: '派单',
      dataIndex: 'dispatchable',
      render: (d: boolean, c) =>
        d ? (
          <Tag color="green">可派</Tag>
        ) : (
          <Tooltip title={c.blockers.join('；')}>
            <Tag color="red">不可派</Tag>
          </Tooltip>
        ),
    },
    {
      title: '状态',
      dataIndex: 'status',
      render: (s: CaregiverListItem['status']) => <Tag color={STATUS_COLORS[s]}>{CAREGIVER_STATUS_LABELS[s]}</Tag>,
    },
  ];

  return (
    <Card
      title="服务人员"
      size="small"
      extra={
        <Space>
          <Button icon={<DownloadOutlined />} onClick={exportAll}>
            导出
          </Button>
          {writable && (
            <Button type="primary" icon={<PlusOutlined />} onClick={openCreate}>
              登记服务人员
            </Button>
          )}
        </Space>
      }
    >
      <Form
        form={filters}
        layout="inline"
        style={{ marginBottom: 12, rowGap: 8 }}
        initialValues={{ status: 'active' }}
        onFinish={(v) => list.search(v)}
      >
        <Form.Item name="q">
          <Input placeholder="姓名、手机或身份证号" allowClear style={{ width: 180 }} />
        </Form.Item>
        {providers.length > 1 && (
          <Form.Item name="providerId">
            <Select
              placeholder="所属机构"
              allowClear
              showSearch
              optionFilterProp="label"
              options={providers.map((p) => ({ value: p.id, label: p.name }))}
              style={{ width: 220 }}
            />
          </Form.Item>
        )}
        <Form.Item name="skill">
          <Select placeholder="技能" allowClear options={skillOptions} style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="health">
          <Select
            placeholder="健康证"
            allowClear
            style={{ width: 130 }}
            options={[
              { value: 'problem', label: '过期或将到期' },
              { value: 'expired', label: '已过期' },
              { value: 'expiring', label: '30 天内到期' },
              { value: 'missing', label: '未登记' },
            ]}
          />
        </Form.Item>
        <Form.Item name="qualified">
          <Select
            placeholder="持证"
            allowClear
            style={{ width: 110 }}
            options={[
              { value: 'true', label: '持证' },
              { value: 'false', label: '无证' },
            ]}
          />
        </Form.Item>
        <Form.Item name="status">
          <Select
            style={{ width: 100 }}
            options={[
              { value: 'active', label: '在岗' },
              { value: 'suspended', label: '暂停派单' },
              { value: 'left', label: '已离职' },
              { value: 'all', label: '全部' },
            ]}
          />
        </Form.Item>
        <Button htmlType="submit" icon={<SearchOutlined />}>
          查询
        </Button>
      </Form>
      <Table<CaregiverListItem> {...list.tableProps} columns={columns} />
      <Modal
        title="登记服务人员"
        open={creating}
        onOk={submit}
        onCancel={() => setCreating(false)}
        okText="保存"
        cancelText="取消"
        destroyOnHidden
        width={860}
      >
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
        <CaregiverForm form={form} providers={providers} isNew />
      </Modal>
    </Card>
  );
}
