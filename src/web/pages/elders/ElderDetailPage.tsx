import { useCallback, useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  List,
  Modal,
  Radio,
  Select,
  Space,
  Spin,
  Table,
  Tabs,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import { EditOutlined, PlusOutlined, SwapOutlined, WarningOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { ApiError, get, post } from '../../api.js';
import { useAuth } from '../../auth.js';
import type { ElderDetail } from '../../../shared/schemas/elders.js';
import type { Region } from '../../../shared/schemas/regions.js';
import {
  DISABILITY_TYPE_LABELS,
  ELDER_STATUS_LABELS,
  EVIDENCE_FIELD_LABELS,
  HUKOU_LABELS,
  NEED_LABELS,
  SEX_LABELS,
  SUPPORT_MODE_LABELS,
} from '../../../shared/elder-labels.js';
import { DIMENSION_LABELS, type Dimension } from '../../../core/assessment/gb42195.js';
import { NEED_TYPES } from '../../../core/needs/needs-summary.js';
import { formatLocalTime } from '../../../core/local-time.js';
import { buildRegionTree, HOME_LEVELS, selectableLevels } from '../../components/region-tree.js';
import { applyProblem } from '../../components/form-errors.js';
import { auditActionLabel } from '../audit/audit-labels.js';
import { AssessmentModal } from './AssessmentModal.js';
import { RevealButton } from '../../components/RevealButton.js';
import { EligibilityTab } from './EligibilityTab.js';
import { LedgerTab } from './LedgerTab.js';
import { DevicesTab } from './DevicesTab.js';
import {
  GRADE_COLORS,
  STATUS_COLORS,
  categoryLabel,
  flagLabel,
  gradeLabel,
  options,
  statusLabel,
} from './elder-format.js';

interface AssessmentRow {
  id: number;
  assessedOn: string;
  assessor: string;
  total: number;
  grade: string;
  preliminaryGrade: string;
  dimensions: Record<string, number>;
  adjustments: string[];
  nextDue: string;
}
interface SurveyRow {
  id: number;
  surveyedOn: string;
  surveyor: string;
  needs: string[];
  notes: string | null;
}
interface HistoryRow {
  id: number;
  at: string;
  username: string | null;
  action: string;
  before: unknown;
  after: unknown;
}

export function ElderDetailPage() {
  const id = Number(useParams().id);
  const { can, me } = useAuth();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [elder, setElder] = useState<ElderDetail | null>(null);
  const [missing, setMissing] = useState(false);
  const [assessments, setAssessments] = useState<AssessmentRow[]>([]);
  const [surveys, setSurveys] = useState<SurveyRow[]>([]);
  const [history, setHistory] = useState<HistoryRow[]>([]);
  const [regions, setRegions] = useState<Region[]>([]);
  const [dialog, setDialog] = useState<'assess' | 'survey' | 'transfer' | 'status' | 'apply' | null>(null);
  const [dialogError, setDialogError] = useState<string | null>(null);
  const [form] = Form.useForm();
  const writable = can('elder.write');
  const tree = useMemo(() => selectableLevels(buildRegionTree(regions), HOME_LEVELS), [regions]);

  const load = useCallback(async () => {
    try {
      const [e, a, s, h] = await Promise.all([
        get<ElderDetail>(`/api/elders/${id}`),
        get<AssessmentRow[]>(`/api/elders/${id}/assessments`),
        get<SurveyRow[]>(`/api/elders/${id}/needs-surveys`),
        get<{ items: HistoryRow[] }>(`/api/elders/${id}/history`),
      ]);
      setElder(e);
      setAssessments(a);
      setSurveys(s);
      setHistory(h.items);
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) setMissing(true);
      else throw err;
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (writable) void get<Region[]>('/api/regions').then(setRegions);
  }, [writable]);

  if (missing) return <Empty description="档案不存在或不在您的管辖范围内" />;
  if (!elder) return <Spin />;

  const openDialog = (d: typeof dialog) => {
    form.resetFields();
    setDialogError(null);
    setDialog(d);
  };
  const submitDialog = async () => {
    let v: Record<string, unknown>;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    try {
      if (dialog === 'survey')
        await post(`/api/elders/${id}/needs-surveys`, {
          ...v,
          surveyedOn: (v.surveyedOn as dayjs.Dayjs).format('YYYY-MM-DD'),
          needs: v.needs ?? [],
        });
      if (dialog === 'transfer') await post(`/api/elders/${id}/transfer`, v);
      if (dialog === 'apply') {
        const created = await post<{ id: number }>('/api/applications', {
          elderId: id,
          programme: v.programme,
          kind: v.kind ?? 'new',
          opinion: v.opinion,
        });
        message.success('申请已受理，请在 3 个工作日内完成入户调查');
        setDialog(null);
        void navigate(`/applications?tab=all&id=${created.id}`);
        return;
      }
      if (dialog === 'status')
        await post(`/api/elders/${id}/status`, {
          ...v,
          deathDate: v.deathDate ? (v.deathDate as dayjs.Dayjs).format('YYYY-MM-DD') : null,
        });
      message.success('已保存');
      setDialog(null);
      await load();
    } catch (err) {
      setDialogError(applyProblem(form, err));
    }
  };

  const evidence = (c: ElderDetail['categories'][number]) =>
    Object.entries(c)
      // The certificate number is shown on its own, masked, with its reveal.
      .filter(([k, v]) => k !== 'type' && k !== 'certificateNoMasked' && v !== null && v !== undefined && v !== '')
      .map(([k, v]) => {
        const label = EVIDENCE_FIELD_LABELS[k as keyof typeof EVIDENCE_FIELD_LABELS];
        const text =
          k === 'supportMode'
            ? SUPPORT_MODE_LABELS[v as keyof typeof SUPPORT_MODE_LABELS]
            : k === 'disabilityType'
              ? DISABILITY_TYPE_LABELS[v as keyof typeof DISABILITY_TYPE_LABELS]
              : k === 'disabilityGrade'
                ? `${'一二三四'[Number(v) - 1]}级`
                : String(v);
        return `${label}:${text}`;
      })
      .join('；');

  const tabs = [
    {
      key: 'basic',
      label: '基本信息',
      children: (
        <Descriptions
          size="small"
          bordered
          column={{ xs: 1, md: 2 }}
          items={[
            {
              label: '身份证号',
              children: can('elder.reveal') ? (
                <RevealButton url={`/api/elders/${id}/reveal`} body={{ field: 'idNumber' }} masked={elder.idMasked} />
              ) : (
                elder.idMasked
              ),
            },
            {
              // The server gives the full date only to roles that file and assess; others see the year.
              label: elder.birthDate ? '性别 / 出生日期' : '性别 / 出生年份',
              children: `${SEX_LABELS[elder.sex]} / ${elder.birthDate ?? `${elder.birthYear} 年`}（${elder.age} 岁）`,
            },
            {
              label: '联系电话',
              children: elder.phoneMasked ? (
                can('elder.reveal') ? (
                  <RevealButton url={`/api/elders/${id}/reveal`} body={{ field: 'phone' }} masked={elder.phoneMasked} />
                ) : (
                  elder.phoneMasked
                )
              ) : (
                '未登记'
              ),
            },
            { label: '所属', children: elder.regionName },
            { label: '住址', children: elder.address },
            { label: '坐标', children: elder.lng != null ? `${elder.lng}, ${elder.lat}` : '未设置' },
            {
              label: '户籍',
              children: `${HUKOU_LABELS[elder.hukou]}${elder.residenceYears != null ? `，本地居住 ${elder.residenceYears} 年` : ''}`,
            },
            {
              label: '居住情况',
              children: elder.livingFlags.length ? elder.livingFlags.map(flagLabel).join('、') : '—',
            },
            {
              label: '状态',
              children: `${statusLabel(elder.status)}${elder.deathDate ? `（去世日期 ${elder.deathDate}）` : ''}`,
            },
            {
              label: '建档 / 更新',
              children: `${formatLocalTime(new Date(elder.createdAt))} / ${formatLocalTime(new Date(elder.updatedAt))}`,
            },
          ]}
        />
      ),
    },
    {
      key: 'family',
      label: '家庭与联系人',
      children: (
        <Table
          rowKey={(_, i) => String(i)}
          size="small"
          pagination={false}
          dataSource={elder.contacts}
          locale={{ emptyText: '未登记联系人' }}
          columns={[
            { title: '顺序', render: (_, c, i) => c.emergencyOrder ?? i + 1, width: 60 },
            { title: '姓名', dataIndex: 'name' },
            { title: '关系', dataIndex: 'relation' },
            {
              title: '电话',
              render: (_, c, i) =>
                c.phoneMasked ? (
                  can('elder.reveal') ? (
                    <RevealButton
                      url={`/api/elders/${id}/reveal`}
                      body={{ field: 'contactPhone', contactIndex: i }}
                      masked={c.phoneMasked}
                    />
                  ) : (
                    c.phoneMasked
                  )
                ) : (
                  '—'
                ),
            },
            {
              title: '情况',
              render: (_, c) => (
                <Space size={4}>
                  {c.sameCommunity && <Tag>同社区</Tag>}
                  {c.canCare && <Tag color="green">能照料</Tag>}
                  {c.guardian && <Tag color="blue">监护人</Tag>}
                </Space>
              ),
            },
          ]}
        />
      ),
    },
    {
      key: 'categories',
      label: '类别与证明',
      children: elder.categories.length ? (
        <List
          size="small"
          dataSource={elder.categories}
          renderItem={(c) => (
            <List.Item>
              <Space wrap>
                <Tag color="orange">{categoryLabel(c.type)}</Tag>
                {c.certificateNoMasked && (
                  <Space size={4}>
                    <span>{EVIDENCE_FIELD_LABELS.certificateNo}:</span>
                    {can('elder.reveal') ? (
                      <RevealButton
                        url={`/api/elders/${id}/reveal`}
                        body={{ field: 'certificate', categoryType: c.type }}
                        masked={c.certificateNoMasked}
                      />
                    ) : (
                      <span>{c.certificateNoMasked}</span>
                    )}
                  </Space>
                )}
                <span>{evidence(c) || (c.certificateNoMasked ? '' : '无须证明')}</span>
                {elder.expiredEvidence.includes(c.type) && (
                  <Tag color="red" icon={<WarningOutlined />}>
                    证明已过期，请复核
                  </Tag>
                )}
              </Space>
            </List.Item>
          )}
        />
      ) : (
        <Empty description="无特殊类别" />
      ),
    },
    {
      key: 'health',
      label: '健康档案',
      children: (
        <>
          <Descriptions
            size="small"
            bordered
            column={1}
            items={[
              { label: '慢性病', children: elder.health.chronicConditions.join('、') || '无' },
              { label: '过敏', children: elder.health.allergies.join('、') || '无' },
              { label: '用药', children: elder.health.medications.join('、') || '无' },
              {
                label: '家庭医生',
                children: elder.health.familyDoctor
                  ? `${elder.health.familyDoctor.name} · ${elder.health.familyDoctor.organization ?? ''} · 签约至 ${elder.health.familyDoctor.contractUntil ?? '—'}`
                  : '未签约',
              },
            ]}
          />
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            体检记录
          </Typography.Title>
          <Table
            rowKey="date"
            size="small"
            pagination={false}
            dataSource={elder.health.checkups}
            locale={{ emptyText: '无体检记录' }}
            columns={[
              { title: '日期', dataIndex: 'date', width: 120 },
              { title: '结果', dataIndex: 'findings' },
            ]}
          />
        </>
      ),
    },
    {
      key: 'assessment',
      label: '能力评估',
      children: (
        <>
          <Space style={{ marginBottom: 12 }}>
            <span>当前等级：</span>
            {elder.abilityGrade ? (
              <Tag color={GRADE_COLORS[elder.abilityGrade]}>{gradeLabel(elder.abilityGrade)}</Tag>
            ) : (
              <Tag>未评估</Tag>
            )}
            {elder.abilityNextDue && (
              <span>
                下次评估：{elder.abilityNextDue}
                {elder.abilityNextDue < dayjs().format('YYYY-MM-DD') && (
                  <Tag color="red" style={{ marginLeft: 8 }}>
                    已到期
                  </Tag>
                )}
              </span>
            )}
            {writable && (
              <Button size="small" icon={<PlusOutlined />} onClick={() => setDialog('assess')}>
                新增评估
              </Button>
            )}
          </Space>
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={assessments}
            locale={{ emptyText: '尚无评估' }}
            columns={[
              { title: '日期', dataIndex: 'assessedOn' },
              { title: '评估员', dataIndex: 'assessor' },
              {
                title: '各项得分',
                render: (_, a) =>
                  (['selfCare', 'mobility', 'mental', 'perception'] as Dimension[])
                    .map((d) => `${DIMENSION_LABELS[d]} ${a.dimensions[d]}`)
                    .join(' · '),
              },
              { title: '总分', dataIndex: 'total' },
              {
                title: '等级',
                render: (_, a) => (
                  <Space direction="vertical" size={0}>
                    <Tag color={GRADE_COLORS[a.grade]}>{gradeLabel(a.grade)}</Tag>
                    {a.adjustments.map((x) => (
                      <Typography.Text key={x} type="secondary" style={{ fontSize: 12 }}>
                        {x}
                      </Typography.Text>
                    ))}
                  </Space>
                ),
              },
              { title: '下次评估', dataIndex: 'nextDue' },
            ]}
          />
        </>
      ),
    },
    { key: 'services', label: '服务与补贴', children: <EligibilityTab elderId={id} /> },
    { key: 'ledger', label: '待遇台账', children: <LedgerTab elderId={id} /> },
    ...(can('device.read') ? [{ key: 'devices', label: '终端与定位', children: <DevicesTab elderId={id} /> }] : []),
    {
      key: 'needs',
      label: '需求调查',
      children: (
        <>
          {writable && (
            <Button
              size="small"
              icon={<PlusOutlined />}
              onClick={() => openDialog('survey')}
              style={{ marginBottom: 12 }}
            >
              填写需求调查
            </Button>
          )}
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={surveys}
            locale={{ emptyText: '尚无需求调查' }}
            columns={[
              { title: '日期', dataIndex: 'surveyedOn', width: 110 },
              { title: '调查人', dataIndex: 'surveyor', width: 100 },
              {
                title: '需求',
                render: (_, s) => (
                  <Space size={[4, 4]} wrap>
                    {s.needs.map((n) => (
                      <Tag key={n}>{NEED_LABELS[n as keyof typeof NEED_LABELS]}</Tag>
                    ))}
                  </Space>
                ),
              },
              { title: '备注', dataIndex: 'notes' },
            ]}
          />
        </>
      ),
    },
    {
      key: 'history',
      label: '变更记录',
      children: (
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={history}
          columns={[
            { title: '时间', dataIndex: 'at', render: (v: string) => formatLocalTime(new Date(v)), width: 150 },
            { title: '操作人', dataIndex: 'username', width: 110 },
            { title: '操作', dataIndex: 'action', render: (a: string) => auditActionLabel(a), width: 120 },
            {
              title: '内容',
              render: (_, h) => (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {describeChange(h)}
                </Typography.Text>
              ),
            },
          ]}
        />
      ),
    },
  ];

  return (
    <Card
      size="small"
      title={
        <Space wrap>
          <span style={{ fontSize: 18 }}>{elder.name}</span>
          <Tag color={STATUS_COLORS[elder.status]}>{statusLabel(elder.status)}</Tag>
          {elder.abilityGrade && <Tag color={GRADE_COLORS[elder.abilityGrade]}>{gradeLabel(elder.abilityGrade)}</Tag>}
          {elder.categoryTypes.map((c) => (
            <Tag key={c} color="orange">
              {categoryLabel(c)}
            </Tag>
          ))}
        </Space>
      }
      extra={
        writable &&
        elder.status !== 'deceased' && (
          <Space wrap>
            <Button icon={<EditOutlined />} onClick={() => void navigate(`/elders/${id}/edit`)}>
              编辑
            </Button>
            <Button icon={<SwapOutlined />} onClick={() => openDialog('transfer')}>
              转移
            </Button>
            <Button onClick={() => openDialog('status')}>变更状态</Button>
            {me?.role === 'community_worker' && elder.status === 'active' && (
              <Button type="primary" onClick={() => openDialog('apply')}>
                受理补贴申请
              </Button>
            )}
          </Space>
        )
      }
    >
      <Tabs items={tabs} />
      <AssessmentModal
        elderId={id}
        open={dialog === 'assess'}
        onClose={() => setDialog(null)}
        onSaved={() => {
          setDialog(null);
          void load();
        }}
      />
      <Modal
        open={dialog === 'survey' || dialog === 'transfer' || dialog === 'status' || dialog === 'apply'}
        onCancel={() => setDialog(null)}
        onOk={submitDialog}
        okText="保存"
        cancelText="取消"
        destroyOnHidden
        title={
          dialog === 'apply'
            ? '受理补贴申请'
            : dialog === 'survey'
              ? '养老服务需求调查'
              : dialog === 'transfer'
                ? `转移到其他社区（当前：${elder.regionName}）`
                : '变更状态'
        }
      >
        {dialogError && <Alert type="error" showIcon title={dialogError} style={{ marginBottom: 12 }} />}
        <Form
          form={form}
          name={`elder-${dialog}`}
          layout="vertical"
          initialValues={{ surveyedOn: dayjs(), status: elder.status }}
        >
          {dialog === 'survey' && (
            <>
              <Form.Item label="调查日期" name="surveyedOn" rules={[{ required: true, message: '请选择日期' }]}>
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item
                label="调查人"
                name="surveyor"
                rules={[
                  { required: true, message: '请填写调查人' },
                  { min: 2, message: '至少 2 个字' },
                ]}
              >
                <Input />
              </Form.Item>
              <Form.Item label="需求" name="needs">
                <Checkbox.Group options={NEED_TYPES.map((n) => ({ value: n, label: NEED_LABELS[n] }))} />
              </Form.Item>
              <Form.Item label="备注" name="notes">
                <Input.TextArea maxLength={500} rows={2} />
              </Form.Item>
            </>
          )}
          {dialog === 'apply' && (
            <>
              <Form.Item
                label="申请项目"
                name="programme"
                rules={[{ required: true, message: '请选择项目' }]}
                extra={
                  elder.categoryTypes.includes('tekun')
                    ? '特困人员护理补贴：发生日常照料护理服务时，由乡镇（街道）向县（区）民政部门申请，从统筹的照料护理经费中拨付（000 范文2）'
                    : undefined
                }
              >
                <Select
                  options={[
                    { value: 'home_care_subsidy', label: '居家养老服务补贴' },
                    { value: 'service_voucher', label: '居家养老服务券' },
                    { value: 'visiting', label: '探访服务（政府购买，每月至少 3 次）' },
                    ...(elder.categoryTypes.includes('tekun')
                      ? [
                          { value: 'tekun_support', label: '特困人员供养（须经民主评议）' },
                          { value: 'care_subsidy', label: '特困人员护理补贴（发生照料护理时申请）' },
                        ]
                      : []),
                  ]}
                />
              </Form.Item>
              <Form.Item
                label="申请类型"
                name="kind"
                initialValue="new"
                extra="变更（如失能等级变化后调整待遇）与新申请走同样的审批流程"
              >
                <Radio.Group
                  options={[
                    { value: 'new', label: '新申请' },
                    { value: 'change', label: '变更' },
                  ]}
                />
              </Form.Item>
              <Form.Item
                label="受理意见"
                name="opinion"
                rules={[
                  { required: true, message: '请填写受理意见' },
                  { min: 2, message: '至少 2 个字' },
                ]}
              >
                <Input.TextArea rows={2} maxLength={500} />
              </Form.Item>
            </>
          )}
          {dialog === 'transfer' && (
            <>
              <Form.Item label="转入社区或网格" name="regionId" rules={[{ required: true, message: '请选择' }]}>
                <TreeSelect treeData={tree} showSearch treeNodeFilterProp="title" />
              </Form.Item>
              <Form.Item label="新住址（不变可留空）" name="address">
                <Input maxLength={200} />
              </Form.Item>
              <Form.Item
                label="转移原因"
                name="reason"
                rules={[
                  { required: true, message: '请填写原因' },
                  { min: 2, message: '至少 2 个字' },
                ]}
              >
                <Input maxLength={200} />
              </Form.Item>
            </>
          )}
          {dialog === 'status' && (
            <>
              <Form.Item label="新状态" name="status" rules={[{ required: true }]}>
                <Select options={options(ELDER_STATUS_LABELS)} />
              </Form.Item>
              <Form.Item noStyle shouldUpdate>
                {() =>
                  form.getFieldValue('status') === 'deceased' && (
                    <Form.Item
                      label="去世日期"
                      name="deathDate"
                      rules={[{ required: true, message: '请选择去世日期' }]}
                      extra="标记为已故后，该老人的所有服务和补贴将从去世之日起停止，档案保留。"
                    >
                      <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs())} />
                    </Form.Item>
                  )
                }
              </Form.Item>
              <Form.Item
                label="原因"
                name="reason"
                rules={[
                  { required: true, message: '请填写原因' },
                  { min: 2, message: '至少 2 个字' },
                ]}
              >
                <Input maxLength={200} />
              </Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </Card>
  );
}

function describeChange(h: HistoryRow): string {
  const b = (h.before ?? {}) as Record<string, unknown>;
  const a = (h.after ?? {}) as Record<string, unknown>;
  if (!h.before)
    return Object.entries(a)
      .filter(([k]) => !['id', 'createdAt', 'updatedAt', 'namePinyin', 'nameInitials'].includes(k))
      .slice(0, 6)
      .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
      .join('；');
  return Object.keys({ ...b, ...a })
    .filter((k) => k !== 'updatedAt' && JSON.stringify(b[k]) !== JSON.stringify(a[k]))
    .map((k) => `${k}: ${JSON.stringify(b[k])} → ${JSON.stringify(a[k])}`)
    .join('；');
}
