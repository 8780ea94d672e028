import { describe, expect, it } from 'vitest';
import { checkRegionCode, childLevel } from './region-code.js';

describe('checkRegionCode', () => {
  const district = { level: 'district' as const, code: '620102000000' };
  const street = { level: 'street' as const, code: '620102001000' };
  const community = { level: 'community' as const, code: '620102001003' };

  it('accepts well-formed codes at each level under their parent', () => {
    expect(checkRegionCode('district', '620102000000', null)).toBeNull();
    expect(checkRegionCode('street', '620102007000', district)).toBeNull();
    expect(checkRegionCode('community', '620102001201', street)).toBeNull();
    expect(checkRegionCode('grid', '620102001003002', community)).toBeNull();
  });
  it('refuses wrong length and non-digits', () => {
    expect(checkRegionCode('street', '62010200100', district)).toBe('format');
    expect(checkRegionCode('street', '62010200100a', district)).toBe('format');
    expect(checkRegionCode('grid', '620102001003', community)).toBe('format');
  });
  it('refuses codes whose shape does not fit the level', () => {
    expect(checkRegionCode('district', '620102001000', null)).toBe('level_shape');
    expect(checkRegionCode('street', '620102000000', district)).toBe('level_shape');
    expect(checkRegionCode('street', '620102001005', district)).toBe('level_shape');
    expect(checkRegionCode('community', '620102001000', street)).toBe('level_shape');
    expect(checkRegionCode('grid', '620102001003000', community)).toBe('level_shape');
  });
  it('refuses a code outside its parent', () => {
    expect(checkRegionCode('street', '620103001000', district)).toBe('not_under_parent');
    expect(checkRegionCode('community', '620102002001', street)).toBe('not_under_parent');
    expect(checkRegionCode('community', '620102001001', district)).toBe('not_under_parent');
  });
  it('knows the level below each level', () => {
    expect(childLevel('district')).toBe('street');
    expect(childLevel('community')).toBe('grid');
    expect(childLevel('grid')).toBeNull();
  });
});
