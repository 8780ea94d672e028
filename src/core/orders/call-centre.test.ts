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
    expect(r.verification).toEqual({ maxDistanceM: 250, minDurationShare: 0.8 });
    expect(r.callbackSamplePercent).toBe(30);
    expect(r.replacement).toEqual(DEFAULT_CALL_CENTRE_RULES.replacement);
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
