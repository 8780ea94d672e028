import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkCreditCode, completeCreditCode, creditCheckChar, orgCheckChar } from './credit-code.js';

describe('unified social credit code (GB 32100)', () => {
  it('accepts published codes of real organisations', () => {
    for (const code of [
      '91350100M000100Y43',
      '91110000600037341L',
      '91330100716105852F',
      '91440300708461136T',
      '91110108551385082Q',
    ]) {
      expect(checkCreditCode(code)).toBeNull();
    }
  });
  it('accepts lower case and spaces as typed, by normalising them', () => {
    expect(checkCreditCode(' 91350100m000100y43 ')).toBeNull();
  });
  it('names what is wrong', () => {
    expect(checkCreditCode('91350100M000100Y4')).toBe('length');
    expect(checkCreditCode('91350100M000100YI3')).toBe('characters'); // I is not in the character set
    expect(checkCreditCode('C1350100M000100Y43')).toBe('department');
    expect(checkCreditCode('94350100M000100Y43')).toBe('category'); // 工商 issues categories 1-3 only
    expect(checkCreditCode('91003501M000100Y43')).toBe('region');
    expect(checkCreditCode('91350100M000100Y53')).toBe('org_check');
    expect(checkCreditCode('91350100M000100Y44')).toBe('check');
  });
  it('computes both check characters per the standards', () => {
    expect(orgCheckChar('M000100Y')).toBe('4');
    expect(creditCheckChar('91350100M000100Y4')).toBe('3');
    expect(orgCheckChar('60003734')).toBe('1');
  });
  it('finds every single-character typo in a valid code', () => {
    const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9A-HJ-NPQRTUWXY]{8}$/),
        fc.integer({ min: 8, max: 17 }),
        fc.integer({ min: 1, max: 30 }),
        (body, pos, shift) => {
          const code = completeCreditCode(`91620102${body}`);
          expect(checkCreditCode(code)).toBeNull();
          const changed = CHARSET[(CHARSET.indexOf(code[pos]) + shift) % 31];
          const typo = code.slice(0, pos) + changed + code.slice(pos + 1);
          expect(checkCreditCode(typo)).not.toBeNull();
        },
      ),
    );
  });
});
