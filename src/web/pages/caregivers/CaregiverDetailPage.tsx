import { useCallback, useEffect, useRef, useState } from 'react';
import { useParams } from 'react-router-dom';
import {
  Alert,
  App,
  Avatar,
  Button,
  Card,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Radio,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import { EditOutlined, PlusOutlined, UploadOutlined, UserOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { ApiError, get, post, put } from '../../api.js';
import { useAuth } from '../../auth.js';
import type { CaregiverDetail } from '../../../shared/schemas/caregivers.js';
import {
  CAREGIVER_STATUS_LABELS,
  CARE_WORKER_LEVELS,
  CERTIFICATE_LABELS,
  SKILL_LABELS,
  WEEKDAY_LABELS,
} from '../../../shared/service-labels.js';
import { applyProblem } from '../../components/form-errors.js';
import { EXPIRY_COLORS, EXPIRY_LABELS } from '../../components/service-format.js';
import { SatisfactionScore } from '../../components/SatisfactionScore.js';
import { RevealButton } from '../../components/RevealButton.js';
import { CaregiverForm, CertificateFields } from './CaregiverForm.js';
import { caregiverPayload, certificatePayload } from './caregiver-payload.js';
import type { FormValues } from '../../components/form-values.js';
import { ReasonModal } from '../providers/ReasonModal.js';
import { ARCHIVE_TEXT } from '../providers/provider-labels.js';
import { ArchivedDocuments } from '../providers/ArchivedDocuments.js';

type Dialog = 'edit' | 'certificate' | 'status' | null;
type Cert = CaregiverDetail['certificates'][number];
const certName = (x: { kind: Cert['kind']; level: number | null }) =>
  `${CERTIFICATE_LABELS[x.kind]}${x.level ? `（${CARE_WORKER_LEVELS[x.level]}）` : ''}`;

export function CaregiverDetailPage() {
  const id = Number(useParams().id);
  const { can } = useAuth();
  const { message } = App.useApp();
  const [c, setC] = useState<CaregiverDetail | null>(null);
  const [missing, setMissing] = useState(false);
  const [photo, setPhoto] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [archiving, setArchiving] = useState<Cert | null>(null);
  const [form] = Form.useForm();
  const file = useRef<HTMLInputElement>(null);
  const writable = can('caregiver.write');

  const load = useCallback(async () => {
    try {
      const d = await get<CaregiverDetail>(`/api/caregivers/${id}`);
      setC(d);
      setPhoto(d.hasPhoto ? `/api/caregivers/${id}/photo?v=${encodeURIComponent(d.updatedAt)}` : null);
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) setMissing(true);
      else throw err;
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);
  if (missing) return <Empty description="服务人员不存在或不在您的管辖范围内" />;
  if (!c) return <Spin />;

  const open = (d: Dialog) => {
    form.resetFields();
    setFormError(null);
    setDialog(d);
    if (d === 'edit')
      form.setFieldsValue({
        name: c.name,
        skills: c.skills,
        workDays: c.workDays,
        hours: [dayjs(c.workStart, 'HH:mm'), dayjs(c.workEnd, 'HH:mm')],
        homeAddress: c.homeAddress,
        homeLng: c.homeLng,
        homeLat: c.homeLat,
        joinedOn: dayjs(c.joinedOn),
      });
    if (d === 'certificate') form.setFieldsValue({ kind: 'health' });
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
      if (dialog === 'edit') await put(`/api/caregivers/${id}`, caregiverPayload(v));
      if (dialog === 'certificate') await post(`/api/caregivers/${id}/certificates`, certificatePayload(v));
      if (dialog === 'status') await post(`/api/caregivers/${id}/status`, v);
      message.success('已保存');
      setDialog(null);
      await load();
    } catch (err) {
      setFormError(applyProblem(form, err));
    }
  };
  const upload = async (f: File | undefined) => {
    if (!f) return;
    try {
      const res = await fetch(`/api/caregivers/${id}/photo`, {
        method: 'PUT',
        headers: { 'content-type': f.type || 'application/octet-stream' },
        body: f,
        credentials: 'same-origin',
      });
      if (!res.ok) throw new Error((await res.json()).detail);
      message.success('照片已更新');
      await load();
    } catch (err) {
      message.error((err as Error).message);
    }
  };

  return (
    <Card
      size="small"
      title={
        <Space>
          <Avatar size={48} src={photo ?? undefined} icon={<UserOutlined />} />
          <span>{c.name}</span>
          <Tag color={c.status === 'active' ? 'green' : c.status === 'suspended' ? 'orange' : 'default'}>
            {CAREGIVER_STATUS_LABELS[c.status]}
          </Tag>
          {c.dispatchable ? <Tag color="green">可派单</Tag> : <Tag color="red">不可派单</Tag>}
        </Space>
      }
      extra={
        writable &&
        c.status !== 'left' && (
          <Space wrap>
            <Button icon={<UploadOutlined />} onClick={() => file.current?.click()}>
              上传照片
            </Button>
            <Button icon={<EditOutlined />} onClick={() => open('edit')}>
              编辑
            </Button>
            <Button onClick={() => open('status')}>变更状态</Button>
          </Space>
        )
      }
    >
      <input
        ref={file}
        type="file"
        accept="image/jpeg,image/png"
        hidden
        onChange={(e) => void upload(e.target.files?.[0])}
      />
      {!c.dispatchable && c.status !== 'left' && (
        <Alert type="error" showIcon title={`不能派单：${c.blockers.join('；')}`} style={{ marginBottom: 12 }} />
      )}
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, md: 2 }}
        items={[
          { label: '所属机构', children: c.providerName },
          { label: '登录账户', children: c.username ?? '未开通' },
          { label: '性别 / 出生年份', children: `${c.sex === 'M' ? '男' : '女'} · ${c.birthYear} 年（${c.age} 岁）` },
          { label: '入职日期', children: c.joinedOn },
          {
            label: '身份证号',
            children: writable ? (
              <RevealButton url={`/api/caregivers/${c.id}/reveal`} body={{ field: 'idNumber' }} masked={c.idMasked} />
            ) : (
              c.idMasked
            ),
          },
          {
            label: '手机',
            children: writable ? (
              <RevealButton url={`/api/caregivers/${c.id}/reveal`} body={{ field: 'phone' }} masked={c.phoneMasked} />
            ) : (
              c.phoneMasked
            ),
          },
          {
            label: '技能',
            children: (
              <Space size={2} wrap>
                {c.skills.map((s) => (
                  <Tag key={s}>{SKILL_LABELS[s]}</Tag>
                ))}
                {!c.skills.length && '未登记'}
              </Space>
            ),
            span: 2,
          },
          {
            label: '工作时间',
            children: `${c.workDays.map((d) => WEEKDAY_LABELS[d]).join('、')} ${c.workStart}-${c.workEnd}`,
          },
          { label: '资格', children: c.qualification ?? '无' },
          {
            label: '住址（派单起点）',
            children: c.homeAddress ? `${c.homeAddress}${c.homeLng ? `（${c.homeLng}, ${c.homeLat}）` : ''}` : '—',
            span: 2,
          },
          { label: '近 90 天满意度', children: <SatisfactionScore kind="caregivers" id={c.id} />, span: 2 },
          ...(c.statusReason ? [{ label: '状态原因', children: c.statusReason, span: 2 }] : []),
        ]}
      />
      <Space style={{ margin: '16px 0 8px' }}>
        <Typography.Text strong>证书</Typography.Text>
        {writable && c.status !== 'left' && (
          <Button size="small" icon={<PlusOutlined />} onClick={() => open('certificate')}>
            登记证书
          </Button>
        )}
      </Space>
      <Table<Cert>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={c.certificates}
        columns={[
          {
            title: '证书',
            key: 'k',
            render: (_, x) => certName(x),
          },
          { title: '编号', dataIndex: 'number', responsive: ['sm'] },
          { title: '发证机关', dataIndex: 'issuer', responsive: ['md'] },
          { title: '发证日期', dataIndex: 'issuedOn', responsive: ['sm'] },
          { title: '有效期至', dataIndex: 'validUntil', render: (v) => v ?? '长期' },
          {
            title: '状态',
            dataIndex: 'expiry',
            render: (e: Cert['expiry']) => <Tag color={EXPIRY_COLORS[e]}>{EXPIRY_LABELS[e]}</Tag>,
          },
          ...(writable
            ? [
                {
                  title: '',
                  key: 'x',
                  render: (_: unknown, x: Cert) => (
                    <Button type="link" size="small" danger onClick={() => setArchiving(x)}>
                      {ARCHIVE_TEXT.action}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <ArchivedDocuments
        items={c.archivedCertificates}
        testId="archived-certificates"
        kindTitle="证书"
        kindOf={certName}
      />
      <ReasonModal
        open={archiving !== null}
        title={ARCHIVE_TEXT.certificateTitle(archiving ? `${certName(archiving)} ${archiving.number}` : '')}
        label={ARCHIVE_TEXT.reasonLabel}
        required={ARCHIVE_TEXT.reasonRequired}
        min={ARCHIVE_TEXT.reasonMin}
        okText={ARCHIVE_TEXT.action}
        danger
        explain={ARCHIVE_TEXT.explain}
        onClose={() => setArchiving(null)}
        onSubmit={async (reason) => {
          setC(await post<CaregiverDetail>(`/api/caregivers/${id}/certificates/${archiving!.id}/archive`, { reason }));
          setArchiving(null);
          message.success(ARCHIVE_TEXT.done);
        }}
      />
      <Modal
        open={dialog !== null}
        onOk={submit}
        onCancel={() => setDialog(null)}
        okText="保存"
        cancelText="取消"
        destroyOnHidden
        width={dialog === 'edit' ? 860 : 720}
        title={
          { edit: '编辑服务人员', certificate: '登记证书（续期请登记新证）', status: '变更状态', x: '' }[dialog ?? 'x']
        }
      >
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
        {dialog === 'edit' && <CaregiverForm form={form} providers={[]} isNew={false} />}
        {dialog === 'certificate' && (
          <Form form={form} layout="vertical" name="certificateForm">
            <CertificateFields />
          </Form>
        )}
        {dialog === 'status' && (
          <Form form={form} layout="vertical" name="statusForm">
            <Form.Item label="变更为" name="status" rules={[{ required: true, message: '请选择' }]}>
              <Radio.Group
                options={[
                  ...(c.status !== 'active' ? [{ value: 'active', label: '恢复在岗' }] : []),
                  ...(c.status !== 'suspended' ? [{ value: 'suspended', label: '暂停派单' }] : []),
                  { value: 'left', label: '离职（不可恢复，同时停用其登录账户）' },
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
              <Input.TextArea rows={2} maxLength={200} />
            </Form.Item>
          </Form>
        )}
      </Modal>
    </Card>
  );
}
