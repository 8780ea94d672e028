// An Idempotency-Key names one request of one caller: the same key again with the same body is
// that request repeated (its order is answered again), with another body it is a mistake the
// caller must hear about — never another request's result.
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { canonicalJson } from '../../../core/canonical-json.js';
import { ProblemError } from '../../http/problem.js';
import type { OrderCreate } from '../../../shared/schemas/orders.js';

/** The header, as the caller writes it: the field a refusal names. */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/** First half of the two-key advisory lock: order keys, apart from every other lock's space. */
const ORDER_KEY_LOCKS = 1407;

/** The lookup of a key's order, as the creation statement returns it. */
export interface SeenOrder {
  id: number;
  hash: string | null;
  elderId: number;
}

/** The body without its null members: an absent field and an explicit null mean the same to the route. */
function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v)
        .filter(([, x]) => x !== undefined && x !== null)
        .map(([k, x]) => [k, withoutNulls(x)]),
    );
  return v;
}

/**
 * SHA-256 of the request body as the route understood it: keys sorted, times as instants (the
 * same moment written with another offset is the same request), nothing the route ignores.
 */
export function orderRequestDigest(b: OrderCreate): string {
  const body = { ...b, startAt: new Date(b.startAt).toISOString(), endAt: new Date(b.endAt).toISOString() };
  return crypto
    .createHash('sha256')
    .update(canonicalJson(withoutNulls(body)))
    .digest('hex');
}

/**
 * Makes requests with the same key from the same caller wait for each other until the first one
 * commits. Taken before the lookup, which then runs as a statement of its own: in READ COMMITTED
 * a statement sees what committed before it began, so the second request finds the first's order.
 */
export async function lockIdempotencyKey(tx: DbOrTx, userId: number, key: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(${ORDER_KEY_LOCKS}::int, hashtext(${`${userId}:${key}`}::text))`);
}

/** The scalar subquery finding the caller's order under the key. */
export const seenOrderSql = (userId: number, key: string) =>
  sql<SeenOrder | null>`(select json_build_object('id', x.id, 'hash', x.idempotency_hash, 'elderId', x.elder_id)
    from orders x where x.created_by = ${userId} and x.idempotency_key = ${key})`;

/** The order to answer again, or a refusal when the key came with another request. */
export function replayOf(seen: SeenOrder, digest: string, elderId: number): number {
  // Orders from before digests were kept: the elder is what can still be compared.
  const same = seen.hash === null ? seen.elderId === elderId : seen.hash === digest;
  if (!same) {
    const message = '此幂等键已用于内容不同的另一个请求；新的请求请换一个幂等键';
    throw new ProblemError(422, '幂等键已被使用', `${IDEMPOTENCY_HEADER}：${message}`, [
      { field: IDEMPOTENCY_HEADER, message },
    ]);
  }
  return seen.id;
}

/** A unique violation of the key's index: another request with the key committed first. */
export function isIdempotencyKeyClash(err: unknown): boolean {
  for (let e = err as { code?: string; constraint?: string; cause?: unknown } | undefined; e; e = e.cause as never)
    if (e.code === '23505') return e.constraint === 'orders_idempotency_uq';
  return false;
}
