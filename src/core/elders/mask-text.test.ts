import { describe, expect, it } from 'vitest';
import { maskIdNumber } from './idcard.js';
import { maskPersonalDataInText } from './mask-text.js';

describe('maskPersonalDataInText', () => {
  it('masks ID numbers and mobiles in a URL, leaving other numbers alone', () => {
    expect(maskPersonalDataInText('/api/elders?q=11010519491231002x&page=2')).toBe(
      `/api/elders?q=${maskIdNumber('11010519491231002X')}&page=2`,
    );
    expect(maskPersonalDataInText('/api/elders?q=13812345678')).toBe('/api/elders?q=138****5678');
    expect(maskPersonalDataInText('/api/regions/620102001003')).toBe('/api/regions/620102001003');
    expect(maskPersonalDataInText('/api/elders?pageSize=20&regionId=1234567890123')).toBe(
      '/api/elders?pageSize=20&regionId=1234567890123',
    );
  });

  it('masks mobiles with a country code or separators, as typed or URL-encoded', () => {
    for (const [given, masked] of [
      ['q=+8613912345678', 'q=+86139****5678'],
      ['q=%2B8613912345678', 'q=%2B86139****5678'],
      ['q=008613912345678', 'q=0086139****5678'],
      ['q=8613912345678', 'q=86139****5678'],
      ['q=+86 139 1234 5678', 'q=+86 139****5678'],
      ['q=139-1234-5678', 'q=139****5678'],
      ['q=139%201234%205678', 'q=139****5678'],
      ['电话 13912345678。', '电话 139****5678。'],
    ])
      expect(maskPersonalDataInText(given)).toBe(masked);
  });

  it('masks old 15-digit ID numbers', () => {
    expect(maskPersonalDataInText('params: 110105491231002')).toBe(`params: ${maskIdNumber('110105491231002')}`);
    expect(maskPersonalDataInText('params: 110105491231002')).not.toContain('0549123');
  });
});
