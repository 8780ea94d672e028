// The operators' call-back list (回访): sampled completed orders, due the day after the visit;
// each call records a satisfaction level and a comment, or that nobody answered.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { and, asc, count, eq, inArray, lte, type SQL } from 'drizzle-orm';
import type { z } from '../../../shared/zod.js';
import { IdParams, Problem } from '../../../shared/schemas/common.js';
import { CallbackDto, CallbackPage, CallbackQuery, CallbackResult } from '../../../shared/schemas/feedback.js';
import {
  callbacks,
  caregivers,
  elders,
  orderLines,
  orders,
  providers,
  ratings,
  regions,
  serviceItems,
} from '../../db/schema.js';
import type { DbOrTx } from '../../db/client.js';
import { parentRegion, regionLabel } from '../elders/elder-query.js';
import type { Deps } from '../../deps.js';
import { inRegionScope, narrowedScope } from '../../auth/scope.js';
import { callCentreRulesOf } from '../../../core/orders/call-centre-rules.js';
import { conflict, notFound } from '../../http/problem.js';
import { actorOf, writeAudit } from '../audit/audit-writer.js';
import { rulesOn } from '../providers/rule-store.js';
import { notify } from '../../realtime/events.js';
import { shanghaiDate } from '../../../shared/today.js';
import { recordRating } from './record-rating.js';
import { openComplaint } from './open-complaint.js';
import { FEEDBACK_MESSAGES as M } from './messages.js';

// After this many unanswered calls a call-back is given up as unreachable.
const MAX_CALL_ATTEMPTS = 3;

function selectCallbacks(db: DbOrTx) {
  return db
    .select({
      c: callbacks,
      orderId: orders.id,
      elderId: elders.id,
      elderName: elders.name,
      phone: elders.phoneMasked,
      regionName: regionLabel,
      serviceDate: orders.serviceDate,
      caregiverName: caregivers.name,
      providerName: providers.name,
      level: ratings.level,
    })
    .from(callbacks)
    .innerJoin(orders, eq(orders.id, callbacks.orderId))
    .innerJoin(elders, eq(elders.id, orders.elderId))
    .innerJoin(regions, eq(regions.id, callbacks.regionId))
    .leftJoin(parentRegion, eq(parentRegion.id, regions.parentId))
    .leftJoin(caregivers, eq(caregivers.id, orders.caregiverId))
    .leftJoin(providers, eq(providers.id, orders.providerId))
    .leftJoin(ratings, eq(ratings.orderId, orders.id));
}
type Row = Awaited<ReturnType<ReturnType<typeof selectCallbacks>['where']>>[number];

async function toDtos(db: DbOrTx, rows: Row[]): Promise<z.infer<typeof CallbackDto>[]> {
  const ids = rows.map((r) => r.orderId);
  const lines = ids.length
    ? await db
        .select({ orderId: orderLines.orderId, name: serviceItems.name, q: orderLines.quantity })
        .from(orderLines)
        .innerJoin(serviceItems, eq(serviceItems.id, orderLines.itemId))
        .where(inArray(orderLines.orderId, ids))
    : [];
  return rows.map((r) => ({
    id: r.c.id,
    orderId: r.orderId,
    elderId: r.elderId,
    elderName: r.elderName,
    elderPhoneMasked: r.phone,
    regionName: r.regionName,
    caregiverName: r.caregiverName,
    providerName: r.providerName,
    serviceDate: r.serviceDate,
    items: lines
      .filter((l) => l.orderId === r.orderId)
      .map((l) => (l.q > 1 ? `${l.name}×${l.q}` : l.name))
      .join('、'),
    dueAt: r.c.dueAt.toISOString(),
    state: r.c.state,
    attempts: r.c.attempts,
    level: r.level,
    comment: r.c.comment,
    doneAt: r.c.doneAt?.toISOString() ?? null,
  }));
}

export const callbackRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    const tags = ['回访与评价'];

    app.get(
      '/api/callbacks',
      {
        config: { permission: 'feedback.read' },
        schema: {
          tags,
          summary: '回访任务（默认：已到期待回访）',
          querystring: CallbackQuery,
          response: { 200: CallbackPage, 400: Problem, 404: Problem },
        },
      },
      async (req) => {
        const q = req.query;
        const conds: SQL[] = [
          inRegionScope(db, await narrowedScope(db, req.principal!.scope, q.regionId), callbacks.regionId),
        ];
        if (q.state === 'due') conds.push(eq(callbacks.state, 'open'), lte(callbacks.dueAt, deps.clock()));
        else conds.push(eq(callbacks.state, q.state));
        const where = and(...conds);
        const [rows, [{ total }]] = await Promise.all([
          selectCallbacks(db)
            .where(where)
            .orderBy(asc(callbacks.dueAt), asc(callbacks.id))
            .limit(q.pageSize)
            .offset((q.page - 1) * q.pageSize),
          db.select({ total: count() }).from(callbacks).where(where),
        ]);
        return { items: await toDtos(db, rows), total, page: q.page, pageSize: q.pageSize };
      },
    );

    app.post(
      '/api/callbacks/:id',
      {
        config: { permission: 'callback.act' },
        schema: {
          tags,
          summary: '登记回访结果：满意度与意见（可同时登记投诉），或未接通（满 3 次记为联系不上）',
          params: IdParams,
          body: CallbackResult,
          response: { 200: CallbackDto, 400: Problem, 404: Problem, 409: Problem },
        },
      },
      async (req) => {
        const me = req.principal!;
        const b = req.body;
        const now = deps.clock();
        const id = await db.transaction(async (tx) => {
          const [cb] = await tx
            .select()
            .from(callbacks)
            .where(and(eq(callbacks.id, req.params.id), inRegionScope(tx, me.scope, callbacks.regionId)))
            .for('update');
          if (!cb) throw notFound(M.callbackNotFound);
          if (cb.state !== 'open') throw conflict(M.callbackDone);
          const [o] = await tx.select().from(orders).where(eq(orders.id, cb.orderId));
          const rules = callCentreRulesOf((await rulesOn(tx, shanghaiDate(now))).params);
          const comment = b.comment ?? null;
          if (b.outcome === 'rated') {
            await recordRating(
              tx,
              o,
              { level: b.level, source: 'callback', comment, userId: me.userId },
              rules,
              actorOf(req),
              now,
            );
            if (b.complaint) {
              await openComplaint(
                tx,
                {
                  elderId: o.elderId,
                  regionId: o.regionId,
                  orderId: o.id,
                  caregiverId: o.caregiverId,
                  providerId: o.providerId,
                  channel: 'call',
                  assignee: 'provider',
                  content: b.complaint,
                  userId: me.userId,
                },
                rules,
                actorOf(req),
                now,
              );
            }
          }
          const attempts = cb.attempts + 1;
          const state =
            b.outcome === 'rated'
              ? 'done'
              : b.outcome === 'unreachable' || attempts >= MAX_CALL_ATTEMPTS
                ? 'unreachable'
                : 'open';
          // An unanswered call is tried again in two hours.
          const dueAt = state === 'open' ? new Date(now.getTime() + 2 * 3_600_000) : cb.dueAt;
          await tx
            .update(callbacks)
            .set({ state, attempts, comment, userId: me.userId, dueAt, doneAt: state === 'open' ? null : now })
            .where(eq(callbacks.id, cb.id));
          await writeAudit(tx, actorOf(req), {
            action: 'callback.record',
            entityType: 'callback',
            entityId: cb.id,
            before: { state: cb.state, attempts: cb.attempts },
            after: { state, attempts, ...b },
          });
          await notify(tx, { kind: 'console', regionId: cb.regionId });
          return cb.id;
        });
        return (await toDtos(db, await selectCallbacks(db).where(eq(callbacks.id, id))))[0];
      },
    );
  };
