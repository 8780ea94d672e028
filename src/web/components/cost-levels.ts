// The levels of government that bear a programme's cost, as the bureau's staff name them, and
// the columns a money table shows for whichever levels its rows carry.
import type { CostLevel, CostShare, LevelFen } from '../../core/policy/cost-share.js';
import { orderedLevels } from '../../core/policy/cost-share.js';
import { fen } from './service-format.js';

export const COST_LEVEL_LABEL: Record<CostLevel, string> = {
  province: '省级',
  city: '市级',
  district: '区（县）级',
  street: '街道（乡镇）级',
};

/** "区（县）级 6 : 街道（乡镇）级 4", or "市级全额" for one level. */
export function shareText(share: CostShare): string {
  const parts = orderedLevels(share);
  if (parts.length === 1) return `${COST_LEVEL_LABEL[parts[0].level]}全额`;
  return parts.map((p) => `${COST_LEVEL_LABEL[p.level]} ${p.parts}`).join(' : ');
}

/** One money column per level, reading a row's `shares`. */
export function levelColumns<T extends { shares: LevelFen }>(levels: readonly CostLevel[], suffix = '') {
  return levels.map((l) => ({
    key: l,
    title: `${COST_LEVEL_LABEL[l]}${suffix}`,
    align: 'right' as const,
    render: (_: unknown, r: T) => (r.shares[l] === undefined ? '—' : fen(r.shares[l])),
  }));
}

/** The same, for a CSV export in yuan. */
export function levelCsvColumns<T extends { shares: LevelFen }>(levels: readonly CostLevel[], suffix = '（元）') {
  return levels.map((l) => ({
    title: `${COST_LEVEL_LABEL[l]}${suffix}`,
    value: (r: T) => ((r.shares[l] ?? 0) / 100).toFixed(2),
  }));
}
