import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { and, asc, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { z } from '../../../shared/zod.js';
import { IdParams, IsoDate, Problem } from '../../../shared/schemas/common.js';
import {
  BatchDispatch,
  BatchDispatchResult,
  CandidateDto,
  OrderAction,
  OrderActionResult,
  OrderCreate,
  OrderDetail,
  OrderPage,
  OrderQuery,
  VisitExplain,
  VisitReview,
  VisitRulesDto,
  type OrderDto,
} from '../../../shared/schemas/orders.js';
import {
  caregivers,
  elders,
  orderEvents,
  orderLines,
  orders,
  providers,
  regions,
  serviceItems,
  users,
  visitReviews,
} from '../../db/schema.js';
import type { DbOrTx, Tx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import {
  inOrderScope,
  inRegionScope,
  narrowedScope,
  regionInScope,
  regionSubtree,
  type Scope,
} from '../../auth/scope.js';
import { OPEN_EXCEPTION } from '../../../core/visits/exception-review.js';
import type { Role } from '../../../core/roles.js';
import type { OrderActor, OrderState } from '../../../core/orders/workflow.js';
import { conflict, fieldError, forbidden, notFound } from '../../http/problem.js';
import { actorOf } from '../audit/audit-writer.js';
import { ELDER_STATUS_LABELS } from '../../../shared/elder-labels.js';
import { ELDER_MESSAGES } from '../elders/messages.js';
import { parentRegion, regionLabel } from '../elders/elder-query.js';
import { insertOrder } from './insert-order.js';
import {
  isIdempotencyKeyClash,
  lockIdempotencyKey,
  orderRequestDigest,
  replayOf,
  seenOrderSql,
  type SeenOrder,
} from './idempotency.js';
import { orderCandidates, takeStep } from './order-steps.js';
import { explainException, reviewException } from './review-exception.js';
import { bookingProblem, callCentreRulesOf } from '../../../core/orders/call-centre-rules.js';
import { shanghaiDate } from '../../../shared/today.js';
import { rulesOn } from '../providers/rule-store.js';
import { batchDispatch } from './batch-dispatch.js';
import { ORDER_MESSAGES as M } from './messages.js';

const ACTOR_OF: Partial<Record<Role, OrderActor>> = {
  district_admin: 'operator',
  operator: 'operator',
  street_staff: 'street',
  provider_admin: 'provider',
  caregiver: 'caregiver',
};

function selectOrders(db: DbOrTx) {
  return db
    .select({
      o: orders,
      elderName: elders.name,
      regionName: regionLabel,
      providerName: providers.name,
      caregiverName: caregivers.name,
    })
    .from(orders)
    .innerJoin(elders, eq(elders.id, orders.elderId))
    .innerJoin(regions, eq(regions.id, orders.regionId))
    .leftJoin(parentRegion, eq(parentRegion.id, regions.parentId))
    .leftJoin(providers, eq(providers.id, orders.providerId))
    .leftJoin(caregivers, eq(caregivers.id, orders.caregiverId));
}
const scopeOf = (db: DbOrTx, scope: Scope) =>
  inOrderScope(db, scope, orders.regionId, orders.providerId, orders.caregiverId);

type Names = { elderName: string; regionName: string; providerName: string | null; caregiverName: string | null };
type Line = {
  orderId: number;
  itemId: number;
  name: string;
  quantity: number;
  unitPriceFen: number;
  listFen: number;
  minutes: number;
  breakdown: unknown;
};
function orderDto(o: typeof orders.$inferSelect, names: Names, lines: Line[]): OrderDto {
  return {
    id: o.id,
    elderId: o.elderId,
    elderName: names.elderName,
    regionName: names.regionName,
    channel: o.channel,
    state: o.state as OrderState,
    serviceDate: o.serviceDate,
    startAt: o.startAt.toISOString(),
    endAt: o.endAt.toISOString(),
    address: o.address,
    lng: o.lng,
    lat: o.lat,
    notes: o.notes,
    providerId: o.providerId,
    providerName: names.providerName,
    caregiverId: o.caregiverId,
    caregiverName: names.caregiverName,
    listFen: o.listFen,
    programmeFen: o.programmeFen,
    selfPayFen: o.selfPayFen,
    classCode: o.classCode,
    createdAt: o.createdAt.toISOString(),
    verification: o.verification,
    planId: o.planId,
    lines: lines
      .filter((l) => l.orderId === o.id)
      .map((l) => ({
        itemId: l.itemId,
        name: l.name,
        quantity: l.quantity,
        unitPriceFen: l.unitPriceFen,
        listFen: l.listFen,
        minutes: l.minutes,
        breakdown: l.breakdown as OrderDto['lines'][number]['breakdown'],
      })),
  };
}

async function toDtos(
  db: DbOrTx,
  rows: Awaited<ReturnType<ReturnType<typeof selectOrders>['where']>>,
): Promise<OrderDto[]> {
  const ids = rows.map((r) => r.o.id);
  const lines = ids.length
    ? await db
        .select({ l: orderLines, name: serviceItems.name })
        .from(orderLines)
        .innerJoin(serviceItems, eq(serviceItems.id, orderLines.itemId))
        .where(inArray(orderLines.orderId, ids))
        .orderBy(asc(orderLines.id))
    : [];
  const flat = lines.map(({ l, name }) => ({ ...l, name }));
  return rows.map(({ o, ...names }) => orderDto(o, names, flat));
}

export const orderRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    const tags = ['工单'];
    // The booking limits of a service day, kept a minute: a rules version only ever starts on a
    // later day, and order creation is the call centre's busiest path (one query fewer).
    const bookingCache = new Map<string, { at: number; rules: ReturnType<typeof callCentreRulesOf> }>();
    const bookingRules = async (day: string) => {
      const hit = bookingCache.get(day);
      if (hit && Date.now() - hit.at < 60_000) return hit.rules;
      const rules = callCentreRulesOf((await rulesOn(db, day)).params);
      if (bookingCache.size > 1000) bookingCache.clear();
      bookingCache.set(day, { at: Date.now(), rules });
      return rules;
    };

    /** `scope` null: the caller was authorised earlier in the same transaction. */
    async function loadOrder(tx: DbOrTx, scope: Scope | null, id: number) {
      const [row] = await selectOrders(tx).where(
        scope ? and(eq(orders.id, id), scopeOf(tx, scope)) : eq(orders.id, id),
      );
      if (!row) throw notFound(M.notFound);
      return row;
    }
    async function detail(tx: DbOrTx, scope: Scope | null, id: number) {
      const row = await loadOrder(tx, scope, id);
      const [dto] = await toDtos(tx, [row]);
      const reviews = await tx
        .select({ r: visitReviews, username: users.username })
        .from(visitReviews)
        .leftJoin(users, eq(users.id, visitReviews.userId))
        .where(eq(visitReviews.orderId, id))
        .orderBy(asc(visitReviews.id));
      const events = await tx
        .select({ e: orderEvents, username: users.username })
        .from(orderEvents)
        .leftJoin(users, eq(users.id, orderEvents.userId))
        .where(eq(orderEvents.orderId, id))
        .orderBy(asc(orderEvents.id));
      return {
        ...dto,
        events: events.map(({ e, username }) => ({
          action: e.action,
          fromState: e.fromState,
          toState: e.toState,
          actor: e.actor,
          username,
          caregiverId: e.caregiverId,
          reason: e.reason,
          data: e.data,
          at: e.at.toISOString(),
        })),
        reviews: reviews.map(({ r, username }) => ({
          decision: r.decision,
          reasonCode: r.reasonCode,
          resolutionCode: r.resolutionCode,
          note: r.note,
          byLevel: r.byLevel,
          username,
          at: r.at.toISOString(),
        })),
      };
    }
    app.post(
      '/api/orders',
      {
        config: { permission: 'order.create' },
        schema: {
          tags,
          summary:
            '新建工单（按服务日统一价计价，依次抵扣服务时数、服务券，余额按类别价自付；可带 Idempotency-Key 头防重复）',
          headers: z
            .object({ 'idempotency-key': z.string().trim().min(8, '幂等键至少 8 个字符').max(80).optional() })
            .passthrough(),
          body: OrderCreate,
          response: { 200: OrderDetail, 201: OrderDetail, 400: Problem, 404: Problem, 409: Problem, 422: Problem },
        },
      },
      async (req, reply) => {
        const b = req.body;
        const me = req.principal!;
        const key = req.headers['idempotency-key'] as string | undefined;
        const digest = key ? orderRequestDigest(b) : null;
        const startAt = new Date(b.startAt),
          endAt = new Date(b.endAt);
        if (startAt.getTime() < deps.clock().getTime()) throw fieldError('startAt', M.startPast);
        const booking = bookingProblem(startAt, endAt, deps.clock(), await bookingRules(shanghaiDate(startAt)));
        if (booking) throw fieldError(booking.field, booking.message);
        const inTx = async (tx: Tx) => {
          // Same-key requests of this caller, whatever their elder, one after the other: the
          // lookup below comes after this lock, so it sees an order the one before committed.
          if (key) await lockIdempotencyKey(tx, me.userId, key);
          // The elder's row is the lock: one elder's orders are priced one at a time. The same round
          // trip looks up the idempotency key and draws the new order's id.
          const [hit] = await tx
            .select({
              elder: elders,
              regionName: regionLabel,
              nextId: sql<number>`nextval('orders_id_seq')::int`,
              seen: key ? seenOrderSql(me.userId, key) : sql<SeenOrder | null>`null`,
            })
            .from(elders)
            .innerJoin(regions, eq(regions.id, elders.regionId))
            .leftJoin(parentRegion, eq(parentRegion.id, regions.parentId))
            .where(and(eq(elders.id, b.elderId), inRegionScope(tx, me.scope, elders.regionId)))
            .for('update', { of: elders });
          if (!hit) throw notFound(ELDER_MESSAGES.notFound);
          if (hit.seen) return { id: replayOf(hit.seen, digest!, b.elderId), replay: true, dto: null };
          const elder = { ...hit.elder, regionName: hit.regionName };
          if (elder.status !== 'active')
            throw conflict(M.elderGone(ELDER_STATUS_LABELS[elder.status]), [
              { field: 'elderId', message: M.elderGone(ELDER_STATUS_LABELS[elder.status]) },
            ]);
          const lng = b.lng ?? elder.lng,
            lat = b.lat ?? elder.lat;
          if (lng === null || lat === null) throw fieldError('lng', M.noLocation);
          const made = await insertOrder(
            tx,
            elder,
            {
              id: hit.nextId,
              channel: b.channel,
              lines: b.lines,
              startAt,
              endAt,
              address: b.address ?? elder.address,
              lng,
              lat,
              notes: b.notes ?? null,
              state: 'created',
              idempotencyKey: key ?? null,
              idempotencyHash: digest,
              createdBy: me.userId,
              actor: ACTOR_OF[me.role] ?? 'operator',
              userId: me.userId,
            },
            actorOf(req),
            deps.clock(),
          );
          // The answer is built from what was just written: no second read after commit.
          const o = made.row;
          const dto = {
            ...orderDto(
              o,
              { elderName: elder.name, regionName: elder.regionName, providerName: null, caregiverName: null },
              made.lines.map((l) => ({ ...l, orderId: o.id })),
            ),
            reviews: [],
            events: [
              {
                ...made.event,
                username: me.username,
                caregiverId: null,
                reason: null,
                at: made.event.at.toISOString(),
              },
            ],
          };
          return { id: o.id, replay: false, dto };
        };
        let outcome: Awaited<ReturnType<typeof inTx>>;
        try {
          outcome = await db.transaction(inTx);
        } catch (err) {
          // The advisory lock keeps this from happening; should a same-key request still commit
          // first, this request is its repeat (or a mismatch), not a conflict.
          if (!key || !isIdempotencyKeyClash(err)) throw err;
          const [seen] = await db
            .select({ id: orders.id, hash: orders.idempotencyHash, elderId: orders.elderId })
            .from(orders)
            .where(and(eq(orders.createdBy, me.userId), eq(orders.idempotencyKey, key)));
          if (!seen) throw err;
          outcome = { id: replayOf(seen, digest!, b.elderId), replay: true, dto: null };
        }
        return outcome.dto
          ? reply.status(201).send(outcome.dto)
          : reply.status(200).send(await detail(db, me.scope, outcome.id));
      },
    );

    app.get(
      '/api/orders',
      {
        config: { permission: 'order.read' },
        schema: {
          tags,
          summary: '工单列表（按状态、老人、服务日筛选）',
          querystring: OrderQuery,
          response: { 200: OrderPage, 400: Problem },
        },
      },
      async (req) => {
        const q = req.query;
        const conds: SQL[] = [scopeOf(db, req.principal!.scope)];
        if (q.state) conds.push(eq(orders.state, q.state));
        if (q.elderId) conds.push(eq(orders.elderId, q.elderId));
        if (q.date) conds.push(eq(orders.serviceDate, q.date));
        if (q.planId) conds.push(eq(orders.planId, q.planId));
        if (q.verification)
          conds.push(
            q.verification === 'open'
              ? inArray(orders.verification, [...OPEN_EXCEPTION])
              : eq(orders.verification, q.verification),
          );
        if (q.regionId)
          conds.push(inRegionScope(db, await narrowedScope(db, req.principal!.scope, q.regionId), orders.regionId));
        const where = and(...conds);
        const col = q.sort.replace(/^-/, '') === 'startAt' ? orders.startAt : orders.createdAt;
        const [rows, [{ total }]] = await Promise.all([
          selectOrders(db)
            .where(where)
            .orderBy(q.sort.startsWith('-') ? desc(col) : asc(col), desc(orders.id))
            .limit(q.pageSize)
            .offset((q.page - 1) * q.pageSize),
          db.select({ total: count() }).from(orders).where(where),
        ]);
        return { items: await toDtos(db, rows), total, page: q.page, pageSize: q.pageSize };
      },
    );

    app.get(
      '/api/orders/:id',
      {
        config: { permission: 'order.read' },
        schema: { tags, summary: '工单详情与办理记录', params: IdParams, response: { 200: OrderDetail, 404: Problem } },
      },
      async (req) => detail(db, req.principal!.scope, req.params.id),
    );

    app.get(
      '/api/orders/:id/candidates',
      {
        config: { permission: 'order.act' },
        schema: {
          tags,
          summary: '可派的服务人员（按距离、当日工作量、连续服务评分排序）',
          params: IdParams,
          response: { 200: z.array(CandidateDto), 404: Problem },
        },
      },
      async (req) => {
        const { o } = await loadOrder(db, req.principal!.scope, req.params.id);
        const { facts, ranked } = await orderCandidates(db, o);
        const names = await db
          .select({ id: providers.id, name: providers.name })
          .from(providers)
          .where(inArray(providers.id, [...facts.order.providers, 0]));
        // A provider chooses among its own caregivers; the others' names are not its business.
        const scope = req.principal!.scope;
        const mine = scope.kind === 'region' ? ranked : ranked.filter((c) => c.providerId === scope.providerId);
        return mine.map((c) => ({
          caregiverId: c.caregiverId,
          caregiverName: facts.names.get(c.caregiverId) ?? '',
          providerId: c.providerId,
          providerName: names.find((n) => n.id === c.providerId)?.name ?? '',
          distanceM: c.distanceM,
          score: Math.round(c.score * 100) / 100,
          continuity: c.continuity,
        }));
      },
    );

    app.post(
      '/api/orders/:id/actions',
      {
        config: { permission: 'order.act' },
        schema: {
          tags,
          summary:
            '办理工单：确认、派单（不指定人员时自动派给最合适的人）、改派、接单、拒单、出发、签到（不在老人家附近或不在可签到时间内时照常签到并提示）、签退（核验位置、签到时间与时长，并告知结果）、关闭、取消、未遇、争议',
          params: IdParams,
          body: OrderAction,
          response: { 200: OrderActionResult, 400: Problem, 403: Problem, 404: Problem, 409: Problem },
        },
      },
      async (req) => {
        const me = req.principal!;
        const actor = ACTOR_OF[me.role];
        if (!actor) throw forbidden(M.noActor);
        const b = req.body;
        return db.transaction(async (tx) => {
          const { o } = await loadOrder(tx, me.scope, req.params.id);
          // A caregiver acts as itself, whatever the request names.
          const own =
            actor === 'caregiver'
              ? (await tx.select({ id: caregivers.id }).from(caregivers).where(eq(caregivers.userId, me.userId)))[0]?.id
              : undefined;
          const { visit } = await takeStep(
            tx,
            o,
            {
              action: b.action,
              actor,
              userId: me.userId,
              reason: b.reason ?? null,
              caregiverId: actor === 'caregiver' ? own : b.caregiverId,
              onlyProviderId: me.scope.kind === 'provider' ? me.scope.providerId : undefined,
              position: b.lng !== undefined && b.lat !== undefined ? { lng: b.lng, lat: b.lat } : null,
            },
            actorOf(req),
            deps.clock(),
          );
          // The step may take the order out of the caller's sight (a caregiver's refusal); the
          // answer still shows what the caller just did — and, at a check-in or check-out, what
          // the caregiver's phone is to tell her at once.
          return { ...(await detail(tx, null, o.id)), ...(visit ? { visit } : {}) };
        });
      },
    );

    app.post(
      '/api/orders/:id/explain',
      {
        config: { permission: 'order.act' },
        schema: {
          tags,
          summary:
            '服务人员说明自己工单的核验异常（签退后在手机上选择原因并填写说明，与服务机构的说明相同，交街道审核）；服务机构也可在此说明',
          params: IdParams,
          body: VisitExplain,
          response: { 200: OrderDetail, 400: Problem, 403: Problem, 404: Problem, 409: Problem },
        },
      },
      async (req) => {
        const me = req.principal!;
        return db.transaction(async (tx) => {
          // A caregiver's scope holds only the orders sent to her: another's is not found.
          const { o } = await loadOrder(tx, me.scope, req.params.id);
          await explainException(tx, o, me, req.body, actorOf(req), deps.clock());
          return detail(tx, null, o.id);
        });
      },
    );

    app.get(
      '/api/visit-rules',
      {
        config: { permission: 'order.read' },
        schema: {
          tags,
          summary: '某服务日的上门核验规则（签到距离、可签到时间窗、最短服务时长），供服务人员手机显示可签到时间',
          querystring: z.object({ date: IsoDate }).strict(),
          response: { 200: VisitRulesDto, 400: Problem },
        },
      },
      async (req) => callCentreRulesOf((await rulesOn(db, req.query.date)).params).verification,
    );

    app.post(
      '/api/orders/:id/review',
      {
        config: { permission: 'visit.review' },
        schema: {
          tags,
          summary: '核验异常审核：服务机构填写原因说明，街道或区认可（计入结算）或不认可，均须填写说明并留痕',
          params: IdParams,
          body: VisitReview,
          response: { 200: OrderDetail, 400: Problem, 404: Problem, 409: Problem },
        },
      },
      async (req) => {
        const me = req.principal!;
        return db.transaction(async (tx) => {
          const { o } = await loadOrder(tx, me.scope, req.params.id);
          await reviewException(tx, o, me, req.body, actorOf(req), deps.clock());
          return detail(tx, null, o.id);
        });
      },
    );

    app.post(
      '/api/orders/batch-dispatch',
      {
        config: { permission: 'order.act' },
        schema: {
          tags,
          summary: '批量派单：一个街道一天的待派工单一并分配，使总路程最短（与就近逐单派的路程对比）',
          body: BatchDispatch,
          response: { 200: BatchDispatchResult, 400: Problem, 403: Problem, 404: Problem },
        },
      },
      async (req) => {
        const me = req.principal!;
        if (me.scope.kind !== 'region') throw forbidden(M.batchRegionOnly);
        const region = await regionInScope(db, me.scope, req.body.regionId);
        return batchDispatch(
          db,
          regionSubtree(region),
          req.body.date,
          { userId: me.userId, audit: actorOf(req), actor: ACTOR_OF[me.role] ?? 'operator' },
          deps.clock(),
        );
      },
    );
  };
