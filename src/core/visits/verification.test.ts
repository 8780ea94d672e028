import { describe, expect, it } from 'vitest';
import {
  DEFAULT_VERIFICATION_RULES as R,
  caregiverNotices,
  checkCheckIn,
  checkInWindow,
  verifyVisit,
} from './verification.js';

const home = { lng: 103.8343, lat: 36.0611 };
// 09:00 in Shanghai on 23 November 2026.
const at = (min: number) => new Date(Date.UTC(2026, 10, 23, 1, 0) + min * 60_000);
const booked = (minutes: number) => ({ startAt: at(0), endAt: at(minutes) });
// About 111 m per 0.001 degree of latitude.
const near = { lng: 103.8343, lat: 36.0625 }; // ~156 m
const far = { lng: 103.8343, lat: 36.0631 }; // ~222 m
const away30km = { lng: 103.8343, lat: 36.3311 };
const away5km = { lng: 103.8343, lat: 36.1061 };
const codes = (r: { exceptions: { code: string }[] }) => r.exceptions.map((e) => e.code);

describe('visit verification', () => {
  it('verifies a visit that starts and ends at home and lasts long enough', () => {
    const r = verifyVisit(home, booked(90), { at: at(0), position: near }, { at: at(72), position: home }, R);
    expect(r).toMatchObject({
      verified: true,
      exceptions: [],
      durationMinutes: 72,
      checkInDistanceM: 156,
      checkOutDistanceM: 0,
    });
  });
  it('flags a check-in beyond the distance, e.g. 30 km away', () => {
    const r = verifyVisit(home, booked(60), { at: at(0), position: away30km }, { at: at(60), position: home }, R);
    expect(r.verified).toBe(false);
    expect(codes(r)).toEqual(['check_in_far']);
    expect(r.exceptions[0].message).toMatch(/距老人住址 3\d{4} 米/);
    expect(
      codes(verifyVisit(home, booked(60), { at: at(0), position: home }, { at: at(60), position: far }, R)),
    ).toEqual(['check_out_far']);
  });
  it('flags a visit shorter than the share of the booking, to the minute', () => {
    expect(
      codes(verifyVisit(home, booked(90), { at: at(0), position: home }, { at: at(71), position: home }, R)),
    ).toEqual(['too_short']);
    expect(
      verifyVisit(home, booked(90), { at: at(0), position: home }, { at: at(72), position: home }, R).verified,
    ).toBe(true);
  });
  it('flags missing punches and positions', () => {
    expect(codes(verifyVisit(home, booked(60), { at: at(0), position: home }, null, R))).toEqual(['no_check_out']);
    expect(
      codes(verifyVisit(home, booked(60), { at: at(0), position: null }, { at: at(60), position: home }, R)),
    ).toEqual(['no_location']);
  });
  it('follows the configured tolerance', () => {
    const loose = { ...R, maxDistanceM: 250, minDurationShare: 0.5 };
    expect(
      verifyVisit(home, booked(60), { at: at(0), position: far }, { at: at(30), position: home }, loose).verified,
    ).toBe(true);
  });
});

describe('the check-in window around the booked start', () => {
  const visit = (inAt: number, rules = R) =>
    verifyVisit(home, booked(60), { at: at(inAt), position: home }, { at: at(inAt + 60), position: home }, rules);

  it('is 30 minutes early to 60 minutes late by default', () => {
    expect(checkInWindow(at(0), R)).toEqual({ from: at(-30), to: at(60) });
  });
  it('verifies a check-in inside the window, both ends included', () => {
    for (const m of [-30, -29, -1, 0, 1, 59, 60]) expect(visit(m).verified, `${m}`).toBe(true);
    // A few seconds inside either end still counts.
    expect(visit(-30 + 1 / 60).verified).toBe(true);
    expect(visit(60 - 1 / 60).verified).toBe(true);
  });
  it('flags a check-in before the window as too early, even by a second', () => {
    expect(codes(visit(-31))).toEqual(['check_in_early']);
    expect(codes(visit(-30 - 1 / 60))).toEqual(['check_in_early']);
    // The span agrees with the clock times it is told with: 07:59:59 shows as 07:59, 1 hour 1 minute before 09:00.
    expect(visit(-60 - 1 / 60).exceptions[0].message).toBe(
      '签到时间 07:59 比预约开始 09:00 早 1 小时 1 分钟，超过可提前的 30 分钟（可签到时间 08:30–10:00）',
    );
  });
  it('flags a check-in after the window as too late, even by a second', () => {
    expect(codes(visit(61))).toEqual(['check_in_late']);
    expect(codes(visit(60 + 1 / 60))).toEqual(['check_in_late']);
    expect(visit(61).exceptions[0].message).toBe(
      '签到时间 10:01 比预约开始 09:00 晚 1 小时 1 分钟，超过可迟到的 60 分钟（可签到时间 08:30–10:00）',
    );
  });
  it('flags the finding: 17 hours early, 5 km away, 3 seconds long', () => {
    const inAt = at(-17 * 60);
    const r = verifyVisit(
      home,
      booked(120),
      { at: inAt, position: away5km },
      { at: new Date(inAt.getTime() + 3000), position: away5km },
      R,
    );
    expect(codes(r)).toEqual(['check_in_far', 'check_out_far', 'check_in_early', 'too_short']);
    // On the day before the booking, the day is named.
    expect(r.exceptions[2].message).toBe(
      '签到时间 11-22 16:00 比预约开始 09:00 早 17 小时，超过可提前的 30 分钟（可签到时间 08:30–10:00）',
    );
  });
  it('follows the dated rules: a wider or a zero window', () => {
    const wide = { ...R, checkInEarlyMinutes: 120, checkInLateMinutes: 0 };
    expect(visit(-120, wide).verified).toBe(true);
    expect(codes(visit(-121, wide))).toEqual(['check_in_early']);
    expect(visit(0, wide).verified).toBe(true);
    expect(codes(visit(1, wide))).toEqual(['check_in_late']);
  });
  it('has nothing to say of the time when there was no check-in', () => {
    expect(codes(verifyVisit(home, booked(60), null, { at: at(600), position: home }, R))).toEqual(['no_check_in']);
  });
});

describe('what the check-in alone tells, and what the phone says', () => {
  it('says nothing of a check-in at the door, on time', () => {
    const c = checkCheckIn(home, booked(60), { at: at(-10), position: near }, R);
    expect(c).toEqual({ exceptions: [], checkInDistanceM: 156 });
    expect(caregiverNotices('check_in', c, booked(60), R)).toEqual([]);
  });
  it('warns of a check-in 5 km away and 17 hours early, in her words', () => {
    const c = checkCheckIn(home, booked(60), { at: at(-17 * 60), position: away5km }, R);
    expect(codes(c)).toEqual(['check_in_far', 'check_in_early']);
    expect(caregiverNotices('check_in', c, booked(60), R)).toEqual([
      '您不在老人家附近（距离约 5.0 公里，允许 200 米）',
      '现在不在预约时间内，比可签到时间早（可签到时间 08:30–10:00）',
    ]);
  });
  it('warns of a late check-in and of one without a position', () => {
    const c = checkCheckIn(home, booked(60), { at: at(90), position: null }, R);
    expect(codes(c)).toEqual(['no_location', 'check_in_late']);
    expect(caregiverNotices('check_in', c, booked(60), R)).toEqual([
      '没有取得您的位置，请打开手机定位',
      '现在不在预约时间内，比可签到时间晚（可签到时间 08:30–10:00）',
    ]);
  });
  it('tells at check-out why the visit was not verified', () => {
    const r = verifyVisit(home, booked(60), { at: at(-40), position: home }, { at: at(-30), position: far }, R);
    expect(caregiverNotices('check_out', r, booked(60), R)).toEqual([
      '签退时您不在老人家附近（距离约 222 米，允许 200 米）',
      '签到时不在预约时间内，比可签到时间早（可签到时间 08:30–10:00）',
      '服务时间不够：服务 10 分钟，少于预约时长 60 分钟的 80%（48 分钟）',
    ]);
  });
});
