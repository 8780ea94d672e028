// Trip tracking (行程跟踪): the caregiver's phone reports positions while her order is under way;
// the order keeps its trail; the console map gets the caregivers' last positions, today's homes,
// and the orders whose caregiver cannot reach the elder by start + grace.
//
// Positions are not audited one by one (a phone sends one every half minute); they are the
// order's record, kept POSITION_RETENTION_DAYS (the position-retention job deletes older ones).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { and, asc, desc, eq, inArray, isNotNull, max, notInArray, sql } from 'drizzle-orm';
import { IdParams, Problem } from '../../../shared/schemas/common.js';
import { OrderTrip, TripAccepted, TripPositionIn, TripsLive, TripsLiveQuery } from '../../../shared/schemas/trips.js';
import { caregivers, elders, orders, tripPositions } from '../../db/schema.js';
import type { DbOrTx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import { inOrderScope, narrowedScope, type Scope } from '../../auth/scope.js';
import { conflict, fieldError, forbidden, notFound, ProblemError } from '../../http/problem.js';
import { plausibleFix } from '../devices/ingest.js';
import { rulesOn } from '../providers/rule-store.js';
import { callCentreRulesOf } from '../../../core/orders/call-centre-rules.js';
import { estimateArrival, TRIP_SETTINGS } from '../../../core/trips/eta.js';
import { believedFixTime, isTracked, throttleWait, TRACKED_STATES } from '../../../core/trips/tracking.js';
import { shanghaiDate } from '../../../shared/today.js';
import { TRIP_MESSAGES as M } from './trip-messages.js';

// A map cannot show more homes than this usefully; the earliest starts are sent.
const MAX_HOMES = 2000;
const NOT_LIVE = ['completed', 'closed', 'cancelled', 'no_show', 'disputed'];

const inScope = (db: DbOrTx, scope: Scope) =>
  inOrderScope(db, scope, orders.regionId, orders.providerId, orders.caregiverId);

const point = (p: { lat: number; lng: number; accuracy: number | null; at: Date }) => ({
  lat: p.lat,
  lng: p.lng,
  accuracy: p.accuracy,
  at: p.at.toISOString(),
});

// The elder's home as the order recorded it, else as the elder's file has it.
const homeLat = sql<number | null>`coalesce(${orders.lat}, ${elders.lat})`;
const homeLng = sql<number | null>`coalesce(${orders.lng}, ${elders.lng})`;

export const tripRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    const tags = ['行程跟踪'];

    app.post(
      '/api/orders/:id/trip',
      {
        config: { permission: 'order.act' },
        schema: {
          tags,
          summary: '服务人员手机上报行程位置（WGS-84；仅已接单、在途、服务中；同一工单至少间隔 15 秒）',
          params: IdParams,
          body: TripPositionIn,
          response: { 201: TripAccepted, 400: Problem, 403: Problem, 404: Problem, 409: Problem, 429: Problem },
        },
      },
      async (req, reply) => {
        const me = req.principal!;
        if (me.scope.kind !== 'caregiver') throw forbidden(M.onlyCaregiver);
        const b = req.body;
        if (!plausibleFix({ valid: true, lat: b.lat, lng: b.lng })) throw fieldError('lat', M.implausible);
        const now = deps.clock();
        const at = believedFixTime(b.at, now);
        const result = await db.transaction(async (tx) => {
          // The order row locked: two reports at once are taken one after the other, so the
          // interval holds.
          const [o] = await tx
            .select({ id: orders.id, state: orders.state, caregiverId: orders.caregiverId })
            .from(orders)
            .where(and(eq(orders.id, req.params.id), inScope(tx, me.scope)))
            .for('update');
          if (!o) throw notFound(M.notFound);
          const [own] = await tx.select({ id: caregivers.id }).from(caregivers).where(eq(caregivers.userId, me.userId));
          if (!own || o.caregiverId !== own.id) throw forbidden(M.notYours);
          if (!isTracked(o.state)) throw conflict(M.notTracked(o.state));
          const [{ latest }] = await tx
            .select({ latest: max(tripPositions.at) })
            .from(tripPositions)
            .where(eq(tripPositions.orderId, o.id));
          const wait = throttleWait(latest ? new Date(latest) : null, at);
          if (wait)
            throw new ProblemError(429, '请求过于频繁', M.throttled(wait), undefined, 'about:blank', {
              'retry-after': String(wait),
            });
          await tx
            .insert(tripPositions)
            .values({ orderId: o.id, caregiverId: own.id, at, lat: b.lat, lng: b.lng, accuracy: b.accuracy ?? null });
          return {
            at: at.toISOString(),
            nextAfter: new Date(at.getTime() + TRIP_SETTINGS.minIntervalSeconds * 1000).toISOString(),
          };
        });
        return reply.status(201).send(result);
      },
    );

    app.get(
      '/api/orders/:id/trip',
      {
        config: { permission: 'order.read' },
        schema: { tags, summary: '工单的行程轨迹', params: IdParams, response: { 200: OrderTrip, 404: Problem } },
      },
      async (req) => {
        const [o] = await db
          .select({
            id: orders.id,
            state: orders.state,
            caregiverId: orders.caregiverId,
            lat: homeLat,
            lng: homeLng,
          })
          .from(orders)
          .innerJoin(elders, eq(elders.id, orders.elderId))
          .where(and(eq(orders.id, req.params.id), inScope(db, req.principal!.scope)));
        if (!o) throw notFound(M.notFound);
        const points = await db
          .select()
          .from(tripPositions)
          .where(eq(tripPositions.orderId, o.id))
          .orderBy(asc(tripPositions.at));
        return {
          orderId: o.id,
          state: o.state,
          caregiverId: o.caregiverId,
          home: o.lat != null && o.lng != null ? { lat: o.lat, lng: o.lng } : null,
          points: points.map(point),
        };
      },
    );

    app.get(
      '/api/trips/live',
      {
        config: { permission: 'order.read' },
        schema: {
          tags,
          summary: '调度台地图：进行中工单服务人员的最新位置（可能迟到的标出）与今日工单老人住址',
          querystring: TripsLiveQuery,
          response: { 200: TripsLive, 404: Problem },
        },
      },
      async (req) => {
        const now = deps.clock();
        const today = shanghaiDate(now);
        const scope = await narrowedScope(db, req.principal!.scope, req.query.regionId);
        const grace = callCentreRulesOf((await rulesOn(db, today)).params).checkInGraceMinutes;

        const active = await db
          .select({
            orderId: orders.id,
            caregiverId: orders.caregiverId,
            caregiverName: caregivers.name,
            elderName: elders.name,
            state: orders.state,
            startAt: orders.startAt,
            lat: homeLat,
            lng: homeLng,
          })
          .from(orders)
          .innerJoin(elders, eq(elders.id, orders.elderId))
          .innerJoin(caregivers, eq(caregivers.id, orders.caregiverId))
          .where(and(inArray(orders.state, [...TRACKED_STATES]), inScope(db, scope)));
        const last = active.length
          ? await db
              .selectDistinctOn([tripPositions.orderId])
              .from(tripPositions)
              .where(
                inArray(
                  tripPositions.orderId,
                  active.map((a) => a.orderId),
                ),
              )
              .orderBy(tripPositions.orderId, desc(tripPositions.at))
          : [];
        const lastOf = new Map(last.map((p) => [p.orderId, p]));
        // One entry per active order with a position (a caregiver with her next order accepted
        // while still in service appears for each: the console lists by order).
        const live = active.flatMap((a) => {
          const p = lastOf.get(a.orderId);
          if (!p) return [];
          const deadline = new Date(a.startAt.getTime() + grace * 60_000);
          const travelling = a.state !== 'in_service' && a.lat != null && a.lng != null;
          const eta = travelling
            ? estimateArrival({
                position: { lat: p.lat, lng: p.lng, at: p.at },
                home: { lat: a.lat!, lng: a.lng! },
                startAt: a.startAt,
                graceMinutes: grace,
                now,
              })
            : null;
          return [
            {
              orderId: a.orderId,
              caregiverId: a.caregiverId!,
              caregiverName: a.caregiverName,
              elderName: a.elderName,
              state: a.state,
              startAt: a.startAt.toISOString(),
              position: point(p),
              distanceM: eta?.distanceM ?? null,
              eta: eta ? eta.arrival.toISOString() : null,
              deadline: deadline.toISOString(),
              atRisk: eta?.atRisk ?? false,
              lateMinutes: eta?.lateMinutes ?? 0,
            },
          ];
        });

        const homes = await db
          .select({
            orderId: orders.id,
            elderId: orders.elderId,
            elderName: elders.name,
            state: orders.state,
            startAt: orders.startAt,
            lat: homeLat,
            lng: homeLng,
          })
          .from(orders)
          .innerJoin(elders, eq(elders.id, orders.elderId))
          .where(
            and(
              eq(orders.serviceDate, today),
              notInArray(orders.state, NOT_LIVE),
              isNotNull(homeLat),
              isNotNull(homeLng),
              inScope(db, scope),
            ),
          )
          .orderBy(asc(orders.startAt), asc(orders.id))
          .limit(MAX_HOMES + 1);
        return {
          at: now.toISOString(),
          caregivers: live,
          homes: homes.slice(0, MAX_HOMES).map((h) => ({
            ...h,
            lat: h.lat!,
            lng: h.lng!,
            startAt: h.startAt.toISOString(),
          })),
          homesTruncated: homes.length > MAX_HOMES,
          speedKmh: TRIP_SETTINGS.speedKmh,
          graceMinutes: grace,
        };
      },
    );
  };
