// Death or moving away ends every application in progress at once (撤销), recorded as a step
// by whoever recorded the change, in the same transaction as the change itself.
import { and, eq, notInArray } from 'drizzle-orm';
import { applicationSteps, applications, users } from '../../db/schema.js';
import type { DbOrTx } from '../../db/client.js';

export async function cancelOpenApplications(
  tx: DbOrTx,
  elderId: number,
  actorId: number,
  opinion: string,
  now: Date,
): Promise<number[]> {
  const open = await tx
    .update(applications)
    .set({ state: 'cancelled', deadline: null, updatedAt: now })
    .where(
      and(eq(applications.elderId, elderId), notInArray(applications.state, ['approved', 'rejected', 'cancelled'])),
    )
    .returning({ id: applications.id, previous: applications.state });
  if (open.length === 0) return [];
  const [me] = await tx.select({ name: users.displayName }).from(users).where(eq(users.id, actorId));
  await tx.insert(applicationSteps).values(
    open.map((a) => ({
      applicationId: a.id,
      action: 'cancel',
      fromState: null,
      toState: 'cancelled',
      actorId,
      actorName: me.name,
      opinion,
      at: now,
    })),
  );
  return open.map((a) => a.id);
}
