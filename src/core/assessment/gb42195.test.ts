import { describe, expect, it } from 'vitest';
import { ITEMS, answerProblems, gradeForTotal, nextDueDate, scoreAssessment } from './gb42195.js';

const best = Object.fromEntries(ITEMS.map((i) => [i.code, i.options[0].key]));
const worst = Object.fromEntries(
  ITEMS.map((i) => [i.code, i.options.find((o) => o.score === 0 && o.key !== 'coma')!.key]),
);
const plain = { dementiaOrMentalDisorder: false, riskEventsLast30Days: 0 };

describe('GB/T 42195-2022 scoring', () => {
  it('has 26 items: 8 + 4 + 9 + 5, worth 32 + 15 + 28 + 15 = 90', () => {
    expect(ITEMS).toHaveLength(26);
    const r = scoreAssessment({ answers: best, ...plain });
    expect(r.dimensions).toEqual({ selfCare: 32, mobility: 15, mental: 28, perception: 15 });
    expect(r.total).toBe(90);
    expect(r.grade).toBe('intact');
    expect(scoreAssessment({ answers: worst, ...plain }).total).toBe(0);
  });
  it.each([
    [90, 'intact'],
    [89, 'mild'],
    [66, 'mild'],
    [65, 'moderate'],
    [46, 'moderate'],
    [45, 'severe'],
    [30, 'severe'],
    [29, 'complete'],
    [0, 'complete'],
  ] as const)('total %i is %s', (total, grade) => {
    expect(gradeForTotal(total)).toBe(grade);
  });
  it('coma means completely disabled whatever the score', () => {
    const r = scoreAssessment({ answers: { ...best, 'B3.9': 'coma' }, ...plain });
    expect(r.total).toBe(88);
    expect(r.preliminaryGrade).toBe('mild');
    expect(r.grade).toBe('complete');
  });
  it('dementia or two risk events make it one grade worse, both together still one', () => {
    expect(scoreAssessment({ answers: best, dementiaOrMentalDisorder: true, riskEventsLast30Days: 0 }).grade).toBe(
      'mild',
    );
    expect(scoreAssessment({ answers: best, dementiaOrMentalDisorder: false, riskEventsLast30Days: 2 }).grade).toBe(
      'mild',
    );
    expect(scoreAssessment({ answers: best, dementiaOrMentalDisorder: false, riskEventsLast30Days: 1 }).grade).toBe(
      'intact',
    );
    expect(scoreAssessment({ answers: best, dementiaOrMentalDisorder: true, riskEventsLast30Days: 3 }).grade).toBe(
      'mild',
    );
    expect(scoreAssessment({ answers: worst, dementiaOrMentalDisorder: true, riskEventsLast30Days: 3 }).grade).toBe(
      'complete',
    );
  });
  it('reports missing and unknown answers', () => {
    const { 'B1.1': _drop, ...rest } = best;
    expect(answerProblems({ ...rest, 'B2.4': '4' })).toEqual([
      { code: 'B1.1', problem: 'missing' },
      { code: 'B2.4', problem: 'unknown_option' },
    ]);
  });
  it('is due again a year later, at the end of a shorter month', () => {
    expect(nextDueDate('2026-03-15')).toBe('2027-03-15');
    expect(nextDueDate('2024-02-29')).toBe('2025-02-28');
  });
});
