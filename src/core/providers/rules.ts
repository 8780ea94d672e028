// The district's rules for providers and caregivers, as versioned data: how a rating is
// computed, how it widens or shrinks a service radius each quarter, the radius limits, how
// early expiries are flagged and the certification target. Defaults are the seeds' figures.

import type { SettlementRules } from '../settlement/settlement.js';
import type { StoredCallCentreRules } from '../orders/call-centre-rules.js';
import type { RegistryRules } from '../elders/registry-age.js';
import type { StoredFreeTerminalRules } from '../devices/free-terminal.js';

export const SATISFACTION_LEVELS = ['very_satisfied', 'satisfied', 'basic', 'unsatisfied'] as const;
export type Satisfaction = (typeof SATISFACTION_LEVELS)[number];

export interface RadiusBand {
  minScore: number;
  factor: number;
}

export interface ProviderRules {
  /** Points a rating of each level is worth, out of 100. */
  levelScores: Record<Satisfaction, number>;
  /** Points taken off per upheld complaint per 100 verified orders. */
  complaintPenalty: number;
  /** Fewer ratings than this in a quarter give no score and leave the radius alone. */
  minRatings: number;
  /** Highest band first: the first whose minScore the score reaches sets the factor. */
  radiusBands: RadiusBand[];
  radiusMinM: number;
  radiusMaxM: number;
  /** Agreements, licences and certificates are flagged this many days before they expire. */
  alertDays: number;
  /** Share of active caregivers holding a qualification, in percent. */
  certificationTargetPercent: number;
  /** Certificates that count as a care qualification (持证上岗). */
  qualificationKinds: string[];
  /** A dispatched order not accepted within this many minutes goes to the next caregiver (versions before it: 15). */
  acceptMinutes?: number;
  /** The call centre's figures (verification, call-backs, complaints, plans); defaults fill gaps. */
  callCentre?: StoredCallCentreRules;
  /** Settlement figures (complaint deduction, the share held back for satisfaction); defaults fill gaps. */
  settlement?: Partial<SettlementRules>;
  /** The elder registry's figures (the minimum age, 60 per 000 L129 / 002 L211); defaults fill gaps. */
  registry?: Partial<RegistryRules>;
  /** The free-terminal programme's condition (70+ living alone, an example, when missing). */
  freeTerminal?: StoredFreeTerminalRules;
}

export const DEFAULT_PROVIDER_RULES: ProviderRules = {
  levelScores: { very_satisfied: 100, satisfied: 85, basic: 60, unsatisfied: 0 },
  complaintPenalty: 5,
  minRatings: 20,
  radiusBands: [
    { minScore: 90, factor: 1.2 },
    { minScore: 80, factor: 1 },
    { minScore: 60, factor: 0.8 },
    { minScore: 0, factor: 0.5 },
  ],
  radiusMinM: 500,
  radiusMaxM: 30_000,
  alertDays: 30,
  certificationTargetPercent: 70,
  qualificationKinds: ['care_worker', 'nurse'],
  acceptMinutes: 15,
};

export const acceptMinutesOf = (r: ProviderRules) => r.acceptMinutes ?? 15;

/** What a quarter of verified orders says about a provider (the orders module collects it). */
export interface RatingInputs {
  ratings: Record<Satisfaction, number>;
  verifiedOrders: number;
  upheldComplaints: number;
}

export interface Rating {
  score: number | null;
  ratingCount: number;
  reason: string;
}

/** Mean satisfaction less the complaint penalty, 0–100 to one decimal; null below the sample. */
export function computeRating(inputs: RatingInputs, rules: ProviderRules): Rating {
  const ratingCount = SATISFACTION_LEVELS.reduce((s, l) => s + inputs.ratings[l], 0);
  if (ratingCount < rules.minRatings) {
    return { score: null, ratingCount, reason: `评价 ${ratingCount} 条，少于 ${rules.minRatings} 条，不评分` };
  }
  const points = SATISFACTION_LEVELS.reduce((s, l) => s + inputs.ratings[l] * rules.levelScores[l], 0);
  const mean = points / ratingCount;
  const perHundred = inputs.verifiedOrders > 0 ? (inputs.upheldComplaints * 100) / inputs.verifiedOrders : 0;
  const penalty = perHundred * rules.complaintPenalty;
  const score = Math.round(Math.min(100, Math.max(0, mean - penalty)) * 10) / 10;
  const reason =
    `评价 ${ratingCount} 条平均 ${Math.round(mean * 10) / 10} 分` +
    (inputs.upheldComplaints
      ? `，属实投诉 ${inputs.upheldComplaints} 件（每百单 ${Math.round(perHundred * 100) / 100} 件）扣 ${Math.round(penalty * 10) / 10} 分`
      : '');
  return { score, ratingCount, reason };
}

export function radiusFactor(score: number | null, rules: ProviderRules): number {
  if (score === null) return 1;
  const bands = [...rules.radiusBands].sort((a, b) => b.minScore - a.minScore);
  return bands.find((b) => score >= b.minScore)?.factor ?? 1;
}

/**
 * The radius for the coming quarter: the agreed radius times the factor of the score, within
 * the district's limits. It always starts from the agreed radius, so good and bad quarters do
 * not compound.
 */
export function adjustedRadius(agreedRadiusM: number, score: number | null, rules: ProviderRules): number {
  const r = Math.round(agreedRadiusM * radiusFactor(score, rules));
  return Math.min(rules.radiusMaxM, Math.max(rules.radiusMinM, r));
}

export type RadiusProblem = 'too_small' | 'too_large';
export function radiusProblem(radiusM: number, rules: ProviderRules): RadiusProblem | null {
  if (radiusM < rules.radiusMinM) return 'too_small';
  if (radiusM > rules.radiusMaxM) return 'too_large';
  return null;
}

/** Problems with a rules document beyond its shape: bands must be usable and limits ordered. */
export function rulesProblems(r: ProviderRules): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  if (r.radiusMinM >= r.radiusMaxM) out.push({ field: 'params.radiusMaxM', message: '最大半径应大于最小半径' });
  if (!r.radiusBands.some((b) => b.minScore === 0))
    out.push({ field: 'params.radiusBands', message: '须有一档从 0 分起，保证每个分数都有对应系数' });
  const scores = r.radiusBands.map((b) => b.minScore);
  if (new Set(scores).size !== scores.length) out.push({ field: 'params.radiusBands', message: '分数档不能重复' });
  return out;
}

/** "2026Q3" for a date, and the quarter before a date's quarter. */
export function quarterOf(date: string): string {
  return `${date.slice(0, 4)}Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
}
export function previousQuarter(quarter: string): string {
  const y = Number(quarter.slice(0, 4)),
    q = Number(quarter.slice(5));
  return q === 1 ? `${y - 1}Q4` : `${y}Q${q - 1}`;
}
export function quarterRange(quarter: string): { from: string; to: string } {
  const y = quarter.slice(0, 4),
    q = Number(quarter.slice(5));
  const from = `${y}-${String((q - 1) * 3 + 1).padStart(2, '0')}-01`;
  const ends = ['03-31', '06-30', '09-30', '12-31'];
  return { from, to: `${y}-${ends[q - 1]}` };
}
