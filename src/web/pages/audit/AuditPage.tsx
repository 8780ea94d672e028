import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, DatePicker, Form, Input, Select, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import type { Dayjs } from 'dayjs';
import { DownloadOutlined, SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons';
import { get } from '../../api.js';
import { formatLocalTime } from '../../../core/local-time.js';
import { downloadCsv } from '../../components/export-csv.js';
import { useServerList } from '../../components/use-server-list.js';
import { AUDIT_ACTION_LABELS, AUDIT_ENTITY_LABELS, auditActionLabel } from './audit-labels.js';

interface Entry {
  id: number;
  at: string;
  username: string | null;
  ip: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
}
interface FilterForm {
  username?: string;
  entityType?: string;
  entityId?: string;
  action?: string;
  range?: [Dayjs, Dayjs];
}

/** GET /api/audit/verify: the seal chain recomputed from the rows (README, Design, "Audit"). */
interface ChainCheck {
  ok: boolean;
  seals: number;
  rowsSealed: number;
  lastSealedAt: string | null;
  lastHash: string | null;
  break?: { sealId: number; fromId: number; toId: number; reason: string };
}

/** One line above the list: whether the sealed trail still matches its seals, and a button to check again. */
function ChainStatus() {
  const [check, setCheck] = useState<ChainCheck | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const run = useCallback(async () => {
    setLoading(true);
    try {
      setCheck(await get<ChainCheck>('/api/audit/verify'));
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => {
    void run();
  }, [run]);

  const button = (
    <Button size="small" icon={<SafetyCertificateOutlined />} loading={loading} onClick={() => void run()}>
      校验
    </Button>
  );
  const sealed = check?.lastSealedAt
    ? `已封存 ${check.rowsSealed} 条记录（${check.seals} 个封存，最近一次 ${formatLocalTime(new Date(check.lastSealedAt))}）`
    : '尚无封存的记录（每 10 分钟封存 5 分钟前的记录）';
  let alert;
  if (error) alert = <Alert type="warning" showIcon title={`审计链校验未完成：${error}`} action={button} />;
  else if (!check) alert = <Alert type="info" showIcon title="审计链校验中…" action={button} />;
  else if (check.ok) alert = <Alert type="success" showIcon title={`审计链校验：完整。${sealed}`} action={button} />;
  else {
    const b = check.break!;
    alert = (
      <Alert
        type="error"
        showIcon
        title={`审计链校验：发现异常。封存 #${b.sealId}（记录编号 ${b.fromId}–${b.toId}）：${b.reason}`}
        description="封存之后这些记录被改动过。请保全数据库，核查该编号范围内的记录，并报告安全负责人。"
        action={button}
      />
    );
  }
  return <div style={{ marginBottom: 12 }}>{alert}</div>;
}

/** Lines of the fields that changed between before and after. */
function changes(before: unknown, after: unknown): string[] {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => k !== 'updatedAt');
  return keys
    .filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]))
    .map((k) =>
      before && after
        ? `${k}: ${JSON.stringify(b[k])} → ${JSON.stringify(a[k])}`
        : `${k}: ${JSON.stringify(before ? b[k] : a[k])}`,
    );
}

export function AuditPage() {
  const [form] = Form.useForm<FilterForm>();
  const list = useServerList<Entry>('/api/audit', { defaultSort: '-at', totalLabel: (n) => `共 ${n} 条` });

  const onSearch = (v: FilterForm) => {
    list.search({
      username: v.username,
      entityType: v.entityType,
      entityId: v.entityId,
      action: v.action,
      from: v.range?.[0]?.startOf('day').toISOString(),
      to: v.range?.[1]?.endOf('day').toISOString(),
    });
  };
  const exportAll = async () => {
    const rows = await list.fetchAll();
    downloadCsv(
      `审计日志-${new Date().toISOString().slice(0, 10)}.csv`,
      [
        { title: '时间', value: (e: Entry) => formatLocalTime(new Date(e.at)) },
        { title: '用户', value: (e) => e.username },
        { title: 'IP', value: (e) => e.ip },
        { title: '操作', value: (e) => auditActionLabel(e.action) },
        { title: '对象', value: (e) => `${AUDIT_ENTITY_LABELS[e.entityType] ?? e.entityType} ${e.entityId ?? ''}` },
        { title: '变更', value: (e) => changes(e.before, e.after).join('; ') },
        { title: '请求编号', value: (e) => e.requestId },
      ],
      rows,
    );
  };

  const columns: TableProps<Entry>['columns'] = [
    {
      title: '时间',
      dataIndex: 'at',
      sorter: true,
      sortOrder: list.sortOrder('at'),
      render: (v: string) => formatLocalTime(new Date(v)),
      width: 150,
    },
    { title: '用户', dataIndex: 'username', render: (v) => v ?? '—' },
    { title: '操作', dataIndex: 'action', render: (v: string) => auditActionLabel(v) },
    {
      title: '对象',
      key: 'entity',
      render: (_, e) => `${AUDIT_ENTITY_LABELS[e.entityType] ?? e.entityType}${e.entityId ? ` #${e.entityId}` : ''}`,
    },
    { title: 'IP', dataIndex: 'ip', responsive: ['md'] },
  ];
  return (
    <Card
      title="审计日志"
      size="small"
      extra={
        <Button icon={<DownloadOutlined />} onClick={exportAll}>
          导出
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">
        所有写操作及个人信息查看都记录在此，记录不可修改或删除。
      </Typography.Paragraph>
      <ChainStatus />
      <Form form={form} name="auditFilter" layout="inline" onFinish={onSearch} style={{ marginBottom: 12, rowGap: 8 }}>
        <Form.Item name="username">
          <Input placeholder="用户" allowClear style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="entityType">
          <Select
            placeholder="对象类型"
            allowClear
            style={{ width: 120 }}
            options={Object.entries(AUDIT_ENTITY_LABELS).map(([value, label]) => ({ value, label }))}
          />
        </Form.Item>
        <Form.Item name="entityId">
          <Input placeholder="对象编号" allowClear style={{ width: 100 }} />
        </Form.Item>
        <Form.Item name="action">
          <Select
            placeholder="操作"
            allowClear
            style={{ width: 140 }}
            options={Object.entries(AUDIT_ACTION_LABELS).map(([value, label]) => ({ value, label }))}
          />
        </Form.Item>
        <Form.Item name="range">
          <DatePicker.RangePicker />
        </Form.Item>
        <Button htmlType="submit" icon={<SearchOutlined />}>
          查询
        </Button>
      </Form>
      <Table<Entry>
        {...list.tableProps}
        columns={columns}
        expandable={{
          rowExpandable: (e) => e.before != null || e.after != null,
          expandedRowRender: (e) => (
            <pre style={{ margin: 0, whiteSpace: 'pre-wrap', fontSize: 12 }}>
              {changes(e.before, e.after).join('\n') || '（无字段变化）'}
              {`\n请求编号：${e.requestId ?? '—'}`}
            </pre>
          ),
        }}
      />
    </Card>
  );
}
