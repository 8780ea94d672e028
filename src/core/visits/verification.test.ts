import { describe, expect, it } from 'vitest';
import { DEFAULT_VERIFICATION_RULES as R, verifyVisit } from './verification.js';

const home = { lng: 103.8343, lat: 36.0611 };
const at = (min: number) => new Date(Date.UTC(2026, 10, 23, 1, 0) + min * 60_000);
// About 111 m per 0.001 degree of latitude.
const near = { lng: 103.8343, lat: 36.0625 }; // ~156 m
const far = { lng: 103.8343, lat: 36.0631 }; // ~222 m
const away30km = { lng: 103.8343, lat: 36.3311 };

describe('visit verification', () => {
  it('verifies a visit that starts and ends at home and lasts long enough', () => {
    const r = verifyVisit(home, 90, { at: at(0), position: near }, { at: at(72), position: home }, R);
    expect(r).toMatchObject({
      verified: true,
      exceptions: [],
      durationMinutes: 72,
      checkInDistanceM: 156,
      checkOutDistanceM: 0,
    });
  });
  it('flags a check-in beyond the distance, e.g. 30 km away', () => {
    const r = verifyVisit(home, 60, { at: at(0), position: away30km }, { at: at(60), position: home }, R);
    expect(r.verified).toBe(false);
    expect(r.exceptions.map((e) => e.code)).toEqual(['check_in_far']);
    expect(r.exceptions[0].message).toMatch(/距老人住址 3\d{4} 米/);
    expect(
      verifyVisit(home, 60, { at: at(0), position: home }, { at: at(60), position: far }, R).exceptions.map(
        (e) => e.code,
      ),
    ).toEqual(['check_out_far']);
  });
  it('flags a visit shorter than the share of the booking, to the minute', () => {
    expect(
      verifyVisit(home, 90, { at: at(0), position: home }, { at: at(71), position: home }, R).exceptions.map(
        (e) => e.code,
      ),
    ).toEqual(['too_short']);
    expect(verifyVisit(home, 90, { at: at(0), position: home }, { at: at(72), position: home }, R).verified).toBe(true);
  });
  it('flags missing punches and positions', () => {
    expect(verifyVisit(home, 60, { at: at(0), position: home }, null, R).exceptions.map((e) => e.code)).toEqual([
      'no_check_out',
    ]);
    expect(
      verifyVisit(home, 60, { at: at(0), position: null }, { at: at(60), position: home }, R).exceptions.map(
        (e) => e.code,
      ),
    ).toEqual(['no_location']);
  });
  it('follows the configured tolerance', () => {
    const loose = { maxDistanceM: 250, minDurationShare: 0.5 };
    expect(verifyVisit(home, 60, { at: at(0), position: far }, { at: at(30), position: home }, loose).verified).toBe(
      true,
    );
  });
});
