// Who may have an elder file: the district's minimum age, a dated setting kept with the district's
// rules (provider-rules versions, `registry.minAge`). The seeds put it at 60 —
// 「凡年满 60 周岁的老年人都将纳入服务范围」 (000 范文3 L129), 「60周岁以上」 (002 第5篇 L211),
// 「年满60岁周岁的老年人,均为居家养老服务对象」 (003 方案8 L385 = 004 模板2 L67). Programmes may ask
// more (Tianhougong 70, the old-age allowance 80 or 90); that is their eligibility, not the registry's.
import { ageOn } from './idcard.js';

export interface RegistryRules {
  /** Files are refused for people younger than this on the day they are filed, in whole years. */
  minAge: number;
}

export const DEFAULT_REGISTRY_RULES: RegistryRules = { minAge: 60 };

/** A version's registry rules, the defaults filling what a version stored before them lacks. */
export function registryRulesOf(params: { registry?: Partial<RegistryRules> }): RegistryRules {
  return { ...DEFAULT_REGISTRY_RULES, ...params.registry };
}

/**
 * Why a person born on `birthDate` cannot have a file on `today` (the server's clock date in
 * Asia/Shanghai), or null when they can.
 */
export function registryAgeProblem(birthDate: string, today: string, rules: RegistryRules): string | null {
  if (ageOn(birthDate, today) >= rules.minAge) return null;
  return `出生日期 ${birthDate}：未满 ${rules.minAge} 周岁，不能建立老人档案`;
}
