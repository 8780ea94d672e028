// Recurring service plans (周期服务计划): the same care on the same days, turned into orders a
// few days ahead until the plan ends, the entitlement ends or the elder dies; each order is
// confirmed with the elder on its day before it is dispatched (000 范文3 L119).
import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Form,
  Input,
  Modal,
  Radio,
  Space,
  Table,
  Tag,
  TimePicker,
} from 'antd';
import type { TableProps } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useNavigate } from 'react-router-dom';
import { get, post } from '../../api.js';
import { useAuth } from '../../auth.js';
import type { z } from '../../../shared/zod.js';
import type { PlanDto } from '../../../shared/schemas/plans.js';
import type { ItemDto } from '../../../shared/schemas/catalogue.js';
import { useServerList } from '../../components/use-server-list.js';
import { applyProblem } from '../../components/form-errors.js';
import { ElderPicker } from '../../components/ElderPicker.js';
import { OrderLinesField } from '../orders/OrderLinesField.js';
import type { FormValues } from '../../components/form-values.js';

type Plan = z.infer<typeof PlanDto>;
const WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日'].map((d, i) => ({ value: i + 1, label: `周${d}` }));
const days = (w: number[]) =>
  w.length === 7
    ? '每天'
    : w.join() === '1,2,3,4,5'
      ? '工作日（周一至周五）'
      : w.map((d) => WEEKDAYS[d - 1].label).join('、');

export function PlansPage() {
  const { can } = useAuth();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const [state, setState] = useState('active');
  const list = useServerList<Plan>('/api/plans', {
    defaultSort: '-id',
    totalLabel: (n) => `共 ${n} 个计划`,
    initialQuery: { state: 'active' },
  });
  const [creating, setCreating] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [items, setItems] = useState<ItemDto[]>([]);
  const [form] = Form.useForm();

  const openCreate = async () => {
    form.resetFields();
    setFormError(null);
    form.setFieldsValue({
      weekdays: [1, 2, 3, 4, 5],
      lines: [{ quantity: 1 }],
      time: [dayjs('09:00', 'HH:mm'), dayjs('11:00', 'HH:mm')],
      startsOn: dayjs().add(1, 'day'),
    });
    setCreating(true);
    if (!items.length) setItems((await get<{ items: ItemDto[] }>('/api/catalogue/items', { pageSize: 200 })).items);
  };
  const create = async () => {
    let v: FormValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    try {
      const p = await post<Plan>('/api/plans', {
        elderId: v.elderId,
        lines: v.lines,
        weekdays: v.weekdays,
        startTime: v.time[0].format('HH:mm'),
        endTime: v.time[1].format('HH:mm'),
        startsOn: v.startsOn.format('YYYY-MM-DD'),
        endsOn: v.endsOn ? v.endsOn.format('YYYY-MM-DD') : null,
        notes: v.notes || null,
      });
      if (p.state === 'stopped') message.warning(`计划已保存但未能生成工单：${p.stopReason}`);
      else message.success(`计划已生效，已生成 ${p.orders} 张工单（至 ${p.generatedUntil}）`);
      setCreating(false);
      await list.reload();
    } catch (err) {
      for (const e of (err as { problem?: { errors?: { field: string; message: string }[] } }).problem?.errors ?? []) {
        if (e.field === 'startTime' || e.field === 'endTime') form.setFields([{ name: 'time', errors: [e.message] }]);
      }
      setFormError(applyProblem(form, err));
    }
  };
  const stop = (p: Plan) => {
    let reason = '';
    modal.confirm({
      title: `停止 ${p.elderName} 的服务计划`,
      okText: '停止计划',
      okButtonProps: { danger: true },
      cancelText: '返回',
      content: (
        <Space direction="vertical" style={{ width: '100%' }}>
          <span>已生成的工单不受影响，如需取消请在工单中逐张取消。</span>
          <Input
            placeholder="停止原因（必填）"
            onChange={(e) => {
              reason = e.target.value;
            }}
          />
        </Space>
      ),
      onOk: async () => {
        try {
          await post(`/api/plans/${p.id}/stop`, { reason });
          message.success('计划已停止');
          await list.reload();
        } catch (err) {
          message.error((err as Error).message);
          throw err;
        }
      },
    });
  };
  const columns: TableProps<Plan>['columns'] = [
    { title: '老人', dataIndex: 'elderName', render: (n: string, p) => `${n}（${p.regionName}）` },
    { title: '服务', key: 'l', render: (_, p) => p.lines.map((l) => `${l.name}×${l.quantity}`).join('、') },
    { title: '时间', key: 't', render: (_, p) => `${days(p.weekdays)} ${p.startTime}-${p.endTime}` },
    { title: '期限', key: 'd', render: (_, p) => `${p.startsOn} 起${p.endsOn ? `至 ${p.endsOn}` : ''}` },
    {
      title: '已生成',
      dataIndex: 'orders',
      render: (n: number, p) => (
        <a onClick={() => void navigate(`/orders?planId=${p.id}`)}>
          {n} 张{p.generatedUntil ? `（至 ${p.generatedUntil}）` : ''}
        </a>
      ),
    },
    {
      title: '状态',
      dataIndex: 'state',
      render: (s: string, p) =>
        s === 'active' ? (
          <Tag color="green">执行中</Tag>
        ) : (
          <Space direction="vertical" size={0}>
            <Tag>已停止</Tag>
            <span style={{ fontSize: 12 }}>{p.stopReason}</span>
          </Space>
        ),
    },
    ...(can('plan.write')
      ? [
          {
            title: '',
            key: 'x',
            render: (_: unknown, p: Plan) =>
              p.state === 'active' && (
                <Button size="small" danger onClick={() => stop(p)}>
                  停止
                </Button>
              ),
          },
        ]
      : []),
  ];
  return (
    <Card
      title="周期服务计划"
      size="small"
      extra={
        can('plan.write') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={openCreate}>
            新建计划
          </Button>
        )
      }
    >
      <Radio.Group
        value={state}
        optionType="button"
        style={{ marginBottom: 12 }}
        onChange={(e) => {
          setState(e.target.value);
          list.search({ state: e.target.value || undefined });
        }}
        options={[
          { value: 'active', label: '执行中' },
          { value: 'stopped', label: '已停止' },
          { value: '', label: '全部' },
        ]}
      />
      <Table<Plan> {...list.tableProps} columns={columns} />
      <Modal
        title="新建周期服务计划"
        open={creating}
        onOk={create}
        onCancel={() => setCreating(false)}
        okText="保存并生成工单"
        cancelText="取消"
        destroyOnHidden
        width={680}
      >
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical" name="planCreate">
          <Form.Item label="老人" name="elderId" rules={[{ required: true, message: '请选择老人' }]}>
            <ElderPicker />
          </Form.Item>
          <OrderLinesField items={items} width={400} />
          <Form.Item label="每周" name="weekdays" rules={[{ required: true, message: '请至少选择一天' }]}>
            <Checkbox.Group options={WEEKDAYS} />
          </Form.Item>
          <Space wrap>
            <Form.Item label="时段" name="time" rules={[{ required: true, message: '请选择时段' }]}>
              <TimePicker.RangePicker format="HH:mm" minuteStep={15} />
            </Form.Item>
            <Form.Item label="开始日期" name="startsOn" rules={[{ required: true, message: '请选择开始日期' }]}>
              <DatePicker />
            </Form.Item>
            <Form.Item label="结束日期（选填）" name="endsOn">
              <DatePicker />
            </Form.Item>
          </Space>
          <Form.Item label="备注" name="notes">
            <Input maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
