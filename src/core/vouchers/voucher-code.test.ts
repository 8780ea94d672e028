import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normaliseVoucherCode, voucherCode } from './voucher-code.js';

describe('paper voucher codes', () => {
  it('a code reads back as itself, however it is typed', () => {
    const code = voucherCode(new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 31]));
    expect(code).toMatch(/^YY[0-9A-Z]{13}$/);
    expect(normaliseVoucherCode(code)).toBe(code);
    expect(normaliseVoucherCode(` ${code.slice(0, 6).toLowerCase()}-${code.slice(6)} `)).toBe(code);
  });
  it('any single mistyped character is caught', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 12, maxLength: 12 }),
        fc.integer({ min: 2, max: 14 }),
        fc.integer({ min: 1, max: 31 }),
        (bytes, at, shift) => {
          const code = voucherCode(bytes);
          const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
          const wrong = code.slice(0, at) + alphabet[(alphabet.indexOf(code[at]) + shift) % 32] + code.slice(at + 1);
          expect(normaliseVoucherCode(wrong)).toBeNull();
        },
      ),
    );
  });
  it('refuses what is not a code', () => {
    expect(normaliseVoucherCode('')).toBeNull();
    expect(normaliseVoucherCode('YY123')).toBeNull();
    expect(normaliseVoucherCode('XX0123456789ABC')).toBeNull();
  });
});
