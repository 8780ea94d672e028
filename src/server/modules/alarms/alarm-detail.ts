// One case as the console's pop shows it: the case, the elder's file at a glance (phone and
// contacts masked; the elder file's audited reveal shows them in full), the device with its last
// fix, the caregivers nearest, and what has been done so far.
import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { alarmActions, devices, elders, users } from '../../db/schema.js';
import type { Scope } from '../../auth/scope.js';
import type { AlarmDetail } from '../../../shared/schemas/alarms.js';
import { ageOn } from '../../../core/elders/idcard.js';
import { haversineMeters } from '../../../core/geo/geo.js';
import { shanghaiDate } from '../../../shared/today.js';
import { notFound } from '../../http/problem.js';
import type { StoredContact } from '../elders/elder-records.js';
import { alarmDto, byId, selectAlarms } from './alarm-query.js';
import { nearbyCaregivers } from './nearby.js';
import { ALARM_MESSAGES as M } from './messages.js';

const EMPTY_HEALTH = { chronicConditions: [], allergies: [], medications: [], checkups: [] };

export async function alarmDetail(db: DbOrTx, scope: Scope, id: number, now: Date): Promise<AlarmDetail> {
  const [row] = await selectAlarms(db).where(byId(db, scope, id));
  if (!row) throw notFound(M.notFound);
  const c = row.c;
  const [[e], [d], acts] = await Promise.all([
    c.elderId ? db.select().from(elders).where(eq(elders.id, c.elderId)) : Promise.resolve([]),
    c.deviceId ? db.select().from(devices).where(eq(devices.id, c.deviceId)) : Promise.resolve([]),
    db
      .select({ a: alarmActions, name: users.displayName, username: users.username })
      .from(alarmActions)
      .leftJoin(users, eq(users.id, alarmActions.by))
      .where(eq(alarmActions.caseId, id))
      .orderBy(asc(alarmActions.at), asc(alarmActions.id)),
  ]);
  const home = e && e.lat !== null && e.lng !== null ? { lat: e.lat, lng: e.lng } : null;
  const fix =
    c.lat !== null && c.lng !== null
      ? { lat: c.lat, lng: c.lng }
      : d?.lastLat != null && d.lastLng != null
        ? { lat: d.lastLat, lng: d.lastLng }
        : null;
  const where = fix ?? home;
  const nearby =
    e && where && c.state !== 'closed'
      ? await nearbyCaregivers(db, { elderId: e.id, regionId: e.regionId, ...where }, now)
      : [];
  return {
    ...alarmDto(row),
    lat: c.lat,
    lng: c.lng,
    elder: e
      ? {
          id: e.id,
          name: e.name,
          sex: e.sex,
          age: ageOn(e.birthDate, shanghaiDate(now)),
          address: e.address,
          regionName: row.regionName ?? '',
          phoneMasked: e.phoneMasked,
          status: e.status,
          abilityGrade: e.abilityGrade,
          livingFlags: e.livingFlags,
          health: { ...EMPTY_HEALTH, ...(e.health as object) },
          contacts: (e.contacts as StoredContact[])
            .map((k, index) => ({
              index,
              name: k.name,
              relation: k.relation,
              phoneMasked: k.phoneMasked,
              emergencyOrder: k.emergencyOrder,
              guardian: k.guardian,
            }))
            // Emergency contacts first, in their order; then the rest.
            .sort((a, b) => (a.emergencyOrder ?? 99) - (b.emergencyOrder ?? 99) || a.index - b.index),
          home,
        }
      : null,
    device: d
      ? {
          id: d.id,
          kind: d.kind,
          vendor: d.vendor,
          deviceKey: d.deviceKey,
          battery: d.battery,
          lastSeenAt: d.lastSeenAt?.toISOString() ?? null,
          lastFix:
            d.lastLat !== null && d.lastLng !== null && d.lastFixAt
              ? { lat: d.lastLat, lng: d.lastLng, at: d.lastFixAt.toISOString(), accuracy: d.lastAccuracy }
              : null,
        }
      : null,
    distanceFromHomeM: fix && home ? Math.round(haversineMeters(fix, home)) : null,
    nearby,
    actions: acts.map(({ a, name, username }) => ({
      id: a.id,
      kind: a.kind,
      at: a.at.toISOString(),
      byName: name ? `${name}（${username}）` : null,
      orderId: a.orderId,
      note: a.note,
    })),
  };
}
