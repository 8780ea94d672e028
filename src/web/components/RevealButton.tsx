// Shows a masked value in full only on purpose: asks for a reason, and the server audits it.
import { useState } from 'react';
import { App, Button, Input, Popover, Space, Typography } from 'antd';
import { EyeOutlined } from '@ant-design/icons';
import { post } from '../api.js';

/** `url` answers { value } for `body` plus the reason: an elder's or a caregiver's reveal. */
export function RevealButton({ url, body, masked }: { url: string; body: Record<string, unknown>; masked: string }) {
  const { message } = App.useApp();
  const [value, setValue] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [open, setOpen] = useState(false);
  if (value) return <Typography.Text copyable>{value}</Typography.Text>;
  const reveal = async () => {
    try {
      const r = await post<{ value: string }>(url, { ...body, reason });
      setValue(r.value);
      setOpen(false);
    } catch (err) {
      message.error((err as Error).message);
    }
  };
  return (
    <Space size={4}>
      <span>{masked}</span>
      <Popover
        open={open}
        onOpenChange={setOpen}
        trigger="click"
        title="查看完整信息（将记入审计日志）"
        content={
          <Space.Compact style={{ width: 260 }}>
            <Input
              placeholder="查看原因，如：电话回访"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              onPressEnter={reveal}
            />
            <Button type="primary" onClick={reveal} disabled={reason.trim().length < 2}>
              查看
            </Button>
          </Space.Compact>
        }
      >
        <Button size="small" type="link" icon={<EyeOutlined />} aria-label="查看完整">
          查看
        </Button>
      </Popover>
    </Space>
  );
}
