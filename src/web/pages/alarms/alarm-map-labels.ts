// The alarm map's words and colours, in one place.
/** The trail drawn covers this many hours before the alarm (and since, while it is open). */
export const TRAIL_HOURS = 6;

export const ALARM_MAP_COLORS = {
  home: '#16a34a',
  fix: '#2563eb',
  alarm: '#dc2626',
  caregiver: '#0d9488',
  trail: '#7c3aed',
  zone: '#16a34a',
} as const;

export const ALARM_MAP_LABELS = {
  home: '老人住址',
  alarmAt: (at: string) => `报警位置（${at}）`,
  lastFix: (at: string, accuracy: string) => `设备最后定位 ${at}，${accuracy}`,
  caregiver: (name: string, provider: string, m: number) => `${name}（${provider}）约 ${(m / 1000).toFixed(1)} 公里`,
  zone: (name: string, r: number) => `安全区域：${name}（半径 ${r} 米）`,
  trail: (h: number) => `报警前 ${h} 小时起的轨迹`,
  legend: (n: number, h: number) =>
    `家：住址 · 警：报警位置 · 表：设备最后定位（圆圈为精度）· 护：附近服务人员 · 紫线：报警前 ${h} 小时起的轨迹（${n} 个点）`,
  lostTitle: '走失报警：老人已离开安全区域',
  lostFix: (at: string, age: string, accuracy: string) => `最后定位于 ${at}（${age}），${accuracy}`,
  fromHome: (m: number) => `距住址约 ${m >= 1000 ? `${(m / 1000).toFixed(1)} 公里` : `${m} 米`}`,
  zones: (list: string) => `安全区域：${list}`,
  noZones: '尚未设置安全区域',
  nothing: '没有可在地图上显示的位置（设备未定位、老人住址无坐标）',
} as const;
