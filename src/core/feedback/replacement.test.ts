import { describe, expect, it } from 'vitest';
import { DEFAULT_REPLACEMENT_RULES as R, replacementTrigger } from './replacement.js';

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
