// Visit verification (行程跟踪, like electronic visit verification in US home care): a visit
// counts when the caregiver checked in and out near the elder's home and stayed long enough.
// Otherwise it is an exception with a reason code, which the provider and the street accept or
// reject with a resolution code (Sandata's practice); only verified or accepted visits are billed.
import { haversineMeters, type LngLat } from '../geo/geo.js';

export interface VerificationRules {
  /** Check-in and check-out within this many metres of the elder's location (default 200 m). */
  maxDistanceM: number;
  /** The visit must last at least this share of the booked duration (default 0.8). */
  minDurationShare: number;
}
export const DEFAULT_VERIFICATION_RULES: VerificationRules = { maxDistanceM: 200, minDurationShare: 0.8 };

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
  'too_short',
] as const;
export type ExceptionCode = (typeof EXCEPTION_CODES)[number];

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
  exceptions: { code: ExceptionCode; message: string }[];
  durationMinutes: number | null;
  checkInDistanceM: number | null;
  checkOutDistanceM: number | null;
}

export function verifyVisit(
  home: LngLat,
  bookedMinutes: number,
  checkIn: Punch | null,
  checkOut: Punch | null,
  rules: VerificationRules,
): VerificationResult {
  const exceptions: VerificationResult['exceptions'] = [];
  const distance = (p: Punch | null) => (p?.position ? Math.round(haversineMeters(home, p.position)) : null);
  const inM = distance(checkIn),
    outM = distance(checkOut);
  if (!checkIn) exceptions.push({ code: 'no_check_in', message: '没有签到记录' });
  if (!checkOut) exceptions.push({ code: 'no_check_out', message: '没有签退记录' });
  if ((checkIn && !checkIn.position) || (checkOut && !checkOut.position))
    exceptions.push({ code: 'no_location', message: '签到或签退时没有取得位置' });
  if (inM !== null && inM > rules.maxDistanceM)
    exceptions.push({ code: 'check_in_far', message: `签到位置距老人住址 ${inM} 米，超过 ${rules.maxDistanceM} 米` });
  if (outM !== null && outM > rules.maxDistanceM)
    exceptions.push({ code: 'check_out_far', message: `签退位置距老人住址 ${outM} 米，超过 ${rules.maxDistanceM} 米` });
  const durationMinutes =
    checkIn && checkOut ? Math.max(0, Math.round((checkOut.at.getTime() - checkIn.at.getTime()) / 60_000)) : null;
  // Whole minutes against a share of the booking; 0.8 × 90 = 72 minutes.
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
