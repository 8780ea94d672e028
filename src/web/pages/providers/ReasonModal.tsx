import { useState } from 'react';
import { Alert, Form, Input, Modal, Typography } from 'antd';
import { applyProblem } from '../../components/form-errors.js';

/**
 * A confirmation that asks for a reason (archiving a document, deciding on a change): the
 * reason is required, 2 to `max` characters, and a refusal from the server shows beside it.
 */
export function ReasonModal(props: {
  open: boolean;
  title: string;
  label: string;
  required: string;
  min: string;
  okText: string;
  danger?: boolean;
  explain?: string;
  field?: string;
  max?: number;
  onSubmit: (reason: string) => Promise<void>;
  onClose: () => void;
}) {
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const field = props.field ?? 'reason';
  const ok = async () => {
    let v: Record<string, string>;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await props.onSubmit(v[field]);
      form.resetFields();
    } catch (err) {
      setError(applyProblem(form, err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={props.open}
      title={props.title}
      okText={props.okText}
      cancelText="取消"
      okButtonProps={{ danger: props.danger, loading: busy }}
      onOk={ok}
      onCancel={() => {
        form.resetFields();
        setError(null);
        props.onClose();
      }}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {props.explain && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
          {props.explain}
        </Typography.Paragraph>
      )}
      <Form form={form} layout="vertical" name="reasonForm">
        <Form.Item
          label={props.label}
          name={field}
          rules={[
            { required: true, whitespace: true, message: props.required },
            { min: 2, message: props.min },
          ]}
        >
          <Input.TextArea rows={3} maxLength={props.max ?? 200} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
