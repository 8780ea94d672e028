import { describe, expect, it } from 'vitest';
import { DEFAULT_REGISTRY_RULES, registryAgeProblem, registryRulesOf } from './registry-age.js';

describe('the registry minimum age (issue 16, point 16)', () => {
  it('is 60 by default: 「凡年满 60 周岁的老年人都将纳入服务范围」 (000 范文3 L129), 「60周岁以上」 (002 第5篇 L211)', () => {
    expect(DEFAULT_REGISTRY_RULES.minAge).toBe(60);
    expect(registryRulesOf({})).toEqual({ minAge: 60 });
    expect(registryRulesOf({ registry: { minAge: 65 } })).toEqual({ minAge: 65 });
  });
  it('refuses a child born in 2014, naming the date', () => {
    expect(registryAgeProblem('2014-03-02', '2026-05-01', DEFAULT_REGISTRY_RULES)).toBe(
      '出生日期 2014-03-02：未满 60 周岁，不能建立老人档案',
    );
  });
  it('counts whole years to the day: 60 on the birthday, not the day before', () => {
    expect(registryAgeProblem('1966-05-01', '2026-04-30', DEFAULT_REGISTRY_RULES)).toContain('未满 60 周岁');
    expect(registryAgeProblem('1966-05-01', '2026-05-01', DEFAULT_REGISTRY_RULES)).toBeNull();
    expect(registryAgeProblem('1940-01-01', '2026-05-01', { minAge: 65 })).toBeNull();
  });
});
