// Reading alarm cases: the one select the list, the detail and the console's panel share, the
// caller's jurisdiction over them, and their DTO.
import { and, isNull, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { eq } from 'drizzle-orm';
import { alarmCases, elders, regions, users } from '../../db/schema.js';
import type { DbOrTx } from '../../db/client.js';
import { inRegionScope, type Scope } from '../../auth/scope.js';
import { parentRegion, regionLabel } from '../elders/elder-query.js';
import type { AlarmListItem } from '../../../shared/schemas/alarms.js';
import type { AlarmOutcome, AlarmState } from '../../../core/alarms/alarm-case.js';

const ackUser = alias(users, 'ack_user');
const closeUser = alias(users, 'close_user');
// Column references of either alias, as SQL: the two aliases' table types differ by name only.
const userLabel = (u: { id: unknown; displayName: unknown; username: unknown }) =>
  sql<
    string | null
  >`case when ${u.id as SQL} is null then null else ${u.displayName as SQL} || '（' || ${u.username as SQL} || '）' end`;

export function selectAlarms(db: DbOrTx) {
  return db
    .select({
      c: alarmCases,
      elderName: elders.name,
      elderLat: elders.lat,
      elderLng: elders.lng,
      regionName: sql<string | null>`${regionLabel}`,
      ackName: userLabel(ackUser),
      closeName: userLabel(closeUser),
    })
    .from(alarmCases)
    .leftJoin(elders, eq(elders.id, alarmCases.elderId))
    .leftJoin(regions, eq(regions.id, alarmCases.regionId))
    .leftJoin(parentRegion, eq(parentRegion.id, regions.parentId))
    .leftJoin(ackUser, eq(ackUser.id, alarmCases.acknowledgedBy))
    .leftJoin(closeUser, eq(closeUser.id, alarmCases.closedBy));
}
export type AlarmRow = Awaited<ReturnType<ReturnType<typeof selectAlarms>['where']>>[number];

/**
 * Cases the caller may see: those of its region subtree; the district's own also see cases of
 * no known region (a device bound to nobody).
 */
export function inAlarmScope(db: DbOrTx, scope: Scope): SQL {
  const mine = inRegionScope(db, scope, alarmCases.regionId);
  return scope.kind === 'region' && scope.isRoot ? or(mine, isNull(alarmCases.regionId))! : mine;
}

export const byId = (db: DbOrTx, scope: Scope, id: number) => and(eq(alarmCases.id, id), inAlarmScope(db, scope))!;

export function alarmDto({ c, ...n }: AlarmRow): AlarmListItem {
  return {
    id: c.id,
    type: c.type,
    state: c.state as AlarmState,
    raisedAt: c.raisedAt.toISOString(),
    repeats: c.repeats,
    lastRepeatAt: c.lastRepeatAt?.toISOString() ?? null,
    elderId: c.elderId,
    elderName: n.elderName,
    regionId: c.regionId,
    regionName: n.regionName,
    deviceId: c.deviceId,
    acknowledgedAt: c.acknowledgedAt?.toISOString() ?? null,
    acknowledgedByName: n.ackName,
    escalatedAt: c.escalatedAt?.toISOString() ?? null,
    closedAt: c.closedAt?.toISOString() ?? null,
    closedByName: n.closeName,
    outcome: (c.outcome as AlarmOutcome | null) ?? null,
    ackSeconds: c.acknowledgedAt ? Math.round((c.acknowledgedAt.getTime() - c.raisedAt.getTime()) / 1000) : null,
    note: c.note,
    place:
      c.lat !== null && c.lng !== null
        ? { lat: c.lat, lng: c.lng }
        : n.elderLat !== null && n.elderLng !== null
          ? { lat: n.elderLat, lng: n.elderLng }
          : null,
  };
}
