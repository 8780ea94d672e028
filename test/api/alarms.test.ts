// Alarm cases from raised to closed (issue 17 part 3): raised by a device through the one ingest
// path, acknowledged by exactly one of two operators racing, worked with recorded actions (an
// SMS through the outbox, an urgent order through the order path), closed with an outcome and
// staying closed; escalated once by the job on the app's clock; the figures; the jurisdiction.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { makeTestApp, type TestApp } from '../helpers/test-app.js';
import {
  alarmActions,
  alarmCases,
  auditLog,
  devices,
  elders,
  orders,
  serviceItems,
  smsOutbox,
  users,
} from '../../src/server/db/schema.js';
import { ingestDeviceEvents } from '../../src/server/modules/devices/ingest.js';
import type { DeviceEvent } from '../../src/core/devices/device-event.js';
import { escalateOverdueAlarms } from '../../src/server/modules/alarms/escalate.js';

let t: TestApp;
let op: string, op2: string, admin: string, community: string;
let elder: typeof elders.$inferSelect;
const KEY = '8800000099';
// A weekday morning, when caregivers are at work.
const MONDAY_9AM = new Date('2026-03-02T01:00:00Z');

const sos = (n: number): DeviceEvent => ({
  kind: 'alarm',
  deviceKey: KEY,
  at: new Date(t.deps.clock().getTime() + n).toISOString(),
  alarm: 'sos',
  fix: { lat: elder.lat! + 0.001, lng: elder.lng!, valid: true, accuracy: 12 },
});
const raise = async (n = 0) => (await ingestDeviceEvents(t.database, 'watch', KEY, [sos(n)], t.deps.clock())).cases[0];
const api = (cookie: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

beforeAll(async () => {
  t = await makeTestApp({ elders: 30 });
  t.setNow(MONDAY_9AM);
  const db = t.database.db;
  const rows = await db.select().from(elders).where(eq(elders.status, 'active'));
  elder = rows.find(
    (e) => e.lat !== null && (e.contacts as { phoneCipher: string | null }[]).some((c) => c.phoneCipher),
  )!;
  expect(elder).toBeDefined();
  await db.insert(devices).values({ kind: 'watch', protocol: 'watch', deviceKey: KEY, elderId: elder.id });
  const [o] = await db.select().from(users).where(eq(users.username, 'operator'));
  await db.insert(users).values({
    username: 'operator2',
    displayName: '李晓梅',
    role: 'operator',
    regionId: o.regionId,
    passwordHash: o.passwordHash,
  });
  [op, op2, admin] = await Promise.all([t.login('operator'), t.login('operator2'), t.login('admin')]);
  community = await t.login('community');
});
afterAll(() => t.close());

describe('an alarm case from raised to closed', () => {
  let caseId: number;

  it('is raised by the device, shows the elder’s file and the nearest caregivers, and a repeat joins it', async () => {
    caseId = (await raise()).id;
    expect((await raise(1000)).id).toBe(caseId);
    const d = (await api(op, 'GET', `/api/alarms/${caseId}`)).json();
    expect(d).toMatchObject({ id: caseId, state: 'open', type: 'sos', repeats: 1, elderId: elder.id });
    expect(d.elder).toMatchObject({ name: elder.name, address: elder.address, phoneMasked: elder.phoneMasked });
    expect(d.elder.contacts.length).toBeGreaterThan(0);
    expect(d.elder.contacts[0].phoneMasked ?? '').not.toMatch(/^\d{11}$/);
    expect(d.device).toMatchObject({ deviceKey: KEY, lastFix: { accuracy: 12 } });
    expect(d.distanceFromHomeM).toBeGreaterThan(100);
    expect(Array.isArray(d.nearby)).toBe(true);
    const list = (await api(op, 'GET', '/api/alarms?state=active')).json();
    expect(list.items.map((i: { id: number }) => i.id)).toContain(caseId);
  });

  it('refuses actions and closing before anyone has acknowledged it', async () => {
    const r = await api(op, 'POST', `/api/alarms/${caseId}/actions`, { kind: 'called_elder' });
    expect(r.statusCode).toBe(409);
    expect(r.json().detail).toContain('请先接警');
  });

  it('is acknowledged by exactly one of two operators racing; the other is told who', async () => {
    const [a, b] = await Promise.all([
      api(op, 'POST', `/api/alarms/${caseId}/acknowledge`),
      api(op2, 'POST', `/api/alarms/${caseId}/acknowledge`),
    ]);
    const codes = [a.statusCode, b.statusCode].sort();
    expect(codes).toEqual([200, 409]);
    const winner = a.statusCode === 200 ? a : b;
    const loser = a.statusCode === 200 ? b : a;
    const who = winner.json().acknowledgedByName as string;
    expect(who).toMatch(/operator2?）$/);
    expect(loser.json().detail).toContain(`该警情已由 ${who}`);
    expect(loser.json().title).toBe('数据冲突');
    const acks = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'alarm.acknowledge'), eq(auditLog.entityId, String(caseId))));
    expect(acks).toHaveLength(1);
  });

  it('refuses bad input in Chinese naming the field, and changes nothing', async () => {
    const before = await t.database.db.select().from(alarmActions).where(eq(alarmActions.caseId, caseId));
    const noPhone = await api(op, 'POST', `/api/alarms/${caseId}/actions`, { kind: 'notified_community' });
    expect(noPhone.statusCode).toBe(400);
    expect(noPhone.json().errors).toEqual([{ field: 'phone', message: expect.stringContaining('手机号') }]);
    const badKind = await api(op, 'POST', `/api/alarms/${caseId}/actions`, { kind: 'teleport' });
    expect(badKind.statusCode).toBe(400);
    expect(badKind.json().errors[0]).toMatchObject({ field: 'kind', message: '请选择处置类型' });
    const noItem = await api(op, 'POST', `/api/alarms/${caseId}/actions`, { kind: 'dispatched' });
    expect(noItem.json().errors[0]).toMatchObject({ field: 'itemId' });
    const noOutcome = await api(op, 'POST', `/api/alarms/${caseId}/close`, { note: '好了' });
    expect(noOutcome.statusCode).toBe(400);
    expect(noOutcome.json().errors[0]).toMatchObject({ field: 'outcome', message: '请选择处置结果' });
    const otherNoNote = await api(op, 'POST', `/api/alarms/${caseId}/close`, { outcome: 'other' });
    expect(otherNoNote.json().errors[0]).toMatchObject({ field: 'note' });
    const noContact = await api(op, 'POST', `/api/alarms/${caseId}/actions`, {
      kind: 'notified_community',
      contactIndex: 9,
    });
    expect(noContact.statusCode).toBe(400);
    expect(noContact.json().errors[0]).toMatchObject({ field: 'contactIndex', message: '没有这位联系人' });
    const after = await t.database.db.select().from(alarmActions).where(eq(alarmActions.caseId, caseId));
    expect(after).toHaveLength(before.length);
    const [c] = await t.database.db.select().from(alarmCases).where(eq(alarmCases.id, caseId));
    expect(c.state).toBe('acknowledged');
    // Seeing is not handling: a community worker reads its region's cases but may not act.
    const seen = await api(community, 'POST', `/api/alarms/${caseId}/actions`, { kind: 'called_elder' });
    expect(seen.statusCode).toBe(403);
  });

  it('records actions with times: calls, an SMS to the community through the outbox, an urgent order', async () => {
    t.advance(1);
    expect(
      (await api(op, 'POST', `/api/alarms/${caseId}/actions`, { kind: 'called_elder', note: '无人接听' })).statusCode,
    ).toBe(201);
    const sms = await api(op, 'POST', `/api/alarms/${caseId}/actions`, {
      kind: 'notified_community',
      phone: '13912345678',
      note: '网格员张师傅',
    });
    expect(sms.statusCode, sms.body).toBe(201);
    expect(sms.json().note).toContain('139****5678');
    const queued = await t.database.db.select().from(smsOutbox).where(eq(smsOutbox.elderId, elder.id));
    const notice = queued.find((m) => m.kind === 'notice' && m.phoneMasked === '139****5678')!;
    expect(notice.body).toContain(elder.name);
    expect(notice.body).toContain('紧急呼叫');
    expect(notice.body).not.toContain('13912345678');
    const [item] = await t.database.db.select().from(serviceItems).where(eq(serviceItems.active, true)).limit(1);
    const sent = await api(op, 'POST', `/api/alarms/${caseId}/actions`, { kind: 'dispatched', itemId: item.id });
    expect(sent.statusCode, sent.body).toBe(201);
    const orderId = sent.json().orderId as number;
    const [o] = await t.database.db.select().from(orders).where(eq(orders.id, orderId));
    expect(o).toMatchObject({ elderId: elder.id, channel: 'phone' });
    expect(['confirmed', 'dispatched']).toContain(o.state);
    expect(o.notes).toContain(`警情 ${caseId}`);
    expect((await api(op, 'POST', `/api/alarms/${caseId}/actions`, { kind: 'called_120' })).statusCode).toBe(201);
    const d = (await api(op, 'GET', `/api/alarms/${caseId}`)).json();
    expect(d.actions.map((a: { kind: string }) => a.kind)).toEqual([
      'called_elder',
      'notified_community',
      'dispatched',
      'called_120',
    ]);
    expect(d.actions[2].orderId).toBe(orderId);
    expect(d.actions.every((a: { at: string; byName: string }) => a.at && a.byName)).toBe(true);
  });

  it('closes with an outcome and stays closed; a new alarm from the device opens a new case', async () => {
    t.advance(5);
    const closed = await api(op, 'POST', `/api/alarms/${caseId}/close`, { outcome: 'hospital', note: '120 送市一院' });
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({ state: 'closed', outcome: 'hospital', closedByName: expect.any(String) });
    const again = await api(op2, 'POST', `/api/alarms/${caseId}/close`, { outcome: 'false_alarm' });
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toContain('已结案');
    const late = await api(op, 'POST', `/api/alarms/${caseId}/actions`, { kind: 'note', note: '补记' });
    expect(late.statusCode).toBe(409);
    const fresh = await raise(5000);
    expect(fresh.id).not.toBe(caseId);
    expect(fresh.joined).toBe(false);
    await api(op, 'POST', `/api/alarms/${fresh.id}/acknowledge`);
    await api(op, 'POST', `/api/alarms/${fresh.id}/close`, { outcome: 'false_alarm' });
  });
});

describe('escalation', () => {
  it('escalates a case unacknowledged past the limit once, audited, on the app’s clock', async () => {
    const c = await raise(9000);
    t.advance(0.5);
    await escalateOverdueAlarms(t.database.db, t.deps.clock());
    let [row] = await t.database.db.select().from(alarmCases).where(eq(alarmCases.id, c.id));
    expect(row.escalatedAt).toBeNull();
    t.advance(1);
    await t.scheduler.tick();
    [row] = await t.database.db.select().from(alarmCases).where(eq(alarmCases.id, c.id));
    expect(row.escalatedAt).not.toBeNull();
    const audits = () =>
      t.database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'alarm.escalate'), eq(auditLog.entityId, String(c.id))));
    expect(await audits()).toHaveLength(1);
    const at = row.escalatedAt!.getTime();
    t.advance(1);
    await t.scheduler.tick();
    expect((await escalateOverdueAlarms(t.database.db, t.deps.clock())).escalated).toBe(0);
    [row] = await t.database.db.select().from(alarmCases).where(eq(alarmCases.id, c.id));
    expect(row.escalatedAt!.getTime()).toBe(at);
    expect(await audits()).toHaveLength(1);
    const listed = (await api(admin, 'GET', '/api/alarms?state=active&escalated=true')).json();
    expect(listed.items[0]).toMatchObject({ id: c.id, escalatedAt: expect.any(String) });
    await api(admin, 'POST', `/api/alarms/${c.id}/acknowledge`);
    await api(admin, 'POST', `/api/alarms/${c.id}/close`, { outcome: 'helped_home' });
  });
});

describe('figures', () => {
  it('gives the shares acknowledged within 60 and 180 s against the targets, and medians', async () => {
    const day = new Date(t.deps.clock().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    const s = (await api(op, 'GET', `/api/alarms/stats?from=${day}&to=${day}`)).json();
    const rows = await t.database.db.select().from(alarmCases);
    expect(s.count).toBe(rows.length);
    expect(s).toMatchObject({ target60Percent: 97.5, target180Percent: 99, closed: 3, escalated: 1 });
    const within60 = rows.filter(
      (r) => r.acknowledgedAt && r.acknowledgedAt.getTime() - r.raisedAt.getTime() <= 60_000,
    ).length;
    expect(s.within60Percent).toBeCloseTo((within60 / rows.length) * 100, 1);
    expect(s.meets60).toBe(s.within60Percent >= 97.5);
    expect(s.medianAckSeconds).toBeGreaterThanOrEqual(0);
    expect(s.byOutcome).toMatchObject({ hospital: 1, false_alarm: 1, helped_home: 1 });
    const bad = await api(op, 'GET', `/api/alarms/stats?from=${day}&to=2020-01-01`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ field: 'to' });
  });

  it('lists silent and flat terminals for the console', async () => {
    await t.database.db.insert(devices).values({
      kind: 'home_box',
      protocol: 'mqtt',
      deviceKey: 'BOX-1',
      elderId: elder.id,
      battery: 9,
      lastSeenAt: new Date(t.deps.clock().getTime() - 30 * 3_600_000),
    });
    const d = (await api(op, 'GET', '/api/alarms/device-alerts')).json();
    expect(d).toMatchObject({ offlineHours: 24, lowBatteryPercent: 20 });
    expect(d.offline.items.map((i: { deviceKey: string }) => i.deviceKey)).toContain('BOX-1');
    expect(d.lowBattery.items.map((i: { deviceKey: string }) => i.deviceKey)).toContain('BOX-1');
    expect(d.offline.items.map((i: { deviceKey: string }) => i.deviceKey)).not.toContain(KEY);
  });
});
