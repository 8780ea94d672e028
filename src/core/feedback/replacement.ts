// The replacement rule (更换服务人员): a caregiver who draws 3 complaints from one elder in a
// calendar month, or 2 "not satisfied" ratings in a row from that elder within 7 days, is to be
// replaced for that elder once the street has checked the facts. The figures are policy.
import { daysBetween } from '../calendar/working-days.js';

export interface ReplacementRules {
  complaintsPerMonth: number;
  consecutiveUnsatisfied: number;
  withinDays: number;
}
export const DEFAULT_REPLACEMENT_RULES: ReplacementRules = {
  complaintsPerMonth: 3,
  consecutiveUnsatisfied: 2,
  withinDays: 7,
};

export type Level = 'very_satisfied' | 'satisfied' | 'basic' | 'unsatisfied';
export interface PairHistory {
  /** Dates (YYYY-MM-DD) of complaints by the elder against the caregiver. */
  complaints: string[];
  /** The elder's ratings of the caregiver's visits, any order. */
  ratings: { date: string; level: Level }[];
}
export type Trigger =
  { reason: 'complaints'; month: string; count: number } | { reason: 'unsatisfied'; dates: string[] };

/** The first thing in a caregiver–elder history that calls for a replacement, or null. */
export function replacementTrigger(h: PairHistory, rules: ReplacementRules): Trigger | null {
  const byMonth = new Map<string, number>();
  for (const d of h.complaints) byMonth.set(d.slice(0, 7), (byMonth.get(d.slice(0, 7)) ?? 0) + 1);
  for (const [month, count] of [...byMonth].sort())
    if (count >= rules.complaintsPerMonth) return { reason: 'complaints', month, count };
  const ratings = [...h.ratings].sort((a, b) => a.date.localeCompare(b.date));
  let run: string[] = [];
  for (const r of ratings) {
    run = r.level === 'unsatisfied' ? [...run, r.date] : [];
    // The run counts while it fits in the window; an older start drops off.
    while (run.length > 1 && daysBetween(run[0], run[run.length - 1]) > rules.withinDays - 1) run = run.slice(1);
    if (run.length >= rules.consecutiveUnsatisfied) return { reason: 'unsatisfied', dates: run };
  }
  return null;
}
