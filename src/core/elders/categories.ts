// Economic and social categories of an elder, each with the evidence that proves it, and the
// living-situation flags. Evidence with a validity date expires; expired evidence is flagged,
// not silently dropped, because the worker must renew it.

export const CATEGORY_TYPES = [
  'sanwu',
  'dibao',
  'dibao_edge',
  'tekun',
  'youfu',
  'honour',
  'expert',
  'disability',
  // 革命"五老"人员 (003 方案3, Tianhougong's free class).
  'wulao',
  // Illness with a sudden risk: mental illness, Alzheimer's, heart disease, hypertension … (003 方案11).
  'risk_illness',
  // 当地政府认定的其他困难老年人 (003 方案11): recognised by the local government.
  'recognised',
] as const;
export type CategoryType = (typeof CATEGORY_TYPES)[number];

export const LIVING_FLAGS = [
  'alone',
  'empty_nest',
  'left_behind',
  // 仅与重度残疾的子女或配偶共同居住 (003 方案11).
  'with_disabled_kin',
] as const;
export type LivingFlag = (typeof LIVING_FLAGS)[number];

export const DISABILITY_TYPES = [
  'vision',
  'hearing',
  'speech',
  'physical',
  'intellectual',
  'mental',
  'multiple',
] as const;
export type DisabilityType = (typeof DISABILITY_TYPES)[number];

export interface CategoryEvidence {
  type: CategoryType;
  /** 低保证号, 残疾证号, 特困供养证号, 优抚证号 … */
  certificateNo?: string | null;
  validUntil?: string | null;
  /** 特困: concentrated (集中供养) or dispersed (分散供养). */
  supportMode?: 'concentrated' | 'dispersed' | null;
  disabilityGrade?: 1 | 2 | 3 | 4 | null;
  disabilityType?: DisabilityType | null;
  /** Honour title (劳模, 三八红旗手, 见义勇为) or expert/deputy description. */
  title?: string | null;
}

/** Which evidence fields each category requires. */
export const REQUIRED_EVIDENCE: Record<CategoryType, (keyof CategoryEvidence)[]> = {
  sanwu: [],
  dibao: ['certificateNo', 'validUntil'],
  dibao_edge: ['certificateNo'],
  tekun: ['supportMode'],
  youfu: ['certificateNo'],
  honour: ['title'],
  expert: ['title'],
  disability: ['certificateNo', 'disabilityGrade', 'disabilityType'],
  // Which of the five (老党员、老干部、老战士、老劳模、老军烈属 …) goes in the title.
  wulao: ['title'],
  // The community records these on a doctor's diagnosis or the local government's decision; the
  // seed names no certificate.
  risk_illness: [],
  recognised: [],
};

export function missingEvidence(c: CategoryEvidence): (keyof CategoryEvidence)[] {
  return REQUIRED_EVIDENCE[c.type].filter((k) => c[k] === undefined || c[k] === null || c[k] === '');
}

export function expiredEvidence(categories: readonly CategoryEvidence[], today: string): CategoryType[] {
  return categories.filter((c) => c.validUntil && c.validUntil < today).map((c) => c.type);
}
