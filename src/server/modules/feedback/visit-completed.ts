// What follows a check-out, in the same transaction: the call-back task when the order is
// sampled, and the SMS asking the elder for a rating when the district sends them.
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { callbacks, caregivers, elders, orders } from '../../db/schema.js';
import { sampledForCallback, type CallCentreRules } from '../../../core/orders/call-centre-rules.js';
import { ratingRequestText } from '../../../core/feedback/sms-reply.js';
import { enqueueSms } from '../sms/sms-outbox.js';

type OrderRow = typeof orders.$inferSelect;

export async function afterVisit(tx: DbOrTx, o: OrderRow, caregiverId: number, rules: CallCentreRules, now: Date) {
  if (sampledForCallback(o.id, rules.callbackSamplePercent)) {
    await tx
      .insert(callbacks)
      .values({
        orderId: o.id,
        regionId: o.regionId,
        dueAt: new Date(now.getTime() + rules.callbackAfterHours * 3_600_000),
      })
      .onConflictDoNothing();
  }
  if (!rules.smsRating) return;
  const [elder] = await tx
    .select({ phoneCipher: elders.phoneCipher, phoneHash: elders.phoneHash, phoneMasked: elders.phoneMasked })
    .from(elders)
    .where(eq(elders.id, o.elderId));
  if (!elder?.phoneCipher || !elder.phoneHash || !elder.phoneMasked) return;
  const [c] = await tx.select({ name: caregivers.name }).from(caregivers).where(eq(caregivers.id, caregiverId));
  await enqueueSms(
    tx,
    {
      kind: 'rating',
      elderId: o.elderId,
      orderId: o.id,
      body: ratingRequestText(c?.name ?? '服务人员', o.serviceDate),
      phone: { phoneCipher: elder.phoneCipher, phoneHash: elder.phoneHash, phoneMasked: elder.phoneMasked },
    },
    now,
  );
}
