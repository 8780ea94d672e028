// The map's and boundaries' problems, in Chinese, in one place.
import type { BoundaryProblem } from '../../../core/geo/boundary.js';
import { BOUNDARY_MAX_POINTS } from '../../../core/geo/boundary.js';

const BOUNDARY: Record<BoundaryProblem['code'], (p: BoundaryProblem) => string> = {
  not_object: () => '边界应为 GeoJSON 对象（Polygon、MultiPolygon、Feature 或 FeatureCollection）',
  unknown_type: () => '缺少 GeoJSON 的 type',
  feature_count: (p) => `FeatureCollection 应只含一个区域的边界，实有 ${p.count} 个`,
  no_geometry: () => 'Feature 缺少 geometry',
  not_polygon: () => '边界应为 Polygon 或 MultiPolygon',
  not_array: () => '应为坐标数组',
  empty: () => '没有任何坐标',
  bad_position: () => '坐标应为 [经度, 纬度] 两个数字',
  swapped: () => '经纬度顺序颠倒：GeoJSON 坐标应为 [经度, 纬度]',
  outside_china: () => '坐标不在中国境内（经度 73–136，纬度 3–54，WGS-84）',
  too_few_points: () => '环至少需要 4 个点（首尾相同）',
  not_closed: () => '环未闭合：最后一个点应与第一个点相同',
  self_intersecting: () => '边界自相交',
  zero_area: () => '边界面积为零',
  too_many_points: (p) => `边界点数过多（${p.count} 个），最多 ${BOUNDARY_MAX_POINTS} 个，请先简化`,
};

export const MAP_MESSAGES = {
  boundary: (p: BoundaryProblem) => BOUNDARY[p.code](p),
  boundaryInvalid: (n: number, first: string) => (n > 1 ? `边界有 ${n} 处问题：${first}等` : `边界有误：${first}`),
  tooLarge: (maxKb: number) => `边界文件过大，最多 ${maxKb} KB`,
} as const;
