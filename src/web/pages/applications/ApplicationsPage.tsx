// 申请审批: the desk's to-do list sorted by deadline (late ones in red), every application in
// the jurisdiction, and a drawer to read the record and take the next step.
import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
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
  Table,
  Tabs,
  Tag,
  Timeline,
  Typography,
  Upload,
} from 'antd';
import { useAuth } from '../../auth.js';
import dayjs from 'dayjs';
import { get, post } from '../../api.js';
import type { AppAction, AppState } from '../../../core/applications/workflow.js';
import { formatLocalTime } from '../../../core/local-time.js';
import { applyProblem } from '../../components/form-errors.js';
import { useServerList } from '../../components/use-server-list.js';
import { ACTION_LABELS, OWNER_LABELS, STATE_COLORS, STATE_LABELS } from './app-labels.js';
import { DOCUMENT_KIND_LABELS } from '../../../shared/elder-labels.js';
import { tallyDocuments } from '../../../core/applications/document-type.js';

interface AppRow {
  id: number;
  kind: 'new' | 'change';
  elderId: number;
  elderName: string;
  idMasked: string;
  regionName: string;
  programmeName: string;
  state: AppState;
  submittedOn: string;
  deadline: string | null;
  overdue: boolean;
  owner: keyof typeof OWNER_LABELS | null;
  noticeFrom: string | null;
  noticeTo: string | null;
  openObjections: number;
  effectiveFrom: string | null;
}
interface Doc {
  id: number;
  kind: keyof typeof DOCUMENT_KIND_LABELS;
  filename: string;
  size: number;
}
interface AgreementRow {
  villagerGroup: string;
  villageCommittee: string;
  townshipOffice: string;
  carer: string | null;
  contractedLandMu: number;
  homesteadSqm: number;
  houseRooms: number;
  houseSqm: number | null;
  propertyNotes: string | null;
  signedOn: string;
  filedAt: string | null;
  filedByName: string | null;
}
interface Detail extends AppRow {
  programme: string;
  agreement: AgreementRow | null;
  documents: Doc[];
  missingDocuments: (keyof typeof DOCUMENT_KIND_LABELS)[];
  steps: {
    id: number;
    action: keyof typeof ACTION_LABELS;
    actorName: string;
    opinion: string;
    at: string;
    toState: AppState;
  }[];
  allowedActions: AppAction[];
}

export function ApplicationsPage() {
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const [tab, setTab] = useState(params.get('tab') ?? 'todo');
  const list = useServerList<AppRow>('/api/applications', { defaultSort: '', totalLabel: (n) => `共 ${n} 件` });
  const [detail, setDetail] = useState<Detail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm();
  const action = Form.useWatch('action', form) as AppAction | undefined;

  useEffect(() => {
    list.search(tab === 'todo' ? { todo: 'true' } : tab === 'overdue' ? { overdue: 'true' } : {});
  }, [tab]); // eslint-disable-line react-hooks/exhaustive-deps
  const open = useCallback(
    async (id: number) => {
      setError(null);
      form.resetFields();
      setDetail(await get<Detail>(`/api/applications/${id}`));
    },
    [form],
  );
  useEffect(() => {
    const id = params.get('id');
    if (id) void open(Number(id));
  }, [params, open]);

  const [docKind, setDocKind] = useState<keyof typeof DOCUMENT_KIND_LABELS>('id_copy');
  const upload = async (file: File) => {
    const res = await fetch(
      `/api/applications/${detail!.id}/documents?kind=${docKind}&filename=${encodeURIComponent(file.name)}`,
      {
        method: 'POST',
        body: file,
        headers: { 'content-type': 'application/octet-stream' },
      },
    );
    if (!res.ok) {
      const p = await res.json().catch(() => ({ detail: `上传失败（${res.status}）` }));
      message.error(p.detail);
      return;
    }
    message.success(`已上传：${file.name}`);
    await open(detail!.id);
  };
  const { me, can } = useAuth();
  const [agreementForm] = Form.useForm();
  const [agreementOpen, setAgreementOpen] = useState(false);
  const [agreementError, setAgreementError] = useState<string | null>(null);
  const saveAgreement = async () => {
    let v: Record<string, unknown> & { signedOn: dayjs.Dayjs };
    try {
      v = await agreementForm.validateFields();
    } catch {
      return;
    }
    try {
      setDetail(
        await post<Detail>(`/api/applications/${detail!.id}/agreement`, {
          ...v,
          signedOn: v.signedOn.format('YYYY-MM-DD'),
          carer: v.carer || null,
          propertyNotes: v.propertyNotes || null,
        }),
      );
      message.success('协议已登记');
      setAgreementOpen(false);
    } catch (err) {
      setAgreementError(applyProblem(agreementForm, err));
    }
  };
  const fileAgreement = async () => {
    try {
      setDetail(await post<Detail>(`/api/applications/${detail!.id}/agreement/file`));
      message.success('已确认备案');
    } catch (err) {
      message.error((err as Error).message);
    }
  };
  const submit = async () => {
    let v: {
      action: AppAction;
      opinion?: string;
      noticeFrom?: dayjs.Dayjs;
      noticeTo?: dayjs.Dayjs;
      review?: { reviewDate: dayjs.Dayjs; participants: number; votesFor: number; votesAgainst: number };
    };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setError(null);
    try {
      const next = await post<Detail>(`/api/applications/${detail!.id}/actions`, {
        action: v.action,
        opinion: v.opinion ?? '',
        ...(v.noticeFrom && v.noticeTo
          ? { noticeFrom: v.noticeFrom.format('YYYY-MM-DD'), noticeTo: v.noticeTo.format('YYYY-MM-DD') }
          : {}),
        ...(v.review ? { review: { ...v.review, reviewDate: v.review.reviewDate.format('YYYY-MM-DD') } } : {}),
      });
      message.success(`已办理：${ACTION_LABELS[v.action]}`);
      setDetail(next);
      form.resetFields();
      void list.reload();
    } catch (err) {
      setError(applyProblem(form, err));
    }
  };

  const columns = [
    { title: '编号', dataIndex: 'id', width: 70 },
    { title: '老人', render: (_: unknown, r: AppRow) => <a onClick={() => open(r.id)}>{r.elderName}</a> },
    { title: '所属', dataIndex: 'regionName', responsive: ['md' as const] },
    {
      title: '项目',
      render: (_: unknown, r: AppRow) => (
        <>
          {r.programmeName}
          {r.kind === 'change' && <Tag style={{ marginLeft: 4 }}>变更</Tag>}
        </>
      ),
    },
    {
      title: '环节',
      render: (_: unknown, r: AppRow) => <Tag color={STATE_COLORS[r.state]}>{STATE_LABELS[r.state]}</Tag>,
    },
    {
      title: '办理期限',
      render: (_: unknown, r: AppRow) =>
        r.deadline ? (
          <Typography.Text type={r.overdue ? 'danger' : undefined} strong={r.overdue}>
            {r.deadline}
            {r.overdue ? '（已超期）' : ''}
          </Typography.Text>
        ) : (
          '—'
        ),
    },
    { title: '受理日期', dataIndex: 'submittedOn', responsive: ['lg' as const] },
  ];
  return (
    <Card title="申请审批" size="small" extra={<Button href="/print/notice-list">打印公示名单</Button>}>
      <Tabs
        activeKey={tab}
        onChange={(k) => {
          setTab(k);
          setParams({ tab: k });
        }}
        items={[
          { key: 'todo', label: '我的待办' },
          { key: 'overdue', label: '已超期' },
          { key: 'all', label: '全部申请' },
        ]}
      />
      <Table<AppRow> {...list.tableProps} columns={columns} rowClassName={(r) => (r.overdue ? 'row-overdue' : '')} />
      <Drawer
        open={detail !== null}
        onClose={() => setDetail(null)}
        size={560}
        title={detail ? `申请 ${detail.id}：${detail.elderName} · ${detail.programmeName}` : ''}
      >
        {detail && (
          <Space direction="vertical" style={{ width: '100%' }} size="middle">
            <Descriptions
              size="small"
              column={1}
              bordered
              items={[
                {
                  label: '当前环节',
                  children: (
                    <Space>
                      <Tag color={STATE_COLORS[detail.state]}>{STATE_LABELS[detail.state]}</Tag>
                      {detail.owner && `待${OWNER_LABELS[detail.owner]}办理`}
                    </Space>
                  ),
                },
                {
                  label: '办理期限',
                  children: detail.deadline ? (
                    <Typography.Text type={detail.overdue ? 'danger' : undefined}>
                      {detail.deadline}
                      {detail.overdue ? '（已超期）' : ''}
                    </Typography.Text>
                  ) : (
                    '—'
                  ),
                },
                { label: '身份证号', children: detail.idMasked },
                {
                  label: '公示',
                  children: detail.noticeFrom
                    ? `${detail.noticeFrom} 至 ${detail.noticeTo}${detail.openObjections ? `，待处理异议 ${detail.openObjections} 条` : ''}`
                    : '—',
                },
                { label: '生效日期', children: detail.effectiveFrom ?? '—' },
              ]}
            />
            <Space>
              <Button href={`/print/applications/${detail.id}`} size="small">
                打印审批表
              </Button>
              {detail.agreement && (
                <Button href={`/print/agreements/${detail.id}`} size="small">
                  打印供养协议
                </Button>
              )}
              {detail.agreement &&
                (detail.agreement.filedAt ? (
                  <Tag color="green">
                    已报区民政局备案 {dayjs(detail.agreement.filedAt).format('YYYY-MM-DD')}{' '}
                    {detail.agreement.filedByName ?? ''}
                  </Tag>
                ) : me?.region?.level === 'district' && can('application.act') ? (
                  <Popconfirm
                    title="确认该分散供养协议已报区民政局备案？"
                    okText="确认备案"
                    cancelText="取消"
                    onConfirm={fileAgreement}
                  >
                    <Button size="small">协议备案</Button>
                  </Popconfirm>
                ) : (
                  <Tag>协议待区民政局备案</Tag>
                ))}
              {!detail.agreement &&
                detail.programme === 'tekun_support' &&
                detail.state === 'approved' &&
                me?.role === 'community_worker' && (
                  <Button
                    size="small"
                    type="primary"
                    onClick={() => {
                      agreementForm.resetFields();
                      setAgreementOpen(true);
                    }}
                  >
                    登记分散供养协议
                  </Button>
                )}
            </Space>
            <Card size="small" title="申请材料" data-testid="documents">
              {detail.missingDocuments.length > 0 && (
                <Alert
                  type="warning"
                  showIcon
                  title={`入户调查前须上传：${tallyDocuments(detail.missingDocuments)
                    .map(({ kind, count }) => DOCUMENT_KIND_LABELS[kind] + (count > 1 ? ` ×${count}` : ''))
                    .join('、')}`}
                  style={{ marginBottom: 8 }}
                />
              )}
              {detail.documents.map((d) => (
                <div key={d.id}>
                  <a href={`/api/applications/${detail.id}/documents/${d.id}`} target="_blank" rel="noreferrer">
                    {DOCUMENT_KIND_LABELS[d.kind]} · {d.filename}
                  </a>{' '}
                  <Typography.Text type="secondary">{(d.size / 1024).toFixed(0)} KB</Typography.Text>
                </div>
              ))}
              {detail.allowedActions.length > 0 && (
                <Space style={{ marginTop: 8 }} wrap>
                  <Select
                    value={docKind}
                    onChange={setDocKind}
                    style={{ width: 280 }}
                    options={Object.entries(DOCUMENT_KIND_LABELS).map(([value, label]) => ({ value, label }))}
                    aria-label="材料类型"
                  />
                  <Upload
                    accept=".pdf,.jpg,.jpeg,.png"
                    showUploadList={false}
                    beforeUpload={(f) => {
                      void upload(f);
                      return false;
                    }}
                  >
                    <Button>上传材料（PDF/JPEG/PNG，10 MB 以内）</Button>
                  </Upload>
                </Space>
              )}
            </Card>
            <Timeline
              items={detail.steps.map((s) => ({
                color: s.toState === 'rejected' ? 'red' : s.toState === 'approved' ? 'green' : 'blue',
                children: (
                  <>
                    <b>{ACTION_LABELS[s.action]}</b> · {s.actorName} · {formatLocalTime(new Date(s.at))}
                    <br />
                    <Typography.Text type="secondary">{s.opinion}</Typography.Text>
                  </>
                ),
              }))}
            />
            {detail.allowedActions.length > 0 && (
              <Card size="small" title="办理">
                {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
                <Form form={form} name="applicationAction" layout="vertical">
                  <Form.Item label="操作" name="action" rules={[{ required: true, message: '请选择操作' }]}>
                    <Select options={detail.allowedActions.map((a) => ({ value: a, label: ACTION_LABELS[a] }))} />
                  </Form.Item>
                  {action === 'democratic_review' && (
                    <Space wrap>
                      <Form.Item
                        label="评议日期"
                        name={['review', 'reviewDate']}
                        rules={[{ required: true, message: '请选择日期' }]}
                      >
                        <DatePicker placeholder="评议日期" />
                      </Form.Item>
                      <Form.Item
                        label="参加人数"
                        name={['review', 'participants']}
                        rules={[{ required: true, message: '必填' }]}
                      >
                        <InputNumber min={1} />
                      </Form.Item>
                      <Form.Item
                        label="赞成"
                        name={['review', 'votesFor']}
                        rules={[{ required: true, message: '必填' }]}
                      >
                        <InputNumber min={0} />
                      </Form.Item>
                      <Form.Item
                        label="反对"
                        name={['review', 'votesAgainst']}
                        rules={[{ required: true, message: '必填' }]}
                      >
                        <InputNumber min={0} />
                      </Form.Item>
                    </Space>
                  )}
                  {action === 'start_notice' && (
                    <Space.Compact block>
                      <Form.Item
                        label="公示开始"
                        name="noticeFrom"
                        rules={[{ required: true, message: '请选择开始日期' }]}
                        style={{ width: '50%' }}
                      >
                        <DatePicker style={{ width: '100%' }} placeholder="开始日期" />
                      </Form.Item>
                      <Form.Item
                        label="公示结束"
                        name="noticeTo"
                        rules={[{ required: true, message: '请选择结束日期' }]}
                        style={{ width: '50%' }}
                        extra="公示期不少于政策规定的天数"
                      >
                        <DatePicker style={{ width: '100%' }} placeholder="结束日期" />
                      </Form.Item>
                    </Space.Compact>
                  )}
                  <Form.Item label="意见" name="opinion">
                    <Input.TextArea rows={3} maxLength={500} placeholder="办理意见（审核、审批、退回、驳回须填写）" />
                  </Form.Item>
                  <Button type="primary" onClick={submit}>
                    提交
                  </Button>
                </Form>
              </Card>
            )}
          </Space>
        )}
      </Drawer>
      <Modal
        open={agreementOpen}
        title="四方分散供养协议"
        onCancel={() => setAgreementOpen(false)}
        onOk={saveAgreement}
        okText="登记"
        cancelText="取消"
        destroyOnHidden
      >
        {agreementError && <Alert type="error" showIcon title={agreementError} style={{ marginBottom: 12 }} />}
        <Form
          form={agreementForm}
          name="agreement"
          layout="vertical"
          initialValues={{ signedOn: dayjs(), propertyNotes: '承包土地、宅基地、房屋的所有权和使用权仍归供养对象本人' }}
        >
          <Form.Item
            label="甲方：村民小组（全体农户）"
            name="villagerGroup"
            rules={[{ required: true, message: '必填' }]}
          >
            <Input />
          </Form.Item>
          <Form.Item
            label="丙方（监督责任方）：村（居）委会"
            name="villageCommittee"
            rules={[{ required: true, message: '必填' }]}
          >
            <Input />
          </Form.Item>
          <Form.Item
            label="丁方：乡镇（街道）民政办"
            name="townshipOffice"
            rules={[{ required: true, message: '必填' }]}
          >
            <Input />
          </Form.Item>
          <Form.Item label="照料人" name="carer">
            <Input />
          </Form.Item>
          <Space wrap>
            <Form.Item label="承包地（亩）" name="contractedLandMu" rules={[{ required: true, message: '必填' }]}>
              <InputNumber min={0} step={0.1} />
            </Form.Item>
            <Form.Item label="宅基地（平方米）" name="homesteadSqm" rules={[{ required: true, message: '必填' }]}>
              <InputNumber min={0} />
            </Form.Item>
            <Form.Item label="房屋（间）" name="houseRooms" rules={[{ required: true, message: '必填' }]}>
              <InputNumber min={0} />
            </Form.Item>
            <Form.Item label="房屋面积（平方米）" name="houseSqm" rules={[{ required: true, message: '必填' }]}>
              <InputNumber min={0} />
            </Form.Item>
            <Form.Item label="签订日期" name="signedOn" rules={[{ required: true, message: '必填' }]}>
              <DatePicker />
            </Form.Item>
          </Space>
          <Form.Item label="财产说明" name="propertyNotes">
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
