// Visit verification (行程跟踪, like electronic visit verification in US home care): a visit
// counts when the caregiver checked in near the elder's home and within the allowed window
// around the booked start, checked out near the home, and stayed long enough. Otherwise it is
// an exception with a reason code, which the provider and the street accept or reject with a
// resolution code (Sandata's practice); only verified or accepted visits are billed.
import { haversineMeters, type LngLat } from '../geo/geo.js';
import { formatLocalTime } from '../local-time.js';

export interface VerificationRules {
  /** Check-in and check-out within this many metres of the elder's location (default 200 m). */
  maxDistanceM: number;
  /** The visit must last at least this share of the booked duration (default 0.8). */
  minDurationShare: number;
  /** Check-in may be this many minutes before the booked start (default 30). */
  checkInEarlyMinutes: number;
  /** …and this many minutes after it (default 60). */
  checkInLateMinutes: number;
}
export const DEFAULT_VERIFICATION_RULES: VerificationRules = {
  maxDistanceM: 200,
  minDurationShare: 0.8,
  checkInEarlyMinutes: 30,
  checkInLateMinutes: 60,
};

/** The booked time of the visit. */
export interface Booking {
  startAt: Date;
  endAt: Date;
}

export interface Punch {
  at: Date;
  position: LngLat | null;
}

export const EXCEPTION_CODES = [
  'no_check_in',
  'no_check_out',
  'no_location',
  'check_in_far',
  'check_out_far',
  'check_in_early',
  'check_in_late',
  'too_short',
] as const;
export type ExceptionCode = (typeof EXCEPTION_CODES)[number];
export interface VisitException {
  code: ExceptionCode;
  message: string;
}

/** Why the caregiver says it happened (entered when an exception is explained). */
export const REASON_CODES = [
  'gps_unavailable',
  'service_away_from_home',
  'elder_moved_temporarily',
  'forgot_to_punch',
  'elder_ended_early',
  'other',
] as const;
/** How the provider or street settled it. */
export const RESOLUTION_CODES = ['accepted_evidence', 'accepted_call_confirmed', 'rejected_not_billable'] as const;

export interface VerificationResult {
  verified: boolean;
  exceptions: VisitException[];
  durationMinutes: number | null;
  checkInDistanceM: number | null;
  checkOutDistanceM: number | null;
}

/** What a check-in alone can already tell: its distance and whether it is inside the window. */
export interface CheckInCheck {
  exceptions: VisitException[];
  checkInDistanceM: number | null;
}

/** When check-in is allowed: from the booked start less the early minutes to the start plus the late ones, both ends included. */
export function checkInWindow(
  startAt: Date,
  rules: Pick<VerificationRules, 'checkInEarlyMinutes' | 'checkInLateMinutes'>,
): { from: Date; to: Date } {
  return {
    from: new Date(startAt.getTime() - rules.checkInEarlyMinutes * 60_000),
    to: new Date(startAt.getTime() + rules.checkInLateMinutes * 60_000),
  };
}

/** "08:30" in Shanghai time, or "11-22 08:30" when it is not on the day of `day`. */
export function clockTime(d: Date, day: Date): string {
  const t = formatLocalTime(d),
    ref = formatLocalTime(day);
  return t.slice(0, 10) === ref.slice(0, 10) ? t.slice(11) : t.slice(5);
}

/** "1 小时 20 分钟", "45 分钟", "17 小时". */
function span(minutes: number): string {
  const h = Math.floor(minutes / 60),
    m = minutes % 60;
  return [h ? `${h} 小时` : '', m || !h ? `${m} 分钟` : ''].filter(Boolean).join(' ');
}

const distanceTo = (home: LngLat, p: Punch | null) =>
  p?.position ? Math.round(haversineMeters(home, p.position)) : null;

/** The checks a check-in can fail by itself: no position, too far from home, outside the time window. */
export function checkCheckIn(home: LngLat, booking: Booking, checkIn: Punch, rules: VerificationRules): CheckInCheck {
  const exceptions: VisitException[] = [];
  const inM = distanceTo(home, checkIn);
  if (!checkIn.position) exceptions.push({ code: 'no_location', message: '签到时没有取得位置' });
  if (inM !== null && inM > rules.maxDistanceM)
    exceptions.push({ code: 'check_in_far', message: `签到位置距老人住址 ${inM} 米，超过 ${rules.maxDistanceM} 米` });
  exceptions.push(...timeExceptions(booking, checkIn.at, rules));
  return { exceptions, checkInDistanceM: inM };
}

/** The minute a moment falls in: the span agrees with the clock times shown beside it. */
const wholeMinute = (d: Date) => Math.floor(d.getTime() / 60_000);

function timeExceptions(booking: Booking, at: Date, rules: VerificationRules): VisitException[] {
  const { from, to } = checkInWindow(booking.startAt, rules);
  const start = booking.startAt;
  const allowed = `可签到时间 ${clockTime(from, start)}–${clockTime(to, start)}`;
  if (at < from) {
    const early = wholeMinute(start) - wholeMinute(at);
    return [
      {
        code: 'check_in_early',
        message: `签到时间 ${clockTime(at, start)} 比预约开始 ${clockTime(start, start)} 早 ${span(early)}，超过可提前的 ${rules.checkInEarlyMinutes} 分钟（${allowed}）`,
      },
    ];
  }
  if (at > to) {
    const late = wholeMinute(at) - wholeMinute(start);
    return [
      {
        code: 'check_in_late',
        message: `签到时间 ${clockTime(at, start)} 比预约开始 ${clockTime(start, start)} 晚 ${span(late)}，超过可迟到的 ${rules.checkInLateMinutes} 分钟（${allowed}）`,
      },
    ];
  }
  return [];
}

export function verifyVisit(
  home: LngLat,
  booking: Booking,
  checkIn: Punch | null,
  checkOut: Punch | null,
  rules: VerificationRules,
): VerificationResult {
  const exceptions: VisitException[] = [];
  const inM = distanceTo(home, checkIn),
    outM = distanceTo(home, checkOut);
  if (!checkIn) exceptions.push({ code: 'no_check_in', message: '没有签到记录' });
  if (!checkOut) exceptions.push({ code: 'no_check_out', message: '没有签退记录' });
  if ((checkIn && !checkIn.position) || (checkOut && !checkOut.position))
    exceptions.push({ code: 'no_location', message: '签到或签退时没有取得位置' });
  if (inM !== null && inM > rules.maxDistanceM)
    exceptions.push({ code: 'check_in_far', message: `签到位置距老人住址 ${inM} 米，超过 ${rules.maxDistanceM} 米` });
  if (outM !== null && outM > rules.maxDistanceM)
    exceptions.push({ code: 'check_out_far', message: `签退位置距老人住址 ${outM} 米，超过 ${rules.maxDistanceM} 米` });
  if (checkIn) exceptions.push(...timeExceptions(booking, checkIn.at, rules));
  const durationMinutes =
    checkIn && checkOut ? Math.max(0, Math.round((checkOut.at.getTime() - checkIn.at.getTime()) / 60_000)) : null;
  // Whole minutes against a share of the booking; 0.8 × 90 = 72 minutes.
  const bookedMinutes = Math.round((booking.endAt.getTime() - booking.startAt.getTime()) / 60_000);
  const needed = Math.ceil(bookedMinutes * rules.minDurationShare);
  if (durationMinutes !== null && durationMinutes < needed) {
    exceptions.push({
      code: 'too_short',
      message: `服务 ${durationMinutes} 分钟，少于预约时长 ${bookedMinutes} 分钟的 ${Math.round(rules.minDurationShare * 100)}%（${needed} 分钟）`,
    });
  }
  return {
    verified: exceptions.length === 0,
    exceptions,
    durationMinutes,
    checkInDistanceM: inM,
    checkOutDistanceM: outM,
  };
}

/** "150 米", "5.0 公里". */
function distanceWords(m: number): string {
  return m < 1000 ? `${m} 米` : `${(m / 1000).toFixed(1)} 公里`;
}

/**
 * What the caregiver's phone says, in her words, right after she punches: at check-in what the
 * check-in alone shows (it is recorded all the same — she is at the door), at check-out why the
 * visit was not verified. One sentence per exception, in the order of the exceptions.
 */
export function caregiverNotices(
  stage: 'check_in' | 'check_out',
  r: { exceptions: VisitException[]; checkInDistanceM: number | null; checkOutDistanceM?: number | null },
  booking: Booking,
  rules: VerificationRules,
): string[] {
  const { from, to } = checkInWindow(booking.startAt, rules);
  const window = `可签到时间 ${clockTime(from, booking.startAt)}–${clockTime(to, booking.startAt)}`;
  const now = stage === 'check_in' ? '现在' : '签到时';
  return r.exceptions.map((e): string => {
    switch (e.code) {
      case 'no_check_in':
        return '没有签到记录';
      case 'no_check_out':
        return '没有签退记录';
      case 'no_location':
        return '没有取得您的位置，请打开手机定位';
      case 'check_in_far':
        return `${stage === 'check_in' ? '' : '签到时'}您不在老人家附近（距离约 ${distanceWords(r.checkInDistanceM ?? 0)}，允许 ${rules.maxDistanceM} 米）`;
      case 'check_out_far':
        return `签退时您不在老人家附近（距离约 ${distanceWords(r.checkOutDistanceM ?? 0)}，允许 ${rules.maxDistanceM} 米）`;
      case 'check_in_early':
        return `${now}不在预约时间内，比可签到时间早（${window}）`;
      case 'check_in_late':
        return `${now}不在预约时间内，比可签到时间晚（${window}）`;
      case 'too_short':
        return `服务时间不够：${e.message}`;
    }
  });
}
