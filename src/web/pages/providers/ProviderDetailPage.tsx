import { useCallback, useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Progress,
  Radio,
  Select,
  Space,
  Spin,
  Statistic,
  Table,
  Tabs,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import { CheckCircleOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { ApiError, get, patch, post, put } from '../../api.js';
import { useAuth } from '../../auth.js';
import type { ProviderDetail } from '../../../shared/schemas/providers.js';
import type { ItemDto } from '../../../shared/schemas/catalogue.js';
import {
  AGREEMENT_STATE_LABELS,
  CATEGORY_NAMES,
  LICENCE_LABELS,
  PROVIDER_KIND_LABELS,
  PROVIDER_STATUS_LABELS,
  SATISFACTION_LABELS,
} from '../../../shared/service-labels.js';
import { SATISFACTION_LEVELS, previousQuarter, quarterOf } from '../../../core/providers/rules.js';
import { SERVICE_CATEGORIES } from '../../../core/catalogue/categories.js';
import { applyProblem } from '../../components/form-errors.js';
import { SatisfactionScore } from '../../components/SatisfactionScore.js';
import { EXPIRY_COLORS, EXPIRY_LABELS } from '../../components/service-format.js';
import { shanghaiDate as today } from '../../../shared/today.js';
import {
  AGREEMENT_COLORS,
  STATUS_COLORS,
  creditCodeRule,
  kindOptions,
  licenceOptions,
  rating,
} from './provider-format.js';
import type { FormValues } from '../../components/form-values.js';
import { ReasonModal } from './ReasonModal.js';
import { MapView, PolygonField } from '../../components/map/index.js';
import { ArchivedDocuments } from './ArchivedDocuments.js';
import { ARCHIVE_TEXT, CHANGE_STATE_COLORS, CHANGE_STATE_LABELS, CHANGE_TEXT } from './provider-labels.js';

type Dialog = 'edit' | 'review' | 'agreement' | 'agreementStatus' | 'licence' | 'point' | 'evaluation' | null;
type Agreement = ProviderDetail['agreements'][number];
type Licence = ProviderDetail['licences'][number];
type Change = ProviderDetail['changes'][number];
const when = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm');

/** "机构名称：旧 → 新；…" */
function ChangeFields({ change }: { change: Change }) {
  return (
    <Space direction="vertical" size={0}>
      {change.fields.map((f) => (
        <span key={f.field}>
          {f.label}：<Typography.Text delete>{f.fromText}</Typography.Text> →{' '}
          <Typography.Text strong>{f.toText}</Typography.Text>
        </span>
      ))}
    </Space>
  );
}
const fmt = (d: dayjs.Dayjs | undefined | null) => (d ? d.format('YYYY-MM-DD') : null);

export function ProviderDetailPage() {
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const { can, me } = useAuth();
  const { message, modal } = App.useApp();
  const [p, setP] = useState<ProviderDetail | null>(null);
  const [missing, setMissing] = useState(false);
  const [catalogue, setCatalogue] = useState<ItemDto[]>([]);
  const [selected, setSelected] = useState<number[]>([]);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [target, setTarget] = useState<Agreement | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [archiving, setArchiving] = useState<Licence | null>(null);
  const [deciding, setDeciding] = useState<'approve' | 'reject' | null>(null);
  const [form] = Form.useForm();
  const manage = can('provider.manage');
  const review = can('provider.review');
  // Streets sign service agreements for their area, the district for any (002 第5篇 L295): a
  // street changes only the agreements it signed.
  const sign = can('agreement.sign');
  const signs = (a: Agreement) =>
    sign &&
    (me?.region?.level === 'district' || (a.signedByLevel === 'street' && a.signedByRegionId === me?.region?.id));
  // The district edits registration data; a provider's own admin its contact data.
  const registrar = can('provider.register');
  const ownAdmin = manage && !registrar;

  const load = useCallback(async () => {
    try {
      const d = await get<ProviderDetail>(`/api/providers/${id}`);
      setP(d);
      setSelected(d.items.map((i) => i.id));
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) setMissing(true);
      else throw err;
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (manage)
      void get<{ items: ItemDto[] }>('/api/catalogue/items', { pageSize: 200 }).then((r) => setCatalogue(r.items));
  }, [manage]);
  const itemTree = useMemo(
    () =>
      SERVICE_CATEGORIES.map((c) => ({
        title: CATEGORY_NAMES[c],
        value: `c:${c}`,
        key: `c:${c}`,
        children: catalogue
          .filter((i) => i.categoryCode === c)
          .map((i) => ({ title: `${i.code} ${i.name}`, value: i.id, key: i.id })),
      })).filter((n) => n.children.length),
    [catalogue],
  );

  if (missing) return <Empty description="机构不存在或不在您的管辖范围内" />;
  if (!p) return <Spin />;

  const open = (d: Dialog, a: Agreement | null = null) => {
    form.resetFields();
    setFormError(null);
    setTarget(a);
    setDialog(d);
    if (d === 'edit')
      form.setFieldsValue({
        name: p.name,
        kind: p.kind,
        creditCode: p.creditCode,
        legalRepresentative: p.legalRepresentative,
        contactName: p.contactName,
        contactPhone: p.contactPhone,
        address: p.address,
        lng: p.lng,
        lat: p.lat,
        description: p.description,
      });
  };
  const submit = async () => {
    let v: FormValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setFormError(null);
    try {
      if (dialog === 'edit') {
        const own = {
          contactName: v.contactName,
          contactPhone: v.contactPhone,
          address: v.address,
          lng: v.lng ?? null,
          lat: v.lat ?? null,
          description: v.description || null,
        };
        const saved = await patch<ProviderDetail>(
          `/api/providers/${id}`,
          ownAdmin
            ? own
            : {
                ...own,
                name: v.name,
                kind: v.kind,
                creditCode: v.creditCode,
                legalRepresentative: v.legalRepresentative,
              },
        );
        if (p.status === 'rejected' && registrar) message.info('已修改，申请重新进入待审核');
        // Registration data of an approved provider waits for review.
        if (saved.pendingChange && saved.pendingChange.id !== p.pendingChange?.id)
          modal.info({ title: '已提交审核', content: CHANGE_TEXT.submitted, okText: '知道了' });
      }
      if (dialog === 'review') await post(`/api/providers/${id}/review`, v);
      if (dialog === 'agreement')
        await post(`/api/providers/${id}/agreements`, {
          number: v.number,
          signedOn: fmt(v.signedOn),
          startDate: fmt(v.range?.[0]),
          endDate: fmt(v.range?.[1]),
        });
      if (dialog === 'agreementStatus') await post(`/api/providers/${id}/agreements/${target!.id}/status`, v);
      if (dialog === 'licence')
        await post(`/api/providers/${id}/licences`, {
          ...v,
          validFrom: fmt(v.validFrom),
          validUntil: fmt(v.validUntil),
        });
      if (dialog === 'point') {
        const area =
          v.areaKind === 'radius'
            ? { kind: 'radius', radiusM: Math.round(Number(v.radiusKm) * 1000) }
            : { kind: 'polygon', ring: v.ring ?? [] };
        await post(`/api/providers/${id}/points`, { name: v.name, address: v.address, lng: v.lng, lat: v.lat, area });
      }
      if (dialog === 'evaluation') {
        const r = await post<{ created: number; skipped: number }>('/api/providers/evaluations', {
          quarter: v.quarter,
          inputs: [
            {
              providerId: id,
              ratings: Object.fromEntries(SATISFACTION_LEVELS.map((l) => [l, v[l] ?? 0])),
              verifiedOrders: v.verifiedOrders ?? 0,
              upheldComplaints: v.upheldComplaints ?? 0,
            },
          ],
        });
        if (r.skipped) message.warning(`${v.quarter} 已评定过，未重复评定`);
      }
      message.success('已保存');
      setDialog(null);
      await load();
    } catch (err) {
      // The area's fields are radiusKm and ring in the form.
      if (err instanceof ApiError)
        for (const e of err.problem.errors ?? []) {
          if (e.field === 'area.radiusM') form.setFields([{ name: 'radiusKm', errors: [e.message] }]);
          if (e.field.startsWith('area.ring')) form.setFields([{ name: 'ring', errors: [e.message] }]);
        }
      setFormError(applyProblem(form, err));
    }
  };
  const saveItems = async () => {
    try {
      await put(`/api/providers/${id}/items`, { itemIds: selected.filter((x) => typeof x === 'number') });
      message.success(`已保存，共 ${selected.length} 个服务项目`);
      await load();
    } catch (err) {
      message.error((err as Error).message);
    }
  };
  const setPointActive = async (pointId: number, active: boolean) => {
    try {
      await post(`/api/providers/${id}/points/${pointId}/active`, { active });
      await load();
    } catch (err) {
      message.error((err as Error).message);
    }
  };

  const lastQuarter = previousQuarter(quarterOf(today()));
  const pending = p.pendingChange;
  const mine = pending !== null && pending.requestedById === me?.id;
  const header = (
    <Space wrap>
      <Tag color={STATUS_COLORS[p.status]}>{PROVIDER_STATUS_LABELS[p.status]}</Tag>
      {p.agreementState && (
        <Tag color={AGREEMENT_COLORS[p.agreementState]}>协议{AGREEMENT_STATE_LABELS[p.agreementState]}</Tag>
      )}
      {pending && <Tag color="gold">{CHANGE_TEXT.pendingTag}</Tag>}
      {(registrar || ownAdmin) && (
        <Button icon={<EditOutlined />} onClick={() => open('edit')}>
          编辑信息
        </Button>
      )}
      {p.status === 'pending' && review && (
        <Button type="primary" icon={<CheckCircleOutlined />} onClick={() => open('review')}>
          审核
        </Button>
      )}
      {p.status === 'approved' && sign && <Button onClick={() => open('agreement')}>签订协议</Button>}
    </Space>
  );

  return (
    <Card
      size="small"
      title={
        <Space direction="vertical" size={0}>
          <span>{p.name}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {PROVIDER_KIND_LABELS[p.kind]} · {p.creditCode} · 登记于{p.regionName}
          </Typography.Text>
        </Space>
      }
      extra={header}
    >
      {p.status === 'rejected' && (
        <Alert type="warning" showIcon title={`未批准：${p.reviewNote ?? ''}`} style={{ marginBottom: 12 }} />
      )}
      {pending && (
        <Alert
          type="info"
          showIcon
          data-testid="pending-change"
          style={{ marginBottom: 12 }}
          title={CHANGE_TEXT.pendingTitle(pending.requestedByName, when(pending.requestedAt))}
          description={
            <Space direction="vertical" size={4}>
              <ChangeFields change={pending} />
              {review && mine && <Typography.Text type="secondary">{CHANGE_TEXT.ownChange}</Typography.Text>}
            </Space>
          }
          action={
            <Space direction="vertical">
              {review && !mine && (
                <>
                  <Button size="small" type="primary" onClick={() => setDeciding('approve')}>
                    {CHANGE_TEXT.approve}
                  </Button>
                  <Button size="small" danger onClick={() => setDeciding('reject')}>
                    {CHANGE_TEXT.reject}
                  </Button>
                </>
              )}
              {(mine || registrar) && (
                <Button
                  size="small"
                  onClick={() =>
                    modal.confirm({
                      title: CHANGE_TEXT.withdrawTitle,
                      okText: CHANGE_TEXT.withdraw,
                      cancelText: '取消',
                      onOk: async () => {
                        try {
                          setP(await post<ProviderDetail>(`/api/providers/${id}/changes/${pending.id}/withdraw`));
                          message.success(CHANGE_TEXT.withdrawn);
                        } catch (err) {
                          message.error((err as Error).message);
                        }
                      },
                    })
                  }
                >
                  {CHANGE_TEXT.withdraw}
                </Button>
              )}
            </Space>
          }
        />
      )}
      <Space size="large" wrap style={{ marginBottom: 12 }}>
        <Statistic title="评分" value={rating(p.rating)} />
        <Statistic title="在岗服务人员" value={p.caregiverCount} />
        <Statistic title="服务网点" value={p.pointCount} />
        <Statistic title="服务项目" value={p.itemCount} />
        <div>
          <div style={{ color: '#888', fontSize: 14 }}>持证率（目标 {p.certification.targetPercent}%）</div>
          <Progress
            percent={p.certification.percent ?? 0}
            size="small"
            style={{ width: 180 }}
            status={p.certification.meetsTarget === false ? 'exception' : 'normal'}
            format={(v) => `${v}%`}
          />
        </div>
      </Space>
      <Tabs
        items={[
          {
            key: 'info',
            label: '基本信息与证照',
            children: (
              <>
                <Descriptions
                  size="small"
                  bordered
                  column={{ xs: 1, md: 2 }}
                  items={[
                    { label: '法定代表人', children: p.legalRepresentative },
                    { label: '联系人', children: `${p.contactName ?? ''} ${p.contactPhone ?? ''}` },
                    { label: '地址', children: p.address },
                    { label: '坐标', children: p.lng ? `${p.lng}, ${p.lat}` : '—' },
                    {
                      label: '上级机构',
                      children: p.parentName ? (
                        <a onClick={() => void navigate(`/providers/${p.parentId}`)}>{p.parentName}</a>
                      ) : (
                        '一级加盟'
                      ),
                    },
                    {
                      label: '下属二级加盟',
                      children: p.affiliates.length ? (
                        <Space wrap>
                          {p.affiliates.map((a) => (
                            <a key={a.id} onClick={() => void navigate(`/providers/${a.id}`)}>
                              {a.name}
                            </a>
                          ))}
                        </Space>
                      ) : (
                        '无'
                      ),
                    },
                    { label: '审核意见', children: p.reviewNote ?? '—' },
                    { label: '审核时间', children: p.reviewedAt?.slice(0, 10) ?? '—' },
                    { label: '简介', children: p.description ?? '—', span: 2 },
                  ]}
                />
                <Space style={{ margin: '16px 0 8px' }}>
                  <Typography.Text strong>证照</Typography.Text>
                  {manage && (
                    <Button size="small" icon={<PlusOutlined />} onClick={() => open('licence')}>
                      登记证照
                    </Button>
                  )}
                </Space>
                <Table
                  rowKey="id"
                  size="small"
                  pagination={false}
                  dataSource={p.licences}
                  columns={[
                    { title: '证照', dataIndex: 'kind', render: (k: keyof typeof LICENCE_LABELS) => LICENCE_LABELS[k] },
                    { title: '编号', dataIndex: 'number' },
                    { title: '发证机关', dataIndex: 'issuer' },
                    { title: '发证日期', dataIndex: 'validFrom' },
                    { title: '有效期至', dataIndex: 'validUntil', render: (v) => v ?? '长期' },
                    {
                      title: '状态',
                      dataIndex: 'expiry',
                      render: (e: keyof typeof EXPIRY_LABELS) => <Tag color={EXPIRY_COLORS[e]}>{EXPIRY_LABELS[e]}</Tag>,
                    },
                    ...(manage
                      ? [
                          {
                            title: '',
                            key: 'op',
                            render: (_: unknown, l: Licence) => (
                              <Button type="link" size="small" danger onClick={() => setArchiving(l)}>
                                {ARCHIVE_TEXT.action}
                              </Button>
                            ),
                          },
                        ]
                      : []),
                  ]}
                />
                <ArchivedDocuments
                  items={p.archivedLicences}
                  testId="archived-licences"
                  kindTitle="证照"
                  kindOf={(l) => LICENCE_LABELS[l.kind as keyof typeof LICENCE_LABELS]}
                />
                {p.changes.length > 0 && (
                  <>
                    <Typography.Text strong style={{ display: 'block', margin: '16px 0 8px' }}>
                      {CHANGE_TEXT.history}
                    </Typography.Text>
                    <Table<Change>
                      rowKey="id"
                      size="small"
                      pagination={false}
                      dataSource={p.changes}
                      columns={[
                        { title: '变更内容', key: 'fields', render: (_, c) => <ChangeFields change={c} /> },
                        {
                          title: '提交',
                          key: 'req',
                          render: (_, c) => `${c.requestedByName} ${when(c.requestedAt)}`,
                        },
                        {
                          title: '结果',
                          dataIndex: 'state',
                          render: (st: Change['state']) => (
                            <Tag color={CHANGE_STATE_COLORS[st]}>{CHANGE_STATE_LABELS[st]}</Tag>
                          ),
                        },
                        {
                          title: '审核',
                          key: 'dec',
                          render: (_, c) =>
                            c.decidedAt ? `${c.decidedByName ?? ''} ${when(c.decidedAt)} ${c.decisionNote ?? ''}` : '—',
                        },
                      ]}
                    />
                  </>
                )}
              </>
            ),
          },
          {
            key: 'agreements',
            label: `服务协议 ${p.agreements.length}`,
            children: (
              <Table<Agreement>
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={p.agreements}
                locale={{ emptyText: p.status === 'approved' ? '尚未签订协议' : '机构通过审核后才能签订协议' }}
                columns={[
                  { title: '协议编号', dataIndex: 'number' },
                  { title: '签订日期', dataIndex: 'signedOn' },
                  { title: '期限', key: 'range', render: (_, a) => `${a.startDate} 至 ${a.endDate}` },
                  {
                    title: '签订方',
                    key: 'signer',
                    render: (_, a) => <Tag color={a.signedByLevel === 'street' ? 'cyan' : 'blue'}>{a.signedBy}</Tag>,
                  },
                  {
                    title: '状态',
                    key: 'state',
                    render: (_, a) => (
                      <Space size={4}>
                        <Tag color={AGREEMENT_COLORS[a.state]}>{AGREEMENT_STATE_LABELS[a.state]}</Tag>
                        {a.daysLeft !== null && a.daysLeft <= 30 && <Tag color="orange">剩 {a.daysLeft} 天</Tag>}
                      </Space>
                    ),
                  },
                  { title: '原因', dataIndex: 'statusReason' },
                  ...(sign
                    ? [
                        {
                          title: '操作',
                          key: 'op',
                          render: (_: unknown, a: Agreement) =>
                            a.state !== 'terminated' &&
                            signs(a) && (
                              <Space size={0}>
                                {a.stored === 'active' && a.state !== 'expired' && (
                                  <Button
                                    type="link"
                                    size="small"
                                    onClick={() => {
                                      open('agreementStatus', a);
                                      form.setFieldsValue({ status: 'suspended' });
                                    }}
                                  >
                                    暂停
                                  </Button>
                                )}
                                {a.stored === 'suspended' && (
                                  <Button
                                    type="link"
                                    size="small"
                                    onClick={() => {
                                      open('agreementStatus', a);
                                      form.setFieldsValue({ status: 'active' });
                                    }}
                                  >
                                    恢复
                                  </Button>
                                )}
                                <Button
                                  type="link"
                                  size="small"
                                  danger
                                  onClick={() => {
                                    open('agreementStatus', a);
                                    form.setFieldsValue({ status: 'terminated' });
                                  }}
                                >
                                  终止
                                </Button>
                              </Space>
                            ),
                        },
                      ]
                    : []),
                ]}
              />
            ),
          },
          {
            key: 'items',
            label: `服务项目 ${p.items.length}`,
            children: manage ? (
              <Space direction="vertical" style={{ width: '100%' }}>
                <TreeSelect
                  treeData={itemTree}
                  value={selected}
                  onChange={(v) => setSelected(v as number[])}
                  treeCheckable
                  showCheckedStrategy={TreeSelect.SHOW_CHILD}
                  placeholder="选择本机构提供的服务项目"
                  style={{ width: '100%' }}
                  maxTagCount={30}
                  treeNodeFilterProp="title"
                />
                <Button type="primary" onClick={saveItems}>
                  保存服务项目
                </Button>
              </Space>
            ) : (
              <Space wrap>
                {p.items.map((i) => (
                  <Tag key={i.id}>
                    {CATEGORY_NAMES[i.categoryCode]} · {i.name}
                  </Tag>
                ))}
                {p.items.length === 0 && '未设置'}
              </Space>
            ),
          },
          {
            key: 'points',
            label: `服务网点 ${p.points.length}`,
            children: (
              <>
                {manage && (
                  <Button
                    size="small"
                    icon={<PlusOutlined />}
                    style={{ marginBottom: 8 }}
                    onClick={() => {
                      open('point');
                      form.setFieldsValue({ areaKind: 'radius', radiusKm: 3 });
                    }}
                  >
                    新增网点
                  </Button>
                )}
                <Table
                  rowKey="id"
                  size="small"
                  pagination={false}
                  dataSource={p.points}
                  columns={[
                    { title: '网点', dataIndex: 'name' },
                    { title: '地址', dataIndex: 'address' },
                    { title: '所在社区', dataIndex: 'regionName' },
                    {
                      title: '服务区域',
                      key: 'area',
                      render: (_, s) =>
                        s.areaKind === 'radius' ? (
                          <span>
                            半径 {((s.radiusM ?? 0) / 1000).toFixed(1)} 公里
                            {s.agreedRadiusM !== s.radiusM && (
                              <Typography.Text type="secondary">
                                （约定 {((s.agreedRadiusM ?? 0) / 1000).toFixed(1)}，按评分调整）
                              </Typography.Text>
                            )}
                          </span>
                        ) : (
                          `多边形（${(s.polygon?.length ?? 1) - 1} 个顶点）`
                        ),
                    },
                    { title: '坐标', key: 'xy', render: (_, s) => `${s.lng}, ${s.lat}` },
                    {
                      title: '状态',
                      dataIndex: 'active',
                      render: (a: boolean, s) =>
                        manage ? (
                          <Popconfirm
                            title={a ? '停用后该网点不再接单，确定？' : '重新启用该网点？'}
                            okText="确定"
                            cancelText="取消"
                            onConfirm={() => setPointActive(s.id, !a)}
                          >
                            <a>{a ? <Tag color="green">在用</Tag> : <Tag>停用</Tag>}</a>
                          </Popconfirm>
                        ) : a ? (
                          <Tag color="green">在用</Tag>
                        ) : (
                          <Tag>停用</Tag>
                        ),
                    },
                  ]}
                />
              </>
            ),
          },
          {
            key: 'caregivers',
            label: '服务人员',
            children: (
              <Space direction="vertical">
                <Typography.Text>
                  在岗 {p.certification.active} 人，持有效养老护理资格 {p.certification.qualified} 人，持证率{' '}
                  {p.certification.percent ?? '—'}%（目标 {p.certification.targetPercent}%）。
                </Typography.Text>
                {can('caregiver.read') && (
                  <Button onClick={() => void navigate(`/caregivers?providerId=${p.id}`)}>查看服务人员</Button>
                )}
              </Space>
            ),
          },
          {
            key: 'evaluations',
            label: '季度评定',
            children: (
              <>
                <Space direction="vertical" style={{ marginBottom: 8 }}>
                  <Space>
                    近 90 天满意度：
                    <SatisfactionScore kind="providers" id={p.id} />
                  </Space>
                  {review && (
                    <Space>
                      <Button
                        size="small"
                        type="primary"
                        onClick={() =>
                          modal.confirm({
                            title: `按系统记录评定 ${lastQuarter}`,
                            okText: '评定',
                            cancelText: '取消',
                            content:
                              '以该季度回访和短信的评价、核验通过的工单和属实投诉，评定辖区内所有已加盟机构，并据此调整服务半径。每个机构每季度只评定一次。',
                            onOk: async () => {
                              const r = await post<{ created: number; skipped: number }>('/api/providers/evaluations', {
                                quarter: lastQuarter,
                              });
                              message.success(
                                `已评定 ${r.created} 家${r.skipped ? `，${r.skipped} 家此前已评定` : ''}`,
                              );
                              await load();
                            },
                          })
                        }
                      >
                        按系统记录评定全部机构
                      </Button>
                      <Button
                        size="small"
                        icon={<PlusOutlined />}
                        onClick={() => {
                          open('evaluation');
                          form.setFieldsValue({ quarter: lastQuarter });
                        }}
                      >
                        手工录入季度评定
                      </Button>
                    </Space>
                  )}
                </Space>
                <Table
                  rowKey="id"
                  size="small"
                  pagination={false}
                  dataSource={p.evaluations}
                  locale={{ emptyText: '暂无评定' }}
                  columns={[
                    { title: '季度', dataIndex: 'quarter' },
                    { title: '评分', dataIndex: 'score', render: (s: number | null) => s ?? '不评分' },
                    { title: '依据', dataIndex: 'reason' },
                    { title: '半径系数', dataIndex: 'factor', render: (f: number) => `×${f}` },
                    {
                      title: '半径调整',
                      key: 'pts',
                      render: (_, e) =>
                        e.points
                          .map((x) => `${x.name} ${(x.before / 1000).toFixed(1)}→${(x.after / 1000).toFixed(1)} 公里`)
                          .join('；') || '—',
                    },
                  ]}
                />
              </>
            ),
          },
        ]}
      />

      <Modal
        open={dialog !== null}
        onOk={submit}
        onCancel={() => setDialog(null)}
        okText="保存"
        cancelText="取消"
        destroyOnHidden
        width={dialog === 'point' ? 760 : undefined}
        okButtonProps={{ danger: dialog === 'agreementStatus' && form.getFieldValue('status') === 'terminated' }}
        title={
          {
            edit: '编辑机构信息',
            review: '审核加盟申请',
            agreement: '签订服务协议',
            agreementStatus: `变更协议 ${target?.number ?? ''}`,
            licence: '登记证照',
            point: '新增服务网点',
            evaluation: '录入季度评定',
            x: '',
          }[dialog ?? 'x']
        }
      >
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical" name="providerDialog">
          {dialog === 'edit' && (
            <>
              {!ownAdmin && p.status === 'approved' && (
                <Alert type="info" showIcon title={CHANGE_TEXT.editHint} style={{ marginBottom: 12 }} />
              )}
              {!ownAdmin && (
                <>
                  <Space.Compact block>
                    <Form.Item
                      label="机构名称"
                      name="name"
                      rules={[
                        { required: true, message: '请输入' },
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
                      rules={[{ required: true, message: '请输入' }, creditCodeRule]}
                      style={{ width: '60%' }}
                    >
                      <Input maxLength={18} />
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
                </>
              )}
              <Space.Compact block>
                <Form.Item
                  label="联系人"
                  name="contactName"
                  rules={[
                    { required: true, message: '请输入' },
                    { min: 2, message: '至少 2 个字' },
                  ]}
                  style={{ width: '40%' }}
                >
                  <Input maxLength={40} />
                </Form.Item>
                <Form.Item
                  label="联系电话"
                  name="contactPhone"
                  rules={[{ required: true, message: '请输入' }]}
                  style={{ width: '60%' }}
                >
                  <Input maxLength={20} />
                </Form.Item>
              </Space.Compact>
              <Form.Item
                label="地址"
                name="address"
                rules={[
                  { required: true, message: '请输入' },
                  { min: 4, message: '至少 4 个字' },
                ]}
              >
                <Input maxLength={200} />
              </Form.Item>
              <Space>
                <Form.Item label="经度" name="lng">
                  <InputNumber min={73} max={136} precision={6} style={{ width: 150 }} />
                </Form.Item>
                <Form.Item label="纬度" name="lat">
                  <InputNumber min={3} max={54} precision={6} style={{ width: 150 }} />
                </Form.Item>
              </Space>
              <Form.Item label="简介" name="description">
                <Input.TextArea rows={2} maxLength={500} />
              </Form.Item>
            </>
          )}
          {dialog === 'review' && (
            <>
              <Form.Item label="审核结论" name="decision" rules={[{ required: true, message: '请选择' }]}>
                <Radio.Group
                  options={[
                    { value: 'approve', label: '批准加盟' },
                    { value: 'reject', label: '不予批准' },
                  ]}
                />
              </Form.Item>
              <Form.Item
                label="审核意见"
                name="note"
                rules={[
                  { required: true, message: '请填写审核意见' },
                  { min: 2, message: '至少 2 个字' },
                ]}
              >
                <Input.TextArea rows={3} maxLength={500} />
              </Form.Item>
            </>
          )}
          {dialog === 'agreement' && (
            <>
              <Alert
                type="info"
                showIcon
                style={{ marginBottom: 12 }}
                title={`签订方：${me?.region?.level === 'street' ? me.region.name : '区民政局'}`}
              />
              <Form.Item
                label="协议编号"
                name="number"
                rules={[
                  { required: true, message: '请输入协议编号' },
                  { min: 4, message: '至少 4 个字符' },
                ]}
              >
                <Input placeholder="如 CGMZ-2027-031" />
              </Form.Item>
              <Form.Item label="签订日期" name="signedOn" rules={[{ required: true, message: '请选择' }]}>
                <DatePicker />
              </Form.Item>
              <Form.Item label="协议期限" name="range" rules={[{ required: true, message: '请选择起止日期' }]}>
                <DatePicker.RangePicker />
              </Form.Item>
            </>
          )}
          {dialog === 'agreementStatus' && (
            <>
              <Form.Item label="变更为" name="status" rules={[{ required: true }]}>
                <Radio.Group
                  options={[
                    { value: 'active', label: '履约（恢复）' },
                    { value: 'suspended', label: '暂停' },
                    { value: 'terminated', label: '终止（不可撤销）' },
                  ]}
                />
              </Form.Item>
              <Form.Item
                label="原因"
                name="reason"
                rules={[
                  { required: true, message: '请填写原因' },
                  { min: 2, message: '至少 2 个字' },
                ]}
              >
                <Input.TextArea rows={2} maxLength={500} />
              </Form.Item>
              <Typography.Text type="secondary">
                暂停或终止后，该机构不再接收新的派单；此操作记入审计日志。
              </Typography.Text>
            </>
          )}
          {dialog === 'licence' && (
            <>
              <Form.Item label="证照类型" name="kind" rules={[{ required: true, message: '请选择' }]}>
                <Select options={licenceOptions} />
              </Form.Item>
              <Form.Item
                label="编号"
                name="number"
                rules={[
                  { required: true, message: '请输入编号' },
                  { min: 4, message: '至少 4 个字符' },
                ]}
              >
                <Input />
              </Form.Item>
              <Form.Item label="发证机关" name="issuer" rules={[{ required: true, message: '请输入发证机关' }]}>
                <Input />
              </Form.Item>
              <Space>
                <Form.Item label="发证日期" name="validFrom" rules={[{ required: true, message: '请选择' }]}>
                  <DatePicker />
                </Form.Item>
                <Form.Item label="有效期至（长期不填）" name="validUntil">
                  <DatePicker />
                </Form.Item>
              </Space>
            </>
          )}
          {dialog === 'point' && (
            <>
              <Form.Item
                label="网点名称"
                name="name"
                rules={[
                  { required: true, message: '请输入' },
                  { min: 2, message: '至少 2 个字' },
                ]}
              >
                <Input maxLength={60} />
              </Form.Item>
              <Form.Item
                label="地址"
                name="address"
                rules={[
                  { required: true, message: '请输入' },
                  { min: 4, message: '至少 4 个字' },
                ]}
              >
                <Input maxLength={200} />
              </Form.Item>
              <Space>
                <Form.Item label="经度" name="lng" rules={[{ required: true, message: '请输入经度' }]}>
                  <InputNumber min={73} max={136} precision={6} style={{ width: 150 }} />
                </Form.Item>
                <Form.Item label="纬度" name="lat" rules={[{ required: true, message: '请输入纬度' }]}>
                  <InputNumber min={3} max={54} precision={6} style={{ width: 150 }} />
                </Form.Item>
              </Space>
              <Form.Item label="服务区域" name="areaKind">
                <Radio.Group
                  options={[
                    { value: 'radius', label: '以网点为圆心的半径' },
                    { value: 'polygon', label: '多边形' },
                  ]}
                />
              </Form.Item>
              <Form.Item
                noStyle
                shouldUpdate={(a, b) =>
                  a.areaKind !== b.areaKind || a.lng !== b.lng || a.lat !== b.lat || a.radiusKm !== b.radiusKm
                }
              >
                {({ getFieldValue }) => {
                  // The point on the map: clicked there (radius) or shown while drawing (polygon).
                  const [lng, lat] = [getFieldValue('lng'), getFieldValue('lat')];
                  const point = typeof lng === 'number' && typeof lat === 'number' ? { lng, lat } : null;
                  return getFieldValue('areaKind') === 'radius' ? (
                    <>
                      <Form.Item
                        label="服务半径（公里）"
                        name="radiusKm"
                        rules={[{ required: true, message: '请输入半径' }]}
                        extra="区里规定的范围见到期提醒页的规则"
                      >
                        <InputNumber min={0} max={500} step={0.5} />
                      </Form.Item>
                      <Form.Item label="网点位置与服务范围" extra="在地图上点击可设置网点位置">
                        <MapView
                          height={300}
                          fit={point ? 'markers' : 'regions'}
                          markers={point ? [{ id: 'point', ...point, color: '#c2410c', glyph: '点' }] : []}
                          circles={
                            point ? [{ id: 'r', ...point, radiusM: Number(getFieldValue('radiusKm') ?? 0) * 1000 }] : []
                          }
                          onPick={(pickedLat, pickedLng) => form.setFieldsValue({ lat: pickedLat, lng: pickedLng })}
                        />
                      </Form.Item>
                    </>
                  ) : (
                    <Form.Item
                      label="服务范围（在地图上画出）"
                      name="ring"
                      rules={[{ required: true, message: '请在地图上画出服务范围' }]}
                    >
                      <PolygonField point={point} />
                    </Form.Item>
                  );
                }}
              </Form.Item>
            </>
          )}
          {dialog === 'evaluation' && (
            <>
              <Form.Item label="季度" name="quarter" rules={[{ required: true }]}>
                <Input placeholder="如 2026Q3" style={{ width: 140 }} />
              </Form.Item>
              <Space wrap>
                {SATISFACTION_LEVELS.map((l) => (
                  <Form.Item key={l} label={`${SATISFACTION_LABELS[l]}（条）`} name={l} initialValue={0}>
                    <InputNumber min={0} precision={0} />
                  </Form.Item>
                ))}
              </Space>
              <Space>
                <Form.Item label="核实完成工单" name="verifiedOrders" initialValue={0}>
                  <InputNumber min={0} precision={0} />
                </Form.Item>
                <Form.Item label="属实投诉" name="upheldComplaints" initialValue={0}>
                  <InputNumber min={0} precision={0} />
                </Form.Item>
              </Space>
              <Typography.Text type="secondary">
                每个机构每季度只评定一次；评分按区里的规则计算，并据此调整各网点的服务半径。
              </Typography.Text>
            </>
          )}
        </Form>
      </Modal>
      <ReasonModal
        open={archiving !== null}
        title={ARCHIVE_TEXT.licenceTitle(archiving ? `${LICENCE_LABELS[archiving.kind]} ${archiving.number}` : '')}
        label={ARCHIVE_TEXT.reasonLabel}
        required={ARCHIVE_TEXT.reasonRequired}
        min={ARCHIVE_TEXT.reasonMin}
        okText={ARCHIVE_TEXT.action}
        danger
        explain={ARCHIVE_TEXT.explain}
        onClose={() => setArchiving(null)}
        onSubmit={async (reason) => {
          setP(await post<ProviderDetail>(`/api/providers/${id}/licences/${archiving!.id}/archive`, { reason }));
          setArchiving(null);
          message.success(ARCHIVE_TEXT.done);
        }}
      />
      <ReasonModal
        open={deciding !== null && pending !== null}
        title={deciding === 'approve' ? CHANGE_TEXT.approveTitle : CHANGE_TEXT.rejectTitle}
        label={CHANGE_TEXT.noteLabel}
        required={CHANGE_TEXT.noteRequired}
        min="至少 2 个字"
        field="note"
        max={500}
        okText={deciding === 'approve' ? CHANGE_TEXT.approve : CHANGE_TEXT.reject}
        danger={deciding === 'reject'}
        explain={pending?.fields.map((f) => `${f.label}：${f.fromText} → ${f.toText}`).join('；')}
        onClose={() => setDeciding(null)}
        onSubmit={async (note) => {
          setP(
            await post<ProviderDetail>(`/api/providers/${id}/changes/${pending!.id}/decision`, {
              decision: deciding,
              note,
            }),
          );
          message.success(deciding === 'approve' ? CHANGE_TEXT.approved : CHANGE_TEXT.rejected);
          setDeciding(null);
        }}
      />
    </Card>
  );
}
