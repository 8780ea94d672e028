// An alarm case's life as plain rules: what may be done to a case in each state, when an
// unacknowledged case is escalated, and the figures a social-alarm centre is judged by.
export const ALARM_STATES = ['open', 'acknowledged', 'closed'] as const;
export type AlarmState = (typeof ALARM_STATES)[number];

export const ALARM_OUTCOMES = ['false_alarm', 'helped_home', 'hospital', 'died', 'other'] as const;
export type AlarmOutcome = (typeof ALARM_OUTCOMES)[number];

export const ALARM_ACTION_KINDS = [
  'called_elder',
  'called_contact',
  'notified_community',
  'dispatched',
  'called_120',
  'note',
] as const;
export type AlarmActionKind = (typeof ALARM_ACTION_KINDS)[number];

export type AlarmStep = 'acknowledge' | 'act' | 'close';

/**
 * Why a step cannot be taken on a case in this state, or null when it can. One operator takes a
 * case (acknowledges it) before anything is recorded on it, so every action has someone who
 * answers for it; a closed case stays closed (a new alarm opens a new case).
 */
export function alarmStepProblem(
  state: AlarmState,
  step: AlarmStep,
): 'not_open' | 'not_acknowledged' | 'closed' | null {
  if (state === 'closed') return 'closed';
  if (step === 'acknowledge') return state === 'open' ? null : 'not_open';
  return state === 'acknowledged' ? null : 'not_acknowledged';
}

/** Cases raised at or before this instant and still unacknowledged are due for escalation. */
export function escalationCutoff(now: Date, ackSeconds: number): Date {
  return new Date(now.getTime() - ackSeconds * 1000);
}

/** Whether a case is due for escalation now: still open, not escalated yet, waiting too long. */
export function escalationDue(
  c: { state: AlarmState; raisedAt: Date; escalatedAt: Date | null },
  now: Date,
  ackSeconds: number,
): boolean {
  return c.state === 'open' && c.escalatedAt === null && c.raisedAt <= escalationCutoff(now, ackSeconds);
}

export interface AlarmTimes {
  raisedAt: Date;
  acknowledgedAt: Date | null;
  closedAt: Date | null;
}

export interface AlarmFigures {
  count: number;
  acknowledged: number;
  closed: number;
  /** Share of all cases acknowledged within 60 s and within 180 s, in percent (null with no cases). */
  within60Percent: number | null;
  within180Percent: number | null;
  target60Percent: number;
  target180Percent: number;
  meets60: boolean | null;
  meets180: boolean | null;
  /** Medians over the cases that got there, in seconds. */
  medianAckSeconds: number | null;
  medianCloseSeconds: number | null;
}

/** The median of a list of numbers, or null for none (the mean of the middle two for an even count). */
export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const seconds = (from: Date, to: Date) => (to.getTime() - from.getTime()) / 1000;
const percent = (n: number, of: number) => (of === 0 ? null : Math.round((n / of) * 10_000) / 100);

/**
 * The centre's figures over a set of cases. A case not acknowledged at all counts against the
 * shares (an alarm nobody answered is the worst answer), not as missing.
 */
export function alarmFigures(
  cases: readonly AlarmTimes[],
  targets: { target60Percent: number; target180Percent: number },
): AlarmFigures {
  const ack = cases.filter((c) => c.acknowledgedAt).map((c) => seconds(c.raisedAt, c.acknowledgedAt!));
  const close = cases.filter((c) => c.closedAt).map((c) => seconds(c.raisedAt, c.closedAt!));
  const within60 = percent(ack.filter((s) => s <= 60).length, cases.length);
  const within180 = percent(ack.filter((s) => s <= 180).length, cases.length);
  return {
    count: cases.length,
    acknowledged: ack.length,
    closed: close.length,
    within60Percent: within60,
    within180Percent: within180,
    ...targets,
    meets60: within60 === null ? null : within60 >= targets.target60Percent,
    meets180: within180 === null ? null : within180 >= targets.target180Percent,
    medianAckSeconds: median(ack),
    medianCloseSeconds: median(close),
  };
}

/** Whether a terminal counts as offline (silent too long, or never heard from) or low on battery. */
export function deviceAlertOf(
  d: { lastSeenAt: Date | null; battery: number | null; createdAt: Date },
  now: Date,
  rules: { deviceOfflineHours: number; lowBatteryPercent: number },
): { offline: boolean; lowBattery: boolean } {
  const since = d.lastSeenAt ?? d.createdAt;
  return {
    offline: now.getTime() - since.getTime() > rules.deviceOfflineHours * 3_600_000,
    lowBattery: d.battery !== null && d.battery < rules.lowBatteryPercent,
  };
}
