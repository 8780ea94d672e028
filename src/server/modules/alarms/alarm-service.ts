// What an operator does to an alarm case, each step one transaction with its audit row and word
// to every console: acknowledge (a compare-and-set, so of two operators exactly one takes the
// case and the other is told who did), record an action (a call, an SMS to the community through
// the outbox, an urgent order through the ordinary order path, a call to 120, a note), close
// with an outcome.
import { and, eq } from 'drizzle-orm';
import { checkHandTypedSms } from '../devices/sms-cap.js';
import type { Db, Tx } from '../../db/client.js';
import { alarmActions, alarmCases, caregivers, elders, serviceItems, users } from '../../db/schema.js';
import type { PersonalDataCipher } from '../../security/personal-data.js';
import { alarmStepProblem, type AlarmState } from '../../../core/alarms/alarm-case.js';
import { ALARM_ACTION_LABELS, ALARM_OUTCOME_LABELS, alarmTypeLabel } from '../../../core/alarms/alarm-labels.js';
import type { AlarmActionInput, AlarmClose } from '../../../shared/schemas/alarms.js';
import { ELDER_STATUS_LABELS } from '../../../shared/elder-labels.js';
import { maskPhone } from '../../../core/elders/phone.js';
import { formatLocalTime } from '../../../core/local-time.js';
import { callCentreRulesOf } from '../../../core/orders/call-centre-rules.js';
import { shanghaiDate } from '../../../shared/today.js';
import type { Scope } from '../../auth/scope.js';
import { conflict, fieldError, notFound, ProblemError } from '../../http/problem.js';
import { notify } from '../../realtime/events.js';
import { writeAudit, type AuditActor } from '../audit/audit-writer.js';
import { enqueueSms } from '../sms/sms-outbox.js';
import { insertOrder } from '../orders/insert-order.js';
import { takeStep } from '../orders/order-steps.js';
import { rulesOn } from '../providers/rule-store.js';
import type { StoredContact } from '../elders/elder-records.js';
import { byId } from './alarm-query.js';
import { ALARM_MESSAGES as M } from './messages.js';

type CaseRow = typeof alarmCases.$inferSelect;
export interface Operator {
  userId: number;
  scope: Scope;
}

/** "08:05:09" in Shanghai time. */
const clockTime = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(11, 19);

const changed = (tx: Tx, c: Pick<CaseRow, 'id' | 'regionId' | 'state'>, change: string, now: Date) =>
  notify(tx, { kind: 'alarm', caseId: c.id, regionId: c.regionId, state: c.state, change, at: now.toISOString() });

/** Why a step cannot be taken, said as the person reads it: who took the case, or that it is closed. */
async function refuse(tx: Tx, c: CaseRow, problem: ReturnType<typeof alarmStepProblem>): Promise<never> {
  if (problem === 'closed') throw conflict(M.closedAlready);
  if (problem === 'not_open') {
    const [u] = c.acknowledgedBy
      ? await tx
          .select({ name: users.displayName, username: users.username })
          .from(users)
          .where(eq(users.id, c.acknowledgedBy))
      : [];
    throw conflict(M.acknowledgedBy(u ? `${u.name}（${u.username}）` : '其他话务员', clockTime(c.acknowledgedAt!)));
  }
  throw conflict(M.notAcknowledged);
}

/** The case under the caller's lock, within its jurisdiction. */
async function lockCase(tx: Tx, me: Operator, id: number) {
  const [c] = await tx
    .select()
    .from(alarmCases)
    .where(byId(tx, me.scope, id))
    .for('update');
  if (!c) throw notFound(M.notFound);
  return c;
}

export async function acknowledgeAlarm(db: Db, me: Operator, id: number, audit: AuditActor, now: Date) {
  return db.transaction(async (tx) => {
    // Compare-and-set: of two operators at once, the second's update finds the case no longer
    // open (PostgreSQL re-reads the row after the first commits) and changes nothing.
    const [done] = await tx
      .update(alarmCases)
      .set({ state: 'acknowledged', acknowledgedAt: now, acknowledgedBy: me.userId })
      .where(and(byId(tx, me.scope, id), eq(alarmCases.state, 'open')))
      .returning();
    if (!done) {
      const [c] = await tx
        .select()
        .from(alarmCases)
        .where(byId(tx, me.scope, id));
      if (!c) throw notFound(M.notFound);
      return refuse(tx, c, alarmStepProblem(c.state as AlarmState, 'acknowledge'));
    }
    await writeAudit(tx, audit, {
      action: 'alarm.acknowledge',
      entityType: 'alarm',
      entityId: id,
      before: { state: 'open' },
      after: {
        state: 'acknowledged',
        acknowledgedAt: now,
        waitedSeconds: (now.getTime() - done.raisedAt.getTime()) / 1000,
      },
    });
    await changed(tx, done, 'acknowledged', now);
    return done;
  });
}

/** The elder's contact by index, or a field error. */
function contactOf(elder: typeof elders.$inferSelect, index: number) {
  const c = (elder.contacts as StoredContact[])[index];
  if (!c) throw fieldError('contactIndex', M.noContact);
  return c;
}

async function elderOf(tx: Tx, c: CaseRow, lock = false) {
  if (!c.elderId) throw conflict(M.noElder);
  const q = tx.select().from(elders).where(eq(elders.id, c.elderId));
  const [e] = lock ? await q.for('update') : await q;
  return e;
}

/** Sends the SMS to a contact or a typed number through the outbox; returns what the record says. */
async function notifyCommunity(
  tx: Tx,
  c: CaseRow,
  b: AlarmActionInput,
  cipher: PersonalDataCipher,
  now: Date,
): Promise<string> {
  const elder = await elderOf(tx, c);
  let phone: { phoneCipher: string; phoneHash: string; phoneMasked: string };
  let who: string;
  if (b.phone) {
    phone = { phoneCipher: cipher.encrypt(b.phone), phoneHash: cipher.index(b.phone), phoneMasked: maskPhone(b.phone) };
    who = phone.phoneMasked;
  } else {
    const k = contactOf(elder, b.contactIndex!);
    if (!k.phoneCipher) throw fieldError('contactIndex', M.contactNoPhone);
    phone = {
      phoneCipher: k.phoneCipher,
      phoneHash: k.phoneHash ?? cipher.index(cipher.decrypt(k.phoneCipher)),
      phoneMasked: k.phoneMasked ?? '',
    };
    who = `${k.name}（${k.relation}）${k.phoneMasked ?? ''}`;
  }
  const { hotline } = callCentreRulesOf((await rulesOn(tx, shanghaiDate(now))).params);
  const smsId = await enqueueSms(
    tx,
    {
      kind: 'notice',
      elderId: elder.id,
      phone,
      body: M.sms({
        elderName: elder.name,
        address: elder.address,
        type: alarmTypeLabel(c.type),
        time: formatLocalTime(c.raisedAt),
        hotline,
      }),
    },
    now,
  );
  return `${M.smsNote(who)}（短信 ${smsId}）`;
}

/** An urgent order through the ordinary order path, confirmed and dispatched at once where someone fits. */
async function dispatchUrgent(
  tx: Tx,
  c: CaseRow,
  b: AlarmActionInput,
  me: Operator,
  audit: AuditActor,
  now: Date,
): Promise<{ orderId: number; note: string }> {
  const elder = await elderOf(tx, c, true);
  if (elder.status !== 'active') throw conflict(M.elderGone(ELDER_STATUS_LABELS[elder.status]));
  const [item] = await tx
    .select()
    .from(serviceItems)
    .where(and(eq(serviceItems.id, b.itemId!), eq(serviceItems.active, true)));
  if (!item) throw fieldError('itemId', M.itemUnknown);
  // Where the elder is now: the alarm's fix, else home.
  const lng = c.lng ?? elder.lng,
    lat = c.lat ?? elder.lat;
  if (lng === null || lat === null) throw conflict(M.noLocation);
  const made = await insertOrder(
    tx,
    elder,
    {
      channel: 'phone',
      lines: [{ itemId: item.id, quantity: 1 }],
      startAt: now,
      endAt: new Date(now.getTime() + Math.max(item.durationMinutes, 30) * 60_000),
      address: elder.address,
      lng,
      lat,
      notes: M.orderNotes(c.id, alarmTypeLabel(c.type)),
      state: 'created',
      createdBy: me.userId,
      actor: 'operator',
      userId: me.userId,
    },
    audit,
    now,
  );
  // The operator has the elder (or family) on the line: the order is confirmed as it is made.
  const confirmed = await takeStep(
    tx,
    made.row,
    { action: 'confirm', actor: 'operator', userId: me.userId },
    audit,
    now,
  );
  let caregiverId: number | null = null;
  try {
    // A savepoint: with nobody free, the order stays confirmed on the console's unassigned list.
    const sent = await tx.transaction((sp) =>
      takeStep(
        sp,
        confirmed.row,
        { action: 'dispatch', actor: 'operator', userId: me.userId, caregiverId: b.caregiverId },
        audit,
        now,
      ),
    );
    caregiverId = sent.row.caregiverId;
  } catch (err) {
    // A caregiver the operator picked who cannot go is said, not silently replaced.
    if (!(err instanceof ProblemError) || b.caregiverId !== undefined) throw err;
  }
  const [cg] = caregiverId
    ? await tx.select({ name: caregivers.name }).from(caregivers).where(eq(caregivers.id, caregiverId))
    : [];
  return { orderId: made.row.id, note: M.dispatchedNote(made.row.id, cg?.name ?? null) };
}

export async function recordAlarmAction(
  db: Db,
  me: Operator,
  id: number,
  b: AlarmActionInput,
  deps: { cipher: PersonalDataCipher },
  audit: AuditActor,
  now: Date,
) {
  return db.transaction(async (tx) => {
    const c = await lockCase(tx, me, id);
    const problem = alarmStepProblem(c.state as AlarmState, 'act');
    if (problem) return refuse(tx, c, problem);
    let orderId: number | null = null;
    const said: string[] = [];
    if (b.kind === 'called_contact' && b.contactIndex !== undefined) {
      const k = contactOf(await elderOf(tx, c), b.contactIndex);
      said.push(`${k.name}（${k.relation}）`);
    }
    if (b.kind === 'notified_community') {
      await checkHandTypedSms(tx, me.userId, now);
      said.push(await notifyCommunity(tx, c, b, deps.cipher, now));
    }
    if (b.kind === 'dispatched') {
      const d = await dispatchUrgent(tx, c, b, me, audit, now);
      orderId = d.orderId;
      said.push(d.note);
    }
    if (b.note) said.push(b.note);
    const note = said.join('；').slice(0, 500) || null;
    const [row] = await tx
      .insert(alarmActions)
      .values({ caseId: id, kind: b.kind, at: now, by: me.userId, orderId, note })
      .returning();
    await writeAudit(tx, audit, {
      action: 'alarm.action',
      entityType: 'alarm',
      entityId: id,
      after: { kind: b.kind, label: ALARM_ACTION_LABELS[b.kind], orderId, note },
    });
    await changed(tx, c, 'action', now);
    return { ...row, kind: b.kind };
  });
}

export async function closeAlarm(db: Db, me: Operator, id: number, b: AlarmClose, audit: AuditActor, now: Date) {
  return db.transaction(async (tx) => {
    const c = await lockCase(tx, me, id);
    const problem = alarmStepProblem(c.state as AlarmState, 'close');
    if (problem) return refuse(tx, c, problem);
    const [done] = await tx
      .update(alarmCases)
      .set({
        state: 'closed',
        closedAt: now,
        closedBy: me.userId,
        outcome: b.outcome,
        note: [c.note, b.note].filter(Boolean).join('；').slice(0, 500) || null,
      })
      .where(and(eq(alarmCases.id, id), eq(alarmCases.state, 'acknowledged')))
      .returning();
    await writeAudit(tx, audit, {
      action: 'alarm.close',
      entityType: 'alarm',
      entityId: id,
      before: { state: c.state },
      after: { state: 'closed', outcome: b.outcome, label: ALARM_OUTCOME_LABELS[b.outcome], note: b.note ?? null },
    });
    await changed(tx, done, 'closed', now);
    return done;
  });
}
