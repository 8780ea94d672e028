import { describe, expect, it } from 'vitest';
import { maskPersonalDataInText } from './mask-text.js';

describe('maskPersonalDataInText', () => {
  it('masks ID numbers and mobiles in a URL, leaving other numbers alone', () => {
    expect(maskPersonalDataInText('/api/elders?q=11010519491231002x&page=2')).toBe(
      '/api/elders?q=110***********002X&page=2',
    );
    expect(maskPersonalDataInText('/api/elders?q=13812345678')).toBe('/api/elders?q=138****5678');
    expect(maskPersonalDataInText('/api/regions/620102001003')).toBe('/api/regions/620102001003');
    expect(maskPersonalDataInText('/api/elders?pageSize=20&regionId=1234567890123')).toBe(
      '/api/elders?pageSize=20&regionId=1234567890123',
    );
  });
});
