// The SMS outbox: a message is a row written in the transaction that decides to send it, and a
// job delivers due rows through the gateway. A row is claimed by pushing its next attempt into
// the future (skip-locked, so servers never claim the same row), sent outside any transaction,
// then marked sent — or retried with back-off, and given up after a few tries.
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { smsOutbox } from '../../db/schema.js';
import type { PersonalDataCipher } from '../../security/personal-data.js';
import type { SmsGateway } from './sms-gateway.js';

export const MAX_SMS_ATTEMPTS = 5;
const LEASE_MS = 5 * 60_000;

export interface SmsToQueue {
  kind: 'rating' | 'reply' | 'notice';
  elderId?: number | null;
  orderId?: number | null;
  /** The stored (encrypted) phone, as elders hold it. */
  phone: { phoneCipher: string; phoneHash: string; phoneMasked: string };
  body: string;
}

export async function enqueueSms(tx: DbOrTx, m: SmsToQueue, now: Date) {
  const [row] = await tx
    .insert(smsOutbox)
    .values({
      kind: m.kind,
      elderId: m.elderId ?? null,
      orderId: m.orderId ?? null,
      ...m.phone,
      body: m.body,
      nextAttemptAt: now,
      createdAt: now,
    })
    .returning({ id: smsOutbox.id });
  return row.id;
}

/** Sends what is due; returns how many went out and how many failed this round. */
export async function deliverDueSms(db: Db, gateway: SmsGateway, cipher: PersonalDataCipher, now: Date, batch = 50) {
  const claimed = await db.transaction(async (tx) => {
    const due = await tx
      .select({ id: smsOutbox.id })
      .from(smsOutbox)
      .where(and(eq(smsOutbox.state, 'pending'), lte(smsOutbox.nextAttemptAt, now)))
      .orderBy(asc(smsOutbox.id))
      .limit(batch)
      .for('update', { skipLocked: true });
    if (!due.length) return [];
    return tx
      .update(smsOutbox)
      .set({ nextAttemptAt: new Date(now.getTime() + LEASE_MS), attempts: sql`${smsOutbox.attempts} + 1` })
      .where(
        inArray(
          smsOutbox.id,
          due.map((d) => d.id),
        ),
      )
      .returning();
  });
  let sent = 0,
    failed = 0;
  for (const m of claimed) {
    try {
      const gatewayId = await gateway.send({ id: m.id, to: cipher.decrypt(m.phoneCipher), body: m.body });
      await db
        .update(smsOutbox)
        .set({ state: 'sent', sentAt: now, gatewayId, lastError: null })
        .where(eq(smsOutbox.id, m.id));
      sent++;
    } catch (err) {
      failed++;
      const last = m.attempts >= MAX_SMS_ATTEMPTS;
      // 1, 2, 4, 8 minutes between tries.
      const retryAt = new Date(now.getTime() + 60_000 * 2 ** (m.attempts - 1));
      await db
        .update(smsOutbox)
        .set({
          state: last ? 'failed' : 'pending',
          nextAttemptAt: retryAt,
          lastError: String((err as Error).message ?? err).slice(0, 300),
        })
        .where(eq(smsOutbox.id, m.id));
    }
  }
  return { sent, failed };
}
