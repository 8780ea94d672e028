import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addWorkingDays,
  deadlineAfterCalendarDays,
  isWorkingDay,
  nextWorkingDayOnOrAfter,
  workingDaysBetween,
  type WorkCalendar,
} from './working-days.js';

// The published 2025-2026 exceptions around the holidays the tests use.
const cal: WorkCalendar = {
  holidays: new Set([
    '2025-01-28',
    '2025-01-29',
    '2025-01-30',
    '2025-01-31',
    '2025-02-03',
    '2025-02-04',
    '2025-10-01',
    '2025-10-02',
    '2025-10-03',
    '2025-10-06',
    '2025-10-07',
    '2025-10-08',
    '2026-02-16',
    '2026-02-17',
    '2026-02-18',
    '2026-02-19',
    '2026-02-20',
    '2026-02-23',
    '2026-10-01',
    '2026-10-02',
    '2026-10-05',
    '2026-10-06',
    '2026-10-07',
  ]),
  workdays: new Set([
    '2025-01-26',
    '2025-02-08',
    '2025-09-28',
    '2025-10-11',
    '2026-02-14',
    '2026-02-28',
    '2026-09-20',
    '2026-10-10',
  ]),
};
const plain: WorkCalendar = { holidays: new Set(), workdays: new Set() };

describe('working days', () => {
  it('knows weekends, holidays and 调休 weekends', () => {
    expect(isWorkingDay('2026-11-23', cal)).toBe(true); // Monday
    expect(isWorkingDay('2026-11-22', cal)).toBe(false); // Sunday
    expect(isWorkingDay('2026-02-18', cal)).toBe(false); // Spring Festival, Wednesday
    expect(isWorkingDay('2026-02-14', cal)).toBe(true); // Saturday worked before Spring Festival
  });
  it('counts across Spring Festival 2026', () => {
    // Friday 13 Feb + 3 working days: Sat 14 (worked), then the holiday to Mon 23, then Tue 24, Wed 25.
    expect(addWorkingDays('2026-02-13', 3, cal)).toBe('2026-02-25');
    expect(workingDaysBetween('2026-02-13', '2026-02-25', cal)).toBe(3);
  });
  it('counts across National Day 2025 with its two worked weekends', () => {
    // Fri 26 Sep + 10 working days: Sun 28 (worked), Mon 29, Tue 30, [1-8 off], Thu 9, Fri 10,
    // Sat 11 (worked), Mon 13, Tue 14, Wed 15, Thu 16.
    expect(addWorkingDays('2025-09-26', 10, cal)).toBe('2025-10-16');
    expect(addWorkingDays('2025-09-26', 10, plain)).toBe('2025-10-10');
  });
  it('counts a 调休 Saturday as a working day', () => {
    expect(addWorkingDays('2026-10-09', 1, cal)).toBe('2026-10-10');
    expect(addWorkingDays('2026-10-09', 1, plain)).toBe('2026-10-12');
  });
  it('moves a deadline that falls on a day off to the next working day', () => {
    expect(deadlineAfterCalendarDays('2026-09-26', 5, cal)).toBe('2026-10-08'); // 1 Oct is a holiday
    expect(nextWorkingDayOnOrAfter('2026-11-21', cal)).toBe('2026-11-23');
    expect(addWorkingDays('2026-11-21', 0, cal)).toBe('2026-11-23');
  });
  it('adding then counting gives back n (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 730 }), fc.integer({ min: 1, max: 30 }), (offset, n) => {
        const start = new Date(Date.UTC(2025, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
        const end = addWorkingDays(start, n, cal);
        expect(workingDaysBetween(start, end, cal)).toBe(n);
        expect(isWorkingDay(end, cal)).toBe(true);
      }),
    );
  });
});
