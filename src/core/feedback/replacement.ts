// The replacement rule (更换服务人员): a caregiver who draws 3 complaints from one elder in a
// calendar month, or 2 "not satisfied" ratings in a row from that elder within 7 days, is to be
// replaced for that elder once the street has checked the facts (查实). The figures are policy.
import { daysBetween } from '../calendar/working-days.js';

export interface ReplacementRules {
  complaintsPerMonth: number;
  consecutiveUnsatisfied: number;
  withinDays: number;
  /**
   * Keep the caregiver from the elder as soon as a case opens, before the street has verified it.
   * Off by default: the seed has the street verify first — 「由街道协调服务组织予以查实后更换服务人员」
   * (002 第5篇 L297) — so only a verified case replaces the caregiver.
   */
  blockOnOpen: boolean;
}
export const DEFAULT_REPLACEMENT_RULES: ReplacementRules = {
  complaintsPerMonth: 3,
  consecutiveUnsatisfied: 2,
  withinDays: 7,
  blockOnOpen: false,
};

export type CaseState = 'open' | 'verified' | 'closed';
export type CaseStep = { action: 'verify'; verified: boolean } | { action: 'close' };
export const CASE_STATE_LABELS: Record<CaseState, string> = {
  open: '待街道核实',
  verified: '已查实，待换人',
  closed: '已关闭',
};

/**
 * A case's next state, and whether it then keeps the caregiver from the elder. The street
 * verifies an open case: verified, the caregiver is replaced (blocked) until the case closes with
 * a new caregiver sent; not verified, the case closes there. A verified case is closed once the
 * provider has sent another. An open case may not be closed without its verification.
 */
export function caseStep(
  state: CaseState,
  step: CaseStep,
): { ok: true; state: CaseState; blocking: boolean } | { ok: false; message: string } {
  if (step.action === 'verify') {
    if (state !== 'open') return { ok: false, message: `案件${CASE_STATE_LABELS[state]}，不能再核实` };
    return step.verified
      ? { ok: true, state: 'verified', blocking: true }
      : { ok: true, state: 'closed', blocking: false };
  }
  if (state === 'open') return { ok: false, message: '案件尚未经街道核实，须先核实（查实后才更换服务人员）' };
  if (state === 'closed') return { ok: false, message: '案件已关闭' };
  return { ok: true, state: 'closed', blocking: true };
}

export type Level = 'very_satisfied' | 'satisfied' | 'basic' | 'unsatisfied';
export interface PairHistory {
  /** Dates (YYYY-MM-DD) of complaints by the elder against the caregiver. */
  complaints: string[];
  /** The elder's ratings of the caregiver's visits, any order. */
  ratings: { date: string; level: Level }[];
}
export type Trigger =
  | { reason: 'complaints'; month: string; count: number }
  | { reason: 'unsatisfied'; dates: string[] }
  /** Opened by hand: on a complaint, or the elder's request. */
  | { reason: 'request'; text: string; complaintId: number | null };

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
