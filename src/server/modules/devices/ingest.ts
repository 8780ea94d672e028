// Where every path's device events land (the watch gateway, MQTT, a vendor cloud's webhook): one
// transaction stores the events, updates the device's status and last position, and raises an
// alarm case (or joins the device's open one) — and only after it commits does the caller
// acknowledge the device, so a crash or a restart between frame and acknowledgement loses no
// alarm: the device sends it again and the duplicate is recognised.
import crypto from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { DeviceEvent, Fix } from '../../../core/devices/device-event.js';
import { alarmCases, deviceEvents, devices, elders } from '../../db/schema.js';
import type { Database } from '../../db/client.js';
import { notify } from '../../realtime/events.js';
import { raiseIfWandering } from './wandering.js';

export type IngestProtocol = 'watch' | 'mqtt' | 'webhook';

export interface IngestResult {
  /** The device is not in the registry: nothing stored (logged and counted by the caller). */
  unknownDevice: boolean;
  stored: number;
  duplicates: number;
  /** Alarm cases raised or joined. */
  cases: { id: number; joined: boolean }[];
}

/** Counters for the gateways' status and the bench. */
export const ingestCounters = { events: 0, duplicates: 0, unknownDevice: 0, alarms: 0, implausibleFix: 0 };

/**
 * A fix worth drawing: valid as the device says, not at 0,0 (a watch's "no fix"), and inside
 * China's bounding box — the product serves Chinese districts; anything else is a bad reading.
 */
export function plausibleFix(f: Fix | null | undefined): f is Fix {
  if (!f || !f.valid) return false;
  if (!Number.isFinite(f.lat) || !Number.isFinite(f.lng)) return false;
  if (Math.abs(f.lat) < 1e-6 && Math.abs(f.lng) < 1e-6) return false;
  return f.lat >= 3 && f.lat <= 54 && f.lng >= 73 && f.lng <= 136;
}

/** A device's clock far off (more than a day either way) is not believed: the server's time stands. */
function believedTime(at: string | null, now: Date): Date {
  if (!at) return now;
  const t = new Date(at);
  if (Number.isNaN(t.getTime()) || Math.abs(t.getTime() - now.getTime()) > 24 * 3600_000) return now;
  return t;
}

const fixOf = (e: DeviceEvent): Fix | null => (e.kind === 'position' ? e.fix : e.kind === 'alarm' ? e.fix : null);

/**
 * The same event sent twice has the same key: what it says, not when it arrived. An event that
 * carries no time of its own (a health reading of the watch protocol) is the same within the
 * minute it arrived in — a resend — and a new reading after that.
 */
export function dedupeKey(e: DeviceEvent, receivedAt: Date): string {
  const said = e.at === null ? { ...e, received: receivedAt.toISOString().slice(0, 16) } : e;
  return crypto.createHash('sha256').update(JSON.stringify(said)).digest('hex').slice(0, 40);
}

export async function ingestDeviceEvents(
  database: Pick<Database, 'db'>,
  protocol: IngestProtocol,
  deviceKey: string,
  events: readonly DeviceEvent[],
  now: Date,
): Promise<IngestResult> {
  const result: IngestResult = { unknownDevice: false, stored: 0, duplicates: 0, cases: [] };
  if (events.length === 0) return result;
  await database.db.transaction(async (tx) => {
    const [device] = await tx
      .select({
        id: devices.id,
        elderId: devices.elderId,
        regionId: devices.regionId,
        retiredAt: devices.retiredAt,
        lastFixAt: devices.lastFixAt,
        elderRegion: elders.regionId,
        elderStatus: elders.status,
      })
      .from(devices)
      .leftJoin(elders, eq(elders.id, devices.elderId))
      .where(and(eq(devices.protocol, protocol), eq(devices.deviceKey, deviceKey)));
    if (!device || device.retiredAt) {
      result.unknownDevice = true;
      ingestCounters.unknownDevice++;
      return;
    }
    const regionId = device.elderRegion ?? device.regionId;
    let lastFix: { fix: Fix; at: Date } | null = null;
    let battery: number | null = null;
    let signal: number | null = null;
    for (const e of events) {
      if (e.battery != null) battery = e.battery;
      if (e.signal != null) signal = e.signal;
      // A heartbeat says only that the device is there: it moves the status, not the history
      // (10,000 watches beating once a minute would be 14 million rows a day).
      if (e.kind === 'heartbeat') {
        result.stored++;
        ingestCounters.events++;
        continue;
      }
      const at = believedTime(e.at, now);
      const fix = fixOf(e);
      const good = plausibleFix(fix);
      if (fix && !good) ingestCounters.implausibleFix++;
      const [row] = await tx
        .insert(deviceEvents)
        .values({
          deviceId: device.id,
          elderId: device.elderId,
          kind: e.kind,
          deviceAt: e.at ? at : null,
          receivedAt: now,
          lat: good ? fix.lat : null,
          lng: good ? fix.lng : null,
          valid: fix ? good : null,
          accuracy: good ? (fix.accuracy ?? null) : null,
          payload: e,
          dedupe: dedupeKey(e, now),
        })
        .onConflictDoNothing()
        .returning({ id: deviceEvents.id });
      if (!row) {
        result.duplicates++;
        ingestCounters.duplicates++;
        continue;
      }
      result.stored++;
      ingestCounters.events++;
      if (good && (!lastFix || at >= lastFix.at)) lastFix = { fix, at };
      // A valid position of an elder flagged with dementia, outside every safe zone: a wandering alert.
      const wandering =
        good && e.kind === 'position' ? await raiseIfWandering(tx, { ...device, regionId }, fix, row.id, now) : null;
      if (wandering) result.cases.push(wandering);
      if (e.kind === 'alarm') {
        ingestCounters.alarms++;
        // One open case per device (a partial unique index): a repeat joins it.
        const [c] = await tx
          .insert(alarmCases)
          .values({
            deviceId: device.id,
            elderId: device.elderId,
            regionId,
            type: e.alarm,
            state: 'open',
            raisedAt: now,
            lat: good ? fix.lat : null,
            lng: good ? fix.lng : null,
            note: device.elderStatus === 'deceased' ? '设备绑定的老人已故：设备可能由他人使用，请核实' : null,
          })
          .onConflictDoUpdate({
            target: alarmCases.deviceId,
            targetWhere: sql`state <> 'closed' and device_id is not null`,
            set: {
              repeats: sql`${alarmCases.repeats} + 1`,
              lastRepeatAt: now,
              ...(good ? { lat: fix.lat, lng: fix.lng } : {}),
            },
          })
          .returning({ id: alarmCases.id, repeats: alarmCases.repeats, state: alarmCases.state });
        result.cases.push({ id: c.id, joined: c.repeats > 0 });
        await notify(tx, {
          kind: 'alarm',
          caseId: c.id,
          regionId: regionId ?? null,
          state: c.state,
          change: c.repeats > 0 ? 'repeat' : 'raised',
          at: now.toISOString(),
        });
      }
    }
    const newer = lastFix && (!device.lastFixAt || lastFix.at >= device.lastFixAt) ? lastFix : null;
    await tx
      .update(devices)
      .set({
        lastSeenAt: now,
        ...(battery !== null ? { battery } : {}),
        ...(signal !== null ? { signal } : {}),
        ...(newer
          ? {
              lastLat: newer.fix.lat,
              lastLng: newer.fix.lng,
              lastFixAt: newer.at,
              lastAccuracy: newer.fix.accuracy ?? null,
            }
          : {}),
      })
      .where(eq(devices.id, device.id));
  });
  return result;
}
