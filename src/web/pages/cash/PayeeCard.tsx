// An elder's payee account on the ledger tab: the account paid to now and, while one waits, the
// request to register or change it. Whoever keeps the file asks (with a reason); the requester
// may withdraw it; a second person with payee.approve — never the requester — approves or rejects.
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Form, Input, Modal, Select, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { get, post } from '../../api.js';
import { useAuth } from '../../auth.js';
import type { z } from '../../../shared/zod.js';
import type { PayeeChangeDto, PayeeView } from '../../../shared/schemas/cash.js';
import { applyProblem } from '../../components/form-errors.js';
import type { FormValues } from '../../components/form-values.js';
import {
  PAYEE_CHANGE_DECISION_LABELS,
  PAYEE_CHANGE_STATE_COLORS,
  PAYEE_CHANGE_STATE_LABELS,
  PAYEE_KIND_LABELS,
  PAYEE_TEXT,
} from './cash-labels.js';

type View = z.infer<typeof PayeeView>;
export type PayeeChange = z.infer<typeof PayeeChangeDto>;

const when = (at: string) => dayjs(at).format('YYYY-MM-DD HH:mm');
export const payeeLine = (p: { payeeKind: keyof typeof PAYEE_KIND_LABELS; payeeName: string; bankName: string }) =>
  `${p.payeeName}（${PAYEE_KIND_LABELS[p.payeeKind]}），${p.bankName}`;

/**
 * 批准 and 驳回 for a pending request, each asking for confirmation with a note (a reason is needed
 * to reject). Shown only to a reviewer who did not submit the request.
 */
export function PayeeDecisionButtons({ change, onDone }: { change: PayeeChange; onDone: () => void }) {
  const { me, can } = useAuth();
  const { message } = App.useApp();
  const [decision, setDecision] = useState<'approve' | 'reject' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();
  if (!can('payee.approve') || change.state !== 'pending') return null;
  if (change.requestedBy === me?.id) return <Typography.Text type="secondary">{PAYEE_TEXT.ownRequest}</Typography.Text>;
  const open = (d: 'approve' | 'reject') => {
    form.resetFields();
    setError(null);
    setDecision(d);
  };
  const submit = async () => {
    let v: FormValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      await post(`/api/payee-changes/${change.id}/decision`, { decision, note: v.note || undefined });
      message.success(`已${PAYEE_CHANGE_DECISION_LABELS[decision!]}`);
      setDecision(null);
      onDone();
    } catch (err) {
      setError(applyProblem(form, err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Space>
        <Button size="small" type="primary" onClick={() => open('approve')}>
          批准
        </Button>
        <Button size="small" danger onClick={() => open('reject')}>
          驳回
        </Button>
      </Space>
      <Modal
        title={decision ? `${PAYEE_CHANGE_DECISION_LABELS[decision]}收款账户变更` : ''}
        open={!!decision}
        onOk={submit}
        okText={decision ? `确认${PAYEE_CHANGE_DECISION_LABELS[decision]}` : ''}
        okButtonProps={{ danger: decision === 'reject', loading: busy }}
        onCancel={() => setDecision(null)}
        cancelText="取消"
        destroyOnHidden
      >
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Descriptions
          size="small"
          column={1}
          bordered
          styles={{ label: { whiteSpace: 'nowrap' } }}
          style={{ marginBottom: 12 }}
          items={[
            { label: '老人', children: `${change.elderName}（${change.regionName}）` },
            {
              label: '原账户',
              children: change.current ? `${payeeLine(change.current)} ${change.current.accountMasked}` : '未登记',
            },
            { label: '新账户', children: `${payeeLine(change)} ${change.accountMasked}` },
            { label: '原因', children: change.reason },
            { label: '提交', children: `${change.requestedByName}，${when(change.requestedAt)}` },
          ]}
        />
        <Typography.Paragraph type="secondary">
          {decision === 'reject' ? PAYEE_TEXT.rejectHint : PAYEE_TEXT.approveHint}
        </Typography.Paragraph>
        <Form form={form} layout="vertical" name="payeeDecision">
          <Form.Item
            name="note"
            label={decision === 'reject' ? '驳回理由' : '审核意见（可不填）'}
            rules={decision === 'reject' ? [{ required: true, min: 2, message: '驳回须填写理由（至少 2 个字）' }] : []}
          >
            <Input.TextArea rows={2} maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/** 撤回 for the requester (the server lets anyone who keeps the elder's file withdraw it). */
export function PayeeWithdrawButton({ change, onDone }: { change: PayeeChange; onDone: () => void }) {
  const { me, can } = useAuth();
  const { message, modal } = App.useApp();
  if (!can('elder.write') || change.state !== 'pending' || change.requestedBy !== me?.id) return null;
  return (
    <Button
      size="small"
      onClick={() =>
        modal.confirm({
          title: '撤回收款账户变更申请',
          content: PAYEE_TEXT.withdrawConfirm,
          okText: '撤回',
          cancelText: '取消',
          onOk: async () => {
            try {
              await post(`/api/payee-changes/${change.id}/withdraw`);
              message.success('已撤回');
              onDone();
            } catch (err) {
              message.error((err as Error).message);
            }
          },
        })
      }
    >
      撤回
    </Button>
  );
}

export function PayeeCard({ elderId }: { elderId: number }) {
  const { can } = useAuth();
  const [view, setView] = useState<View | null | undefined>(undefined);
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm();
  const load = useCallback(() => {
    void get<View>(`/api/elders/${elderId}/payee`).then(setView, () => setView(null));
  }, [elderId]);
  useEffect(load, [load]);
  const submit = async () => {
    let v: FormValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    try {
      await post(`/api/elders/${elderId}/payee-changes`, v);
      setEditing(false);
      load();
    } catch (err) {
      setError(applyProblem(form, err));
    }
  };
  if (!view) return null;
  const { current, pending } = view;
  return (
    <Card
      size="small"
      title="现金待遇收款账户"
      extra={
        can('elder.write') &&
        !pending && (
          <Button
            size="small"
            onClick={() => {
              form.resetFields();
              form.setFieldsValue(
                current
                  ? { payeeKind: current.payeeKind, payeeName: current.payeeName, bankName: current.bankName }
                  : { payeeKind: 'self' },
              );
              setError(null);
              setEditing(true);
            }}
          >
            {current ? '申请变更' : '申请登记'}
          </Button>
        )
      }
    >
      {current ? (
        <Descriptions
          size="small"
          column={4}
          items={[
            { label: '收款人', children: `${current.payeeName}（${PAYEE_KIND_LABELS[current.payeeKind]}）` },
            { label: '开户行', children: current.bankName },
            { label: '账号', children: current.accountMasked },
            { label: '更新', children: dayjs(current.updatedAt).format('YYYY-MM-DD') },
          ]}
        />
      ) : (
        <Typography.Text type="secondary">{PAYEE_TEXT.none}</Typography.Text>
      )}
      {pending && (
        <Alert
          type="warning"
          style={{ marginTop: 12 }}
          title={
            <Space wrap>
              <Tag color={PAYEE_CHANGE_STATE_COLORS.pending}>{PAYEE_CHANGE_STATE_LABELS.pending}</Tag>
              <span>
                {pending.requestedByName} 于 {when(pending.requestedAt)} 申请{current ? '变更为' : '登记'}：
                {payeeLine(pending)} {pending.accountMasked}
              </span>
            </Space>
          }
          description={
            <Space direction="vertical" size={4}>
              <Typography.Text type="secondary">
                原因：{pending.reason}。{PAYEE_TEXT.pendingNote}。
              </Typography.Text>
              <Space wrap>
                <PayeeWithdrawButton change={pending} onDone={load} />
                <PayeeDecisionButtons change={pending} onDone={load} />
              </Space>
            </Space>
          }
        />
      )}
      <Modal
        title={current ? '申请变更收款账户' : '申请登记收款账户'}
        open={editing}
        onOk={submit}
        onCancel={() => setEditing(false)}
        okText="提交审核"
        cancelText="取消"
        destroyOnHidden
      >
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Typography.Paragraph type="secondary">{PAYEE_TEXT.requestHint}</Typography.Paragraph>
        <Form form={form} layout="vertical" name="payee">
          <Form.Item name="payeeKind" label="收款人类别" rules={[{ required: true, message: '请选择收款人类别' }]}>
            <Select options={Object.entries(PAYEE_KIND_LABELS).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item name="payeeName" label="收款人（户名）" rules={[{ required: true, message: '请填写收款人' }]}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name="bankName" label="开户行" rules={[{ required: true, message: '请填写开户行' }]}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item
            name="accountNo"
            label="账号"
            rules={[{ required: true, message: '请填写账号' }]}
            extra={PAYEE_TEXT.accountHint}
          >
            <Input maxLength={40} autoComplete="off" />
          </Form.Item>
          <Form.Item name="reason" label="原因" rules={[{ required: true, message: '请填写变更原因' }]}>
            <Input.TextArea rows={2} maxLength={200} placeholder="如：老人更换银行卡；入住供养机构" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
