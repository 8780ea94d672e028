// Programmes and their policy versions: which classes an elder can fall into, what each class
// gets, who pays in what shares, and the application deadlines. Amounts are integer fen.
import type { Condition, ElderFacts } from './conditions.js';
import { evaluateCondition, holds } from './conditions.js';
import type { CostShare } from './cost-share.js';

export const PROGRAMMES = [
  'home_care_subsidy',
  'service_voucher',
  'visiting',
  'old_age_allowance',
  'tekun_support',
  'care_subsidy',
] as const;
export type ProgrammeCode = (typeof PROGRAMMES)[number];

export type Benefit =
  | { kind: 'hours'; hoursPerMonth: number | null; hoursPerDay: number | null; hourlyRateFen: number }
  | { kind: 'voucher'; valueFen: number; per: 'month' | 'year' }
  | {
      kind: 'cash';
      /** The standard: a month's, or a year's paid a twelfth a month (cashForMonth). */
      amountFen: number;
      per: 'month' | 'year';
      careShareFen: number;
      /** Paid with each month's list, or all a quarter's months on its last month's list. Absent: monthly. */
      paidEvery?: 'month' | 'quarter';
    }
  | { kind: 'discount'; percentOff: number }
  | { kind: 'visits'; visitsPerMonth: number; feePerVisitFen: number };

export interface PolicyClass {
  code: string;
  label: string;
  condition: Condition;
  benefit: Benefit;
}

/** The seed paragraph a version's terms come from, shown on the policy page. */
export interface PolicySource {
  /** The seed document and its part, e.g. "002 第5篇". */
  seed: string;
  /** The seed file under the seeds folder. */
  file: string;
  /** Line numbers in that file, e.g. "L211–L289". */
  lines: string;
  /** Whose rule it is, e.g. "某区政府购买居家养老服务（独居老人）". */
  place: string;
  /** The rule-bearing sentence, verbatim. */
  quote: string;
  /** How the product reads the text where it has to choose (a mapping, an ambiguity). */
  notes?: string[];
}

/**
 * What a version may mark as an example value — a figure the source does not give, which the
 * district must set: the cost shares, the notice days, the deadlines, the start date, or a class
 * (its condition, its benefit, or both).
 */
export type ExampleField =
  | 'costShare'
  | 'noticeDays'
  | 'deadlines'
  | 'effectiveFrom'
  | `class:${string}`
  | `class:${string}:condition`
  | `class:${string}:benefit`;

export interface PolicyParams {
  /** Must hold for any class (age, residence …). */
  baseCondition: Condition;
  /** Tried in order; the first whose condition holds is the elder's class. */
  classes: PolicyClass[];
  /** The levels that bear the cost and their parts, e.g. district 6 : street 4. */
  costShare: CostShare;
  noticeDays: number;
  deadlines: { community: number; street: number; district: number };
  /**
   * How the ledger issues a part month (prorated by days, or only when entitled on the first)
   * and whether unused hours carry over within the year. Absent: prorated; hours lapse monthly.
   */
  ledger?: { prorate: boolean; carryHoursWithinYear: boolean };
  /** Where the terms come from; absent for a district's own version. */
  source?: PolicySource;
  /** Values the source does not give (示例值，须由区县设定). */
  examples?: ExampleField[];
}

/** Whether a version marks this field (or this class, wholly or in part) as an example value. */
export function isExample(params: Pick<PolicyParams, 'examples'>, field: ExampleField): boolean {
  const ex = params.examples ?? [];
  if (ex.includes(field)) return true;
  // A whole class marked covers its condition and its benefit.
  const m = /^class:([^:]+):/.exec(field);
  return m !== null && ex.includes(`class:${m[1]}`);
}

export interface PolicyVersion {
  id: number;
  programme: ProgrammeCode;
  effectiveFrom: string;
  effectiveTo: string | null;
  params: PolicyParams;
}

export interface Evaluation {
  programme: ProgrammeCode;
  versionId: number | null;
  eligible: boolean;
  classCode: string | null;
  classLabel: string | null;
  benefit: Benefit | null;
  reasons: string[];
}

export { versionOn } from '../dated.js';

export function evaluate(elder: ElderFacts, version: PolicyVersion, date: string): Evaluation {
  const base = { programme: version.programme, versionId: version.id };
  const no = (reasons: string[]): Evaluation => ({
    ...base,
    eligible: false,
    classCode: null,
    classLabel: null,
    benefit: null,
    reasons,
  });
  if (date < version.effectiveFrom || (version.effectiveTo !== null && date > version.effectiveTo))
    return no(['该日期不在此政策版本的有效期内']);
  if (elder.deathDate && elder.deathDate <= date) return no([`已于 ${elder.deathDate} 去世`]);
  if (elder.status === 'moved_out') return no(['已迁出']);
  const b = evaluateCondition(version.params.baseCondition, elder, date);
  if (!b.pass) return no(b.reasons);
  const tried: string[] = [];
  for (const cls of version.params.classes) {
    const r = evaluateCondition(cls.condition, elder, date);
    // The classes tried first explain why the elder is not in a better one.
    if (r.pass)
      return {
        ...base,
        eligible: true,
        classCode: cls.code,
        classLabel: cls.label,
        benefit: cls.benefit,
        reasons: [...b.reasons, ...tried, `符合「${cls.label}」：${r.reasons.join('；')}`],
      };
    tried.push(`不符合「${cls.label}」：${r.reasons.join('；')}`);
  }
  return no([...b.reasons, ...tried]);
}

/** The programme's self-pay class (有偿, a discount on the unified price), if it has one. */
export function discountClass(
  params: PolicyParams,
): (PolicyClass & { benefit: { kind: 'discount'; percentOff: number } }) | null {
  const c = params.classes.find((x) => x.benefit.kind === 'discount');
  return c ? (c as PolicyClass & { benefit: { kind: 'discount'; percentOff: number } }) : null;
}

/** The class an elder falls into on a date, without the explanation: the bulk path. */
export function classOn(elder: ElderFacts, version: PolicyVersion, date: string): PolicyClass | null {
  if (date < version.effectiveFrom || (version.effectiveTo !== null && date > version.effectiveTo)) return null;
  if ((elder.deathDate && elder.deathDate <= date) || elder.status === 'moved_out') return null;
  if (!holds(version.params.baseCondition, elder, date)) return null;
  return version.params.classes.find((c) => holds(c.condition, elder, date)) ?? null;
}
