// Loading devices inside the caller's jurisdiction and turning rows into what the API returns.
// A bound device belongs to its elder's region; an unbound one to the region it is kept in.
import { and, eq, isNull, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { deviceBindings, devices, elders, regions, users } from '../../db/schema.js';
import type { DbOrTx } from '../../db/client.js';
import { inRegionScope, type Scope } from '../../auth/scope.js';
import { notFound } from '../../http/problem.js';
import { deviceStatus, type DeviceThresholds } from '../../../core/devices/device-status.js';
import type { Binding, DeviceListItem, LastFix } from '../../../shared/schemas/devices.js';
import { REGISTRY_MESSAGES as M } from './registry-messages.js';

export function deviceScope(db: DbOrTx, scope: Scope): SQL {
  const byElder = inRegionScope(db, scope, elders.regionId);
  const own = and(isNull(devices.elderId), inRegionScope(db, scope, devices.regionId))!;
  // A device stored with no region (loaded from outside) is the whole district's to sort out.
  const nowhere = and(isNull(devices.elderId), isNull(devices.regionId))!;
  return scope.kind === 'region' && scope.isRoot ? or(byElder, own, nowhere)! : or(byElder, own)!;
}

export function selectDevices(db: DbOrTx) {
  return db
    .select({ d: devices, elderName: elders.name, regionName: regions.name })
    .from(devices)
    .leftJoin(elders, eq(elders.id, devices.elderId))
    .leftJoin(regions, eq(regions.id, devices.regionId));
}

type Row = { d: typeof devices.$inferSelect; elderName: string | null; regionName: string | null };

export function lastFixOf(
  d: Pick<typeof devices.$inferSelect, 'lastLat' | 'lastLng' | 'lastFixAt' | 'lastAccuracy'>,
  now: Date,
): LastFix | null {
  if (d.lastLat == null || d.lastLng == null || !d.lastFixAt) return null;
  return {
    lat: d.lastLat,
    lng: d.lastLng,
    at: d.lastFixAt.toISOString(),
    accuracy: d.lastAccuracy,
    ageMinutes: Math.max(0, Math.floor((now.getTime() - d.lastFixAt.getTime()) / 60_000)),
  };
}

export function toListItem(r: Row, now: Date, t: DeviceThresholds): DeviceListItem {
  const d = r.d;
  return {
    id: d.id,
    kind: d.kind,
    protocol: d.protocol,
    vendor: d.vendor,
    deviceKey: d.deviceKey,
    imei: d.imei,
    simNumber: d.simNumber,
    regionId: d.regionId,
    regionName: r.regionName,
    elderId: d.elderId,
    elderName: r.elderName,
    status: deviceStatus(d, now, t),
    lastSeenAt: d.lastSeenAt?.toISOString() ?? null,
    battery: d.battery,
    signal: d.signal,
    lastFix: lastFixOf(d, now),
    retiredAt: d.retiredAt?.toISOString() ?? null,
    createdAt: d.createdAt.toISOString(),
  };
}

/** One device the caller may see; `lock` holds its row for the caller's transaction. */
export async function loadDevice(db: DbOrTx, scope: Scope, id: number, opts: { lock?: boolean } = {}) {
  const q = selectDevices(db).where(and(eq(devices.id, id), deviceScope(db, scope)));
  const [row] = opts.lock ? await q.for('update', { of: devices }) : await q;
  if (!row) throw notFound(M.notFound);
  return row;
}

const boundByUser = alias(users, 'bound_by_user');
const unboundByUser = alias(users, 'unbound_by_user');

/** Binding history, latest first: of one device, or of one elder. */
export async function bindingsWhere(db: DbOrTx, where: SQL): Promise<Binding[]> {
  const rows = await db
    .select({
      b: deviceBindings,
      deviceKey: devices.deviceKey,
      kind: devices.kind,
      elderName: elders.name,
      boundBy: boundByUser.displayName,
      unboundBy: unboundByUser.displayName,
    })
    .from(deviceBindings)
    .innerJoin(devices, eq(devices.id, deviceBindings.deviceId))
    .innerJoin(elders, eq(elders.id, deviceBindings.elderId))
    .leftJoin(boundByUser, eq(boundByUser.id, deviceBindings.boundBy))
    .leftJoin(unboundByUser, eq(unboundByUser.id, deviceBindings.unboundBy))
    .where(where)
    .orderBy(sql`${deviceBindings.boundAt} desc`, sql`${deviceBindings.id} desc`);
  return rows.map((r) => ({
    id: r.b.id,
    deviceId: r.b.deviceId,
    deviceKey: r.deviceKey,
    kind: r.kind,
    elderId: r.b.elderId,
    elderName: r.elderName,
    boundAt: r.b.boundAt.toISOString(),
    boundBy: r.boundBy,
    unboundAt: r.b.unboundAt?.toISOString() ?? null,
    unboundBy: r.unboundBy,
    reason: r.b.reason,
  }));
}
