import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ageOn, birthDateRangeForAges, checkDigit, maskIdNumber, parseIdNumber } from './idcard.js';

const TODAY = '2026-11-22';
const make = (first17: string) => first17 + checkDigit(first17);

describe('parseIdNumber', () => {
  it('accepts a valid number and derives birth date and sex', () => {
    const id = make('62010219450315001'); // 17th digit 1: male
    expect(parseIdNumber(id, TODAY)).toEqual({ ok: true, facts: { birthDate: '1945-03-15', sex: 'M' } });
    expect(parseIdNumber(make('62010219450315002'), TODAY)).toMatchObject({ facts: { sex: 'F' } });
  });
  it('accepts X as check character, in either case', () => {
    // 11010519491231002X is the standard's own example.
    expect(parseIdNumber('11010519491231002X', TODAY).ok).toBe(true);
    expect(parseIdNumber('11010519491231002x', TODAY).ok).toBe(true);
  });
  it('refuses wrong length, characters, region, dates and check digits', () => {
    expect(parseIdNumber('62010219450315001', TODAY)).toEqual({ ok: false, problem: 'length' });
    expect(parseIdNumber('6201021945031500AB', TODAY)).toEqual({ ok: false, problem: 'characters' });
    expect(parseIdNumber(make('99010219450315001'), TODAY)).toEqual({ ok: false, problem: 'region' });
    expect(parseIdNumber(make('62010219450230001'), TODAY)).toEqual({ ok: false, problem: 'birth_date' });
    expect(parseIdNumber(make('62010220300101001'), TODAY)).toEqual({ ok: false, problem: 'future_birth' });
    const good = make('62010219450315001');
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    expect(parseIdNumber(bad, TODAY)).toEqual({ ok: false, problem: 'check_digit' });
  });
  it('any single-digit change in the first 17 is caught by the check digit (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (pos, delta) => {
        const id = make('62010219450315001');
        const changed = id.slice(0, pos) + String((Number(id[pos]) + delta) % 10) + id.slice(pos + 1);
        const r = parseIdNumber(changed, TODAY);
        expect(r.ok).toBe(false);
      }),
    );
  });
  it('masks all but the first and last character, so the birth date cannot complete it', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('1****************X');
    // A mask stored in the old 3 + 4 form becomes the new one.
    expect(maskIdNumber('110***********002X')).toBe('1****************X');
    expect(maskIdNumber('11010519491231002X')).not.toContain('0519');
  });
});

describe('ageOn', () => {
  it('counts whole years, the birthday itself included', () => {
    expect(ageOn('1946-11-22', '2026-11-22')).toBe(80);
    expect(ageOn('1946-11-23', '2026-11-22')).toBe(79);
    expect(ageOn('1948-02-29', '2027-02-28')).toBe(78);
    expect(ageOn('1948-02-29', '2027-03-01')).toBe(79);
  });
  it('birth-date ranges for an age band agree with ageOn (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40000 }), (days) => {
        const birth = new Date(Date.UTC(1900, 0, 1) + days * 86_400_000).toISOString().slice(0, 10);
        const { from, to } = birthDateRangeForAges(80, 89, TODAY);
        const inBand = birth <= to && birth >= from!;
        const age = ageOn(birth, TODAY);
        expect(inBand).toBe(age >= 80 && age <= 89);
      }),
    );
  });
});
