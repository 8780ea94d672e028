// Orders dispatched but not accepted within the district's limit go back and on to the next
// best caregiver (the one who let it lapse is excluded). Every server may run this every
// minute: each order is taken under a row lock that another server skips, with its lapse
// checked again under that lock, and its expiry and new dispatch are one transaction — so an
// order is expired once, and a dispatch made a moment ago is never taken for a lapsed one.
import { and, eq, lt } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { orders } from '../db/schema.js';
import { acceptMinutesOf } from '../../core/providers/rules.js';
import { ProblemError } from '../http/problem.js';
import { takeStep } from '../modules/orders/order-steps.js';
import { systemActor } from '../modules/audit/audit-writer.js';
import { rulesOn } from '../modules/providers/rule-store.js';
import { shanghaiDate } from '../../shared/today.js';

const SYSTEM = systemActor();

/**
 * Expires one order if it is still dispatched since before the cutoff, and dispatches it again
 * in the same transaction. Says what it really did: nothing when another server has the order or
 * its dispatch is newer than the cutoff (the list it came from may be stale by then).
 */
export async function expireOne(
  db: Db,
  id: number,
  cutoff: Date,
  now: Date,
): Promise<{ expired: boolean; redispatched: boolean }> {
  return db.transaction(async (tx) => {
    // The condition is evaluated again on the row as committed now, under its lock; a row another
    // server holds is skipped, not waited for — that server is doing this very step.
    const [o] = await tx
      .select()
      .from(orders)
      .where(and(eq(orders.id, id), eq(orders.state, 'dispatched'), lt(orders.stateAt, cutoff)))
      .for('update', { skipLocked: true });
    if (!o) return { expired: false, redispatched: false };
    await takeStep(tx, o, { action: 'expire', actor: 'system', userId: null }, SYSTEM, now);
    const [confirmed] = await tx.select().from(orders).where(eq(orders.id, id));
    try {
      // A savepoint: when nobody else fits, the expiry stands and the order waits for the
      // operator on the console's unassigned list.
      await tx.transaction((sp) =>
        takeStep(sp, confirmed, { action: 'dispatch', actor: 'system', userId: null }, SYSTEM, now),
      );
      return { expired: true, redispatched: true };
    } catch (err) {
      if (err instanceof ProblemError) return { expired: true, redispatched: false };
      throw err;
    }
  });
}

export async function expireUnaccepted(db: Db, now: Date): Promise<{ expired: number; redispatched: number }> {
  const { params } = await rulesOn(db, shanghaiDate(now));
  const cutoff = new Date(now.getTime() - acceptMinutesOf(params) * 60_000);
  // A reassignment starts the clock again: it sets stateAt like the first dispatch.
  const lapsed = await db
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.state, 'dispatched'), lt(orders.stateAt, cutoff)));
  let expired = 0,
    redispatched = 0;
  for (const { id } of lapsed) {
    const done = await expireOne(db, id, cutoff, now);
    if (done.expired) expired++;
    if (done.redispatched) redispatched++;
  }
  return { expired, redispatched };
}
