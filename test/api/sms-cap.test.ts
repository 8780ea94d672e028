// Texts to hand-typed numbers carry an elder's name, address and position (security review):
// one user may send HAND_TYPED_SMS_PER_HOUR an hour, counted from the audit trail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/test-app.js';
import { auditLog, users } from '../../src/server/db/schema.js';
import { checkHandTypedSms, HAND_TYPED_SMS_PER_HOUR } from '../../src/server/modules/devices/sms-cap.js';
import { eq } from 'drizzle-orm';

let t: TestApp;
let userId: number;
beforeAll(async () => {
  t = await makeTestApp();
  [{ id: userId }] = await t.database.db.select({ id: users.id }).from(users).where(eq(users.username, 'operator'));
});
afterAll(() => t.close());

const row = (action: string, minutesAgo: number, kind?: string) => ({
  userId,
  username: 'operator',
  action,
  entityType: action === 'trip.share' ? 'elder' : 'alarm',
  entityId: '1',
  at: new Date(t.deps.clock().getTime() - minutesAgo * 60_000),
  after: kind ? { kind } : {},
});

describe('texts to hand-typed numbers', () => {
  it('are refused past the hourly cap; older ones and other actions do not count', async () => {
    await t.database.db
      .insert(auditLog)
      .values([
        ...Array.from({ length: HAND_TYPED_SMS_PER_HOUR - 2 }, () => row('trip.share', 10)),
        row('alarm.action', 5, 'called_120'),
        row('trip.share', 90),
        row('alarm.action', 5, 'notified_community'),
      ]);
    await expect(checkHandTypedSms(t.database.db, userId, t.deps.clock())).resolves.toBeUndefined();
    await t.database.db.insert(auditLog).values(row('trip.share', 1));
    await expect(checkHandTypedSms(t.database.db, userId, t.deps.clock())).rejects.toMatchObject({ status: 429 });
  });
});
