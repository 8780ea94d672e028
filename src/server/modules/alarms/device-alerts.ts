// The console's lists of terminals to look at before they are needed: silent longer than the
// district's limit (offline) and reporting a low battery, by the dated call-centre rules.
import { and, asc, count, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { devices, elders, regions } from '../../db/schema.js';
import { inRegionScope, type Scope } from '../../auth/scope.js';
import { callCentreRulesOf } from '../../../core/orders/call-centre-rules.js';
import { shanghaiDate } from '../../../shared/today.js';
import { parentRegion, regionLabel } from '../elders/elder-query.js';
import { rulesOn } from '../providers/rule-store.js';
import type { DeviceAlerts } from '../../../shared/schemas/alarms.js';

const LIST_SIZE = 30;

/** A bound terminal belongs to its elder's region, an unbound one to its own (or, with none, to the district). */
function inDeviceScope(db: DbOrTx, scope: Scope): SQL {
  const byElder = inRegionScope(db, scope, elders.regionId);
  const own = and(isNull(devices.elderId), inRegionScope(db, scope, devices.regionId))!;
  const nowhere = and(isNull(devices.elderId), isNull(devices.regionId))!;
  return scope.kind === 'region' && scope.isRoot ? or(byElder, own, nowhere)! : or(byElder, own)!;
}

export async function deviceAlerts(db: DbOrTx, scope: Scope, now: Date): Promise<DeviceAlerts> {
  const rules = callCentreRulesOf((await rulesOn(db, shanghaiDate(now))).params);
  const silentSince = new Date(now.getTime() - rules.deviceOfflineHours * 3_600_000);
  const base = and(isNull(devices.retiredAt), inDeviceScope(db, scope))!;
  const offline = and(base, lt(sql`coalesce(${devices.lastSeenAt}, ${devices.createdAt})`, silentSince))!;
  const low = and(base, lt(devices.battery, rules.lowBatteryPercent))!;
  const list = async (where: SQL, order: SQL[]) => {
    const q = db
      .select({
        id: devices.id,
        kind: devices.kind,
        deviceKey: devices.deviceKey,
        elderId: devices.elderId,
        elderName: elders.name,
        regionName: sql<string | null>`${regionLabel}`,
        lastSeenAt: devices.lastSeenAt,
        battery: devices.battery,
      })
      .from(devices)
      .leftJoin(elders, eq(elders.id, devices.elderId))
      .leftJoin(regions, eq(regions.id, sql`coalesce(${elders.regionId}, ${devices.regionId})`))
      .leftJoin(parentRegion, eq(parentRegion.id, regions.parentId));
    const [items, [{ total }]] = await Promise.all([
      q
        .where(where)
        .orderBy(...order)
        .limit(LIST_SIZE),
      db.select({ total: count() }).from(devices).leftJoin(elders, eq(elders.id, devices.elderId)).where(where),
    ]);
    return {
      total,
      items: items.map((i) => ({ ...i, lastSeenAt: i.lastSeenAt?.toISOString() ?? null })),
    };
  };
  const [off, lowList] = await Promise.all([
    list(offline, [asc(sql`coalesce(${devices.lastSeenAt}, ${devices.createdAt})`), asc(devices.id)]),
    list(low, [asc(devices.battery), asc(devices.id)]),
  ]);
  return {
    offlineHours: rules.deviceOfflineHours,
    lowBatteryPercent: rules.lowBatteryPercent,
    offline: off,
    lowBattery: lowList,
  };
}
