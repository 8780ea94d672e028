// A region's boundary on the regions page: the region and its children drawn on the map, and
// for a district admin the upload of a .geojson file (a Polygon or MultiPolygon, or a Feature or
// FeatureCollection holding one, WGS-84) and its removal. Problems come back naming the place
// in the file.
import { useMemo, useRef, useState } from 'react';
import { Alert, App, Button, Card, Popconfirm, Space, Typography } from 'antd';
import { DeleteOutlined, UploadOutlined } from '@ant-design/icons';
import { ApiError, del, put } from '../../api.js';
import type { Region } from '../../../shared/schemas/regions.js';
import { MapView } from './MapView.js';
import { forgetBoundaries, useBoundaries } from './use-map-data.js';

export const BOUNDARY_LABELS = {
  title: '边界',
  upload: '上传边界（GeoJSON）',
  remove: '删除边界',
  removeConfirm: (name: string) => `确定删除「${name}」的边界？`,
  removeDescription: '地图上将不再画出该区域，操作将记入审计日志。',
  none: '尚未上传边界',
  has: (points: number) => `已有边界，${points} 个点`,
  uploaded: (name: string, points: number) => `已上传「${name}」的边界（${points} 个点）`,
  removed: '已删除边界',
  notJson: '文件不是合法的 JSON（GeoJSON）',
  tooLarge: '文件过大（最多 1 MB），请先简化边界',
  hint: '坐标为 WGS-84 的 [经度, 纬度]；可从 GIS 软件导出 GeoJSON，最多 5000 个点',
} as const;
const T = BOUNDARY_LABELS;
const MAX_BYTES = 1_048_576;

const countPoints = (v: unknown): number =>
  Array.isArray(v) ? (typeof v[0] === 'number' ? 1 : v.reduce((s: number, x) => s + countPoints(x), 0)) : 0;

export function RegionBoundaryCard({
  region,
  regions,
  writable,
}: {
  region: Region;
  regions: Region[];
  writable: boolean;
}) {
  const { message } = App.useApp();
  const boundaries = useBoundaries();
  const file = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState<{ detail: string; errors: { field: string; message: string }[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const own = boundaries?.features.find((f) => f.id === region.id) ?? null;
  const shown = useMemo(
    () => [region.id, ...regions.filter((r) => r.parentId === region.id).map((r) => r.id)],
    [region.id, regions],
  );

  const upload = async (f: File) => {
    setProblem(null);
    if (f.size > MAX_BYTES) return setProblem({ detail: T.tooLarge, errors: [] });
    let body: unknown;
    try {
      body = JSON.parse(await f.text());
    } catch {
      return setProblem({ detail: T.notJson, errors: [] });
    }
    setBusy(true);
    try {
      const r = await put<{ points: number }>(`/api/regions/${region.id}/boundary`, body);
      message.success(T.uploaded(region.name, r.points));
      forgetBoundaries();
    } catch (e) {
      if (e instanceof ApiError) setProblem({ detail: e.problem.detail, errors: e.problem.errors ?? [] });
      else setProblem({ detail: (e as Error).message, errors: [] });
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    try {
      await del(`/api/regions/${region.id}/boundary`);
      message.success(T.removed);
      forgetBoundaries();
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  return (
    <Card
      size="small"
      title={T.title}
      style={{ marginTop: 16 }}
      data-testid="region-boundary"
      extra={
        writable && (
          <Space>
            <input
              ref={file}
              type="file"
              accept=".geojson,.json,application/geo+json,application/json"
              style={{ display: 'none' }}
              data-testid="boundary-file"
              onChange={(e) => {
                const f = e.target.files?.[0];
                e.target.value = '';
                if (f) void upload(f);
              }}
            />
            <Button icon={<UploadOutlined />} loading={busy} onClick={() => file.current?.click()}>
              {T.upload}
            </Button>
            {own && (
              <Popconfirm
                title={T.removeConfirm(region.name)}
                description={T.removeDescription}
                okText="删除"
                okButtonProps={{ danger: true }}
                cancelText="取消"
                onConfirm={remove}
              >
                <Button danger icon={<DeleteOutlined />}>
                  {T.remove}
                </Button>
              </Popconfirm>
            )}
          </Space>
        )
      }
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {own ? T.has(countPoints(own.geometry.coordinates)) : T.none}。{T.hint}
      </Typography.Paragraph>
      {problem && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 8 }}
          title={problem.detail}
          description={
            problem.errors.length > 1 ? (
              <ul style={{ margin: 0, paddingLeft: 18 }}>
                {problem.errors.slice(0, 10).map((e) => (
                  <li key={e.field}>
                    {e.field}：{e.message}
                  </li>
                ))}
              </ul>
            ) : undefined
          }
        />
      )}
      <MapView height={360} regions={shown} fit="regions" fitKey={region.id} />
    </Card>
  );
}
