// What the ratings, verified visits and upheld complaints of a period say about providers or
// caregivers: the inputs of the rating function (core/providers/rules.ts), counted in SQL.
import { and, between, count, eq, inArray, type SQL } from 'drizzle-orm';
import { inTurn } from '../../db/in-turn.js';
import type { DbOrTx } from '../../db/client.js';
import { complaints, orders, ratings } from '../../db/schema.js';
import { SATISFACTION_LEVELS, type RatingInputs } from '../../../core/providers/rules.js';
import { BILLABLE_VERIFICATION } from '../../../core/visits/exception-review.js';

export async function ratingInputsFor(
  db: DbOrTx,
  by: 'provider' | 'caregiver',
  ids: number[] | null,
  from: string,
  to: string,
): Promise<Map<number, RatingInputs>> {
  const rCol = by === 'provider' ? ratings.providerId : ratings.caregiverId;
  const oCol = by === 'provider' ? orders.providerId : orders.caregiverId;
  const cCol = by === 'provider' ? complaints.providerId : complaints.caregiverId;
  const only = (col: typeof rCol | typeof oCol | typeof cCol): SQL[] =>
    ids ? [inArray(col, ids.length ? ids : [0])] : [];
  const [rs, os, cs] = await inTurn(
    db
      .select({ id: rCol, level: ratings.level, n: count() })
      .from(ratings)
      .where(and(between(ratings.ratedOn, from, to), ...only(rCol)))
      .groupBy(rCol, ratings.level),
    db
      .select({ id: oCol, n: count() })
      .from(orders)
      .where(
        and(
          between(orders.serviceDate, from, to),
          inArray(orders.verification, [...BILLABLE_VERIFICATION]),
          ...only(oCol),
        ),
      )
      .groupBy(oCol),
    db
      .select({ id: cCol, n: count() })
      .from(complaints)
      .where(and(between(complaints.receivedOn, from, to), eq(complaints.upheld, true), ...only(cCol)))
      .groupBy(cCol),
  );
  const out = new Map<number, RatingInputs>();
  const get = (id: number) => {
    let v = out.get(id);
    if (!v)
      out.set(
        id,
        (v = {
          ratings: Object.fromEntries(SATISFACTION_LEVELS.map((l) => [l, 0])) as RatingInputs['ratings'],
          verifiedOrders: 0,
          upheldComplaints: 0,
        }),
      );
    return v;
  };
  for (const id of ids ?? []) get(id);
  for (const r of rs) if (r.id !== null) get(r.id).ratings[r.level] += r.n;
  for (const o of os) if (o.id !== null) get(o.id).verifiedOrders = o.n;
  for (const c of cs) if (c.id !== null) get(c.id).upheldComplaints = c.n;
  return out;
}
