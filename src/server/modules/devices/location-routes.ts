// Where an elder is: a device's trail over a time range, the last fix of each bound device with
// its age and accuracy, the elder's safe zones (set and removed, audited), and the lost-elder
// share — the last position sent by SMS through the outbox to the grid workers the operator names.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { and, asc, desc, eq, gte, isNotNull, isNull, lte, ne, sql } from 'drizzle-orm';
import { IdParams, Ok, Problem } from '../../../shared/schemas/common.js';
import {
  ElderLocation,
  Geofence,
  GeofenceInput,
  GeofenceParams,
  ShareBody,
  ShareResult,
  Trail,
  TrailQuery,
} from '../../../shared/schemas/devices.js';
import { alarmCases, deviceEvents, devices, elders, geofences } from '../../db/schema.js';
import type { DbOrTx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import { inRegionScope, type Scope } from '../../auth/scope.js';
import { badRequest, fieldError, notFound } from '../../http/problem.js';
import { actorOf, writeAudit } from '../audit/audit-writer.js';
import { enqueueSms } from '../sms/sms-outbox.js';
import { phoneColumns } from '../../security/personal-columns.js';
import { rulesOn } from '../providers/rule-store.js';
import { callCentreRulesOf } from '../../../core/orders/call-centre-rules.js';
import { ageOn } from '../../../core/elders/idcard.js';
import { deviceStatus } from '../../../core/devices/device-status.js';
import { DEFAULT_SAFE_ZONE_M } from '../../../core/devices/geofence.js';
import { shanghaiDate } from '../../../shared/today.js';
import { lastFixOf, loadDevice } from './device-records.js';
import { checkHandTypedSms } from './sms-cap.js';
import { dementiaFlagged } from './wandering.js';
import { deviceThresholdsOn } from './device-thresholds.js';
import { REGISTRY_MESSAGES as M } from './registry-messages.js';

/** A trail answers at most this many positions; a longer range is narrowed by the caller. */
export const TRAIL_CAP = 2000;
const TRAIL_MAX_DAYS = 31;
const DAY_MS = 86_400_000;

const fenceDto = (f: typeof geofences.$inferSelect) => ({
  id: f.id,
  name: f.name,
  lat: f.lat,
  lng: f.lng,
  radiusM: f.radiusM,
  createdAt: f.createdAt.toISOString(),
});

async function elderInScope(db: DbOrTx, scope: Scope, id: number) {
  const [e] = await db
    .select()
    .from(elders)
    .where(and(eq(elders.id, id), inRegionScope(db, scope, elders.regionId)));
  if (!e) throw notFound(M.elderNotFound);
  return e;
}

/** 11月30日 12:15 in Beijing time (China keeps no summer time, so a fixed eight hours). */
const shanghaiTime = (d: Date) => {
  const s = new Date(d.getTime() + 8 * 3_600_000).toISOString();
  return `${Number(s.slice(5, 7))}月${Number(s.slice(8, 10))}日 ${s.slice(11, 16)}`;
};

export const locationRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    const tags = ['终端设备'];

    app.get(
      '/api/devices/:id/trail',
      {
        config: { permission: 'device.read' },
        schema: {
          tags,
          summary: `设备轨迹（有效定位，按时间排序；默认最近 24 小时，最多 ${TRAIL_CAP} 个点）`,
          params: IdParams,
          querystring: TrailQuery,
          response: { 200: Trail, 400: Problem, 404: Problem },
        },
      },
      async (req) => {
        const { d } = await loadDevice(db, req.principal!.scope, req.params.id);
        const to = req.query.to ? new Date(req.query.to) : deps.clock();
        const from = req.query.from ? new Date(req.query.from) : new Date(to.getTime() - DAY_MS);
        if (from >= to) throw fieldError('from', M.rangeOrder);
        if (to.getTime() - from.getTime() > TRAIL_MAX_DAYS * DAY_MS)
          throw fieldError('from', M.rangeTooLong(TRAIL_MAX_DAYS));
        // The device's own time where it was believed, else when the server received it.
        const at = sql<Date>`coalesce(${deviceEvents.deviceAt}, ${deviceEvents.receivedAt})`;
        const rows = await db
          .select({ lat: deviceEvents.lat, lng: deviceEvents.lng, accuracy: deviceEvents.accuracy, at })
          .from(deviceEvents)
          .where(
            and(
              eq(deviceEvents.deviceId, d.id),
              // Only the current holder's positions: a device passed on does not carry the
              // previous elder's trail to the next one (or to another street).
              d.elderId === null ? isNull(deviceEvents.elderId) : eq(deviceEvents.elderId, d.elderId),
              eq(deviceEvents.valid, true),
              isNotNull(deviceEvents.lat),
              gte(at, from),
              lte(at, to),
            ),
          )
          .orderBy(asc(at), asc(deviceEvents.id))
          .limit(TRAIL_CAP + 1);
        return {
          deviceId: d.id,
          from: from.toISOString(),
          to: to.toISOString(),
          points: rows.slice(0, TRAIL_CAP).map((r) => ({
            lat: r.lat!,
            lng: r.lng!,
            accuracy: r.accuracy,
            at: new Date(r.at).toISOString(),
          })),
          truncated: rows.length > TRAIL_CAP,
        };
      },
    );

    app.get(
      '/api/elders/:id/location',
      {
        config: { permission: 'device.read' },
        schema: {
          tags,
          summary: '老人位置：各绑定设备的最后定位（时效、精度）、住址位置、安全区域',
          params: IdParams,
          response: { 200: ElderLocation, 404: Problem },
        },
      },
      async (req) => {
        const e = await elderInScope(db, req.principal!.scope, req.params.id);
        const now = deps.clock();
        const [t, bound, fences, dementia, [open]] = await Promise.all([
          deviceThresholdsOn(db, now),
          db.select().from(devices).where(eq(devices.elderId, e.id)).orderBy(asc(devices.id)),
          db.select().from(geofences).where(eq(geofences.elderId, e.id)).orderBy(asc(geofences.id)),
          dementiaFlagged(db, e.id),
          db
            .select({ id: alarmCases.id, type: alarmCases.type, raisedAt: alarmCases.raisedAt })
            .from(alarmCases)
            .where(and(eq(alarmCases.elderId, e.id), ne(alarmCases.state, 'closed')))
            .orderBy(desc(alarmCases.raisedAt))
            .limit(1),
        ]);
        const home = e.lat != null && e.lng != null ? { lat: e.lat, lng: e.lng, address: e.address } : null;
        return {
          elderId: e.id,
          home,
          dementia,
          devices: bound.map((d) => ({
            id: d.id,
            kind: d.kind,
            deviceKey: d.deviceKey,
            status: deviceStatus(d, now, t),
            battery: d.battery,
            lastFix: lastFixOf(d, now),
          })),
          geofences: fences.map(fenceDto),
          suggestedZone: home ? { name: '住所周边', lat: home.lat, lng: home.lng, radiusM: DEFAULT_SAFE_ZONE_M } : null,
          openCase: open ? { id: open.id, type: open.type, raisedAt: open.raisedAt.toISOString() } : null,
        };
      },
    );

    app.post(
      '/api/elders/:id/geofences',
      {
        config: { permission: 'device.write' },
        schema: {
          tags,
          summary: '设置安全区域（圆形，半径 50–5000 米）',
          params: IdParams,
          body: GeofenceInput,
          response: { 201: Geofence, 400: Problem, 404: Problem },
        },
      },
      async (req, reply) => {
        const row = await db.transaction(async (tx) => {
          const e = await elderInScope(tx, req.principal!.scope, req.params.id);
          const [f] = await tx
            .insert(geofences)
            .values({ ...req.body, elderId: e.id, createdAt: deps.clock() })
            .returning();
          await writeAudit(tx, actorOf(req), {
            action: 'geofence.set',
            entityType: 'geofence',
            entityId: f.id,
            after: f,
          });
          return f;
        });
        return reply.status(201).send(fenceDto(row));
      },
    );

    app.delete(
      '/api/elders/:id/geofences/:fenceId',
      {
        config: { permission: 'device.write' },
        schema: {
          tags,
          summary: '删除安全区域',
          params: GeofenceParams,
          response: { 200: Ok, 404: Problem },
        },
      },
      async (req) => {
        await db.transaction(async (tx) => {
          const e = await elderInScope(tx, req.principal!.scope, req.params.id);
          const [f] = await tx
            .delete(geofences)
            .where(and(eq(geofences.id, req.params.fenceId), eq(geofences.elderId, e.id)))
            .returning();
          if (!f) throw notFound(M.fenceNotFound);
          await writeAudit(tx, actorOf(req), {
            action: 'geofence.delete',
            entityType: 'geofence',
            entityId: f.id,
            before: f,
          });
        });
        return { ok: true as const };
      },
    );

    app.post(
      '/api/elders/:id/location/share',
      {
        config: { permission: 'alarm.handle' },
        schema: {
          tags,
          summary: '走失协查：把最后定位以短信发给网格员（经短信发件箱）',
          params: IdParams,
          body: ShareBody,
          response: { 200: ShareResult, 400: Problem, 404: Problem },
        },
      },
      async (req) => {
        const now = deps.clock();
        return db.transaction(async (tx) => {
          const e = await elderInScope(tx, req.principal!.scope, req.params.id);
          await checkHandTypedSms(tx, req.principal!.userId, now);
          const [d] = await tx
            .select()
            .from(devices)
            .where(and(eq(devices.elderId, e.id), isNotNull(devices.lastFixAt)))
            .orderBy(desc(devices.lastFixAt))
            .limit(1);
          const fix = d ? lastFixOf(d, now) : null;
          if (!fix) throw badRequest(M.noFix);
          const { hotline } = callCentreRulesOf((await rulesOn(tx, shanghaiDate(now))).params);
          const body = M.shareSms({
            name: e.name,
            age: ageOn(e.birthDate, shanghaiDate(now)),
            lat: fix.lat,
            lng: fix.lng,
            at: shanghaiTime(new Date(fix.at)),
            minutes: fix.ageMinutes,
            accuracy: fix.accuracy,
            address: e.address,
            hotline,
            note: req.body.note ?? null,
          });
          const phones = [...new Set(req.body.phones)];
          // The outbox holds 500 characters; a long address and note are cut rather than refused.
          const sms = body.slice(0, 500);
          for (const phone of phones)
            await enqueueSms(
              tx,
              { kind: 'notice', elderId: e.id, phone: phoneColumns(phone, deps.cipher), body: sms },
              now,
            );
          await writeAudit(tx, actorOf(req), {
            action: 'trip.share',
            entityType: 'elder',
            entityId: e.id,
            after: { deviceId: d.id, fix, recipients: phones.length, body: sms },
          });
          return { queued: phones.length, body: sms };
        });
      },
    );
  };
