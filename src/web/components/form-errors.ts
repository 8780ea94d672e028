import type { FormInstance } from 'antd';
import { ApiError } from '../api.js';

/**
 * Shows a failed request on the form: field errors beside their fields, anything else as a
 * message. Returns the text for a general alert, or null when every error found its field.
 */
export function applyProblem(form: FormInstance, err: unknown): string | null {
  if (!(err instanceof ApiError)) return '网络异常，请稍后重试';
  const known = new Set(Object.keys(form.getFieldsValue(true)));
  const fieldErrors = (err.problem.errors ?? []).filter((e) => known.has(e.field));
  form.setFields(fieldErrors.map((e) => ({ name: e.field, errors: [e.message] })));
  return fieldErrors.length === (err.problem.errors ?? []).length && fieldErrors.length > 0 ? null : err.problem.detail;
}
