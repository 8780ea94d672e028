// Caregivers' skills and certificates: who may be sent, which certificates are about to lapse,
// and a provider's certification rate (持证上岗率).
import { addDays } from '../calendar/working-days.js';

export const SKILLS = [
  'personal_care',
  'bathing',
  'haircut',
  'cleaning',
  'laundry',
  'cooking',
  'meal_delivery',
  'shopping',
  'escort',
  'health_monitoring',
  'nursing',
  'rehab_massage',
  'rehab_training',
  'counselling',
  'companionship',
  'night_care',
  'hospice',
  'legal',
  'appliance_repair',
  'plumbing_electrical',
  'recreation',
  'tcm_therapy',
] as const;
export type Skill = (typeof SKILLS)[number];

export const CERTIFICATE_KINDS = [
  'health',
  'care_worker',
  'nurse',
  'doctor',
  'rehab_therapist',
  'psych_counsellor',
  'massage',
  'electrician',
  'lawyer',
  'social_worker',
  'cook',
  'dietitian',
] as const;
export type CertificateKind = (typeof CERTIFICATE_KINDS)[number];

export interface Certificate {
  kind: CertificateKind;
  level?: number | null;
  number: string;
  issuer: string;
  issuedOn: string;
  validUntil: string | null;
}

export type CertificateProblem =
  'expiry_before_issue' | 'issued_in_future' | 'level_not_allowed' | 'level_out_of_range';

/** Care-worker levels run 1 (高级技师) to 5 (初级工); other kinds carry no level. */
export function certificateProblem(
  c: Pick<Certificate, 'kind' | 'level' | 'issuedOn' | 'validUntil'>,
  today: string,
): CertificateProblem | null {
  if (c.validUntil !== null && c.validUntil < c.issuedOn) return 'expiry_before_issue';
  if (c.issuedOn > today) return 'issued_in_future';
  if (c.kind === 'care_worker') {
    if (c.level == null || c.level < 1 || c.level > 5) return 'level_out_of_range';
  } else if (c.level != null) return 'level_not_allowed';
  return null;
}

export const validOn = (c: Pick<Certificate, 'issuedOn' | 'validUntil'>, date: string) =>
  c.issuedOn <= date && (c.validUntil === null || date <= c.validUntil);

export type CaregiverStatus = 'active' | 'suspended' | 'left';

export interface DispatchFacts {
  status: CaregiverStatus;
  skills: readonly string[];
  certificates: readonly Pick<Certificate, 'kind' | 'issuedOn' | 'validUntil'>[];
}

/**
 * Whether a caregiver may be sent on a date for work needing these skills and certificates,
 * and if not, why (in Chinese). A valid health certificate is always required.
 */
export function dispatchBlockers(
  c: DispatchFacts,
  date: string,
  need: { skills?: readonly string[]; certificates?: readonly string[] } = {},
  labels: { skill: (s: string) => string; certificate: (k: string) => string } = { skill: String, certificate: String },
): string[] {
  const out: string[] = [];
  if (c.status !== 'active') out.push(c.status === 'suspended' ? '已暂停派单' : '已离职');
  const valid = (kind: string) => c.certificates.some((x) => x.kind === kind && validOn(x, date));
  if (!valid('health')) out.push(`${date} 没有有效的${labels.certificate('health')}`);
  for (const s of need.skills ?? []) if (!c.skills.includes(s)) out.push(`不具备技能「${labels.skill(s)}」`);
  for (const k of need.certificates ?? [])
    if (k !== 'health' && !valid(k)) out.push(`没有有效的${labels.certificate(k)}`);
  return out;
}

export type ExpiryState = 'expired' | 'expiring' | 'valid';

/** Expired, expiring within the window (inclusive), or valid; a null expiry never expires. */
export function expiryState(validUntil: string | null, today: string, windowDays: number): ExpiryState {
  if (validUntil === null) return 'valid';
  if (validUntil < today) return 'expired';
  return validUntil <= addDays(today, windowDays) ? 'expiring' : 'valid';
}

export interface CertificationRate {
  active: number;
  qualified: number;
  percent: number | null;
  meetsTarget: boolean | null;
}

/** The share of active caregivers holding a valid qualification, to one decimal. */
export function certificationRate(
  caregivers: readonly DispatchFacts[],
  date: string,
  qualificationKinds: readonly string[],
  targetPercent: number,
): CertificationRate {
  const active = caregivers.filter((c) => c.status === 'active');
  const qualified = active.filter((c) =>
    c.certificates.some((x) => qualificationKinds.includes(x.kind) && validOn(x, date)),
  ).length;
  if (active.length === 0) return { active: 0, qualified: 0, percent: null, meetsTarget: null };
  const percent = Math.round((qualified * 1000) / active.length) / 10;
  return { active: active.length, qualified, percent, meetsTarget: qualified * 100 >= targetPercent * active.length };
}
