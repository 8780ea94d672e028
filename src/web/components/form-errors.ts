import type { FormInstance } from 'antd';
import { ApiError } from '../api.js';

/** A shared zod schema as an antd rule: the same message next to the field as the server's. */
export const schemaRule = (
  schema: { safeParse(v: unknown): { success: boolean; error?: { issues: { message: string }[] } } },
  optional: boolean,
) => ({
  validator: (_: unknown, v: string | undefined) => {
    if (!v && optional) return Promise.resolve();
    const r = schema.safeParse(v ?? '');
    return r.success ? Promise.resolve() : Promise.reject(new Error(r.error!.issues[0].message));
  },
});

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
