// The web client's only door to the server. Errors arrive as problem details and are thrown
// as ApiError so forms can put each field's message next to the field.
import type { Problem } from '../shared/schemas/common.js';

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
  get status() {
    return this.problem.status;
  }
}

type Query = Record<string, string | number | boolean | undefined | null>;

export function toQuery(q: Query = {}) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

let onUnauthorized: () => void = () => {};
export const setUnauthorizedHandler = (fn: () => void) => {
  onUnauthorized = fn;
};

export async function api<T>(
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const res = await fetch(url, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const data = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    const problem: Problem = data?.title
      ? data
      : { type: 'about:blank', title: '请求失败', status: res.status, detail: `服务器返回 ${res.status}` };
    if (res.status === 401 && !url.endsWith('/api/auth/login')) onUnauthorized();
    throw new ApiError(problem);
  }
  return data as T;
}

export const get = <T>(url: string, q?: Query) => api<T>('GET', url + toQuery(q));
export const post = <T>(url: string, body?: unknown, headers?: Record<string, string>) =>
  api<T>('POST', url, body ?? {}, headers);
export const patch = <T>(url: string, body: unknown) => api<T>('PATCH', url, body);
export const put = <T>(url: string, body: unknown) => api<T>('PUT', url, body);
export const del = <T>(url: string) => api<T>('DELETE', url);

/** Downloads a file the server makes (a statement, a bank file) under the name it gives. */
export async function downloadFrom(method: 'GET' | 'POST', url: string, fallbackName: string) {
  const res = await fetch(url, {
    method,
    credentials: 'same-origin',
    headers: method === 'POST' ? { 'content-type': 'application/json' } : {},
    body: method === 'POST' ? '{}' : undefined,
  });
  if (!res.ok) {
    const data = await res.json().catch(() => null);
    throw new ApiError(
      data?.title
        ? data
        : { type: 'about:blank', title: '下载失败', status: res.status, detail: `服务器返回 ${res.status}` },
    );
  }
  const disposition = res.headers.get('content-disposition') ?? '';
  const named = /filename\*=UTF-8''([^;]+)/.exec(disposition);
  const a = document.createElement('a');
  a.href = URL.createObjectURL(await res.blob());
  a.download = named ? decodeURIComponent(named[1]) : fallbackName;
  a.click();
  URL.revokeObjectURL(a.href);
}
