// A quarter's rating of providers and the radius adjustment that follows from it. Each
// provider is rated once per quarter (a unique key), so running it again changes nothing.
// The inputs are the quarter's ratings, verified visits and upheld complaints as the call centre
// recorded them, or figures the district enters from a survey of its own.
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { providerEvaluations, providers, servicePoints } from '../../db/schema.js';
import {
  adjustedRadius,
  computeRating,
  quarterRange,
  radiusFactor,
  type RatingInputs,
} from '../../../core/providers/rules.js';
import { writeAudit, type AuditActor } from '../audit/audit-writer.js';
import { rulesOn } from './rule-store.js';

export async function evaluateQuarter(
  tx: DbOrTx,
  quarter: string,
  inputs: (RatingInputs & { providerId: number })[],
  actor: AuditActor,
) {
  // The rules of the quarter's last day judge the quarter.
  const rules = await rulesOn(tx, quarterRange(quarter).to);
  let created = 0,
    skipped = 0;
  for (const input of inputs) {
    // The provider's row is the lock: two runs of one quarter take turns, and the second sees the first.
    await tx.select({ id: providers.id }).from(providers).where(eq(providers.id, input.providerId)).for('update');
    const [done] = await tx
      .select({ id: providerEvaluations.id })
      .from(providerEvaluations)
      .where(and(eq(providerEvaluations.providerId, input.providerId), eq(providerEvaluations.quarter, quarter)));
    if (done) {
      skipped++;
      continue;
    }
    const { providerId, ...facts } = input;
    const rating = computeRating(facts, rules.params);
    const factor = radiusFactor(rating.score, rules.params);
    const points = await tx
      .select()
      .from(servicePoints)
      .where(
        and(
          eq(servicePoints.providerId, providerId),
          eq(servicePoints.areaKind, 'radius'),
          eq(servicePoints.active, true),
        ),
      )
      .for('update');
    const changes = [];
    for (const p of points) {
      const after = adjustedRadius(p.agreedRadiusM ?? p.radiusM ?? rules.params.radiusMinM, rating.score, rules.params);
      changes.push({ pointId: p.id, name: p.name, before: p.radiusM ?? 0, after });
      if (after !== p.radiusM) await tx.update(servicePoints).set({ radiusM: after }).where(eq(servicePoints.id, p.id));
    }
    const [row] = await tx
      .insert(providerEvaluations)
      .values({
        providerId,
        quarter,
        inputs: facts,
        score: rating.score,
        reason: rating.reason,
        factor,
        points: changes,
        ruleVersionId: rules.id,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) {
      skipped++;
      continue;
    }
    if (rating.score !== null)
      await tx.update(providers).set({ rating: rating.score }).where(eq(providers.id, providerId));
    await writeAudit(tx, actor, {
      action: 'provider.evaluate',
      entityType: 'provider',
      entityId: providerId,
      after: row,
    });
    created++;
  }
  return { created, skipped };
}
