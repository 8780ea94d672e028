// Shared formatting for the catalogue, provider and caregiver pages.
import { CATEGORY_NAMES, CERTIFICATE_LABELS, SKILL_LABELS, UNIT_LABELS, yuan } from '../../shared/service-labels.js';
import { SERVICE_CATEGORIES } from '../../core/catalogue/categories.js';
import { CERTIFICATE_KINDS, SKILLS } from '../../core/caregivers/certificates.js';

export const fen = (v: number | null | undefined) =>
  v === null || v === undefined ? '—' : v < 0 ? `-¥${yuan(-v)}` : `¥${yuan(v)}`;
export const categoryOptions = SERVICE_CATEGORIES.map((c) => ({ value: c, label: CATEGORY_NAMES[c] }));
export const skillOptions = SKILLS.map((s) => ({ value: s, label: SKILL_LABELS[s] }));
export const certificateOptions = CERTIFICATE_KINDS.map((k) => ({ value: k, label: CERTIFICATE_LABELS[k] }));
export const unitOptions = Object.entries(UNIT_LABELS).map(([value, label]) => ({ value, label: `每${label}` }));
export const EXPIRY_COLORS = { expired: 'red', expiring: 'orange', valid: 'green', missing: 'red' } as const;
export const EXPIRY_LABELS = { expired: '已过期', expiring: '即将到期', valid: '有效', missing: '未登记' } as const;
/** Yuan as typed in a form ("12.5") to whole fen, without floating-point drift. */
export const yuanToFen = (v: number | string) => Math.round(Number(v) * 100);
