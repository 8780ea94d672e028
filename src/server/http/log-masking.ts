// What the server logs about requests and errors, with personal data taken out: elders' and
// caregivers' ID numbers, phones and names reach the log through search URLs, through the
// parameters a failed query carries (drizzle puts them in the error and its message), and through
// the details PostgreSQL adds to a constraint violation. The log is read by more people, and kept
// longer, than the data it would leak.
import type { LoggerOptions } from 'pino';
import { maskPersonalDataInText } from '../../core/elders/mask-text.js';

const HIDDEN = '[已隐藏]';

// Query parameters that carry free text a person typed (a name, an address, a number in any
// form): hidden whole, since a name cannot be recognised by its shape.
const FREE_TEXT_KEYS = new Set(['q', 'name', 'keyword', 'search', 'filename', 'contactName', 'address', 'username']);

/** A request URL for the log: free-text search values hidden, ID numbers and phones masked elsewhere. */
export function maskUrlForLog(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return maskPersonalDataInText(url);
  const query = url
    .slice(at + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return maskPersonalDataInText(pair);
      const key = pair.slice(0, eq);
      let value = pair.slice(eq + 1);
      try {
        value = decodeURIComponent(value.replaceAll('+', ' '));
      } catch {
        // A malformed escape is logged as sent, still masked.
      }
      if (FREE_TEXT_KEYS.has(key) && value !== '') return `${key}=${HIDDEN}`;
      return `${key}=${encodeURIComponent(maskPersonalDataInText(value))}`;
    })
    .join('&');
  return `${maskPersonalDataInText(url.slice(0, at))}?${query}`;
}

// A failed query's parameters are names, addresses, ID numbers' hashes, dates of birth: only their
// kind and size are logged, enough to see which one was wrong.
const maskParam = (v: unknown): unknown => {
  if (v === null || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return v;
  if (v instanceof Date) return v;
  if (typeof v === 'string') return `[文本 ${v.length} 字]`;
  if (Buffer.isBuffer(v)) return `[二进制 ${v.length} 字节]`;
  return `[${Array.isArray(v) ? '列表' : typeof v}]`;
};

// The message of a failed query ("Failed query: …\nparams: …") ends with the parameters in clear.
const maskMessage = (text: string) =>
  maskPersonalDataInText(text.replace(/\nparams: [\s\S]*?(?=\n {4}at |$)/, `\nparams: ${HIDDEN}`));

const MASKED = new WeakSet<object>();

interface ErrorLike {
  name?: string;
  message?: string;
  stack?: string;
  code?: unknown;
  statusCode?: unknown;
  query?: unknown;
  params?: unknown;
  detail?: unknown;
  cause?: unknown;
}

/** An error as the log may see it: type, code, masked message and stack, parameters by kind only. */
export function errorForLog(err: unknown, depth = 0): unknown {
  if (typeof err !== 'object' || err === null) return typeof err === 'string' ? maskMessage(err) : err;
  // Already masked (the error handler masks, then main.ts's serializer sees the result again).
  if (MASKED.has(err)) return err;
  const e = err as ErrorLike;
  const masked = {
    type: e.name ?? (err as object).constructor?.name,
    message: typeof e.message === 'string' ? maskMessage(e.message) : undefined,
    stack: typeof e.stack === 'string' ? maskMessage(e.stack) : undefined,
    ...(e.code !== undefined ? { code: e.code } : {}),
    ...(e.statusCode !== undefined ? { statusCode: e.statusCode } : {}),
    ...(typeof e.query === 'string' ? { query: e.query } : {}),
    ...(Array.isArray(e.params) ? { params: e.params.map(maskParam) } : {}),
    // PostgreSQL's detail names the values of a violated key: "Key (x)=(…) already exists".
    ...(typeof e.detail === 'string'
      ? { detail: maskPersonalDataInText(e.detail.replace(/=\(.*?\)(?= |$)/g, '=(…)')) }
      : {}),
    ...(e.cause !== undefined && depth < 3 ? { cause: errorForLog(e.cause, depth + 1) } : {}),
  };
  MASKED.add(masked);
  return masked;
}

/** The options of the server's logger (main.ts); tests build the same logger over a stream. */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    serializers: {
      req: (req: { method: string; url: string; id: string; ip?: string }) => ({
        method: req.method,
        url: maskUrlForLog(req.url),
        reqId: req.id,
        ip: req.ip,
      }),
      err: (err: unknown) => errorForLog(err),
    },
    // Whatever a log call passes by name: credentials and the personal fields of a body or a row.
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'req.headers["x-api-key"]',
        'res.headers["set-cookie"]',
        'password',
        'body.password',
        'body.newPassword',
        'body.currentPassword',
        '*.password',
        '*.newPassword',
        '*.currentPassword',
        '*.idNumber',
        '*.phone',
        '*.token',
        'idNumber',
        'phone',
      ],
      censor: HIDDEN,
    },
  };
}
