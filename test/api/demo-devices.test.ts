// The demo's terminals and alarm cases (src/server/demo/demo-devices.ts) keep what the product
// keeps, and the device simulator (scripts/simulate-devices.ts) talks to a real gateway: its
// frames are stored, its alarm raises a case and is answered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, count, eq, inArray, isNull, ne } from 'drizzle-orm';
import { makeTestApp, type TestApp } from '../helpers/test-app.js';
import {
  alarmActions,
  alarmCases,
  assessments,
  deviceBindings,
  deviceEvents,
  devices,
  elders,
  geofences,
} from '../../src/server/db/schema.js';
import { ageOn } from '../../src/core/elders/idcard.js';
import { shanghaiDate } from '../../src/shared/today.js';
import { startWatchIngest } from '../../src/server/gateway/watch-ingest.js';
import { startSimulation, simulatedKeys } from '../../scripts/simulate-devices.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp({ elders: 400, demoOrders: true });
});
afterAll(async () => {
  await t?.close();
});

describe('the demo’s devices and alarm cases', () => {
  it('gives terminals to the 70+ (more of those living alone), each bound to its elder', async () => {
    const db = t.database.db;
    const today = shanghaiDate();
    const all = await db.select().from(devices);
    expect(all.length).toBeGreaterThan(20);
    expect(new Set(all.map((d) => d.kind))).toEqual(new Set(['watch', 'home_box', 'fall']));
    const holders = await db
      .select()
      .from(elders)
      .where(
        inArray(
          elders.id,
          all.map((d) => d.elderId!),
        ),
      );
    for (const e of holders) {
      expect(ageOn(e.birthDate, today)).toBeGreaterThanOrEqual(70);
      expect(e.status).toBe('active');
    }
    const seventy = (await db.select().from(elders).where(eq(elders.status, 'active'))).filter(
      (e) => ageOn(e.birthDate, today) >= 70,
    );
    const withDevice = new Set(all.map((d) => d.elderId));
    const share = (alone: boolean) => {
      const group = seventy.filter((e) => e.livingFlags.includes('alone') === alone);
      return group.filter((e) => withDevice.has(e.id)).length / group.length;
    };
    expect(share(true)).toBeGreaterThan(share(false));
    // One open binding per device, to the elder it names; the history's earlier ones closed before it.
    const bindings = await db.select().from(deviceBindings).orderBy(asc(deviceBindings.boundAt));
    for (const d of all) {
      const mine = bindings.filter((b) => b.deviceId === d.id);
      const open = mine.filter((b) => b.unboundAt === null);
      expect(open).toHaveLength(1);
      expect(open[0]!.elderId).toBe(d.elderId);
      for (const b of mine.filter((x) => x.unboundAt))
        expect(b.unboundAt!.getTime()).toBeLessThanOrEqual(open[0]!.boundAt.getTime());
    }
    // Status: most heard within minutes, a few silent for more than a day or low.
    const now = Date.now();
    const silent = all.filter((d) => now - d.lastSeenAt!.getTime() > 24 * 3600_000);
    expect(silent.length).toBeLessThan(all.length / 5);
    expect(all.some((d) => d.battery !== null && d.battery < 20)).toBe(true);
    // The device list shows them all.
    const cookie = await t.login('admin');
    const page = await t.app.inject({ url: '/api/devices?pageSize=1', headers: { cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.json().total).toBe(all.length);
  });

  it('has one open case, raised shortly before now and waiting for an operator', async () => {
    const open = await t.database.db.select().from(alarmCases).where(ne(alarmCases.state, 'closed'));
    expect(open).toHaveLength(1);
    const [c] = open;
    expect(c).toMatchObject({ state: 'open', type: 'sos', acknowledgedAt: null, closedAt: null, outcome: null });
    const age = Date.now() - c!.raisedAt.getTime();
    expect(age).toBeGreaterThan(0);
    expect(age).toBeLessThan(5 * 60_000);
    const actions = await t.database.db.select().from(alarmActions).where(eq(alarmActions.caseId, c!.id));
    expect(actions).toHaveLength(0);
  });

  it('closes a month of cases with outcomes, times in order, late ones escalated', async () => {
    const db = t.database.db;
    const closed = await db.select().from(alarmCases).where(eq(alarmCases.state, 'closed'));
    expect(closed.length).toBeGreaterThan(5);
    const actions = await db.select().from(alarmActions);
    const monthAgo = Date.now() - 31 * 24 * 3600_000;
    let late = 0;
    for (const c of closed) {
      expect(c.outcome).not.toBeNull();
      expect(c.raisedAt.getTime()).toBeGreaterThan(monthAgo);
      const raised = c.raisedAt.getTime();
      const ack = c.acknowledgedAt!.getTime();
      const closedAt = c.closedAt!.getTime();
      expect(raised).toBeLessThanOrEqual(ack);
      expect(ack).toBeLessThanOrEqual(closedAt);
      expect(closedAt).toBeLessThanOrEqual(Date.now());
      expect(c.acknowledgedBy).not.toBeNull();
      if (ack - raised > 60_000) {
        late++;
        expect(c.escalatedAt!.getTime()).toBeGreaterThanOrEqual(raised);
        expect(c.escalatedAt!.getTime()).toBeLessThanOrEqual(ack);
      } else {
        expect(c.escalatedAt).toBeNull();
      }
      const mine = actions.filter((a) => a.caseId === c.id);
      expect(mine.length).toBeGreaterThan(0);
      for (const a of mine) {
        expect(a.at.getTime()).toBeGreaterThanOrEqual(ack);
        expect(a.at.getTime()).toBeLessThanOrEqual(closedAt);
      }
    }
    const outcomes = new Set(closed.map((c) => c.outcome));
    expect(outcomes.has('false_alarm')).toBe(true);
    // Mostly acknowledged within a minute.
    expect(late).toBeLessThan(closed.length / 3);
  });

  it('fences the homes of elders flagged with dementia who wear a watch, and keeps a day’s trail', async () => {
    const db = t.database.db;
    const fences = await db.select().from(geofences);
    const flagged = new Set(
      (await db.select().from(assessments).where(eq(assessments.dementiaOrMentalDisorder, true))).map((a) => a.elderId),
    );
    for (const f of fences) {
      expect(flagged.has(f.elderId)).toBe(true);
      expect(f.radiusM).toBe(500);
    }
    const [{ n }] = await db
      .select({ n: count() })
      .from(deviceEvents)
      .where(and(eq(deviceEvents.kind, 'position'), eq(deviceEvents.valid, true)));
    expect(n).toBeGreaterThan(50);
    const trail = await db
      .select()
      .from(deviceEvents)
      .where(eq(deviceEvents.kind, 'position'))
      .orderBy(asc(deviceEvents.deviceId), asc(deviceEvents.deviceAt))
      .limit(200);
    for (const p of trail) {
      expect(Date.now() - p.deviceAt!.getTime()).toBeLessThan(24 * 3600_000 + 60_000);
      expect(p.lat).not.toBeNull();
    }
  });
});

describe('the device simulator against a gateway started here', () => {
  it('connects, beats, reports positions and has its SOS stored and answered', async () => {
    const db = t.database.db;
    const keys = simulatedKeys(3, 0, 9_900_000_000);
    const holders = await db.select().from(elders).where(eq(elders.status, 'active')).limit(3);
    await db.insert(devices).values(
      keys.watches.map((k, i) => ({
        kind: 'watch' as const,
        protocol: 'watch' as const,
        deviceKey: k,
        elderId: holders[i]!.id,
      })),
    );
    const log = { info: () => {}, warn: () => {}, error: () => {} };
    const gw = await startWatchIngest({ database: t.database, port: 0, host: '127.0.0.1', clock: t.deps.clock, log });
    const answered: string[] = [];
    const sim = await startSimulation({
      devices: keys.watches.map((k, i) => ({
        deviceKey: k,
        protocol: 'watch',
        home: { lat: holders[i]!.lat ?? 36.06, lng: holders[i]!.lng ?? 103.83 },
      })),
      host: '127.0.0.1',
      port: gw.port,
      // A minute in a quarter second: positions every 1.25 s.
      speed: 240,
      alarmsPerDeviceHour: 0,
      silentShare: 0,
      drainShare: 0,
      onAlarmAnswered: (key) => answered.push(key),
    });
    try {
      await waitFor(() => sim.counters().watchesConnected === 3);
      expect(sim.raiseAlarm(keys.watches[0]!, 'sos')).toBe(true);
      await waitFor(() => answered.length === 1 && sim.counters().positions >= 6);
      await waitFor(() => sim.counters().lkReplies >= 6);
      const c = sim.counters();
      expect(c).toMatchObject({ alReplies: 1, alarmsPending: 0, reconnects: 0 });
      expect(gw.counters()).toMatchObject({ malformed: 0, dropped: 0, sinkErrors: 0 });
    } finally {
      await sim.stop();
      await gw.close();
    }
    const rows = await db.select().from(devices).where(inArray(devices.deviceKey, keys.watches));
    for (const d of rows) {
      expect(d.lastSeenAt).not.toBeNull();
      expect(d.battery).not.toBeNull();
    }
    const ids = rows.map((d) => d.id);
    const [{ n }] = await db
      .select({ n: count() })
      .from(deviceEvents)
      .where(and(inArray(deviceEvents.deviceId, ids), eq(deviceEvents.kind, 'position')));
    expect(n).toBeGreaterThanOrEqual(3);
    const sosDevice = rows.find((d) => d.deviceKey === keys.watches[0])!;
    const cases = await db
      .select()
      .from(alarmCases)
      .where(and(eq(alarmCases.deviceId, sosDevice.id), isNull(alarmCases.closedAt)));
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({ type: 'sos', state: 'open', elderId: holders[0]!.id });
  });
});

async function waitFor(check: () => boolean, ms = 15_000) {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}
