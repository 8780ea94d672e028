// Monthly bills (收费清单): who owes what for the month's verified visits, what the programmes paid,
// and the payment when the elder settles; each bill opens, prints and exports.
import { useState } from 'react';
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
  Modal,
  Radio,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { TableProps } from 'antd';
import { DownloadOutlined, MessageOutlined, PrinterOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useSearchParams } from 'react-router-dom';
import { get, post } from '../../api.js';
import { useAuth } from '../../auth.js';
import type { z } from '../../../shared/zod.js';
import type { BillDetail, BillSummary } from '../../../shared/schemas/bills.js';
import { useServerList } from '../../components/use-server-list.js';
import { downloadCsv } from '../../components/export-csv.js';
import { applyProblem } from '../../components/form-errors.js';
import { fen } from '../../components/service-format.js';
import type { FormValues } from '../../components/form-values.js';

type Summary = z.infer<typeof BillSummary>;
type Detail = z.infer<typeof BillDetail>;
const METHODS = [
  { value: 'cash', label: '现金' },
  { value: 'wechat', label: '微信' },
  { value: 'transfer', label: '转账' },
];

/** One elder's bill as a file: its visits, then the totals and the payment. */
function downloadBill(d: Detail) {
  const y = (v: number) => (v / 100).toFixed(2);
  downloadCsv(
    `收费清单-${d.elderName}-${d.month}.csv`,
    [
      { title: '日期', value: (l: Detail['lines'][number] | null) => l?.serviceDate ?? '合计' },
      { title: '工单', value: (l) => l?.orderId ?? '' },
      { title: '服务', value: (l) => l?.items ?? '' },
      { title: '价格（元）', value: (l) => y(l?.listFen ?? d.totals.listFen) },
      { title: '补贴（元）', value: (l) => y(l?.programmeFen ?? d.totals.programmeFen) },
      { title: '类别优惠（元）', value: (l) => y(l?.discountFen ?? d.totals.discountFen) },
      { title: '自付（元）', value: (l) => y(l?.selfPayFen ?? d.totals.selfPayFen) },
    ],
    [...d.lines, null],
  );
}

export function BillsPage() {
  const { can } = useAuth();
  const { message } = App.useApp();
  // ?month=YYYY-MM opens another month (links, and the tests on a month's last day).
  const [params] = useSearchParams();
  const [month, setMonth] = useState(
    /^\d{4}-\d{2}$/.test(params.get('month') ?? '') ? params.get('month')! : dayjs().format('YYYY-MM'),
  );
  const [paid, setPaid] = useState('');
  const list = useServerList<Summary>('/api/bills', {
    defaultSort: 'elderName',
    totalLabel: (n) => `共 ${n} 份清单`,
    initialQuery: { month },
  });
  const [detail, setDetail] = useState<Detail | null>(null);
  const [paying, setPaying] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [form] = Form.useForm();

  const open = async (elderId: number) => setDetail(await get<Detail>(`/api/elders/${elderId}/bills/${month}`));
  const pay = async () => {
    let v: FormValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    try {
      setDetail(
        await post<Detail>(`/api/elders/${detail!.elderId}/bills/${month}/payment`, {
          amountFen: Math.round(Number(v.amount) * 100),
          method: v.method,
          note: v.note || null,
        }),
      );
      message.success('已登记收款');
      setPaying(false);
      await list.reload();
    } catch (err) {
      setFormError(applyProblem(form, err));
      const e = (err as { problem?: { errors?: { field: string; message: string }[] } }).problem?.errors?.find(
        (x) => x.field === 'amountFen',
      );
      if (e) form.setFields([{ name: 'amount', errors: [e.message] }]);
    }
  };
  const columns: TableProps<Summary>['columns'] = [
    { title: '老人', dataIndex: 'elderName', render: (n: string, b) => <a onClick={() => open(b.elderId)}>{n}</a> },
    { title: '社区', dataIndex: 'regionName' },
    { title: '服务次数', dataIndex: 'orders', align: 'right' },
    { title: '服务总价', dataIndex: 'listFen', align: 'right', render: fen },
    { title: '补贴支付', dataIndex: 'programmeFen', align: 'right', render: fen },
    { title: '老人应付', dataIndex: 'selfPayFen', align: 'right', render: fen },
    {
      title: '收款',
      key: 'paid',
      render: (_, b) =>
        b.paidFen !== null ? (
          <Tag color="green">已收 {fen(b.paidFen)}</Tag>
        ) : b.selfPayFen === 0 ? (
          <Tag>无需缴费</Tag>
        ) : (
          <Tag color="orange">未收</Tag>
        ),
    },
  ];
  return (
    <Card
      title="收费清单"
      size="small"
      extra={
        <Button
          icon={<DownloadOutlined />}
          onClick={async () =>
            downloadCsv(
              `收费清单-${month}.csv`,
              [
                { title: '老人', value: (b: Summary) => b.elderName },
                { title: '社区', value: (b) => b.regionName },
                { title: '服务次数', value: (b) => b.orders },
                { title: '服务总价（元）', value: (b) => (b.listFen / 100).toFixed(2) },
                { title: '补贴支付（元）', value: (b) => (b.programmeFen / 100).toFixed(2) },
                { title: '老人应付（元）', value: (b) => (b.selfPayFen / 100).toFixed(2) },
                { title: '已收（元）', value: (b) => (b.paidFen === null ? '' : (b.paidFen / 100).toFixed(2)) },
              ],
              await list.fetchAll(),
            )
          }
        >
          导出
        </Button>
      }
    >
      <Space style={{ marginBottom: 12 }} wrap>
        <DatePicker
          picker="month"
          allowClear={false}
          value={dayjs(`${month}-01`)}
          onChange={(d) => {
            if (!d) return;
            const m = d.format('YYYY-MM');
            setMonth(m);
            list.search({ month: m, paid: paid || undefined });
          }}
        />
        <Radio.Group
          value={paid}
          optionType="button"
          onChange={(e) => {
            setPaid(e.target.value);
            list.search({ month, paid: e.target.value || undefined });
          }}
          options={[
            { value: '', label: '全部' },
            { value: 'no', label: '未收' },
            { value: 'yes', label: '已收' },
          ]}
        />
        <Typography.Text type="secondary">只计核验通过或异常已认可的服务；待审核、有争议的暂不计费。</Typography.Text>
      </Space>
      <Table<Summary> {...list.tableProps} rowKey="elderId" columns={columns} />
      <Drawer
        title={detail ? `收费清单 · ${detail.elderName} · ${detail.month}` : ''}
        open={!!detail}
        onClose={() => setDetail(null)}
        size={720}
        extra={
          detail && (
            <Space>
              <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
                打印
              </Button>
              <Button icon={<DownloadOutlined />} onClick={() => downloadBill(detail)}>
                下载
              </Button>
              {can('bill.collect') && detail.lines.length > 0 && (
                <Button
                  icon={<MessageOutlined />}
                  onClick={async () => {
                    try {
                      await post(`/api/elders/${detail.elderId}/bills/${month}/sms`);
                      message.success('已加入短信发送队列');
                    } catch (err) {
                      message.error((err as Error).message);
                    }
                  }}
                >
                  短信告知
                </Button>
              )}
              {can('bill.collect') && !detail.payment && detail.totals.selfPayFen > 0 && (
                <Button
                  type="primary"
                  onClick={() => {
                    form.resetFields();
                    form.setFieldsValue({ amount: (detail.totals.selfPayFen / 100).toFixed(2), method: 'cash' });
                    setFormError(null);
                    setPaying(true);
                  }}
                >
                  登记收款
                </Button>
              )}
            </Space>
          )
        }
      >
        {detail && (
          <>
            <Descriptions
              size="small"
              bordered
              column={2}
              items={[
                { label: '老人', children: detail.elderName },
                { label: '社区', children: detail.regionName },
                { label: '住址', children: detail.address, span: 2 },
                { label: '服务总价', children: fen(detail.totals.listFen) },
                {
                  label: '老人应付',
                  children: <Typography.Text strong>{fen(detail.totals.selfPayFen)}</Typography.Text>,
                },
                {
                  label: '补贴支付',
                  children:
                    Object.entries(detail.totals.programmes)
                      .map(([p, f]) => `${detail.programmeNames[p] ?? p} ${fen(f)}`)
                      .join('；') || '—',
                  span: 2,
                },
                {
                  label: '收款',
                  children: detail.payment
                    ? `${dayjs(detail.payment.recordedAt).format('YYYY-MM-DD HH:mm')} ${METHODS.find((m) => m.value === detail.payment!.method)?.label} ${fen(detail.payment.amountFen)}（${detail.payment.username ?? ''}）`
                    : '未收',
                  span: 2,
                },
              ]}
            />
            <Table
              rowKey="orderId"
              size="small"
              style={{ marginTop: 12 }}
              pagination={false}
              dataSource={detail.lines}
              columns={[
                { title: '日期', dataIndex: 'serviceDate' },
                { title: '工单', dataIndex: 'orderId' },
                { title: '服务', dataIndex: 'items' },
                { title: '价格', dataIndex: 'listFen', align: 'right', render: fen },
                { title: '补贴', dataIndex: 'programmeFen', align: 'right', render: fen },
                { title: '类别优惠', dataIndex: 'discountFen', align: 'right', render: fen },
                { title: '自付', dataIndex: 'selfPayFen', align: 'right', render: fen },
              ]}
              summary={() => (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0} colSpan={3}>
                    合计
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={1} align="right">
                    {fen(detail.totals.listFen)}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={2} align="right">
                    {fen(detail.totals.programmeFen)}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={3} align="right">
                    {fen(detail.totals.discountFen)}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={4} align="right">
                    {fen(detail.totals.selfPayFen)}
                  </Table.Summary.Cell>
                </Table.Summary.Row>
              )}
            />
            {detail.held.length > 0 && (
              <Alert
                type="warning"
                showIcon
                style={{ marginTop: 12 }}
                title="暂不计费"
                description={detail.held.map((h) => `工单 ${h.orderId}：${h.reason}`).join('；')}
              />
            )}
          </>
        )}
      </Drawer>
      <Modal
        title="登记收款"
        open={paying}
        onOk={pay}
        onCancel={() => setPaying(false)}
        okText="登记"
        cancelText="取消"
        destroyOnHidden
      >
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical" name="billPayment">
          <Form.Item
            label="金额（元）"
            name="amount"
            rules={[
              { required: true, message: '请填写金额' },
              { pattern: /^\d+(\.\d{1,2})?$/, message: '金额最多两位小数' },
            ]}
          >
            <Input />
          </Form.Item>
          <Form.Item label="方式" name="method">
            <Radio.Group options={METHODS} />
          </Form.Item>
          <Form.Item label="备注" name="note">
            <Input maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
