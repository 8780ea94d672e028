// Upload a roster: choose the mode, send the .xlsx, watch the progress, read the errors and
// download the file with an error column to fix and upload again. A job whose server stopped
// mid-way shows as 中断 and can be continued from its last saved batch.
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, Button, Card, Progress, Radio, Result, Space, Statistic, Table, Tag, Typography, Upload } from 'antd';
import { DownloadOutlined, InboxOutlined, RedoOutlined } from '@ant-design/icons';
import { ApiError, get, post } from '../../api.js';

interface Job {
  id: number;
  filename: string;
  status: 'running' | 'done' | 'failed' | 'interrupted';
  mode: string;
  totalRows: number;
  processedRows: number;
  progress: number;
  inserted: number;
  updated: number;
  errorCount: number;
  errors: { row: number; column: string; message: string }[];
  message: string | null;
}

const STATUS: Record<Job['status'], { label: string; color: string }> = {
  running: { label: '导入中', color: 'processing' },
  done: { label: '完成', color: 'success' },
  failed: { label: '失败', color: 'error' },
  interrupted: { label: '中断', color: 'warning' },
};

export function ElderImportPage() {
  const navigate = useNavigate();
  const [mode, setMode] = useState<'valid_rows' | 'all_or_nothing'>('valid_rows');
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const timer = useRef<number | null>(null);

  useEffect(
    () => () => {
      if (timer.current) window.clearInterval(timer.current);
    },
    [],
  );
  const poll = (id: number) => {
    if (timer.current) window.clearInterval(timer.current);
    timer.current = window.setInterval(() => {
      void get<Job>(`/api/elders/imports/${id}`).then((j) => {
        setJob(j);
        if (j.status !== 'running' && timer.current) window.clearInterval(timer.current);
      });
    }, 700);
  };
  const upload = async (file: File) => {
    setError(null);
    setJob(null);
    setUploading(true);
    try {
      const res = await fetch(`/api/elders/imports?mode=${mode}&filename=${encodeURIComponent(file.name)}`, {
        method: 'POST',
        body: file,
        headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
      });
      const body = await res.json();
      if (!res.ok) throw new ApiError(body);
      setJob(body);
      poll(body.id);
    } catch (err) {
      setError(err instanceof ApiError ? err.problem.detail : '上传失败，请稍后重试');
    } finally {
      setUploading(false);
    }
    return false;
  };
  const resume = async (id: number) => {
    setError(null);
    try {
      setJob(await post<Job>(`/api/elders/imports/${id}/resume`));
      poll(id);
    } catch (err) {
      setError(err instanceof ApiError ? err.problem.detail : '继续导入失败，请稍后重试');
    }
  };

  return (
    <Card
      title="导入老人名册"
      size="small"
      extra={
        <Button icon={<DownloadOutlined />} href="/api/elders/import-template">
          下载模板
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">
        使用模板填写，每行一位老人；身份证号、电话列请保持文本格式。同一身份证号再次导入会更新原档案，不会重复建档；已在其他社区建档的老人请办理转移。
      </Typography.Paragraph>
      <Space direction="vertical" style={{ width: '100%' }} size="middle">
        <Radio.Group
          value={mode}
          onChange={(e) => setMode(e.target.value)}
          options={[
            { value: 'valid_rows', label: '导入无误的行，列出有误的行' },
            { value: 'all_or_nothing', label: '全部无误才导入' },
          ]}
        />
        <Upload.Dragger
          accept=".xlsx"
          showUploadList={false}
          beforeUpload={upload}
          disabled={uploading || job?.status === 'running'}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p>点击或拖入 .xlsx 文件</p>
        </Upload.Dragger>
        {error && <Alert type="error" showIcon title={error} data-testid="import-error" />}
        {job && (
          <Card
            size="small"
            title={`${job.filename}`}
            extra={
              <Tag color={STATUS[job.status].color} data-testid="import-status">
                {STATUS[job.status].label}
              </Tag>
            }
          >
            <Progress
              percent={job.progress}
              status={
                job.status === 'failed' || job.status === 'interrupted'
                  ? 'exception'
                  : job.status === 'done'
                    ? job.errorCount
                      ? 'normal'
                      : 'success'
                    : 'active'
              }
            />
            <Space size="large" wrap style={{ display: 'flex', margin: '12px 0' }}>
              <Statistic
                title="已处理行数"
                value={job.processedRows}
                suffix={job.totalRows ? `/ ${job.totalRows}` : undefined}
              />
              <Statistic title="新建" value={job.inserted} />
              <Statistic title="更新" value={job.updated} />
              <Statistic
                title="错误"
                value={job.errorCount}
                valueStyle={{ color: job.errorCount ? '#cf1322' : undefined }}
              />
            </Space>
            {job.message && (
              <Alert
                type={job.status === 'failed' ? 'error' : 'warning'}
                showIcon
                title={job.message}
                style={{ marginBottom: 12 }}
                action={
                  job.status === 'interrupted' && (
                    <Button icon={<RedoOutlined />} onClick={() => resume(job.id)} data-testid="import-resume">
                      继续导入
                    </Button>
                  )
                }
              />
            )}
            {job.status === 'done' && job.errorCount === 0 && (
              <Result
                status="success"
                title="导入完成"
                extra={<Button onClick={() => void navigate('/elders')}>查看老人档案</Button>}
              />
            )}
            {job.errorCount > 0 && job.status !== 'running' && (
              <>
                <Space style={{ display: 'flex', marginBottom: 8 }}>
                  <Button
                    icon={<DownloadOutlined />}
                    href={`/api/elders/imports/${job.id}/error-file`}
                    data-testid="error-file"
                  >
                    下载带错误说明的文件
                  </Button>
                  {job.errorCount > job.errors.length && (
                    <Typography.Text type="secondary">
                      下表列出前 {job.errors.length} 条，完整内容见错误说明文件
                    </Typography.Text>
                  )}
                </Space>
                <Table
                  rowKey={(e) => `${e.row}-${e.column}-${e.message}`}
                  size="small"
                  dataSource={job.errors}
                  pagination={{ pageSize: 10 }}
                  columns={[
                    { title: '行', dataIndex: 'row', width: 70 },
                    { title: '列', dataIndex: 'column', width: 140 },
                    { title: '问题', dataIndex: 'message' },
                  ]}
                />
              </>
            )}
          </Card>
        )}
      </Space>
    </Card>
  );
}
