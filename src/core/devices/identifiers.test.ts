import { describe, expect, it } from 'vitest';
import { imeiProblem, imeiValid, simValid } from './identifiers.js';
import { DEFAULT_FREE_TERMINAL_RULES, freeTerminalRulesOf, necessaryFacts } from './free-terminal.js';

describe('terminal numbers', () => {
  it('checks an IMEI’s Luhn digit (3GPP TS 23.003)', () => {
    // The example IMEI of the standard's literature and a real handset's.
    expect(imeiValid('490154203237518')).toBe(true);
    expect(imeiValid('356938035643809')).toBe(true);
    expect(imeiProblem('490154203237519')).toBe('check_digit');
    expect(imeiProblem('49015420323751')).toBe('length');
    expect(imeiProblem('49015420323751X')).toBe('length');
  });
  it('takes an 11-digit mobile or a 13-digit IoT number as a SIM', () => {
    expect(simValid('13812345678')).toBe(true);
    expect(simValid('1440123456789')).toBe(true);
    expect(simValid('1381234567')).toBe(false);
    expect(simValid('23812345678')).toBe(false);
  });
});

describe('the free-terminal condition', () => {
  it('defaults to 70+ living alone, an example, and takes a district’s own as not an example', () => {
    expect(freeTerminalRulesOf({})).toEqual(DEFAULT_FREE_TERMINAL_RULES);
    expect(DEFAULT_FREE_TERMINAL_RULES.example).toBe(true);
    const own = { condition: { field: 'age' as const, op: 'gte' as const, value: 80 } };
    expect(freeTerminalRulesOf({ freeTerminal: own })).toEqual({ ...own, example: false });
  });
  it('narrows a query only by what every entitled elder has', () => {
    expect(necessaryFacts(DEFAULT_FREE_TERMINAL_RULES.condition)).toEqual({
      minAge: 70,
      flags: ['alone'],
      categories: [],
    });
    // An "any" promises nothing about any one of its parts.
    expect(
      necessaryFacts({
        any: [
          { field: 'age', op: 'gte', value: 70 },
          { field: 'category', op: 'has', value: 'dibao' },
        ],
      }),
    ).toEqual({ minAge: null, flags: [], categories: [] });
  });
});
