// The call centre's rules, kept inside the district's provider-rules versions so they change
// on a date like every other policy figure: how visits are verified, how many completed
// orders are called back, how late is "late" on the console, how long a complaint may take,
// when a caregiver must be replaced, and how far ahead recurring plans make orders.
import { DEFAULT_VERIFICATION_RULES, type VerificationRules } from '../visits/verification.js';
import { DEFAULT_REPLACEMENT_RULES, type ReplacementRules } from '../feedback/replacement.js';

export interface CallCentreRules {
  verification: VerificationRules;
  /** Share of completed orders that get a call-back, in percent (100 = every one). */
  callbackSamplePercent: number;
  /** A call-back falls due this many hours after check-out (the next day by default). */
  callbackAfterHours: number;
  /** Send the elder an SMS asking for a rating after each completed visit. */
  smsRating: boolean;
  /** An accepted order not checked in by start + this many minutes is late on the console. */
  checkInGraceMinutes: number;
  /** A complaint is to be answered within this many working days. */
  complaintWorkingDays: number;
  replacement: ReplacementRules;
  /** Recurring plans make their orders this many days ahead. */
  planHorizonDays: number;
  /**
   * Plan orders start confirmed, without the operator's call. Off by default: the seed has the
   * operator confirm the day's items and time with the elder first — 「话务员……向自己所负责的街道里的
   * 老人确认当天的服务项目和服务时间,待服务工单确认后,再进行工单分配」 (000 范文3 L119).
   */
  autoConfirmPlanOrders: boolean;
  /** The longest visit one order may book, in hours: a typing slip must not book ten years. */
  maxVisitHours: number;
  /** How far ahead an order may be booked, in days. */
  bookingHorizonDays: number;
  /**
   * The call centre's number, named in every SMS, bill and public page that gives one. A setting
   * per district: Lanzhou's is 965885 — 「借助“965885”服务系统,虚拟养老院发挥 24 小时管理服务的优势」
   * (000 范文3 L111) — elsewhere 12349 — 「12349居家养老呼叫服务中心」 (001 第五篇 L194),
   * 「12349“孝行通”居家养老服务」 (002 第9篇 L423). The default 12349 is an example value.
   */
  hotline: string;
  /**
   * Alarm cases (issue 17): an alarm not acknowledged this many seconds after it was raised is
   * escalated to every operator and the district's supervisors.
   */
  alarmAckSeconds: number;
  /**
   * Targets for the share of alarms acknowledged within 60 and within 180 seconds, in percent:
   * social-alarm centres aim at about 97.5% and 99%.
   */
  alarmAck60TargetPercent: number;
  alarmAck180TargetPercent: number;
  /** A terminal silent for this many hours is listed as offline on the console. */
  deviceOfflineHours: number;
  /** A terminal reporting less battery than this (percent) is listed as low on the console. */
  lowBatteryPercent: number;
}

/**
 * What a rules version stores: any group may be missing, and a verification group stored before
 * the check-in window existed has no window; the defaults fill what is missing.
 */
export type StoredCallCentreRules = Partial<Omit<CallCentreRules, 'verification' | 'replacement'>> & {
  /** A replacement group stored before `blockOnOpen` existed has none; the default (false) fills it. */
  replacement?: Omit<ReplacementRules, 'blockOnOpen'> & Partial<Pick<ReplacementRules, 'blockOnOpen'>>;
  verification?: Omit<VerificationRules, 'checkInEarlyMinutes' | 'checkInLateMinutes'> &
    Partial<Pick<VerificationRules, 'checkInEarlyMinutes' | 'checkInLateMinutes'>>;
};

export const DEFAULT_CALL_CENTRE_RULES: CallCentreRules = {
  verification: DEFAULT_VERIFICATION_RULES,
  callbackSamplePercent: 100,
  callbackAfterHours: 24,
  smsRating: true,
  checkInGraceMinutes: 15,
  complaintWorkingDays: 5,
  replacement: DEFAULT_REPLACEMENT_RULES,
  planHorizonDays: 7,
  autoConfirmPlanOrders: false,
  maxVisitHours: 12,
  bookingHorizonDays: 90,
  hotline: '12349',
  alarmAckSeconds: 60,
  alarmAck60TargetPercent: 97.5,
  alarmAck180TargetPercent: 99,
  deviceOfflineHours: 24,
  lowBatteryPercent: 20,
};

/** A hotline is digits and hyphens, 3–20 characters (12349, 965885, 0931-965885). */
export const HOTLINE_PATTERN = /^[0-9-]{3,20}$/;

/** Why an order's booked time cannot be taken under these rules, by field; null when it can. */
export function bookingProblem(
  startAt: Date,
  endAt: Date,
  now: Date,
  rules: Pick<CallCentreRules, 'maxVisitHours' | 'bookingHorizonDays'>,
): { field: 'startAt' | 'endAt'; message: string } | null {
  if (endAt.getTime() - startAt.getTime() > rules.maxVisitHours * 3_600_000)
    return { field: 'endAt', message: `一次服务最长 ${rules.maxVisitHours} 小时` };
  if (startAt.getTime() - now.getTime() > rules.bookingHorizonDays * 86_400_000)
    return { field: 'startAt', message: `最多提前 ${rules.bookingHorizonDays} 天预约` };
  return null;
}

/**
 * A version's call-centre rules, the defaults filling what an older version does not say.
 * Field by field within a group: a version stored before the check-in window existed keeps its
 * own distance and duration share and gets the default window (30 minutes early to 60 late),
 * as issue 14 decided — the window applies to every visit from the day it was introduced,
 * without a new rules version having to be entered first.
 */
export function callCentreRulesOf(params: { callCentre?: StoredCallCentreRules }): CallCentreRules {
  const given = params.callCentre ?? {};
  return {
    ...DEFAULT_CALL_CENTRE_RULES,
    ...given,
    verification: { ...DEFAULT_CALL_CENTRE_RULES.verification, ...given.verification },
    replacement: { ...DEFAULT_CALL_CENTRE_RULES.replacement, ...given.replacement },
  };
}

/**
 * Whether a completed order is called back: a fixed hash of its id against the sampling rate,
 * so the choice is the same on every server and a re-run, and spreads evenly over orders.
 */
export function sampledForCallback(orderId: number, percent: number): boolean {
  if (percent >= 100) return true;
  if (percent <= 0) return false;
  // Knuth's multiplicative hash: consecutive ids land far apart in 0..9999.
  const bucket = (Math.imul(orderId, 2654435761) >>> 0) % 10_000;
  return bucket < percent * 100;
}
