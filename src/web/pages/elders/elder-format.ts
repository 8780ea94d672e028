import {
  ABILITY_GRADE_LABELS,
  CATEGORY_LABELS,
  ELDER_STATUS_LABELS,
  LIVING_FLAG_LABELS,
} from '../../../shared/elder-labels.js';

export const categoryLabel = (c: string) => CATEGORY_LABELS[c as keyof typeof CATEGORY_LABELS] ?? c;
export const flagLabel = (f: string) => LIVING_FLAG_LABELS[f as keyof typeof LIVING_FLAG_LABELS] ?? f;
export const gradeLabel = (g: string | null) =>
  g ? ABILITY_GRADE_LABELS[g as keyof typeof ABILITY_GRADE_LABELS] : '未评估';
export const statusLabel = (s: string) => ELDER_STATUS_LABELS[s as keyof typeof ELDER_STATUS_LABELS] ?? s;

export const GRADE_COLORS: Record<string, string> = {
  intact: 'green',
  mild: 'blue',
  moderate: 'gold',
  severe: 'orange',
  complete: 'red',
};
export const STATUS_COLORS: Record<string, string> = {
  active: 'green',
  suspended: 'gold',
  moved_out: 'default',
  deceased: 'default',
};

export const options = <K extends string>(labels: Record<K, string>) =>
  (Object.entries(labels) as [K, string][]).map(([value, label]) => ({ value, label }));
