// How the web shows alarm cases: the shared labels, and the colours of states and time waited.
export {
  ALARM_ACTION_LABELS,
  ALARM_OUTCOME_LABELS,
  ALARM_STATE_LABELS,
  ALARM_TYPE_LABELS,
  alarmTypeLabel,
} from '../../../core/alarms/alarm-labels.js';

export const ALARM_STATE_COLORS: Record<string, string> = { open: 'red', acknowledged: 'orange', closed: 'default' };

/** "2 分 05 秒" from seconds. */
export function duration(seconds: number | null): string {
  if (seconds === null) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} 秒`;
  if (s < 3600) return `${Math.floor(s / 60)} 分 ${String(s % 60).padStart(2, '0')} 秒`;
  return `${Math.floor(s / 3600)} 小时 ${Math.floor((s % 3600) / 60)} 分`;
}

// The server's clock less the browser's, from the instants the console stream sends: a waiting
// time is counted on the server's clock, not on a browser's that may be off.
let serverOffsetMs = 0;
export const setServerNow = (iso: string) => {
  serverOffsetMs = Date.parse(iso) - Date.now();
};

/** How long ago, from the server's instant to the server's now. */
export const secondsSince = (iso: string, now = Date.now() + serverOffsetMs) => (now - Date.parse(iso)) / 1000;

/** "03-02 09:00:05" in the browser's (Shanghai) time. */
export const when = (iso: string | null) =>
  iso
    ? new Date(iso).toLocaleString('zh-CN', {
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hour12: false,
      })
    : '—';
