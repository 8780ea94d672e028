// What an alarm case's codes are called, for the console, the lists, the SMS and the CSV.
import type { AlarmActionKind, AlarmOutcome, AlarmState } from './alarm-case.js';
import type { AlarmType } from '../devices/device-event.js';

export const ALARM_TYPE_LABELS: Record<AlarmType, string> = {
  sos: '紧急呼叫',
  fall: '跌倒报警',
  low_battery: '低电量',
  geofence: '离开安全区域',
  offline: '设备离线',
  removed: '摘下设备',
  other: '其他报警',
};

export const ALARM_STATE_LABELS: Record<AlarmState, string> = {
  open: '待接警',
  acknowledged: '处置中',
  closed: '已结案',
};

export const ALARM_OUTCOME_LABELS: Record<AlarmOutcome, string> = {
  false_alarm: '误报',
  helped_home: '居家处置',
  hospital: '送医',
  died: '死亡',
  other: '其他',
};

export const ALARM_ACTION_LABELS: Record<AlarmActionKind, string> = {
  called_elder: '致电老人',
  called_contact: '致电联系人',
  notified_community: '短信通知社区/网格员',
  dispatched: '派服务人员',
  called_120: '呼叫 120',
  note: '备注',
};

export const alarmTypeLabel = (t: string) => ALARM_TYPE_LABELS[t as AlarmType] ?? t;
