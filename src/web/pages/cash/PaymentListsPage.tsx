// Cash programmes: the month's payment lists (allowance; 特困 support with the care subsidy) with
// their problem lines, the bank file export and the mark of payment; money to recover after a
// death; and the bank's file layout.
import { useEffect, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { TableProps } from 'antd';
import { DeleteOutlined, DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { downloadFrom, get, post, put } from '../../api.js';
import type { z } from '../../../shared/zod.js';
import type {
  BankLayoutDto,
  CarePoolReport,
  PaymentLineDto,
  PaymentListDto,
  RecoveryDto,
} from '../../../shared/schemas/cash.js';
import { useServerList } from '../../components/use-server-list.js';
import { applyProblem } from '../../components/form-errors.js';
import { fen } from '../../components/service-format.js';
import {
  BANK_FIELD_LABELS,
  LIST_KIND_LABELS,
  LIST_STATE_COLORS,
  LIST_STATE_LABELS,
  PART_LABELS,
  PAYEE_KIND_LABELS,
  RECOVERY_STATE_LABELS,
} from './cash-labels.js';

type List = z.infer<typeof PaymentListDto>;
type Line = z.infer<typeof PaymentLineDto>;
type Recovery = z.infer<typeof RecoveryDto>;
type Layout = z.infer<typeof BankLayoutDto>;
type Pool = z.infer<typeof CarePoolReport>;

function Lists() {
  const { message, modal } = App.useApp();
  const list = useServerList<List>('/api/payment-lists', { defaultSort: 'month', totalLabel: (n) => `共 ${n} 份名单` });
  const [month, setMonth] = useState(dayjs().format('YYYY-MM'));
  const [kind, setKind] = useState<'allowance' | 'tekun'>('allowance');
  const [open, setOpen] = useState<List | null>(null);
  const [lines, setLines] = useState<{ items: Line[]; total: number; page: number }>({ items: [], total: 0, page: 1 });
  const [problem, setProblem] = useState<string>('');
  const loadLines = async (id: number, page = 1, p = problem) =>
    setLines({
      ...(await get<{ items: Line[]; total: number }>(`/api/payment-lists/${id}/lines`, {
        page,
        pageSize: 20,
        problem: p || undefined,
      })),
      page,
    });
  const show = async (l: List) => {
    setOpen(l);
    setProblem('');
    await loadLines(l.id, 1, '');
  };
  const generate = async () => {
    try {
      const l = await post<List>('/api/payment-lists', { month, kind });
      message.success(
        `已生成名单：${l.totals.elders} 人，可发放 ${fen(l.totals.payableFen)}${l.recoveriesFound ? `；发现 ${l.recoveriesFound} 笔需追回` : ''}`,
      );
      await list.reload();
      await show(l);
    } catch (err) {
      message.error((err as Error).message);
    }
  };
  const exportFile = (l: List) =>
    modal.confirm({
      title: '导出银行代发文件',
      content: `导出后「${l.month} ${LIST_KIND_LABELS[l.kind]}」名单不能再重新生成；有问题的行（${l.totals.problemLines} 行）和统筹部分不导出。`,
      okText: '导出',
      cancelText: '取消',
      onOk: async () => {
        try {
          await downloadFrom('POST', `/api/payment-lists/${l.id}/bank-file`, `代发-${l.month}.csv`);
          await list.reload();
          setOpen(
            await get<{ items: List[] }>('/api/payment-lists', { month: l.month, kind: l.kind }).then(
              (r) => r.items[0] ?? null,
            ),
          );
        } catch (err) {
          message.error((err as Error).message);
        }
      },
    });
  const markPaid = (l: List) =>
    modal.confirm({
      title: '标记已发放',
      content: '请在收到银行回执后标记。',
      okText: '已发放',
      cancelText: '取消',
      onOk: async () => {
        try {
          setOpen(await post<List>(`/api/payment-lists/${l.id}/paid`));
          await list.reload();
        } catch (err) {
          message.error((err as Error).message);
        }
      },
    });
  const columns: TableProps<List>['columns'] = [
    { title: '月份', dataIndex: 'month', render: (m: string, l) => <a onClick={() => show(l)}>{m}</a> },
    { title: '项目', dataIndex: 'kind', render: (k: List['kind']) => LIST_KIND_LABELS[k] },
    { title: '人数', key: 'elders', align: 'right', render: (_, l) => l.totals.elders },
    { title: '发往银行', key: 'pay', align: 'right', render: (_, l) => fen(l.totals.payableFen) },
    { title: '统筹', key: 'pool', align: 'right', render: (_, l) => fen(l.totals.pooledFen) },
    {
      title: '问题行',
      key: 'problem',
      align: 'right',
      render: (_, l) =>
        l.totals.problemLines ? (
          <Tag color="red">
            {l.totals.problemLines} 行 {fen(l.totals.problemFen)}
          </Tag>
        ) : (
          '0'
        ),
    },
    {
      title: '状态',
      dataIndex: 'state',
      render: (s: List['state']) => <Tag color={LIST_STATE_COLORS[s]}>{LIST_STATE_LABELS[s]}</Tag>,
    },
  ];
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <DatePicker
          picker="month"
          allowClear={false}
          value={dayjs(`${month}-01`)}
          disabledDate={(d) => d.isAfter(dayjs(), 'month')}
          onChange={(d) => d && setMonth(d.format('YYYY-MM'))}
        />
        <Radio.Group
          optionType="button"
          value={kind}
          onChange={(e) => setKind(e.target.value)}
          options={Object.entries(LIST_KIND_LABELS).map(([value, label]) => ({ value, label }))}
        />
        <Button type="primary" onClick={generate}>
          生成名单
        </Button>
        <Typography.Text type="secondary">死亡次月起不再发放；去世后已发放的月份列入待追回。</Typography.Text>
      </Space>
      <Table<List> {...list.tableProps} columns={columns} />
      <Drawer
        title={open ? `${open.month} ${LIST_KIND_LABELS[open.kind]} 发放名单` : ''}
        open={!!open}
        onClose={() => setOpen(null)}
        size={900}
        extra={
          open && (
            <Space>
              {open.state !== 'paid' && (
                <Button type="primary" icon={<DownloadOutlined />} onClick={() => exportFile(open)}>
                  导出银行文件
                </Button>
              )}
              {open.state === 'exported' && <Button onClick={() => markPaid(open)}>标记已发放</Button>}
            </Space>
          )
        }
      >
        {open && (
          <>
            <Descriptions
              size="small"
              bordered
              column={3}
              items={[
                {
                  label: '状态',
                  children: <Tag color={LIST_STATE_COLORS[open.state]}>{LIST_STATE_LABELS[open.state]}</Tag>,
                },
                { label: '人数', children: open.totals.elders },
                { label: '行数', children: open.totals.lines },
                { label: '发往银行', children: fen(open.totals.payableFen) },
                { label: '统筹（不发个人）', children: fen(open.totals.pooledFen) },
                { label: '问题行', children: `${open.totals.problemLines} 行 ${fen(open.totals.problemFen)}` },
              ]}
            />
            {open.totals.problemLines > 0 && (
              <Alert
                type="warning"
                showIcon
                style={{ margin: '12px 0' }}
                title="有问题的行不会发往银行：请在老人档案的「待遇台账」中补登收款账户后重新生成（导出前）。"
              />
            )}
            <Radio.Group
              style={{ margin: '8px 0' }}
              optionType="button"
              value={problem}
              onChange={(e) => {
                setProblem(e.target.value);
                void loadLines(open.id, 1, e.target.value);
              }}
              options={[
                { value: '', label: '全部' },
                { value: 'yes', label: '有问题' },
                { value: 'no', label: '正常' },
              ]}
            />
            <Table<Line>
              rowKey="id"
              size="small"
              dataSource={lines.items}
              pagination={{
                current: lines.page,
                total: lines.total,
                pageSize: 20,
                showSizeChanger: false,
                onChange: (p) => void loadLines(open.id, p),
              }}
              columns={[
                { title: '老人', dataIndex: 'elderName' },
                { title: '社区', dataIndex: 'regionName' },
                { title: '部分', dataIndex: 'part', render: (p: Line['part']) => PART_LABELS[p] },
                { title: '所属月份', dataIndex: 'month' },
                { title: '金额', dataIndex: 'amountFen', align: 'right', render: fen },
                {
                  title: '收款人',
                  key: 'payee',
                  render: (_, l) =>
                    l.pooled
                      ? '统筹'
                      : l.payeeName
                        ? `${l.payeeName}（${PAYEE_KIND_LABELS[l.payeeKind as keyof typeof PAYEE_KIND_LABELS] ?? ''}）`
                        : '—',
                },
                {
                  title: '账号',
                  dataIndex: 'accountMasked',
                  render: (a: string | null, l) => (a ? `${l.bankName} ${a}` : '—'),
                },
                {
                  title: '问题',
                  dataIndex: 'problem',
                  render: (p: string | null) => (p ? <Tag color="red">{p}</Tag> : null),
                },
              ]}
            />
          </>
        )}
      </Drawer>
    </>
  );
}

function Recoveries() {
  const { message } = App.useApp();
  const list = useServerList<Recovery>('/api/payment-recoveries', {
    defaultSort: 'id',
    totalLabel: (n) => `共 ${n} 笔`,
    initialQuery: { state: 'open' },
  });
  const [settling, setSettling] = useState<Recovery | null>(null);
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const settle = async () => {
    let v: Record<string, string>;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    try {
      await post(`/api/payment-recoveries/${settling!.id}`, v);
      message.success('已办结');
      setSettling(null);
      await list.reload();
    } catch (err) {
      setError(applyProblem(form, err));
    }
  };
  return (
    <>
      <Radio.Group
        style={{ marginBottom: 12 }}
        optionType="button"
        defaultValue="open"
        onChange={(e) => list.search({ state: e.target.value || undefined })}
        options={[
          { value: 'open', label: '待追回' },
          { value: 'recovered', label: '已追回' },
          { value: 'waived', label: '已核销' },
          { value: '', label: '全部' },
        ]}
      />
      <Table<Recovery>
        {...list.tableProps}
        columns={[
          { title: '老人', dataIndex: 'elderName' },
          { title: '月份', dataIndex: 'month' },
          { title: '金额', dataIndex: 'amountFen', align: 'right', render: fen },
          { title: '原因', dataIndex: 'reason' },
          { title: '状态', dataIndex: 'state', render: (s: Recovery['state']) => RECOVERY_STATE_LABELS[s] },
          { title: '说明', dataIndex: 'note' },
          {
            title: '',
            key: 'act',
            render: (_, r) =>
              r.state === 'open' && (
                <a
                  onClick={() => {
                    form.resetFields();
                    form.setFieldsValue({ state: 'recovered' });
                    setError(null);
                    setSettling(r);
                  }}
                >
                  办结
                </a>
              ),
          },
        ]}
      />
      <Modal
        title="办结追回事项"
        open={!!settling}
        onOk={settle}
        onCancel={() => setSettling(null)}
        okText="办结"
        cancelText="取消"
        destroyOnHidden
      >
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical" name="recovery">
          <Form.Item name="state" label="结果">
            <Radio.Group
              options={[
                { value: 'recovered', label: '已追回' },
                { value: 'waived', label: '核销' },
              ]}
            />
          </Form.Item>
          <Form.Item
            name="note"
            label="说明"
            rules={[{ required: true, min: 2, message: '请填写说明（至少 2 个字）' }]}
          >
            <Input maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function BankLayoutEditor() {
  const { message } = App.useApp();
  const [form] = Form.useForm<Layout>();
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void get<Layout>('/api/bank-layout').then((l) => form.setFieldsValue(l));
  }, [form]);
  const save = async () => {
    let v: Layout;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    try {
      form.setFieldsValue(
        await put<Layout>('/api/bank-layout', {
          name: v.name,
          columns: v.columns,
          header: v.header,
          amountIn: v.amountIn,
        }),
      );
      setError(null);
      message.success('已保存为新的文件格式');
    } catch (err) {
      setError(applyProblem(form, err));
    }
  };
  return (
    <Form form={form} layout="vertical" name="bankLayout" style={{ maxWidth: 640 }}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form.Item name="name" label="格式名称" rules={[{ required: true, message: '请填写名称' }]}>
        <Input maxLength={60} />
      </Form.Item>
      <Form.List name="columns">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f) => (
              <Space key={f.key} align="baseline">
                <Form.Item name={[f.name, 'title']} rules={[{ required: true, message: '请填写列名' }]}>
                  <Input placeholder="列名" style={{ width: 160 }} />
                </Form.Item>
                <Form.Item name={[f.name, 'field']} rules={[{ required: true, message: '请选择内容' }]}>
                  <Select
                    style={{ width: 180 }}
                    options={Object.entries(BANK_FIELD_LABELS).map(([value, label]) => ({ value, label }))}
                  />
                </Form.Item>
                <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label="删除该列" />
              </Space>
            ))}
            <Button
              icon={<PlusOutlined />}
              onClick={() => add({ title: '', field: 'remark' })}
              style={{ marginBottom: 12 }}
            >
              加一列
            </Button>
          </>
        )}
      </Form.List>
      <Form.Item name="header" valuePropName="checked">
        <Checkbox>第一行为列名</Checkbox>
      </Form.Item>
      <Form.Item name="amountIn" label="金额单位">
        <Radio.Group
          options={[
            { value: 'yuan', label: '元（两位小数）' },
            { value: 'fen', label: '分（整数）' },
          ]}
        />
      </Form.Item>
      <Button type="primary" onClick={save}>
        保存
      </Button>
    </Form>
  );
}

/**
 * The pooled care fund (照料护理经费统筹, 000 范文2): the care part kept back from each 特困
 * payment comes in, the care subsidies granted on application are paid from it; by month, from
 * the lists sent to the bank.
 */
function CarePool() {
  const { message } = App.useApp();
  const [range, setRange] = useState<[dayjs.Dayjs, dayjs.Dayjs]>([dayjs().subtract(11, 'month'), dayjs()]);
  const [pool, setPool] = useState<Pool | null>(null);
  useEffect(() => {
    get<Pool>('/api/cash/care-pool', { from: range[0].format('YYYY-MM'), to: range[1].format('YYYY-MM') })
      .then(setPool)
      .catch((err: Error) => message.error(err.message));
  }, [range, message]);
  const columns: TableProps<Pool['months'][number]>['columns'] = [
    { title: '月份', dataIndex: 'month' },
    { title: '统筹收入（照料护理部分）', key: 'in', align: 'right', render: (_, m) => fen(m.cameInFen) },
    { title: '支出（护理补贴）', key: 'used', align: 'right', render: (_, m) => fen(m.usedFen) },
    {
      title: '月末结余',
      key: 'balance',
      align: 'right',
      render: (_, m) => (
        <Typography.Text type={m.balanceFen < 0 ? 'danger' : undefined}>{fen(m.balanceFen)}</Typography.Text>
      ),
    },
  ];
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        特困供养标准中的照料护理部分不发个人，统筹作照料护理费；发生日常照料护理服务时由乡镇向县（区）民政部门申请护理补贴，从中拨付（000
        范文2）。只计已导出或已发放的特困名单。
      </Typography.Paragraph>
      <DatePicker.RangePicker
        picker="month"
        allowClear={false}
        value={range}
        onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
      />
      {pool && (
        <Table
          rowKey="month"
          size="small"
          pagination={false}
          columns={columns}
          dataSource={pool.months}
          summary={() => (
            <>
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>期初结余</Table.Summary.Cell>
                <Table.Summary.Cell index={1} colSpan={3} align="right">
                  {fen(pool.openingFen)}
                </Table.Summary.Cell>
              </Table.Summary.Row>
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>合计 / 期末结余</Table.Summary.Cell>
                <Table.Summary.Cell index={1} align="right">
                  {fen(pool.total.cameInFen)}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={2} align="right">
                  {fen(pool.total.usedFen)}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={3} align="right">
                  {fen(pool.closingFen)}
                </Table.Summary.Cell>
              </Table.Summary.Row>
            </>
          )}
        />
      )}
    </Space>
  );
}

export function PaymentListsPage() {
  return (
    <Card title="现金发放" size="small">
      <Tabs
        items={[
          { key: 'lists', label: '发放名单', children: <Lists /> },
          { key: 'recoveries', label: '待追回', children: <Recoveries /> },
          { key: 'care-pool', label: '照料护理经费统筹', children: <CarePool /> },
          { key: 'layout', label: '银行文件格式', children: <BankLayoutEditor /> },
        ]}
      />
    </Card>
  );
}
