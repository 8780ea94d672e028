import { describe, expect, it } from 'vitest';
import { planDates, planProblems, planStopReason, shanghaiInstant } from './occurrences.js';

const weekdays = {
  weekdays: [1, 2, 3, 4, 5],
  startTime: '09:00',
  endTime: '11:00',
  startsOn: '2026-11-23',
  endsOn: null,
};

describe('recurring plans', () => {
  it('makes orders on its weekdays only, within the window asked for', () => {
    expect(planDates(weekdays, '2026-11-23', '2026-11-30')).toEqual([
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
      '2026-11-30',
    ]);
    expect(planDates({ ...weekdays, weekdays: [6, 7] }, '2026-11-23', '2026-11-30')).toEqual([
      '2026-11-28',
      '2026-11-29',
    ]);
  });
  it('not before it starts nor after it ends', () => {
    expect(
      planDates({ ...weekdays, startsOn: '2026-11-26', endsOn: '2026-11-27' }, '2026-11-23', '2026-12-31'),
    ).toEqual(['2026-11-26', '2026-11-27']);
    expect(planDates(weekdays, '2026-11-30', '2026-11-29')).toEqual([]);
  });
  it('local times are Beijing time', () => {
    expect(shanghaiInstant('2026-11-23', '09:00').toISOString()).toBe('2026-11-23T01:00:00.000Z');
  });
  it('stops when the elder dies or moves away, or the plan ends', () => {
    expect(planStopReason(weekdays, 'deceased', '2026-11-23')).toBe('老人已去世');
    expect(planStopReason(weekdays, 'moved_out', '2026-11-23')).toBe('老人已迁出');
    expect(planStopReason({ ...weekdays, endsOn: '2026-11-22' }, 'active', '2026-11-23')).toBe('计划已到结束日期');
    expect(planStopReason(weekdays, 'active', '2026-11-23')).toBeNull();
    expect(planStopReason(weekdays, 'suspended', '2026-11-23')).toBeNull();
  });
  it('names the field of a bad plan', () => {
    expect(
      planProblems(
        { ...weekdays, weekdays: [], endTime: '08:00', startsOn: '2026-11-01', endsOn: '2026-10-01' },
        '2026-11-23',
      ).map((p) => p.field),
    ).toEqual(['weekdays', 'endTime', 'startsOn', 'endsOn']);
  });
});
