// Input no route may take: a NUL character (U+0000) anywhere in a path parameter, the query or a
// JSON body. PostgreSQL cannot store it in text and fails the whole query, which would be a 500
// (with the value in the log); one hook before validation answers 400 naming the field instead,
// for every route, present and future.
import type { FastifyInstance } from 'fastify';
import { badRequest } from './problem.js';

const PLACES = { params: '路径参数', query: '查询参数', body: '请求体' } as const;

/** The path of the first string (value or key) holding U+0000, e.g. "items.0.name"; null if none. */
export function findNul(value: unknown, at: string[] = [], depth = 0): string[] | null {
  if (typeof value === 'string') return value.includes('\u0000') ? at : null;
  // Uploaded files (a Buffer body) are bytes, not text; NULs belong in them.
  if (typeof value !== 'object' || value === null || Buffer.isBuffer(value) || depth > 32) return null;
  for (const [k, v] of Object.entries(value)) {
    if (k.includes('\u0000')) return [...at, k.replaceAll('\u0000', '\\0')];
    const found = findNul(v, [...at, k], depth + 1);
    if (found) return found;
  }
  return null;
}

export function registerInputGuards(app: FastifyInstance) {
  // preValidation: after the session check (an anonymous caller learns nothing), before the schema.
  app.addHook('preValidation', async (req) => {
    for (const place of ['params', 'query', 'body'] as const) {
      const found = findNul(req[place]);
      if (found) {
        const field = found.join('.') || place;
        throw badRequest(`${PLACES[place]} ${field} 含有不允许的空字符（\\0）`, [
          { field, message: '含有不允许的空字符（\\0）' },
        ]);
      }
    }
  });
}
