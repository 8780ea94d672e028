// The operator console (调度台): what needs someone now — today's plan orders to confirm with the
// elder (今日待确认, 000 范文3 L119), new and unassigned orders, dispatches
// not accepted in time, visits not checked in by start + grace, visit exceptions, call-backs
// due, complaints past their deadline — with today's counts by state, for the district or one
// street. The stream tells the page when to fetch again: on every committed change in its
// jurisdiction (from any server, through NOTIFY), on every call for this operator, and once a
// minute for lists that grow by the clock alone.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { and, asc, count, eq, inArray, lt, lte, ne, sql, type SQL } from 'drizzle-orm';
import { Problem } from '../../../shared/schemas/common.js';
import { ConsoleQuery, ConsoleSummary, CONSOLE_LISTS } from '../../../shared/schemas/console.js';
import {
  callbacks,
  caregivers,
  complaints,
  elders,
  orderLines,
  orders,
  providers,
  regions,
  replacementCases,
  serviceItems,
} from '../../db/schema.js';
import type { DbOrTx } from '../../db/client.js';
import { parentRegion, regionLabel } from '../elders/elder-query.js';
import type { Deps } from '../../deps.js';
import { inRegionScope, narrowedScope, type Scope } from '../../auth/scope.js';
import { acceptMinutesOf } from '../../../core/providers/rules.js';
import { callCentreRulesOf } from '../../../core/orders/call-centre-rules.js';
import { OPEN_EXCEPTION } from '../../../core/visits/exception-review.js';
import { forbidden } from '../../http/problem.js';
import { rulesOn } from '../providers/rule-store.js';
import { shanghaiDate } from '../../../shared/today.js';
import type { LiveEvent } from '../../realtime/events.js';

const LIST_SIZE = 30;
const TICK_MS = 60_000;
const HEARTBEAT_MS = 20_000;

async function summary(db: DbOrTx, scope: Scope, now: Date) {
  const today = shanghaiDate(now);
  const rules = (await rulesOn(db, today)).params;
  const acceptMinutes = acceptMinutesOf(rules);
  const grace = callCentreRulesOf(rules).checkInGraceMinutes;
  const mine = inRegionScope(db, scope, orders.regionId);
  const when: Record<(typeof CONSOLE_LISTS)[number], SQL> = {
    // 000 范文3 L119: the operator confirms that day's items and time with the elder before the
    // order is dispatched. A plan's order waits here on its day (and stays if the day slipped by).
    toConfirm: and(eq(orders.state, 'created'), eq(orders.channel, 'plan'), lte(orders.serviceDate, today))!,
    new: and(eq(orders.state, 'created'), ne(orders.channel, 'plan'))!,
    unassigned: eq(orders.state, 'confirmed'),
    notAccepted: and(
      eq(orders.state, 'dispatched'),
      lt(orders.stateAt, new Date(now.getTime() - acceptMinutes * 60_000)),
    )!,
    notCheckedIn: and(
      inArray(orders.state, ['accepted', 'en_route']),
      lt(orders.startAt, new Date(now.getTime() - grace * 60_000)),
    )!,
    exceptions: inArray(orders.verification, [...OPEN_EXCEPTION]),
  };
  const list = async (cond: SQL) => {
    const where = and(mine, cond);
    const [items, [{ total }]] = await Promise.all([
      db
        .select({
          o: orders,
          elderName: elders.name,
          regionName: regionLabel,
          caregiverName: caregivers.name,
          providerName: providers.name,
        })
        .from(orders)
        .innerJoin(elders, eq(elders.id, orders.elderId))
        .innerJoin(regions, eq(regions.id, orders.regionId))
        .leftJoin(parentRegion, eq(parentRegion.id, regions.parentId))
        .leftJoin(caregivers, eq(caregivers.id, orders.caregiverId))
        .leftJoin(providers, eq(providers.id, orders.providerId))
        .where(where)
        .orderBy(asc(orders.startAt), asc(orders.id))
        .limit(LIST_SIZE),
      db.select({ total: count() }).from(orders).where(where),
    ]);
    const itemsOf = new Map<number, string>();
    if (items.length)
      for (const l of await db
        .select({ orderId: orderLines.orderId, name: serviceItems.name, quantity: orderLines.quantity })
        .from(orderLines)
        .innerJoin(serviceItems, eq(serviceItems.id, orderLines.itemId))
        .where(
          inArray(
            orderLines.orderId,
            items.map((i) => i.o.id),
          ),
        )
        .orderBy(asc(orderLines.id))) {
        const prev = itemsOf.get(l.orderId);
        const text = l.quantity > 1 ? `${l.name}×${l.quantity}` : l.name;
        itemsOf.set(l.orderId, prev ? `${prev}、${text}` : text);
      }
    return {
      total,
      items: items.map(({ o, ...n }) => ({
        id: o.id,
        elderId: o.elderId,
        elderName: n.elderName,
        regionName: n.regionName,
        state: o.state,
        startAt: o.startAt.toISOString(),
        endAt: o.endAt.toISOString(),
        caregiverName: n.caregiverName,
        providerName: n.providerName,
        stateAt: o.stateAt.toISOString(),
        verification: o.verification,
        channel: o.channel,
        items: itemsOf.get(o.id) ?? '',
      })),
    };
  };
  const [lists, counts, [cb], [co], [cl], [rp]] = await Promise.all([
    Promise.all(CONSOLE_LISTS.map(async (k) => [k, await list(when[k])] as const)),
    db
      .select({ state: orders.state, n: count() })
      .from(orders)
      .where(and(mine, eq(orders.serviceDate, today)))
      .groupBy(orders.state),
    db
      .select({ n: count() })
      .from(callbacks)
      .where(and(inRegionScope(db, scope, callbacks.regionId), eq(callbacks.state, 'open'), lte(callbacks.dueAt, now))),
    db
      .select({ n: count() })
      .from(complaints)
      .where(
        and(inRegionScope(db, scope, complaints.regionId), eq(complaints.state, 'open'), lt(complaints.dueOn, today)),
      ),
    db
      .select({ n: count() })
      .from(complaints)
      .where(and(inRegionScope(db, scope, complaints.regionId), sql`${complaints.state} <> 'closed'`)),
    db
      .select({ n: count() })
      .from(replacementCases)
      .where(and(inRegionScope(db, scope, replacementCases.regionId), ne(replacementCases.state, 'closed'))),
  ]);
  return {
    at: now.toISOString(),
    today,
    acceptMinutes,
    checkInGraceMinutes: grace,
    counts: Object.fromEntries(counts.map((c) => [c.state, c.n])),
    lists: Object.fromEntries(lists) as ConsoleSummary['lists'],
    callbacksDue: cb.n,
    complaintsOverdue: co.n,
    complaintsOpen: cl.n,
    replacementsOpen: rp.n,
  };
}

export const consoleRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    const tags = ['调度台'];
    const streams = new Set<() => void>();
    // Open streams never finish on their own; closing the server ends them.
    app.addHook('preClose', async () => {
      for (const end of streams) end();
    });
    app.addHook('onClose', async () => {
      await deps.events.close();
    });

    const regionOnly = (scope: Scope) => {
      if (scope.kind !== 'region') throw forbidden('调度台供区、街道工作人员和话务员使用');
      return scope;
    };

    app.get(
      '/api/console',
      {
        config: { permission: 'order.read' },
        schema: {
          tags,
          summary:
            '调度台：待办清单（今日待确认、新工单、待派、超时未接、超时未签到、核验异常）与今日各状态数量，可按街道筛选',
          querystring: ConsoleQuery,
          response: { 200: ConsoleSummary, 400: Problem, 403: Problem, 404: Problem },
        },
      },
      async (req) => {
        const scope = regionOnly(req.principal!.scope);
        return summary(db, await narrowedScope(db, scope, req.query.regionId), deps.clock());
      },
    );

    app.get(
      '/api/console/stream',
      {
        config: { permission: 'order.read' },
        schema: {
          tags,
          summary:
            '调度台实时推送（server-sent events）：changed（管辖范围内有变化）、call（来电弹屏）、tick（每分钟）',
          response: { 403: Problem },
        },
      },
      async (req, reply) => {
        const me = req.principal!;
        const scope = regionOnly(me.scope);
        const visible = new Set(
          (
            await db
              .select({ id: regions.id })
              .from(regions)
              .where(inRegionScope(db, scope, regions.id))
          ).map((r) => r.id),
        );
        const res = reply.raw;
        const write = (event: string, data: unknown) => {
          if (!res.writableEnded) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
        };
        // Listening first: if the database cannot be listened to, the caller gets a problem, not a dead stream.
        let open = false;
        const unwatch = await deps.events.watch({
          userId: me.userId,
          username: me.username,
          takesCalls: me.permissions.includes('order.create'),
          sees: (id) => (id === null ? scope.kind === 'region' && scope.isRoot : visible.has(id)),
          send: (e: LiveEvent) => {
            if (!open) return;
            if (e.kind === 'call') write('call', e);
            else if (e.kind === 'alarm') write('alarm', e);
            else write('changed', { regionId: e.regionId });
          },
        });
        reply.hijack();
        res.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache, no-transform',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
        });
        open = true;
        write('ready', { at: deps.clock().toISOString() });
        const tick = setInterval(() => write('tick', { at: deps.clock().toISOString() }), TICK_MS);
        const beat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
        const end = () => {
          clearInterval(tick);
          clearInterval(beat);
          unwatch();
          streams.delete(end);
          if (!res.writableEnded) res.end();
        };
        streams.add(end);
        req.raw.on('close', end);
      },
    );
  };
