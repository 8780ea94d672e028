// The free-terminal programme: who the district gives a one-key terminal to, as a condition over
// the elder's file kept with the district's dated rules (provider-rules versions, `freeTerminal`).
// The default — 70 or over and living alone — follows Hangzhou's practice named in issue 17
// (「杭州为70岁以上独居老人免费配发一键通终端」); it is in none of the seed documents, so it is
// marked as an example the district sets.
import type { Condition } from '../policy/conditions.js';

export interface FreeTerminalRules {
  condition: Condition;
  /** True while the district has not set its own: the page says 示例值. */
  example: boolean;
}

export const DEFAULT_FREE_TERMINAL_RULES: FreeTerminalRules = {
  condition: {
    all: [
      { field: 'age', op: 'gte', value: 70 },
      { field: 'livingFlag', op: 'has', value: 'alone' },
    ],
  },
  example: true,
};

/** What a rules version stores: the condition, and `example` only while it is not the district's own. */
export type StoredFreeTerminalRules = { condition: Condition; example?: boolean };

export function freeTerminalRulesOf(params: { freeTerminal?: StoredFreeTerminalRules }): FreeTerminalRules {
  const given = params.freeTerminal;
  if (!given) return DEFAULT_FREE_TERMINAL_RULES;
  return { condition: given.condition, example: given.example ?? false };
}

/**
 * Conditions every entitled elder meets, as simple facts a query can narrow by before the exact
 * evaluation: the leaves of the top-level "all" (or the single leaf) that are ages at least,
 * living flags and categories held. Never more than the condition asks, so nobody is lost.
 */
export function necessaryFacts(c: Condition): { minAge: number | null; flags: string[]; categories: string[] } {
  const leaves = 'all' in c ? c.all : [c];
  const out = { minAge: null as number | null, flags: [] as string[], categories: [] as string[] };
  for (const l of leaves) {
    if (!('field' in l)) continue;
    if (l.field === 'age' && l.op === 'gte') out.minAge = Math.max(out.minAge ?? 0, l.value);
    if (l.field === 'livingFlag') out.flags.push(l.value);
    if (l.field === 'category') out.categories.push(l.value);
  }
  return out;
}
