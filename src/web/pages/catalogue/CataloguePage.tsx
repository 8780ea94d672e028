import { useEffect, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Tabs,
  Typography,
} from 'antd';
import type { TableProps } from 'antd';
import { DownloadOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { del, get, patch, post } from '../../api.js';
import { useAuth } from '../../auth.js';
import type { ItemDto } from '../../../shared/schemas/catalogue.js';
import { CATEGORY_NAMES, CERTIFICATE_LABELS, SKILL_LABELS, UNIT_LABELS } from '../../../shared/service-labels.js';
import { useServerList } from '../../components/use-server-list.js';
import { downloadCsv } from '../../components/export-csv.js';
import { applyProblem } from '../../components/form-errors.js';
import {
  categoryOptions,
  certificateOptions,
  fen,
  skillOptions,
  unitOptions,
  yuanToFen,
} from '../../components/service-format.js';
import { shanghaiDate as today } from '../../../shared/today.js';

interface Category {
  code: keyof typeof CATEGORY_NAMES;
  name: string;
  itemCount: number;
  activeCount: number;
}
interface Price {
  id: number;
  effectiveFrom: string;
  effectiveTo: string | null;
  priceFen: number;
  note: string | null;
  inEffect: boolean;
}
type Detail = ItemDto & { prices: Price[] };

export function CataloguePage() {
  const { can } = useAuth();
  const { message } = App.useApp();
  const writable = can('catalogue.write');
  const list = useServerList<ItemDto>('/api/catalogue/items', {
    defaultSort: 'code',
    totalLabel: (n) => `共 ${n} 个服务项目`,
  });
  const [categories, setCategories] = useState<Category[]>([]);
  const [category, setCategory] = useState<string>('all');
  const [detail, setDetail] = useState<Detail | null>(null);
  const [creating, setCreating] = useState(false);
  const [pricing, setPricing] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [filters] = Form.useForm();
  const [itemForm] = Form.useForm();
  const [priceForm] = Form.useForm();

  const loadCategories = () => get<Category[]>('/api/catalogue/categories').then(setCategories);
  useEffect(() => {
    void loadCategories();
  }, []);
  const search = (cat = category) => {
    const v = filters.getFieldsValue();
    list.search({ ...v, category: cat === 'all' ? undefined : cat });
  };
  const open = async (id: number) => setDetail(await get<Detail>(`/api/catalogue/items/${id}`));
  const refresh = async () => {
    await list.reload();
    await loadCategories();
    if (detail) await open(detail.id);
  };

  const createItem = async () => {
    let v: Record<string, unknown>;
    try {
      v = await itemForm.validateFields();
    } catch {
      return;
    }
    setFormError(null);
    try {
      const created = await post<Detail>('/api/catalogue/items', {
        ...v,
        priceFen: yuanToFen(v.price as number),
        price: undefined,
        priceFrom: (v.priceFrom as dayjs.Dayjs).format('YYYY-MM-DD'),
      });
      message.success(`已新增「${created.name}」，编号 ${created.code}`);
      setCreating(false);
      await refresh();
    } catch (err) {
      setFormError(applyProblem(itemForm, err));
    }
  };
  const addPrice = async () => {
    let v: Record<string, unknown>;
    try {
      v = await priceForm.validateFields();
    } catch {
      return;
    }
    setFormError(null);
    try {
      await post(`/api/catalogue/items/${detail!.id}/prices`, {
        effectiveFrom: (v.effectiveFrom as dayjs.Dayjs).format('YYYY-MM-DD'),
        effectiveTo: v.effectiveTo ? (v.effectiveTo as dayjs.Dayjs).format('YYYY-MM-DD') : null,
        priceFen: yuanToFen(v.price as number),
        note: v.note || null,
      });
      message.success('已新增价格版本');
      setPricing(false);
      await refresh();
    } catch (err) {
      setFormError(applyProblem(priceForm, err));
    }
  };
  const setActive = async (active: boolean) => {
    try {
      await patch(`/api/catalogue/items/${detail!.id}`, { active });
      message.success(active ? '已启用' : '已停用，新工单不能再选此项目');
      await refresh();
    } catch (err) {
      message.error((err as Error).message);
    }
  };
  const deletePrice = async (p: Price) => {
    try {
      await del(`/api/catalogue/prices/${p.id}`);
      message.success('已删除尚未生效的价格');
      await refresh();
    } catch (err) {
      message.error((err as Error).message);
    }
  };
  const exportAll = async () => {
    const rows = await list.fetchAll();
    downloadCsv(
      `服务目录-${today()}.csv`,
      [
        { title: '编号', value: (i: ItemDto) => i.code },
        { title: '类别', value: (i) => CATEGORY_NAMES[i.categoryCode] },
        { title: '名称', value: (i) => i.name },
        { title: '服务内容', value: (i) => i.content },
        { title: '单位', value: (i) => UNIT_LABELS[i.unit] },
        { title: '标准时长（分钟）', value: (i) => i.durationMinutes },
        { title: '统一价（元）', value: (i) => (i.priceFen === null ? '' : (i.priceFen / 100).toFixed(2)) },
        { title: '有偿价（元）', value: (i) => (i.paidPriceFen === null ? '' : (i.paidPriceFen / 100).toFixed(2)) },
        { title: '可用补贴', value: (i) => (i.subsidyEligible ? '是' : '否') },
        { title: '技能要求', value: (i) => i.requiredSkills.map((s) => SKILL_LABELS[s]).join('、') },
        { title: '证书要求', value: (i) => i.requiredCertificates.map((c) => CERTIFICATE_LABELS[c]).join('、') },
        { title: '提供机构数', value: (i) => i.providerCount },
      ],
      rows,
    );
  };

  const columns: TableProps<ItemDto>['columns'] = [
    { title: '编号', dataIndex: 'code', sorter: true, sortOrder: list.sortOrder('code'), width: 90 },
    {
      title: '名称',
      dataIndex: 'name',
      sorter: true,
      render: (n: string, i) => (
        <Space size={4}>
          <a onClick={() => open(i.id)}>{n}</a>
          {!i.active && <Tag>停用</Tag>}
        </Space>
      ),
    },
    {
      title: '类别',
      dataIndex: 'categoryCode',
      render: (c: ItemDto['categoryCode']) => CATEGORY_NAMES[c],
      responsive: ['md'],
    },
    { title: '单位', dataIndex: 'unit', render: (u: ItemDto['unit']) => `每${UNIT_LABELS[u]}` },
    {
      title: '标准时长',
      dataIndex: 'durationMinutes',
      sorter: true,
      render: (m: number) => (m ? `${m} 分钟` : '—'),
      responsive: ['lg'],
    },
    {
      title: '统一价',
      dataIndex: 'priceFen',
      sorter: true,
      align: 'right',
      render: (v: number | null, i) => (
        <Space size={4}>
          {fen(v)}
          {i.nextPrice && (
            <Tag color="blue" title={`${i.nextPrice.effectiveFrom} 起 ${fen(i.nextPrice.priceFen)}`}>
              将调价
            </Tag>
          )}
        </Space>
      ),
    },
    {
      title: <span title="有偿（C 类）老人按统一价优惠后的价格，折扣来自居家养老服务补贴政策">有偿价</span>,
      dataIndex: 'paidPriceFen',
      align: 'right',
      render: fen,
    },
    {
      title: '补贴',
      dataIndex: 'subsidyEligible',
      render: (v: boolean) => (v ? <Tag color="green">可用</Tag> : <Tag>自费</Tag>),
    },
    {
      title: '技能 / 证书要求',
      key: 'req',
      responsive: ['xl'],
      render: (_, i) => (
        <Space size={2} wrap>
          {i.requiredSkills.map((s) => (
            <Tag key={s}>{SKILL_LABELS[s]}</Tag>
          ))}
          {i.requiredCertificates.map((c) => (
            <Tag key={c} color="purple">
              {CERTIFICATE_LABELS[c]}
            </Tag>
          ))}
        </Space>
      ),
    },
    { title: '机构数', dataIndex: 'providerCount', align: 'right', responsive: ['lg'] },
  ];

  return (
    <Card
      title="服务目录"
      size="small"
      extra={
        <Space>
          <Button icon={<DownloadOutlined />} onClick={exportAll}>
            导出
          </Button>
          {writable && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => {
                itemForm.resetFields();
                setFormError(null);
                setCreating(true);
              }}
            >
              新增项目
            </Button>
          )}
        </Space>
      }
    >
      <Tabs
        size="small"
        activeKey={category}
        onChange={(k) => {
          setCategory(k);
          search(k);
        }}
        items={[
          { key: 'all', label: `全部 ${categories.reduce((s, c) => s + c.activeCount, 0)}` },
          ...categories.map((c) => ({ key: c.code, label: `${c.name} ${c.activeCount}` })),
        ]}
      />
      <Form
        form={filters}
        layout="inline"
        style={{ marginBottom: 12, rowGap: 8 }}
        onFinish={() => search()}
        initialValues={{ active: 'true' }}
      >
        <Form.Item name="q">
          <Input placeholder="名称、编号或内容" allowClear style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name="unit">
          <Select placeholder="单位" allowClear options={unitOptions} style={{ width: 100 }} />
        </Form.Item>
        <Form.Item name="subsidy">
          <Select
            placeholder="补贴"
            allowClear
            style={{ width: 110 }}
            options={[
              { value: 'true', label: '可用补贴' },
              { value: 'false', label: '仅自费' },
            ]}
          />
        </Form.Item>
        <Form.Item name="active">
          <Select
            style={{ width: 100 }}
            options={[
              { value: 'true', label: '在用' },
              { value: 'false', label: '已停用' },
              { value: 'all', label: '全部' },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="date"
          getValueProps={(v) => ({ value: v ? dayjs(v) : undefined })}
          normalize={(d) => d?.format('YYYY-MM-DD')}
        >
          <DatePicker placeholder="价格日期（默认今天）" style={{ width: 170 }} />
        </Form.Item>
        <Button htmlType="submit" icon={<SearchOutlined />}>
          查询
        </Button>
      </Form>
      <Table<ItemDto>
        {...list.tableProps}
        columns={columns}
        onRow={(i) => ({ onDoubleClick: () => void open(i.id) })}
      />

      <Drawer
        title={detail ? `${detail.code} ${detail.name}` : ''}
        open={!!detail}
        onClose={() => setDetail(null)}
        size={560}
        extra={
          detail &&
          writable && (
            <Popconfirm
              title={detail.active ? '停用后新工单不能再选此项目，已有工单不受影响。确定停用？' : '确定重新启用？'}
              okText="确定"
              cancelText="取消"
              onConfirm={() => setActive(!detail.active)}
            >
              <Button danger={detail.active}>{detail.active ? '停用' : '启用'}</Button>
            </Popconfirm>
          )
        }
      >
        {detail && (
          <>
            <Descriptions
              column={1}
              size="small"
              bordered
              items={[
                { label: '类别', children: CATEGORY_NAMES[detail.categoryCode] },
                { label: '服务内容', children: detail.content },
                {
                  label: '单位 / 标准时长',
                  children: `每${UNIT_LABELS[detail.unit]} · ${detail.durationMinutes} 分钟`,
                },
                { label: '今日统一价', children: fen(detail.priceFen) },
                {
                  label: '有偿（C 类）价',
                  children:
                    detail.discountPercent === null
                      ? fen(detail.paidPriceFen)
                      : `${fen(detail.paidPriceFen)}（统一价优惠 ${detail.discountPercent}%）`,
                },
                { label: '可用补贴支付', children: detail.subsidyEligible ? '是' : '否（自费项目）' },
                { label: '技能要求', children: detail.requiredSkills.map((s) => SKILL_LABELS[s]).join('、') || '无' },
                {
                  label: '证书要求',
                  children: [
                    '健康证（所有上门人员）',
                    ...detail.requiredCertificates.map((c) => CERTIFICATE_LABELS[c]),
                  ].join('、'),
                },
                { label: '提供机构', children: `${detail.providerCount} 家` },
              ]}
            />
            <Space style={{ margin: '16px 0 8px', justifyContent: 'space-between', width: '100%' }}>
              <Typography.Text strong>价格版本</Typography.Text>
              {writable && (
                <Button
                  size="small"
                  icon={<PlusOutlined />}
                  onClick={() => {
                    priceForm.resetFields();
                    setFormError(null);
                    setPricing(true);
                  }}
                >
                  新增价格
                </Button>
              )}
            </Space>
            <Table<Price>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={detail.prices}
              columns={[
                { title: '生效', dataIndex: 'effectiveFrom' },
                { title: '截止', dataIndex: 'effectiveTo', render: (v) => v ?? '至今' },
                { title: '统一价', dataIndex: 'priceFen', align: 'right', render: fen },
                {
                  title: '状态',
                  key: 's',
                  render: (_, p) =>
                    p.inEffect ? (
                      <Tag color="green">执行中</Tag>
                    ) : p.effectiveFrom > today() ? (
                      <Tag color="blue">待生效</Tag>
                    ) : (
                      <Tag>已结束</Tag>
                    ),
                },
                { title: '说明', dataIndex: 'note' },
                ...(writable
                  ? [
                      {
                        title: '',
                        key: 'x',
                        render: (_: unknown, p: Price) =>
                          p.effectiveFrom > today() && (
                            <Popconfirm
                              title="删除这个尚未生效的价格？前一价格将继续执行。"
                              okText="删除"
                              okButtonProps={{ danger: true }}
                              cancelText="取消"
                              onConfirm={() => deletePrice(p)}
                            >
                              <Button type="link" size="small" danger>
                                删除
                              </Button>
                            </Popconfirm>
                          ),
                      },
                    ]
                  : []),
              ]}
            />
            <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
              已经生效的价格不能改写：调价请新增一个明天或以后生效的版本，服务按发生当天的价格结算。
            </Typography.Paragraph>
          </>
        )}
      </Drawer>

      <Modal
        title="新增服务项目"
        open={creating}
        onOk={createItem}
        onCancel={() => setCreating(false)}
        okText="保存"
        cancelText="取消"
        destroyOnHidden
        width={620}
      >
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
        <Form
          form={itemForm}
          layout="vertical"
          initialValues={{
            unit: 'visit',
            durationMinutes: 60,
            subsidyEligible: true,
            priceFrom: dayjs(),
            requiredSkills: [],
            requiredCertificates: [],
          }}
        >
          <Space.Compact block>
            <Form.Item
              label="类别"
              name="categoryCode"
              rules={[{ required: true, message: '请选择类别' }]}
              style={{ width: '40%' }}
            >
              <Select options={categoryOptions} />
            </Form.Item>
            <Form.Item
              label="名称"
              name="name"
              rules={[
                { required: true, message: '请输入名称' },
                { min: 2, message: '至少 2 个字' },
              ]}
              style={{ width: '60%' }}
            >
              <Input maxLength={40} />
            </Form.Item>
          </Space.Compact>
          <Form.Item
            label="服务内容"
            name="content"
            rules={[
              { required: true, message: '请填写统一的服务内容' },
              { min: 4, message: '至少 4 个字' },
            ]}
          >
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
          <Space wrap>
            <Form.Item label="计价单位" name="unit" rules={[{ required: true }]}>
              <Select options={unitOptions} style={{ width: 110 }} />
            </Form.Item>
            <Form.Item label="标准时长（分钟）" name="durationMinutes" rules={[{ required: true, message: '请填写' }]}>
              <InputNumber min={0} max={1440} precision={0} />
            </Form.Item>
            <Form.Item
              label="统一价（元）"
              name="price"
              rules={[
                { required: true, message: '请填写价格' },
                { type: 'number', min: 0, message: '价格不能为负数' },
              ]}
            >
              <InputNumber min={0} precision={2} step={1} />
            </Form.Item>
            <Form.Item label="价格生效日" name="priceFrom" rules={[{ required: true }]}>
              <DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
            </Form.Item>
          </Space>
          <Form.Item label="技能要求" name="requiredSkills">
            <Select mode="multiple" options={skillOptions} />
          </Form.Item>
          <Form.Item label="证书要求（健康证对所有人员都要求，不必选）" name="requiredCertificates">
            <Select mode="multiple" options={certificateOptions.filter((o) => o.value !== 'health')} />
          </Form.Item>
          <Form.Item label="可用补贴支付" name="subsidyEligible" valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
        <Typography.Text type="secondary">有偿（C 类）价格由统一价按政策折扣自动计算，无需另填。</Typography.Text>
      </Modal>

      <Modal
        title={`新增价格：${detail?.name ?? ''}`}
        open={pricing}
        onOk={addPrice}
        onCancel={() => setPricing(false)}
        okText="保存"
        cancelText="取消"
        destroyOnHidden
      >
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
        <Form form={priceForm} layout="vertical">
          <Form.Item
            label="统一价（元）"
            name="price"
            rules={[
              { required: true, message: '请填写价格' },
              { type: 'number', min: 0, message: '价格不能为负数' },
            ]}
          >
            <InputNumber min={0} precision={2} />
          </Form.Item>
          <Space>
            <Form.Item
              label="生效日期"
              name="effectiveFrom"
              rules={[{ required: true, message: '请选择生效日期' }]}
              extra="明天或以后"
            >
              <DatePicker />
            </Form.Item>
            <Form.Item label="截止日期（可空）" name="effectiveTo">
              <DatePicker />
            </Form.Item>
          </Space>
          <Form.Item label="说明" name="note">
            <Input maxLength={200} placeholder="如：2027 年度调价" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
