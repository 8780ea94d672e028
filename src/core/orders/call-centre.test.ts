import { describe, expect, it } from 'vitest';
import { callCentreRulesOf, DEFAULT_CALL_CENTRE_RULES, sampledForCallback } from './call-centre-rules.js';

describe('call-centre rules', () => {
  it('an older rules version without call-centre figures gets the defaults', () => {
    expect(callCentreRulesOf({})).toEqual(DEFAULT_CALL_CENTRE_RULES);
  });
  it('a version may change one figure of a group and keep the rest', () => {
    const r = callCentreRulesOf({
      callCentre: { verification: { maxDistanceM: 250 } as never, callbackSamplePercent: 30 },
    });
    expect(r.verification).toEqual({
      maxDistanceM: 250,
      minDurationShare: 0.8,
      checkInEarlyMinutes: 30,
      checkInLateMinutes: 60,
    });
    expect(r.callbackSamplePercent).toBe(30);
    expect(r.replacement).toEqual(DEFAULT_CALL_CENTRE_RULES.replacement);
  });
});

describe('the check-in window in the rules', () => {
  it('a version stored before the window existed gets the default window and keeps its own figures', () => {
    const stored = { callCentre: { verification: { maxDistanceM: 300, minDurationShare: 0.7 } as never } };
    expect(callCentreRulesOf(stored).verification).toEqual({
      maxDistanceM: 300,
      minDurationShare: 0.7,
      checkInEarlyMinutes: 30,
      checkInLateMinutes: 60,
    });
  });
  it('a version that sets the window keeps it, zero included', () => {
    const r = callCentreRulesOf({
      callCentre: {
        verification: { maxDistanceM: 200, minDurationShare: 0.8, checkInEarlyMinutes: 0, checkInLateMinutes: 120 },
      },
    });
    expect(r.verification).toMatchObject({ checkInEarlyMinutes: 0, checkInLateMinutes: 120 });
  });
});

describe('call-back sampling', () => {
  it('100% calls every order back and 0% none', () => {
    for (let id = 1; id < 500; id++) {
      expect(sampledForCallback(id, 100)).toBe(true);
      expect(sampledForCallback(id, 0)).toBe(false);
    }
  });
  it('a rate picks close to that share of consecutive orders, the same each time', () => {
    for (const percent of [10, 30, 50]) {
      let n = 0;
      for (let id = 1; id <= 10_000; id++) if (sampledForCallback(id, percent)) n++;
      expect(Math.abs(n / 100 - percent)).toBeLessThan(2);
    }
    expect(sampledForCallback(4242, 30)).toBe(sampledForCallback(4242, 30));
  });
  it('a higher rate keeps every order a lower rate picked', () => {
    for (let id = 1; id < 2000; id++) if (sampledForCallback(id, 20)) expect(sampledForCallback(id, 40)).toBe(true);
  });
});
