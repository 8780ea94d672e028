// Recurring service plans (周期服务计划): made by the call centre or the street with the elder,
// turned into orders ahead of time by the plan job (each confirmed with the elder on its day
// before dispatch, 000 范文3 L119), stopped by hand or by the job.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { and, count, desc, eq, inArray, type SQL } from 'drizzle-orm';
import type { z } from '../../../shared/zod.js';
import { IdParams, Problem } from '../../../shared/schemas/common.js';
import { PlanCreate, PlanDto, PlanPage, PlanQuery, PlanStop } from '../../../shared/schemas/plans.js';
import { elders, orders, regions, serviceItems, servicePlans } from '../../db/schema.js';
import type { DbOrTx } from '../../db/client.js';
import { parentRegion, regionLabel } from '../elders/elder-query.js';
import type { Deps } from '../../deps.js';
import { inRegionScope, type Scope } from '../../auth/scope.js';
import { planProblems } from '../../../core/plans/occurrences.js';
import { badRequest, conflict, fieldError, notFound } from '../../http/problem.js';
import { actorOf, writeAudit } from '../audit/audit-writer.js';
import { loadElder } from '../elders/elder-routes.js';
import { ELDER_STATUS_LABELS } from '../../../shared/elder-labels.js';
import { shanghaiDate } from '../../../shared/today.js';
import { generatePlanOrders } from './generate-plan-orders.js';

const M = {
  notFound: '服务计划不存在或不在您的管辖范围内',
  stopped: '服务计划已停止',
  elderGone: (s: string) => `老人档案状态为「${s}」，不能制定服务计划`,
  noLocation: '老人档案没有坐标，请先在档案中补充住址坐标',
  itemUnknown: '服务项目不存在或已停用',
} as const;

function selectPlans(db: DbOrTx) {
  return db
    .select({ p: servicePlans, elderName: elders.name, regionName: regionLabel })
    .from(servicePlans)
    .innerJoin(elders, eq(elders.id, servicePlans.elderId))
    .innerJoin(regions, eq(regions.id, servicePlans.regionId))
    .leftJoin(parentRegion, eq(parentRegion.id, regions.parentId));
}
type Row = Awaited<ReturnType<ReturnType<typeof selectPlans>['where']>>[number];

async function toDtos(db: DbOrTx, rows: Row[]): Promise<z.infer<typeof PlanDto>[]> {
  const ids = rows.map((r) => r.p.id);
  const itemIds = [...new Set(rows.flatMap((r) => r.p.lines.map((l) => l.itemId)))];
  const names = itemIds.length
    ? await db
        .select({ id: serviceItems.id, name: serviceItems.name })
        .from(serviceItems)
        .where(inArray(serviceItems.id, itemIds))
    : [];
  const counts = ids.length
    ? await db
        .select({ planId: orders.planId, n: count() })
        .from(orders)
        .where(inArray(orders.planId, ids))
        .groupBy(orders.planId)
    : [];
  return rows.map(({ p, elderName, regionName }) => ({
    id: p.id,
    elderId: p.elderId,
    elderName,
    regionName,
    lines: p.lines.map((l) => ({ ...l, name: names.find((n) => n.id === l.itemId)?.name ?? '' })),
    weekdays: p.weekdays,
    startTime: p.startTime,
    endTime: p.endTime,
    startsOn: p.startsOn,
    endsOn: p.endsOn,
    notes: p.notes,
    state: p.state,
    stopReason: p.stopReason,
    generatedUntil: p.generatedUntil,
    orders: counts.find((c) => c.planId === p.id)?.n ?? 0,
    createdAt: p.createdAt.toISOString(),
  }));
}

export const planRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    const tags = ['服务计划'];
    const one = async (tx: DbOrTx, scope: Scope, id: number) => {
      const rows = await selectPlans(tx).where(
        and(eq(servicePlans.id, id), inRegionScope(tx, scope, servicePlans.regionId)),
      );
      if (!rows.length) throw notFound(M.notFound);
      return (await toDtos(tx, rows))[0];
    };

    app.post(
      '/api/plans',
      {
        config: { permission: 'plan.write' },
        schema: {
          tags,
          summary: '制定周期服务计划（如每周一至周五 9:00-11:00 生活照料），随即按规则提前生成工单',
          body: PlanCreate,
          response: { 201: PlanDto, 400: Problem, 404: Problem, 409: Problem },
        },
      },
      async (req, reply) => {
        const me = req.principal!;
        const b = req.body;
        const now = deps.clock();
        const shape = {
          weekdays: [...new Set(b.weekdays)].sort(),
          startTime: b.startTime,
          endTime: b.endTime,
          startsOn: b.startsOn,
          endsOn: b.endsOn ?? null,
        };
        const problems = planProblems(shape, shanghaiDate(now));
        if (problems.length) throw badRequest(problems[0].message, problems);
        const id = await db.transaction(async (tx) => {
          const elder = await loadElder(tx, me.scope, b.elderId);
          if (elder.status !== 'active')
            throw conflict(M.elderGone(ELDER_STATUS_LABELS[elder.status]), [
              { field: 'elderId', message: M.elderGone(ELDER_STATUS_LABELS[elder.status]) },
            ]);
          if (elder.lng === null || elder.lat === null) throw fieldError('elderId', M.noLocation);
          const items = await tx
            .select({ id: serviceItems.id })
            .from(serviceItems)
            .where(
              and(
                inArray(
                  serviceItems.id,
                  b.lines.map((l) => l.itemId),
                ),
                eq(serviceItems.active, true),
              ),
            );
          const bad = b.lines.findIndex((l) => !items.some((i) => i.id === l.itemId));
          if (bad >= 0) throw fieldError(`lines.${bad}.itemId`, M.itemUnknown);
          const [row] = await tx
            .insert(servicePlans)
            .values({
              elderId: elder.id,
              regionId: elder.regionId,
              lines: b.lines,
              ...shape,
              notes: b.notes ?? null,
              createdBy: me.userId,
              createdAt: now,
              updatedAt: now,
            })
            .returning();
          await writeAudit(tx, actorOf(req), {
            action: 'plan.create',
            entityType: 'service_plan',
            entityId: row.id,
            after: row,
          });
          return row.id;
        });
        await generatePlanOrders(db, now, { planIds: [id], audit: actorOf(req) });
        return reply.status(201).send(await one(db, me.scope, id));
      },
    );

    app.get(
      '/api/plans',
      {
        config: { permission: 'order.read' },
        schema: {
          tags,
          summary: '周期服务计划列表',
          querystring: PlanQuery,
          response: { 200: PlanPage, 400: Problem },
        },
      },
      async (req) => {
        const q = req.query;
        const conds: SQL[] = [inRegionScope(db, req.principal!.scope, servicePlans.regionId)];
        if (q.state) conds.push(eq(servicePlans.state, q.state));
        if (q.elderId) conds.push(eq(servicePlans.elderId, q.elderId));
        const where = and(...conds);
        const [rows, [{ total }]] = await Promise.all([
          selectPlans(db)
            .where(where)
            .orderBy(desc(servicePlans.id))
            .limit(q.pageSize)
            .offset((q.page - 1) * q.pageSize),
          db.select({ total: count() }).from(servicePlans).where(where),
        ]);
        return { items: await toDtos(db, rows), total, page: q.page, pageSize: q.pageSize };
      },
    );

    app.get(
      '/api/plans/:id',
      {
        config: { permission: 'order.read' },
        schema: { tags, summary: '周期服务计划详情', params: IdParams, response: { 200: PlanDto, 404: Problem } },
      },
      async (req) => one(db, req.principal!.scope, req.params.id),
    );

    app.post(
      '/api/plans/:id/stop',
      {
        config: { permission: 'plan.write' },
        schema: {
          tags,
          summary: '停止周期服务计划（已生成的工单不受影响，可逐单取消）',
          params: IdParams,
          body: PlanStop,
          response: { 200: PlanDto, 400: Problem, 404: Problem, 409: Problem },
        },
      },
      async (req) => {
        const me = req.principal!;
        await db.transaction(async (tx) => {
          await one(tx, me.scope, req.params.id);
          const [done] = await tx
            .update(servicePlans)
            .set({ state: 'stopped', stopReason: req.body.reason, updatedAt: deps.clock() })
            .where(and(eq(servicePlans.id, req.params.id), eq(servicePlans.state, 'active')))
            .returning({ id: servicePlans.id });
          if (!done) throw conflict(M.stopped);
          await writeAudit(tx, actorOf(req), {
            action: 'plan.stop',
            entityType: 'service_plan',
            entityId: req.params.id,
            before: { state: 'active' },
            after: { state: 'stopped', reason: req.body.reason },
          });
        });
        return one(db, me.scope, req.params.id);
      },
    );
  };
