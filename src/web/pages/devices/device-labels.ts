// The device pages' words: kinds, protocols, statuses and how old a fix is.
import type { DeviceKind } from '../../../core/devices/device-status.js';

export const DEVICE_KIND_LABELS: Record<DeviceKind, string> = {
  watch: '定位手表/胸卡',
  home_box: '居家一键通',
  fall: '跌倒报警器',
  door: '门磁感应器',
  bed: '床垫感应器',
};
export const PROTOCOL_LABELS = { watch: '手表协议（TCP）', mqtt: 'MQTT', webhook: '厂商云推送' } as const;
export const DEVICE_STATUS_LABELS = {
  online: '在线',
  low_battery: '电量低',
  never: '未上线',
  offline: '离线',
  retired: '已停用',
} as const;
export const DEVICE_STATUS_COLORS = {
  online: 'green',
  low_battery: 'orange',
  never: 'default',
  offline: 'red',
  retired: 'default',
} as const;
export const STATUS_FILTER_OPTIONS = [
  { value: 'online', label: '在线' },
  { value: 'offline', label: '离线' },
  { value: 'never', label: '未上线' },
  { value: 'low_battery', label: '电量低' },
  { value: 'unbound', label: '未绑定' },
  { value: 'retired', label: '已停用' },
];

export const kindOptions = Object.entries(DEVICE_KIND_LABELS).map(([value, label]) => ({ value, label }));
export const protocolOptions = Object.entries(PROTOCOL_LABELS).map(([value, label]) => ({ value, label }));

/** How long ago, in words an operator reads at a glance. */
export function ageText(minutes: number): string {
  if (minutes < 1) return '刚刚';
  if (minutes < 60) return `${minutes} 分钟前`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} 小时 ${minutes % 60} 分钟前`;
  return `${Math.floor(minutes / 1440)} 天前`;
}

export const timeText = (iso: string | null) =>
  iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '—';

export const accuracyText = (m: number | null) => (m == null ? '精度未知' : `误差约 ${Math.round(m)} 米`);
