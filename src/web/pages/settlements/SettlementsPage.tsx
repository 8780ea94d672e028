// Provider settlements: the month's statements, computed by the district after the month ends,
// reviewed by the street, approved by the district (which closes them); each opens with its
// figures, the items behind them and the visits still pending, and downloads as a file.
import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Drawer,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { TableProps } from 'antd';
import { CalculatorOutlined, DownloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useSearchParams } from 'react-router-dom';
import { downloadFrom, get, post } from '../../api.js';
import { useAuth } from '../../auth.js';
import type { z } from '../../../shared/zod.js';
import type { SettlementDetail, SettlementItem, SettlementSummary } from '../../../shared/schemas/settlements.js';
import { useServerList } from '../../components/use-server-list.js';
import { downloadCsv } from '../../components/export-csv.js';
import { fen } from '../../components/service-format.js';
import { KIND_LABELS, STATE_COLORS, STATE_LABELS } from './settlement-labels.js';

type Summary = z.infer<typeof SettlementSummary>;
type Detail = z.infer<typeof SettlementDetail>;
type Item = z.infer<typeof SettlementItem>;
const lastMonth = () => dayjs().subtract(1, 'month').format('YYYY-MM');

export function SettlementsPage() {
  const { can, me } = useAuth();
  const { message, modal } = App.useApp();
  // ?period=YYYY-MM opens another month (links from the money reports, and the tests).
  const [params] = useSearchParams();
  const [period, setPeriod] = useState(
    /^\d{4}-\d{2}$/.test(params.get('period') ?? '') ? params.get('period')! : lastMonth(),
  );
  const [state, setState] = useState<string | undefined>();
  const list = useServerList<Summary>('/api/settlements', {
    defaultSort: 'providerName',
    totalLabel: (n) => `共 ${n} 张结算单`,
    initialQuery: { period },
  });
  const [detail, setDetail] = useState<Detail | null>(null);
  const [items, setItems] = useState<{ items: Item[]; total: number; page: number }>({ items: [], total: 0, page: 1 });
  const [kind, setKind] = useState<string | undefined>();
  const [step, setStep] = useState<'review' | 'approve' | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);

  const loadItems = async (id: number, page = 1, k = kind) =>
    setItems({
      ...(await get<{ items: Item[]; total: number }>(`/api/settlements/${id}/items`, { page, pageSize: 20, kind: k })),
      page,
    });
  const open = async (id: number) => {
    setDetail(await get<Detail>(`/api/settlements/${id}`));
    setKind(undefined);
    await loadItems(id, 1, undefined);
  };
  const compute = () =>
    modal.confirm({
      title: `计算 ${period} 的结算单`,
      content: '为该月有待结算业务的全部服务机构生成或重算草稿；已审核、已审批的结算单不会改动。',
      okText: '计算',
      cancelText: '取消',
      onOk: async () => {
        try {
          const r = await post<{ computed: number; dueFen: number }>('/api/settlements/compute', { period });
          message.success(`已计算 ${r.computed} 张结算单，应付合计 ${fen(r.dueFen)}`);
          await list.reload();
        } catch (err) {
          message.error((err as Error).message);
        }
      },
    });
  const takeStep = async () => {
    try {
      await post(`/api/settlements/${detail!.id}/${step}`, { note: note || undefined });
      message.success(step === 'review' ? '已审核' : '已审批，结算期关闭');
      setStep(null);
      await open(detail!.id);
      await list.reload();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const isDistrict = me?.role === 'district_admin';
  const columns: TableProps<Summary>['columns'] = [
    { title: '服务机构', dataIndex: 'providerName', render: (n: string, s) => <a onClick={() => open(s.id)}>{n}</a> },
    { title: '月份', dataIndex: 'period' },
    { title: '本月服务补贴', key: 'orders', align: 'right', render: (_, s) => fen(s.totals.ordersFen) },
    { title: '往期调整', key: 'adj', align: 'right', render: (_, s) => fen(s.totals.adjustmentsFen) },
    {
      title: '扣款',
      key: 'ded',
      align: 'right',
      render: (_, s) => fen(s.totals.complaintsFen + s.totals.withheldFen - s.totals.releasedFen),
    },
    {
      title: '满意率',
      key: 'sat',
      align: 'right',
      render: (_, s) => (s.totals.satisfactionPercent === null ? '—' : `${s.totals.satisfactionPercent}%`),
    },
    {
      title: '应付',
      dataIndex: 'dueFen',
      align: 'right',
      render: (v: number) => <Typography.Text strong>{fen(v)}</Typography.Text>,
    },
    {
      title: '状态',
      dataIndex: 'state',
      render: (v: Summary['state']) => <Tag color={STATE_COLORS[v]}>{STATE_LABELS[v]}</Tag>,
    },
  ];
  const t = detail?.totals;
  return (
    <Card
      title="服务机构结算"
      size="small"
      extra={
        <Space>
          {can('settlement.act') && isDistrict && (
            <Button type="primary" icon={<CalculatorOutlined />} onClick={compute}>
              计算 {period} 结算
            </Button>
          )}
          <Button
            icon={<DownloadOutlined />}
            onClick={async () =>
              downloadCsv(
                `结算汇总-${period}.csv`,
                [
                  { title: '服务机构', value: (s: Summary) => s.providerName },
                  { title: '月份', value: (s) => s.period },
                  { title: '本月服务补贴（元）', value: (s) => (s.totals.ordersFen / 100).toFixed(2) },
                  { title: '往期调整（元）', value: (s) => (s.totals.adjustmentsFen / 100).toFixed(2) },
                  { title: '纸质券（元）', value: (s) => (s.totals.vouchersFen / 100).toFixed(2) },
                  { title: '投诉扣款（元）', value: (s) => (s.totals.complaintsFen / 100).toFixed(2) },
                  {
                    title: '满意度未返还（元）',
                    value: (s) => ((s.totals.withheldFen - s.totals.releasedFen) / 100).toFixed(2),
                  },
                  { title: '应付（元）', value: (s) => (s.dueFen / 100).toFixed(2) },
                  { title: '状态', value: (s) => STATE_LABELS[s.state] },
                ],
                await list.fetchAll(),
              )
            }
          >
            导出
          </Button>
        </Space>
      }
    >
      <Space style={{ marginBottom: 12 }} wrap>
        <DatePicker
          picker="month"
          allowClear={false}
          value={dayjs(`${period}-01`)}
          disabledDate={(d) => d.isAfter(dayjs(), 'month')}
          onChange={(d) => {
            if (!d) return;
            const m = d.format('YYYY-MM');
            setPeriod(m);
            list.search({ period: m, state });
          }}
        />
        <Select
          allowClear
          placeholder="状态"
          style={{ width: 140 }}
          value={state}
          options={Object.entries(STATE_LABELS).map(([value, label]) => ({ value, label }))}
          onChange={(v) => {
            setState(v);
            list.search({ period, state: v });
          }}
        />
        <Typography.Text type="secondary">
          月末后由区里计算；街道审核、区里审批后结算期关闭，此后的更正计入下期。
        </Typography.Text>
      </Space>
      <Table<Summary> {...list.tableProps} columns={columns} />
      <Drawer
        title={detail ? `结算单 · ${detail.providerName} · ${detail.period}` : ''}
        open={!!detail}
        onClose={() => setDetail(null)}
        size={860}
        extra={
          detail && (
            <Space>
              <Button
                icon={<DownloadOutlined />}
                onClick={() =>
                  downloadFrom(
                    'GET',
                    `/api/settlements/${detail.id}/statement.csv`,
                    `结算单-${detail.period}.csv`,
                  ).catch((e) => message.error(e.message))
                }
              >
                下载结算单
              </Button>
              {can('settlement.act') && detail.state === 'draft' && (
                <Button
                  type="primary"
                  onClick={() => {
                    setNote('');
                    setError(null);
                    setStep('review');
                  }}
                >
                  审核
                </Button>
              )}
              {can('settlement.act') && isDistrict && detail.state === 'reviewed' && (
                <Button
                  type="primary"
                  onClick={() => {
                    setNote('');
                    setError(null);
                    setStep('approve');
                  }}
                >
                  审批
                </Button>
              )}
            </Space>
          )
        }
      >
        {detail && t && (
          <>
            <Descriptions
              size="small"
              bordered
              column={2}
              items={[
                { label: '状态', children: <Tag color={STATE_COLORS[detail.state]}>{STATE_LABELS[detail.state]}</Tag> },
                { label: '应付金额', children: <Typography.Text strong>{fen(t.dueFen)}</Typography.Text> },
                { label: '本月服务补贴', children: fen(t.ordersFen) },
                { label: '往期调整', children: fen(t.adjustmentsFen) },
                { label: '纸质券兑付', children: fen(t.vouchersFen) },
                { label: '核验不通过（不付）', children: fen(t.unverifiedFen) },
                {
                  label: `投诉属实扣款（${t.upheldComplaints} 件 × ${fen(t.rules.complaintDeductionFen)}）`,
                  children: fen(-t.complaintsFen),
                },
                { label: `满意度暂扣 ${t.rules.withheldPercent}%`, children: fen(-t.withheldFen) },
                {
                  label:
                    t.rated === 0
                      ? '满意度返还（本月无评价，全额返还）'
                      : `满意度返还（${t.satisfied}/${t.rated} 满意，${t.satisfactionPercent}%）`,
                  children: fen(t.releasedFen),
                  span: 2,
                },
                {
                  label: '审核',
                  children: detail.reviewedAt
                    ? `${detail.reviewer ?? ''} ${dayjs(detail.reviewedAt).format('YYYY-MM-DD HH:mm')} ${detail.reviewNote ?? ''}`
                    : '—',
                },
                {
                  label: '审批',
                  children: detail.approvedAt
                    ? `${detail.approver ?? ''} ${dayjs(detail.approvedAt).format('YYYY-MM-DD HH:mm')}`
                    : '—',
                },
              ]}
            />
            <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
              满意率达到 {t.rules.fullReleasePercent}% 全额返还暂扣部分，{t.rules.floorPercent}%
              及以下不返还，其间按比例返还（取整到分）。
            </Typography.Paragraph>
            {detail.pending.length > 0 && (
              <Alert
                type="warning"
                showIcon
                style={{ marginBottom: 12 }}
                title={`本月还有 ${detail.pending.length} 张工单未结算`}
                description={
                  detail.pending
                    .slice(0, 10)
                    .map((p) => `工单 ${p.orderId}（${p.serviceDate}）：${p.reason}`)
                    .join('；') + '。处理完后计入下期结算。'
                }
              />
            )}
            <Space style={{ marginBottom: 8 }}>
              {detail.byKind.map((k) => (
                <Tag key={k.kind}>
                  {KIND_LABELS[k.kind]} {k.count} 项 {fen(k.amountFen)}
                </Tag>
              ))}
            </Space>
            {detail.byProgramme.length > 0 && (
              <Space style={{ marginBottom: 8, display: 'flex' }} wrap>
                按补贴项目：
                {detail.byProgramme.map((p) => (
                  <Tag key={p.programme} color="blue">
                    {detail.programmeNames[p.programme] ?? p.programme} {p.count}{' '}
                    {p.programme === 'visiting' ? '次' : '项'} {fen(p.fen)}
                  </Tag>
                ))}
              </Space>
            )}
            <Select
              allowClear
              placeholder="明细类别"
              style={{ width: 180, marginBottom: 8 }}
              value={kind}
              options={Object.entries(KIND_LABELS).map(([value, label]) => ({ value, label }))}
              onChange={(v) => {
                setKind(v);
                void loadItems(detail.id, 1, v);
              }}
            />
            <Table<Item>
              rowKey="id"
              size="small"
              dataSource={items.items}
              pagination={{
                current: items.page,
                total: items.total,
                pageSize: 20,
                showSizeChanger: false,
                onChange: (p) => void loadItems(detail.id, p),
              }}
              columns={[
                { title: '类别', dataIndex: 'kind', render: (k: Item['kind']) => KIND_LABELS[k] },
                { title: '单号', key: 'ref', render: (_, i) => i.orderId ?? i.complaintId ?? i.voucherId },
                { title: '老人', dataIndex: 'elderName' },
                { title: '社区', dataIndex: 'regionName' },
                { title: '日期', dataIndex: 'serviceDate' },
                { title: '补贴', dataIndex: 'subsidyFen', align: 'right', render: fen },
                { title: '计入应付', dataIndex: 'amountFen', align: 'right', render: fen },
              ]}
            />
          </>
        )}
      </Drawer>
      <Modal
        title={step === 'review' ? '审核结算单' : '审批结算单'}
        open={!!step}
        onOk={takeStep}
        onCancel={() => setStep(null)}
        okText={step === 'review' ? '审核通过' : '审批通过'}
        cancelText="取消"
      >
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        {step === 'approve' && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            title="审批后结算期关闭，不能再改；补贴按政策比例记入区与街道的分担。"
          />
        )}
        <Input.TextArea
          rows={3}
          maxLength={500}
          placeholder="意见（可不填）"
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
      </Modal>
    </Card>
  );
}
