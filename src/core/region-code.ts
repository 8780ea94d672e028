// Region codes follow the statistical division codes (统计用区划代码): 12 digits,
// 6 for the county/district, 3 for the street/township, 3 for the community/village.
// Grids (网格) have no official code; by common practice they extend their community's
// code with a 3-digit sequence, giving 15 digits.
import type { RegionLevel } from './roles.js';

export const REGION_LEVELS: readonly RegionLevel[] = ['district', 'street', 'community', 'grid'];

export function childLevel(level: RegionLevel): RegionLevel | null {
  const i = REGION_LEVELS.indexOf(level);
  return REGION_LEVELS[i + 1] ?? null;
}

/** The significant prefix that every descendant's code shares. */
export function codePrefix(level: RegionLevel, code: string): string {
  switch (level) {
    case 'district':
      return code.slice(0, 6);
    case 'street':
      return code.slice(0, 9);
    case 'community':
      return code.slice(0, 12);
    case 'grid':
      return code;
  }
}

export type CodeProblem = 'format' | 'not_under_parent' | 'level_shape';

/**
 * Checks a code against its level and parent. Returns null when valid, else what is wrong.
 * A district has 6 significant digits then 000000; a street 9 then 000 (street part not 000);
 * a community 12 (last 3 not 000); a grid 15 (last 3 not 000).
 */
export function checkRegionCode(
  level: RegionLevel,
  code: string,
  parent: { level: RegionLevel; code: string } | null,
): CodeProblem | null {
  const len = level === 'grid' ? 15 : 12;
  if (!new RegExp(`^\\d{${len}}$`).test(code)) return 'format';
  switch (level) {
    case 'district':
      if (code.slice(6) !== '000000' || /^0+$/.test(code.slice(0, 6))) return 'level_shape';
      break;
    case 'street':
      if (code.slice(9) !== '000' || code.slice(6, 9) === '000') return 'level_shape';
      break;
    case 'community':
      if (code.slice(9, 12) === '000' || code.slice(6, 9) === '000') return 'level_shape';
      break;
    case 'grid':
      if (code.slice(12) === '000') return 'level_shape';
      break;
  }
  if (parent) {
    if (childLevel(parent.level) !== level) return 'not_under_parent';
    if (!code.startsWith(codePrefix(parent.level, parent.code))) return 'not_under_parent';
  }
  return null;
}
