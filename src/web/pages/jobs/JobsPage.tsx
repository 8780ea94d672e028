import { useCallback, useEffect, useState } from 'react';
import { App, Button, Card, Drawer, Form, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { PlayCircleOutlined, ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { formatLocalTime } from '../../../core/local-time.js';
import { get, post } from '../../api.js';
import { useServerList } from '../../components/use-server-list.js';
import { JOB_HEALTH_LABELS, JOB_RUN_STATE_LABELS, JOB_TEXT } from './job-labels.js';

type RunState = keyof typeof JOB_RUN_STATE_LABELS;
interface Run {
  id: number;
  job: string;
  slot: string;
  state: RunState;
  attempt: number;
  serverId: string;
  startedAt: string;
  finishedAt: string | null;
  stale: boolean;
  retryAt: string | null;
  summary: string | null;
  error: string | null;
}
interface Job {
  name: string;
  label: string;
  schedule: string;
  health: keyof typeof JOB_HEALTH_LABELS;
  lastRun: Run | null;
  lastSuccessAt: string | null;
  failures24h: number;
}

const time = (iso: string | null) => (iso ? formatLocalTime(new Date(iso)) : '—');

function RunStateTag({ run }: { run: Run }) {
  if (run.stale) return <Tag color="red">{JOB_TEXT.stale}</Tag>;
  const s = JOB_RUN_STATE_LABELS[run.state];
  return <Tag color={s.color}>{s.text}</Tag>;
}

/** What the run did, or why it failed (and when it will be tried again). */
function Outcome({ run }: { run: Run }) {
  if (run.state === 'failed')
    return (
      <Typography.Text type="danger">
        {run.error}
        {run.retryAt && (
          <Typography.Text type="secondary">{` ${JOB_TEXT.retryAt}${time(run.retryAt)}`}</Typography.Text>
        )}
      </Typography.Text>
    );
  return (
    <span>
      {run.summary ?? '—'}
      {run.error && <Typography.Text type="secondary">{` ${JOB_TEXT.earlierError}${run.error}`}</Typography.Text>}
    </span>
  );
}

function RunHistory({ jobs, initialJob }: { jobs: Job[]; initialJob: string }) {
  const [form] = Form.useForm<{ job?: string; state?: RunState }>();
  const list = useServerList<Run>('/api/jobs/runs', {
    defaultSort: '-id',
    totalLabel: (n) => `共 ${n} 次`,
    initialQuery: { job: initialJob },
  });
  const label = (name: string) => jobs.find((j) => j.name === name)?.label ?? name;
  const columns: TableProps<Run>['columns'] = [
    { title: '开始', dataIndex: 'startedAt', render: time, width: 140 },
    { title: '任务', dataIndex: 'job', render: label },
    {
      title: '时段',
      dataIndex: 'slot',
      render: (v: string) => (v.startsWith('manual:') ? <Tag>{JOB_TEXT.manual}</Tag> : v.replace(/^[^:]+:/, '')),
    },
    { title: '状态', key: 'state', render: (_, r) => <RunStateTag run={r} /> },
    { title: '次数', dataIndex: 'attempt', width: 60 },
    { title: '结束', dataIndex: 'finishedAt', render: time, width: 140 },
    { title: '结果', key: 'outcome', render: (_, r) => <Outcome run={r} /> },
    { title: '服务器', dataIndex: 'serverId', responsive: ['lg'] },
  ];
  return (
    <>
      <Form
        form={form}
        name="jobRunFilter"
        layout="inline"
        initialValues={{ job: initialJob }}
        onFinish={(v) => list.search({ job: v.job, state: v.state })}
        style={{ marginBottom: 12, rowGap: 8 }}
      >
        <Form.Item name="job">
          <Select
            placeholder="任务"
            allowClear
            style={{ width: 180 }}
            options={jobs.map((j) => ({ value: j.name, label: j.label }))}
          />
        </Form.Item>
        <Form.Item name="state">
          <Select
            placeholder="状态"
            allowClear
            style={{ width: 110 }}
            options={Object.entries(JOB_RUN_STATE_LABELS).map(([value, s]) => ({ value, label: s.text }))}
          />
        </Form.Item>
        <Button htmlType="submit" icon={<SearchOutlined />}>
          查询
        </Button>
      </Form>
      <Table<Run> {...list.tableProps} columns={columns} />
    </>
  );
}

export function JobsPage() {
  const { message } = App.useApp();
  const [jobs, setJobs] = useState<Job[]>([]);
  const [loading, setLoading] = useState(false);
  const [open, setOpen] = useState<Job | null>(null);

  const reload = useCallback(async () => {
    setLoading(true);
    try {
      setJobs((await get<{ items: Job[] }>('/api/jobs')).items);
    } catch (err) {
      message.error((err as Error).message);
    } finally {
      setLoading(false);
    }
  }, [message]);
  useEffect(() => {
    void reload();
  }, [reload]);

  const runNow = async (job: Job) => {
    try {
      await post(`/api/jobs/${encodeURIComponent(job.name)}/run`);
      message.success(JOB_TEXT.started(job.label));
      await reload();
    } catch (err) {
      message.error((err as Error).message);
    }
  };

  const columns: TableProps<Job>['columns'] = [
    { title: '任务', dataIndex: 'label' },
    { title: '计划', dataIndex: 'schedule' },
    {
      title: '状况',
      key: 'health',
      render: (_, j) => {
        const h = JOB_HEALTH_LABELS[j.health];
        return (
          <Space size={4}>
            <Tag color={h.color}>{h.text}</Tag>
            {j.lastRun?.state === 'running' && !j.lastRun.stale && (
              <Tag color="blue">{JOB_RUN_STATE_LABELS.running.text}</Tag>
            )}
          </Space>
        );
      },
    },
    {
      title: '最近运行',
      key: 'last',
      render: (_, j) => (j.lastRun ? time(j.lastRun.startedAt) : JOB_TEXT.never),
    },
    { title: '结果', key: 'outcome', render: (_, j) => (j.lastRun ? <Outcome run={j.lastRun} /> : '—') },
    { title: '最近成功', dataIndex: 'lastSuccessAt', render: time },
    {
      title: '24 小时失败',
      dataIndex: 'failures24h',
      render: (n: number) => (n ? <Typography.Text type="danger">{n}</Typography.Text> : 0),
    },
    { title: '服务器', key: 'server', responsive: ['xxl'], render: (_, j) => j.lastRun?.serverId ?? '—' },
    {
      title: '操作',
      key: 'actions',
      render: (_, j) => (
        // The row opens the history; the buttons must not.
        <Space size={0} onClick={(e) => e.stopPropagation()}>
          <Button type="link" size="small" onClick={() => setOpen(j)}>
            {JOB_TEXT.history}
          </Button>
          <Popconfirm
            title={JOB_TEXT.confirmRun(j.label)}
            description={JOB_TEXT.confirmRunDetail}
            okText={JOB_TEXT.runNow}
            cancelText="取消"
            onConfirm={() => runNow(j)}
          >
            <Button type="link" size="small" icon={<PlayCircleOutlined />}>
              {JOB_TEXT.runNow}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <Card
      title={JOB_TEXT.title}
      size="small"
      extra={
        <Button icon={<ReloadOutlined />} onClick={() => void reload()}>
          刷新
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{JOB_TEXT.intro}</Typography.Paragraph>
      <Table<Job>
        rowKey="name"
        size="small"
        loading={loading}
        dataSource={jobs}
        columns={columns}
        pagination={false}
        scroll={{ x: 'max-content' }}
        onRow={(j) => ({ onClick: () => setOpen(j), style: { cursor: 'pointer' } })}
      />
      <Drawer
        title={open ? `${JOB_TEXT.history} · ${open.label}` : ''}
        open={!!open}
        onClose={() => setOpen(null)}
        size={960}
        destroyOnHidden
      >
        {open && <RunHistory key={open.name} jobs={jobs} initialJob={open.name} />}
      </Drawer>
    </Card>
  );
}
