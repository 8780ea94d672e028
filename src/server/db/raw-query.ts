// A RawQuery over a drizzle transaction (or the database itself), so a bulk statement written
// for deps.bulk (INSERT … SELECT FROM unnest($1::…[])) can run in the same transaction as
// drizzle-built writes such as the audit row: they commit or roll back together.
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx, RawQuery } from './client.js';

/**
 * Turns `text` with $1…$n placeholders into one drizzle SQL whose parameters are passed as they
 * are (an array stays one array parameter, as node-postgres and PGlite send it). The text must
 * not hold "$<digit>" inside a string literal; dollar-quoting ($$, $tag$) is fine.
 * Rows come back as objects; as with drizzle's own queries, date and timestamp columns may come
 * back as strings rather than Date objects.
 */
export function rawQueryOf(tx: DbOrTx): RawQuery {
  return async (text, params) => {
    const parts = text.split(/\$(\d+)/);
    const chunks: SQL[] = parts.map((part, i) => {
      if (i % 2 === 0) return sql.raw(part);
      const n = Number(part);
      if (n < 1 || n > params.length) throw new Error(`rawQueryOf: $${n} has no parameter (${params.length} given)`);
      return sql`${sql.param(params[n - 1])}`;
    });
    const res = (await tx.execute(sql.join(chunks))) as unknown as { rows: Record<string, unknown>[] };
    return { rows: res.rows };
  };
}
