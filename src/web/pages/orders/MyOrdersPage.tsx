// The caregiver's phone page: today's (or tomorrow's) orders in time order, with what to do
// next on each — accept or refuse, set off, check in and out where the phone says it is. Each
// order shows when check-in is allowed; a check-in away from the home or outside that time is
// recorded and warned of at once, and a check-out that makes the visit an exception says why and
// lets her give the reason there, with the provider's reason codes.
import { useCallback, useEffect, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  Modal,
  Segmented,
  Select,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import { EnvironmentOutlined } from '@ant-design/icons';
import { get, post } from '../../api.js';
import type { OrderActionResult, OrderDto, VisitNotice } from '../../../shared/schemas/orders.js';
import type { OrderAction } from '../../../core/orders/workflow.js';
import { ORDER_ACTION_LABELS, ORDER_STATE_COLORS, ORDER_STATE_LABELS, hhmm } from './order-labels.js';
import { shanghaiDate as today } from '../../../shared/today.js';
import { addDays } from '../../../core/calendar/working-days.js';
import { checkInWindow, REASON_CODES, type VerificationRules } from '../../../core/visits/verification.js';
import { REASON_LABELS, VERIFICATION_LABELS } from '../../../core/visits/exception-review.js';
import { applyProblem } from '../../components/form-errors.js';
import type { FormValues } from '../../components/form-values.js';
import { TRIP_LABELS, currentFix, useTripReporter } from '../../components/map/index.js';

/** States in which the order still waits for its check-in: the allowed time is shown. */
const BEFORE_CHECK_IN: OrderDto['state'][] = ['dispatched', 'accepted', 'en_route'];

const NEXT: Partial<Record<OrderDto['state'], OrderAction[]>> = {
  dispatched: ['accept', 'refuse'],
  accepted: ['depart', 'check_in', 'refuse'],
  en_route: ['check_in'],
  in_service: ['check_out'],
};

/**
 * The phone's position, or null when the user or the device says no (the visit is then flagged):
 * the trip's watched fix when there is one, so the two never ask the browser at once.
 */
const position = () => currentFix();

export function MyOrdersPage() {
  const { message } = App.useApp();
  const [day, setDay] = useState<'today' | 'tomorrow'>('today');
  const [items, setItems] = useState<OrderDto[] | null>(null);
  const [refusing, setRefusing] = useState<OrderDto | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState<number | null>(null);
  const [rules, setRules] = useState<VerificationRules | null>(null);
  // What the server said of the last check-in or check-out, shown until she closes it.
  const [told, setTold] = useState<{ order: OrderDto; visit: VisitNotice } | null>(null);
  // The order whose exception she is explaining.
  const [explaining, setExplaining] = useState<OrderDto | null>(null);
  const [explainError, setExplainError] = useState<string | null>(null);
  const [form] = Form.useForm();
  // Positions while an order is under way (the trip the console follows); stops at check-out.
  const trip = useTripReporter(items);
  const date = day === 'today' ? today() : addDays(today(), 1);
  const load = useCallback(async () => {
    const [list, r] = await Promise.all([
      get<{ items: OrderDto[] }>('/api/orders', { date, sort: 'startAt', pageSize: 100 }),
      get<VerificationRules>('/api/visit-rules', { date }),
    ]);
    setItems(list.items);
    setRules(r);
  }, [date]);
  useEffect(() => {
    void load();
  }, [load]);

  const openExplain = (o: OrderDto) => {
    form.resetFields();
    form.setFieldsValue({ reasonCode: undefined, note: '' });
    setExplainError(null);
    setExplaining(o);
  };
  const act = async (o: OrderDto, action: OrderAction, extra: Record<string, unknown> = {}) => {
    setBusy(o.id);
    try {
      const where = action === 'check_in' || action === 'check_out' ? await position() : null;
      const res = await post<OrderActionResult>(`/api/orders/${o.id}/actions`, { action, ...extra, ...(where ?? {}) });
      const visit = res.visit;
      if (visit?.stage === 'check_out' && !visit.verified) {
        // The visit is an exception: say why, and let her give the reason now.
        setTold({ order: res, visit });
        openExplain(res);
      } else if (visit && visit.notices.length) setTold({ order: res, visit });
      else if (visit?.stage === 'check_out') message.success('已签退，本次服务核验通过');
      else message.success(`已${ORDER_ACTION_LABELS[action]}`);
      await load();
    } catch (err) {
      message.error((err as Error).message);
    } finally {
      setBusy(null);
    }
  };
  const explain = async () => {
    let v: FormValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    try {
      await post(`/api/orders/${explaining!.id}/explain`, { reasonCode: v.reasonCode, note: v.note });
      message.success('已提交说明，等待街道审核');
      setExplaining(null);
      setTold(null);
      await load();
    } catch (err) {
      setExplainError(applyProblem(form, err));
    }
  };
  const closeTold = () => {
    setTold(null);
    setExplaining(null);
  };
  const allowed = (o: OrderDto) => {
    if (!rules) return null;
    const w = checkInWindow(new Date(o.startAt), rules);
    return `${hhmm(w.from.toISOString())}–${hhmm(w.to.toISOString())}`;
  };
  const exceptionOpen = told?.visit.stage === 'check_out' && !told.visit.verified;

  return (
    <div style={{ maxWidth: 560, margin: '0 auto' }}>
      <Space style={{ marginBottom: 12, justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          我的工单
        </Typography.Title>
        <Segmented
          value={day}
          onChange={(v) => setDay(v as 'today' | 'tomorrow')}
          options={[
            { value: 'today', label: '今天' },
            { value: 'tomorrow', label: '明天' },
          ]}
        />
      </Space>
      {trip.problem && <Alert type="warning" showIcon title={trip.problem} style={{ marginBottom: 8 }} />}
      {items === null ? (
        <Spin />
      ) : items.length === 0 ? (
        <Empty description="没有工单" />
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          {items.map((o) => (
            <Card
              key={o.id}
              size="small"
              data-testid="my-order"
              title={
                <Space>
                  <span>
                    {hhmm(o.startAt)}–{hhmm(o.endAt)}
                  </span>
                  <span>{o.elderName}</span>
                </Space>
              }
              extra={
                <Space size={4}>
                  {trip.tracking.includes(o.id) && <Tag color="blue">{TRIP_LABELS.reporting}</Tag>}
                  <Tag color={ORDER_STATE_COLORS[o.state]}>{ORDER_STATE_LABELS[o.state]}</Tag>
                </Space>
              }
            >
              <Space direction="vertical" size={4} style={{ width: '100%' }}>
                <Typography.Text>
                  <EnvironmentOutlined /> {o.address}
                </Typography.Text>
                <Space size={[4, 4]} wrap>
                  {o.lines.map((l) => (
                    <Tag key={l.itemId}>
                      {l.name} ×{l.quantity}
                    </Tag>
                  ))}
                </Space>
                {o.notes && <Typography.Text type="secondary">备注：{o.notes}</Typography.Text>}
                {BEFORE_CHECK_IN.includes(o.state) && allowed(o) && (
                  <Typography.Text data-testid="check-in-window">可签到时间 {allowed(o)}</Typography.Text>
                )}
                {o.verification && o.verification !== 'verified' && (
                  <Space size={4}>
                    <Tag color={o.verification === 'exception' ? 'red' : 'orange'}>
                      {VERIFICATION_LABELS[o.verification]}
                    </Tag>
                    {o.verification === 'exception' && (
                      <Button size="small" onClick={() => openExplain(o)}>
                        说明原因
                      </Button>
                    )}
                  </Space>
                )}
                <Space wrap style={{ marginTop: 4 }}>
                  {(NEXT[o.state] ?? []).map((a) => (
                    <Button
                      key={a}
                      size="large"
                      type={a === 'refuse' ? 'default' : 'primary'}
                      danger={a === 'refuse'}
                      loading={busy === o.id}
                      onClick={() => (a === 'refuse' ? (setReason(''), setRefusing(o)) : act(o, a))}
                    >
                      {ORDER_ACTION_LABELS[a]}
                    </Button>
                  ))}
                </Space>
              </Space>
            </Card>
          ))}
        </Space>
      )}
      <Modal
        title="拒单原因"
        open={!!refusing}
        okText="拒单"
        okButtonProps={{ danger: true, disabled: reason.trim().length < 2 }}
        cancelText="取消"
        onCancel={() => setRefusing(null)}
        onOk={async () => {
          const o = refusing!;
          setRefusing(null);
          await act(o, 'refuse', { reason });
        }}
      >
        <Input.TextArea
          rows={3}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder="如：当天另有安排、身体不适"
          maxLength={300}
        />
        <Typography.Text type="secondary">拒单后工单将改派给其他服务人员。</Typography.Text>
      </Modal>
      <Modal
        title={
          told?.visit.stage === 'check_in' ? '已签到，请注意' : exceptionOpen ? '已签退，本次服务列为异常' : '已签退'
        }
        open={!!told && !explaining}
        okText="知道了"
        cancelButtonProps={{ style: { display: 'none' } }}
        onOk={closeTold}
        onCancel={closeTold}
      >
        <VisitAlerts visit={told?.visit} />
        {told?.visit.stage === 'check_in' && (
          <Typography.Text type="secondary">
            签到已记录。如确有原因（如陪老人就医、老人临时住在别处），签退后可以说明。
          </Typography.Text>
        )}
      </Modal>
      <Modal
        title={exceptionOpen ? '已签退，本次服务列为异常' : '说明异常原因'}
        open={!!explaining}
        okText="提交说明"
        cancelText="稍后再说"
        onOk={explain}
        onCancel={closeTold}
        destroyOnHidden
      >
        {exceptionOpen && <VisitAlerts visit={told?.visit} />}
        <Typography.Paragraph>
          请选择原因并写明情况，交服务机构和街道审核；审核认可后本次服务照常结算。
        </Typography.Paragraph>
        {explainError && <Alert type="error" showIcon title={explainError} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical" name="explainForm">
          <Form.Item label="异常原因" name="reasonCode" rules={[{ required: true, message: '请选择异常原因' }]}>
            <Select placeholder="请选择" options={REASON_CODES.map((c) => ({ value: c, label: REASON_LABELS[c] }))} />
          </Form.Item>
          <Form.Item
            label="说明"
            name="note"
            rules={[
              { required: true, message: '请填写说明（至少 2 个字）' },
              { min: 2, message: '请填写说明（至少 2 个字）' },
            ]}
          >
            <Input.TextArea rows={3} maxLength={500} placeholder="如：老人去医院复查，陪同就医，在医院服务" />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}

/** What the server said of a check-in or check-out, one alert per point, in the caregiver's words. */
function VisitAlerts({ visit }: { visit: VisitNotice | undefined }) {
  if (!visit) return null;
  return (
    <Space direction="vertical" style={{ width: '100%', marginBottom: 12 }} data-testid="visit-notices">
      {visit.notices.map((n) => (
        <Alert key={n} type={visit.stage === 'check_in' ? 'warning' : 'error'} showIcon title={n} />
      ))}
    </Space>
  );
}
