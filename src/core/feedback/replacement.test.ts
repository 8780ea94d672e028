import { describe, expect, it } from 'vitest';
import {
  caseStep,
  DEFAULT_REPLACEMENT_RULES as R,
  DEFAULT_REPLACEMENT_RULES,
  replacementTrigger,
} from './replacement.js';
import { callCentreRulesOf } from '../orders/call-centre-rules.js';

describe('replacement rule', () => {
  it('three complaints in one calendar month, not across two', () => {
    expect(replacementTrigger({ complaints: ['2026-11-01', '2026-11-15', '2026-11-30'], ratings: [] }, R)).toEqual({
      reason: 'complaints',
      month: '2026-11',
      count: 3,
    });
    expect(replacementTrigger({ complaints: ['2026-10-20', '2026-10-31', '2026-11-01'], ratings: [] }, R)).toBeNull();
  });
  it('two "not satisfied" in a row within seven days', () => {
    const r = replacementTrigger(
      {
        complaints: [],
        ratings: [
          { date: '2026-11-01', level: 'unsatisfied' },
          { date: '2026-11-07', level: 'unsatisfied' },
        ],
      },
      R,
    );
    expect(r).toEqual({ reason: 'unsatisfied', dates: ['2026-11-01', '2026-11-07'] });
  });
  it('not when eight days apart, nor when a better rating falls between', () => {
    expect(
      replacementTrigger(
        {
          complaints: [],
          ratings: [
            { date: '2026-11-01', level: 'unsatisfied' },
            { date: '2026-11-08', level: 'unsatisfied' },
          ],
        },
        R,
      ),
    ).toBeNull();
    expect(
      replacementTrigger(
        {
          complaints: [],
          ratings: [
            { date: '2026-11-01', level: 'unsatisfied' },
            { date: '2026-11-02', level: 'satisfied' },
            { date: '2026-11-03', level: 'unsatisfied' },
          ],
        },
        R,
      ),
    ).toBeNull();
  });
  it('a later pair within the window still counts after an early one drops off', () => {
    const ratings = [
      { date: '2026-11-01', level: 'unsatisfied' as const },
      { date: '2026-11-10', level: 'unsatisfied' as const },
      { date: '2026-11-12', level: 'unsatisfied' as const },
    ];
    expect(replacementTrigger({ complaints: [], ratings }, R)).toEqual({
      reason: 'unsatisfied',
      dates: ['2026-11-10', '2026-11-12'],
    });
  });
});

// 002 第5篇 L297: 「……由街道协调服务组织予以查实后更换服务人员」 — verification comes first.
describe('a replacement case: the street verifies, then the caregiver is replaced', () => {
  it('an open case is verified once; verified it blocks, not verified it closes without blocking', () => {
    expect(caseStep('open', { action: 'verify', verified: true })).toEqual({
      ok: true,
      state: 'verified',
      blocking: true,
    });
    expect(caseStep('open', { action: 'verify', verified: false })).toEqual({
      ok: true,
      state: 'closed',
      blocking: false,
    });
    expect(caseStep('verified', { action: 'verify', verified: false })).toMatchObject({ ok: false });
  });
  it('an open case cannot be closed before it is verified; a verified one closes and stays blocking', () => {
    expect(caseStep('open', { action: 'close' })).toMatchObject({
      ok: false,
      message: expect.stringContaining('核实'),
    });
    expect(caseStep('verified', { action: 'close' })).toEqual({ ok: true, state: 'closed', blocking: true });
    expect(caseStep('closed', { action: 'close' })).toMatchObject({ ok: false });
  });
  it('blocking at once is a rules option, off by default, and a stored version without it gets the default', () => {
    expect(DEFAULT_REPLACEMENT_RULES.blockOnOpen).toBe(false);
    const stored = { callCentre: { replacement: { complaintsPerMonth: 4, consecutiveUnsatisfied: 2, withinDays: 7 } } };
    expect(callCentreRulesOf(stored).replacement).toEqual({
      complaintsPerMonth: 4,
      consecutiveUnsatisfied: 2,
      withinDays: 7,
      blockOnOpen: false,
    });
  });
});
