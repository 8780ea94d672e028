import type { FormInstance } from 'antd';
import { ApiError } from '../api.js';

/** "categories.0.certificateNo" → ['categories', 0, 'certificateNo'], antd's name path. */
export const namePath = (field: string) => field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));

/**
 * Shows a failed request on the form: field errors beside their fields, anything else as a
 * message. Returns the text for a general alert, or null when every error found its field.
 */
export function applyProblem(form: FormInstance, err: unknown): string | null {
  if (!(err instanceof ApiError)) return '网络异常，请稍后重试';
  const known = new Set(Object.keys(form.getFieldsValue(true)));
  const errors = err.problem.errors ?? [];
  const placed = errors.filter((e) => known.has(e.field.split('.')[0]));
  const byField = new Map<string, string[]>();
  for (const e of placed) byField.set(e.field, [...(byField.get(e.field) ?? []), e.message]);
  form.setFields([...byField].map(([field, messages]) => ({ name: namePath(field), errors: messages })));
  return placed.length === errors.length && placed.length > 0 ? null : err.problem.detail;
}
