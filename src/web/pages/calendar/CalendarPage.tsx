// The working-day calendar: official holidays and 调休 weekends by month; the district admin
// clicks a day to change it. Deadlines everywhere are counted on this calendar.
import { useCallback, useEffect, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Calendar,
  Card,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useSearchParams } from 'react-router-dom';
import { del, get, put } from '../../api.js';
import { useAuth } from '../../auth.js';
import { applyProblem } from '../../components/form-errors.js';

interface Day {
  day: string;
  kind: 'holiday' | 'workday';
  name: string;
}

export function CalendarPage() {
  const { can } = useAuth();
  const { message } = App.useApp();
  const writable = can('calendar.write');
  // ?month=2026-02 opens that month (a link from a deadline can point at it).
  const [params] = useSearchParams();
  const [value, setValue] = useState<Dayjs>(() =>
    params.get('month') && dayjs(`${params.get('month')}-01`).isValid() ? dayjs(`${params.get('month')}-01`) : dayjs(),
  );
  const [days, setDays] = useState<Map<string, Day>>(new Map());
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ kind: Day['kind']; name: string }>();
  const year = value.year();

  const load = useCallback(async () => {
    const r = await get<{ days: Day[] }>('/api/calendar', { year });
    setDays(new Map(r.days.map((d) => [d.day, d])));
  }, [year]);
  useEffect(() => {
    void load();
  }, [load]);

  const open = (d: Dayjs) => {
    if (!writable) return;
    const key = d.format('YYYY-MM-DD');
    const existing = days.get(key);
    const weekend = d.day() === 0 || d.day() === 6;
    form.setFieldsValue({ kind: existing?.kind ?? (weekend ? 'workday' : 'holiday'), name: existing?.name ?? '' });
    setError(null);
    setEditing(key);
  };
  const save = async () => {
    let v: { kind: Day['kind']; name: string };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    try {
      await put(`/api/calendar/${editing}`, v);
      message.success('已保存');
      setEditing(null);
      await load();
    } catch (err) {
      setError(applyProblem(form, err));
    }
  };
  const clear = async () => {
    try {
      await del(`/api/calendar/${editing}`);
      message.success('已恢复为普通日');
      setEditing(null);
      await load();
    } catch (err) {
      setError(applyProblem(form, err));
    }
  };
  const holidays = [...days.values()].filter((d) => d.kind === 'holiday').length;
  const workdays = [...days.values()].filter((d) => d.kind === 'workday').length;
  return (
    <Card
      title={`工作日历 · ${year} 年`}
      size="small"
      extra={
        <Typography.Text type="secondary">
          节假日 {holidays} 天 · 调休上班 {workdays} 天
        </Typography.Text>
      }
    >
      {days.size === 0 && (
        <Alert
          type="warning"
          showIcon
          title={`${year} 年尚未录入节假日安排，期限将只按周末计算`}
          style={{ marginBottom: 12 }}
        />
      )}
      <Calendar
        value={value}
        onPanelChange={(d) => setValue(d)}
        onSelect={(d, info) => {
          setValue(d);
          if (info.source === 'date') open(d);
        }}
        cellRender={(d, info) => {
          if (info.type !== 'date') return info.originNode;
          const x = days.get(d.format('YYYY-MM-DD'));
          return x ? (
            <Tag color={x.kind === 'holiday' ? 'red' : 'blue'} data-testid={`day-${d.format('YYYY-MM-DD')}`}>
              {x.kind === 'holiday' ? '休' : '班'} {x.name}
            </Tag>
          ) : null;
        }}
      />
      <Modal
        open={editing !== null}
        title={`设置 ${editing ?? ''}`}
        onCancel={() => setEditing(null)}
        destroyOnHidden
        footer={
          <Space>
            {editing && days.has(editing) && (
              <Popconfirm title="恢复为普通日？" okText="恢复" cancelText="取消" onConfirm={clear}>
                <Button danger>恢复为普通日</Button>
              </Popconfirm>
            )}
            <Button onClick={() => setEditing(null)}>取消</Button>
            <Button type="primary" onClick={save}>
              保存
            </Button>
          </Space>
        }
      >
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Form form={form} name="calendarDay" layout="vertical">
          <Form.Item label="类型" name="kind" rules={[{ required: true }]}>
            <Select
              options={[
                { value: 'holiday', label: '节假日（工作日放假）' },
                { value: 'workday', label: '调休上班（周末上班）' },
              ]}
            />
          </Form.Item>
          <Form.Item label="名称" name="name" rules={[{ required: true, message: '请填写名称，如“春节”' }]}>
            <Input maxLength={40} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
