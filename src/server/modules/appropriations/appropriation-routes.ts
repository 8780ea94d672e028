// The district's quarterly appropriation to the streets as a transfer (issue 16, point 14): the
// district plans it from the approved elders' entitlements (002 第5篇 L279), sends it, and the
// street confirms it arrived. The per-visit settlement with the providers stays as it is; this
// records how the money reached the level that pays them.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { IdParams, Problem } from '../../../shared/schemas/common.js';
import {
  AppropriationDto,
  AppropriationList,
  AppropriationPlan,
  AppropriationQuery,
} from '../../../shared/schemas/appropriations.js';
import { appropriations, elders, entitlements, programmes, regions, users } from '../../db/schema.js';
import type { DbOrTx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import { inRegionScope, type Scope } from '../../auth/scope.js';
import { conflict, forbidden, notFound } from '../../http/problem.js';
import { actorOf, writeAudit } from '../audit/audit-writer.js';
import { quarterMonths } from '../../../core/settlement/settlement.js';
import { monthEnd } from '../../../core/calendar/months.js';
import { appropriationChanges, planAppropriations, type ApprovedSpan } from '../../../core/settlement/appropriation.js';
import type { Benefit } from '../../../core/policy/policy.js';
import { addLevelFen, fromAbove, levelsIn, type LevelFen } from '../../../core/policy/cost-share.js';
import { APPROPRIATION_MESSAGES as M } from './messages.js';
import type { z } from '../../../shared/zod.js';

const sender = alias(users, 'sender');
const receiver = alias(users, 'receiver');
const street = alias(regions, 'street');

const isDistrict = (scope: Scope) => scope.kind === 'region' && scope.isRoot;

async function listOf(db: DbOrTx, scope: Scope, quarter: string, ids?: number[]) {
  const rows = await db
    .select({
      a: appropriations,
      streetName: regions.name,
      programmeName: programmes.name,
      sentBy: sender.displayName,
      receivedBy: receiver.displayName,
    })
    .from(appropriations)
    .innerJoin(regions, eq(regions.id, appropriations.streetId))
    .leftJoin(programmes, eq(programmes.code, appropriations.programme))
    .leftJoin(sender, eq(sender.id, appropriations.sentBy))
    .leftJoin(receiver, eq(receiver.id, appropriations.receivedBy))
    .where(
      and(
        eq(appropriations.quarter, quarter),
        inRegionScope(db, scope, appropriations.streetId),
        ids ? inArray(appropriations.id, ids) : undefined,
      ),
    )
    .orderBy(asc(regions.name), asc(appropriations.programme), asc(appropriations.batch));
  return rows.map((r): z.infer<typeof AppropriationDto> => ({
    id: r.a.id,
    quarter: r.a.quarter,
    streetId: r.a.streetId,
    streetName: r.streetName,
    programme: r.a.programme,
    programmeName: r.programmeName ?? r.a.programme,
    batch: r.a.batch,
    headcount: r.a.headcount,
    amountFen: r.a.amountFen,
    shares: r.a.shares,
    fromAboveFen: fromAbove(r.a.shares),
    state: r.a.state,
    plannedAt: r.a.plannedAt.toISOString(),
    sentAt: r.a.sentAt?.toISOString() ?? null,
    sentBy: r.sentBy,
    receivedAt: r.a.receivedAt?.toISOString() ?? null,
    receivedBy: r.receivedBy,
  }));
}

function withTotal(quarter: string, items: z.infer<typeof AppropriationDto>[]): z.infer<typeof AppropriationList> {
  const shares = items.reduce<LevelFen>((s, a) => addLevelFen(s, a.shares), {});
  return {
    quarter,
    items,
    levels: levelsIn(items.map((a) => a.shares)),
    total: { amountFen: items.reduce((s, a) => s + a.amountFen, 0), shares, fromAboveFen: fromAbove(shares) },
  };
}

export const appropriationRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    const tags = ['资金报表'];

    app.get(
      '/api/appropriations',
      {
        config: { permission: 'money.report' },
        schema: {
          tags,
          summary: '季度拨付：区级按实际审批人数和标准向各街道拨付（待拨付、已拨付、已到账）',
          querystring: AppropriationQuery,
          response: { 200: AppropriationList, 400: Problem },
        },
      },
      async (req) => {
        const all = await listOf(db, req.principal!.scope, req.query.quarter);
        return withTotal(req.query.quarter, req.query.state ? all.filter((a) => a.state === req.query.state) : all);
      },
    );

    app.post(
      '/api/appropriations/plan',
      {
        config: { permission: 'settlement.act' },
        schema: {
          tags,
          summary: '编制某季度的拨付计划（按各街道已审批老人的待遇计算；已拨出的不再改动）',
          body: AppropriationPlan,
          response: { 200: AppropriationList, 400: Problem, 403: Problem },
        },
      },
      async (req) => {
        const me = req.principal!;
        if (!isDistrict(me.scope)) throw forbidden(M.districtOnly);
        const quarter = req.body.quarter;
        const months = quarterMonths(quarter);
        const from = `${months[0]}-01`;
        const to = monthEnd(months[2]);
        await db.transaction(async (tx) => {
          // One planner at a time per quarter, so two clicks write one plan.
          await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`appropriation:${quarter}`}))`);
          // Each elder's street by the region path, as the settlement's cost shares find it.
          const spans = await tx
            .select({
              elderId: entitlements.elderId,
              streetId: street.id,
              programme: entitlements.programme,
              benefit: entitlements.benefit,
              from: entitlements.validFrom,
              to: entitlements.validTo,
              costShare: entitlements.costShare,
            })
            .from(entitlements)
            .innerJoin(elders, eq(elders.id, entitlements.elderId))
            .innerJoin(regions, eq(regions.id, elders.regionId))
            .innerJoin(street, and(eq(street.level, 'street'), sql`${regions.path} like ${street.path} || '%'`))
            .where(
              and(
                sql`${entitlements.validFrom} <= ${to}`,
                sql`(${entitlements.validTo} is null or ${entitlements.validTo} >= ${from})`,
              ),
            );
          const approved: ApprovedSpan[] = spans.map((s) => ({ ...s, benefit: s.benefit as Benefit }));
          const plan = planAppropriations(approved, quarter);
          const now = deps.clock();
          const existing = await tx
            .select({
              id: appropriations.id,
              streetId: appropriations.streetId,
              programme: appropriations.programme,
              batch: appropriations.batch,
              state: appropriations.state,
              headcount: appropriations.headcount,
              amountFen: appropriations.amountFen,
              shares: appropriations.shares,
            })
            .from(appropriations)
            .where(eq(appropriations.quarter, quarter));
          const changes = appropriationChanges(plan, existing);
          const planned = eq(appropriations.state, 'planned');
          // Deletes first: the one-planned-batch index holds at every statement.
          for (const c of changes)
            if (c.kind === 'delete') await tx.delete(appropriations).where(and(eq(appropriations.id, c.id), planned));
          for (const c of changes) {
            const at = { plannedAt: now, plannedBy: me.userId };
            // The advisory lock keeps planners apart; a send in between finds the row no longer
            // planned, and the send's own compare-and-set keeps a batch from moving twice.
            if (c.kind === 'update')
              await tx
                .update(appropriations)
                .set({ headcount: c.headcount, amountFen: c.amountFen, shares: c.shares, ...at })
                .where(and(eq(appropriations.id, c.id), planned));
            if (c.kind === 'insert') {
              const { kind: _, ...row } = c;
              await tx.insert(appropriations).values({ quarter, ...row, state: 'planned', ...at });
            }
          }
          await writeAudit(tx, actorOf(req), {
            action: 'appropriation.plan',
            entityType: 'appropriation',
            entityId: null,
            after: {
              quarter,
              rows: plan.length,
              inserted: changes.filter((c) => c.kind === 'insert').length,
              updated: changes.filter((c) => c.kind === 'update').length,
              removed: changes.filter((c) => c.kind === 'delete').length,
              fromAboveFen: plan.reduce((s, p) => s + fromAbove(p.shares), 0),
            },
          });
        });
        return withTotal(quarter, await listOf(db, me.scope, quarter));
      },
    );

    const step = (name: 'send' | 'receive') =>
      app.post(
        `/api/appropriations/:id/${name}`,
        {
          config: { permission: 'settlement.act' },
          schema: {
            tags,
            summary: name === 'send' ? '区级拨出某笔季度拨付' : '街道确认某笔季度拨付已到账',
            params: IdParams,
            response: { 200: AppropriationDto, 403: Problem, 404: Problem, 409: Problem },
          },
        },
        async (req) => {
          const me = req.principal!;
          const id = req.params.id;
          const [row] = await db
            .select()
            .from(appropriations)
            .where(and(eq(appropriations.id, id), inRegionScope(db, me.scope, appropriations.streetId)));
          if (!row) throw notFound(M.notFound);
          if (name === 'send' && !isDistrict(me.scope)) throw forbidden(M.districtOnly);
          if (name === 'receive' && !(me.scope.kind === 'region' && me.scope.regionId === row.streetId))
            throw forbidden(M.streetOnly);
          const now = deps.clock();
          await db.transaction(async (tx) => {
            // Compare-and-set on the state: two clicks move it once.
            const [after] = await tx
              .update(appropriations)
              .set(
                name === 'send'
                  ? { state: 'sent', sentAt: now, sentBy: me.userId }
                  : { state: 'received', receivedAt: now, receivedBy: me.userId },
              )
              .where(and(eq(appropriations.id, id), eq(appropriations.state, name === 'send' ? 'planned' : 'sent')))
              .returning();
            if (!after) throw conflict(name === 'send' ? M.notPlanned : M.notSent);
            await writeAudit(tx, actorOf(req), {
              action: `appropriation.${name}`,
              entityType: 'appropriation',
              entityId: id,
              before: { state: row.state },
              after: { state: after.state, quarter: row.quarter, fromAboveFen: fromAbove(row.shares) },
            });
          });
          const [dto] = await listOf(db, me.scope, row.quarter, [id]);
          return dto;
        },
      );
    step('send');
    step('receive');
  };
