// After a complaint or a rating: does the replacement rule now call for a new caregiver for
// this elder? Only what happened since the pair's last case closed counts, so a closed case is
// not reopened by the same old complaints. The case opens for the street to verify (查实); it
// keeps the caregiver away only once verified, or at once where the rules say `blockOnOpen`.
import { and, desc, eq, gt } from 'drizzle-orm';
import { inTurn } from '../../db/in-turn.js';
import type { DbOrTx } from '../../db/client.js';
import { complaints, ratings, replacementCases } from '../../db/schema.js';
import { replacementTrigger, type ReplacementRules } from '../../../core/feedback/replacement.js';
import { shanghaiDate } from '../../../shared/today.js';
import { writeAudit, type AuditActor } from '../audit/audit-writer.js';
import { notify } from '../../realtime/events.js';

export async function checkReplacement(
  tx: DbOrTx,
  pair: { elderId: number; caregiverId: number; regionId: number },
  rules: ReplacementRules,
  audit: AuditActor,
  now: Date,
) {
  const cases = await tx
    .select()
    .from(replacementCases)
    .where(and(eq(replacementCases.elderId, pair.elderId), eq(replacementCases.caregiverId, pair.caregiverId)))
    .orderBy(desc(replacementCases.openedAt));
  if (cases.some((c) => c.state !== 'closed')) return null;
  const since = cases[0]?.closedAt ?? new Date(0);
  const [cs, rs] = await inTurn(
    tx
      .select({ on: complaints.receivedOn })
      .from(complaints)
      .where(
        and(
          eq(complaints.elderId, pair.elderId),
          eq(complaints.caregiverId, pair.caregiverId),
          gt(complaints.createdAt, since),
        ),
      ),
    tx
      .select({ on: ratings.ratedOn, level: ratings.level })
      .from(ratings)
      .where(
        and(eq(ratings.elderId, pair.elderId), eq(ratings.caregiverId, pair.caregiverId), gt(ratings.createdAt, since)),
      ),
  );
  const trigger = replacementTrigger(
    { complaints: cs.map((c) => c.on), ratings: rs.map((r) => ({ date: r.on, level: r.level })) },
    rules,
  );
  if (!trigger) return null;
  // The partial unique index keeps one open case per pair even when two triggers race.
  const [row] = await tx
    .insert(replacementCases)
    .values({ ...pair, trigger, openedAt: now, blocking: rules.blockOnOpen })
    .onConflictDoNothing()
    .returning();
  if (!row) return null;
  await writeAudit(tx, audit, {
    action: 'replacement.open',
    entityType: 'replacement_case',
    entityId: row.id,
    after: { ...row, today: shanghaiDate(now) },
  });
  await notify(tx, { kind: 'console', regionId: pair.regionId });
  return row;
}

/**
 * Cases that keep a caregiver from an elder, which dispatch leaves out: a verified case — the
 * caregiver was replaced for this elder, and stays so after the case closes with another sent —
 * or an open one under `blockOnOpen`. A case found not verified keeps no one away.
 */
export const blocksDispatch = () => eq(replacementCases.blocking, true);
