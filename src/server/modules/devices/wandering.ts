// The wandering alert: after ingestion stores a valid position for an elder flagged with dementia
// (the latest ability assessment says 痴呆或精神行为障碍), leaving all of the elder's safe zones
// raises an alarm case of type geofence in the same transaction — or joins the device's open case
// through the same one-open-case-per-device index, so a repeat never makes a second case.
import { and, desc, eq, isNotNull, lt, sql } from 'drizzle-orm';
import { alarmCases, assessments, deviceEvents, geofences } from '../../db/schema.js';
import type { DbOrTx } from '../../db/client.js';
import { notify } from '../../realtime/events.js';
import { leftSafeZones, type LatLng } from '../../../core/devices/geofence.js';
import { REGISTRY_MESSAGES as M } from './registry-messages.js';

/** Whether the elder's latest assessment flags dementia or another mental disorder. */
export async function dementiaFlagged(db: DbOrTx, elderId: number): Promise<boolean> {
  const [a] = await db
    .select({ flag: assessments.dementiaOrMentalDisorder })
    .from(assessments)
    .where(eq(assessments.elderId, elderId))
    .orderBy(desc(assessments.assessedOn), desc(assessments.id))
    .limit(1);
  return a?.flag ?? false;
}

export interface WanderingDevice {
  id: number;
  elderId: number | null;
  regionId: number | null;
}

/**
 * Checks one stored position (its device_events row `eventId`) and raises or joins a geofence
 * case when the elder has just left every safe zone. Returns the case, or null.
 */
export async function raiseIfWandering(
  tx: DbOrTx,
  device: WanderingDevice,
  position: LatLng,
  eventId: number,
  now: Date,
): Promise<{ id: number; joined: boolean } | null> {
  if (!device.elderId) return null;
  const zones = await tx.select().from(geofences).where(eq(geofences.elderId, device.elderId));
  if (zones.length === 0) return null;
  // The device's previous valid position (arrival order), to tell leaving from staying away.
  const [prev] = await tx
    .select({ lat: deviceEvents.lat, lng: deviceEvents.lng })
    .from(deviceEvents)
    .where(
      and(
        eq(deviceEvents.deviceId, device.id),
        eq(deviceEvents.valid, true),
        isNotNull(deviceEvents.lat),
        lt(deviceEvents.id, eventId),
      ),
    )
    .orderBy(desc(deviceEvents.id))
    .limit(1);
  const previous = prev?.lat != null && prev.lng != null ? { lat: prev.lat, lng: prev.lng } : null;
  if (!leftSafeZones(position, previous, zones)) return null;
  if (!(await dementiaFlagged(tx, device.elderId))) return null;
  const [c] = await tx
    .insert(alarmCases)
    .values({
      deviceId: device.id,
      elderId: device.elderId,
      regionId: device.regionId,
      type: 'geofence',
      state: 'open',
      raisedAt: now,
      lat: position.lat,
      lng: position.lng,
      note: M.wanderingNote(zones.map((z) => z.name).join('、')),
    })
    .onConflictDoUpdate({
      target: alarmCases.deviceId,
      targetWhere: sql`state <> 'closed' and device_id is not null`,
      set: { repeats: sql`${alarmCases.repeats} + 1`, lastRepeatAt: now, lat: position.lat, lng: position.lng },
    })
    .returning({ id: alarmCases.id, repeats: alarmCases.repeats, state: alarmCases.state });
  await notify(tx, {
    kind: 'alarm',
    caseId: c.id,
    regionId: device.regionId ?? null,
    state: c.state,
    change: c.repeats > 0 ? 'repeat' : 'raised',
    at: now.toISOString(),
  });
  return { id: c.id, joined: c.repeats > 0 };
}
