// Which levels of government bear a programme's cost, and in what parts. Each programme has its
// own: 002 第5篇 L289 「所需经费由区与街道两级按6:4比例分担」 (district : street), 004 模板3 L101
// city : district 4 : 6, 003 方案11 L695 「由市級財政撥款」 (the city alone), 000 范文2 L59 the
// county alone, 001 L142 「省、市、县、乡“四级联保”」 four levels. A district/county is one
// level, a street/township the one below it.
import { splitFen } from '../money/shares.js';

/** From the top down; a tie's odd fen goes to the higher level. */
export const COST_LEVELS = ['province', 'city', 'district', 'street'] as const;
export type CostLevel = (typeof COST_LEVELS)[number];

/** One level's parts of the cost, e.g. { level: 'district', parts: 6 }. */
export interface CostSharePart {
  level: CostLevel;
  parts: number;
}
/** The levels that bear a programme's cost: one to four, each named once. */
export type CostShare = CostSharePart[];

/** What each level bears of an amount, in fen; only the levels the share names. */
export type LevelFen = Partial<Record<CostLevel, number>>;

const rank = (l: CostLevel) => COST_LEVELS.indexOf(l);

/** The share's levels from the top down. */
export function orderedLevels(share: CostShare): CostSharePart[] {
  return [...share].sort((a, b) => rank(a.level) - rank(b.level));
}

/**
 * An amount split by the share's parts in whole fen, adding up exactly (largest remainder; a
 * tie's odd fen to the higher level, so 1 : 1 of 1 fen is the district's, not the street's).
 * A reversal (a negative amount) mirrors the split it undoes.
 */
export function splitByLevel(amountFen: number, share: CostShare): LevelFen {
  const parts = orderedLevels(share);
  const fen = splitFen(
    amountFen,
    parts.map((p) => p.parts),
  );
  const out: LevelFen = {};
  parts.forEach((p, i) => (out[p.level] = fen[i]));
  return out;
}

/** Sums level by level; a level absent from every input stays absent. */
export function addLevelFen(a: LevelFen, b: LevelFen): LevelFen {
  const out: LevelFen = { ...a };
  for (const l of COST_LEVELS) if (b[l] !== undefined) out[l] = (out[l] ?? 0) + b[l];
  return out;
}

/** The levels that appear in any of the amounts, from the top down. */
export function levelsIn(rows: readonly LevelFen[]): CostLevel[] {
  return COST_LEVELS.filter((l) => rows.some((r) => r[l] !== undefined));
}

/** What reaches the street from above: every level's part but the street's own. */
export function fromAbove(shares: LevelFen): number {
  return COST_LEVELS.reduce((s, l) => (l === 'street' ? s : s + (shares[l] ?? 0)), 0);
}

/** a − b level by level; a level that comes to 0 is left out. */
export function subtractLevelFen(a: LevelFen, b: LevelFen): LevelFen {
  const out: LevelFen = {};
  for (const l of COST_LEVELS) {
    if (a[l] === undefined && b[l] === undefined) continue;
    const v = (a[l] ?? 0) - (b[l] ?? 0);
    if (v !== 0) out[l] = v;
  }
  return out;
}
