// The console map's words and colours, in one place.
import type { OrderState } from '../../../core/orders/workflow.js';

/** Today's homes by the order's state (MapView takes CSS colours, not antd's tag names). */
export const HOME_STATE_COLORS: Partial<Record<OrderState, string>> = {
  created: '#9ca3af',
  confirmed: '#ca8a04',
  dispatched: '#2563eb',
  accepted: '#0891b2',
  en_route: '#4f46e5',
  in_service: '#7c3aed',
};
export const HOME_FALLBACK_COLOR = '#6b7280';
export const CAREGIVER_COLOR = '#0d9488';
export const AT_RISK_COLOR = '#ea580c';
export const ALARM_COLOR = '#dc2626';

export const GLYPHS = { home: '家', caregiver: '护', alarm: '警' } as const;

export const CONSOLE_MAP_LABELS = {
  title: '调度地图',
  lateTitle: '可能迟到',
  lateEmpty: '暂无可能迟到的工单',
  lateHint: (speed: number, grace: number) => `按 ${speed} 公里/小时估算，开始后 ${grace} 分钟内算准时`,
  truncated: (n: number) => `今日工单过多，地图只显示最早开始的 ${n} 户`,
  legendHome: '今日工单老人住址（按状态着色）',
  legendCaregiver: '服务人员最新位置',
  legendAtRisk: '可能迟到',
  legendAlarm: '未结警情',
  counts: (homes: number, caregivers: number, late: number) =>
    `今日工单 ${homes} 户 · 在途/服务中人员 ${caregivers} 人 · 可能迟到 ${late} 单`,
  updated: (time: string) => `位置更新于 ${time}`,
  homeTip: (elder: string, start: string, state: string) => `${elder} · ${start} 开始 · ${state}`,
  caregiverTip: (name: string, elder: string, state: string, age: string) =>
    `${name} → ${elder}（${state}）· 定位于${age}`,
  lateBy: (m: number) => `迟约 ${m} 分钟`,
  start: '开始',
  deadline: '最晚',
  eta: '预计到达',
  distance: (m: number) => `距老人家约 ${(m / 1000).toFixed(1)} 公里`,
  fixAge: (age: string) => `定位于${age}`,
  alarmTip: (type: string, elder: string | null, state: string) => `${type} · ${elder ?? '未绑定老人'} · ${state}`,
  routeTip: '最后定位到老人家（直线）',
} as const;
