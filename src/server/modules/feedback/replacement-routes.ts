// Replacement cases (更换服务人员): opened by the replacement rule, listed for the street, and
// closed by the street or district once the elder has a new caregiver. While open, dispatch
// leaves the caregiver out for that elder.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { and, count, desc, eq, type SQL } from 'drizzle-orm';
import { z } from '../../../shared/zod.js';
import { IdParams, Problem } from '../../../shared/schemas/common.js';
import {
  ReplacementClose,
  ReplacementDto,
  ReplacementPage,
  ReplacementQuery,
  ScoreDto,
} from '../../../shared/schemas/feedback.js';
import { caregivers, elders, providers, regions, replacementCases } from '../../db/schema.js';
import type { DbOrTx } from '../../db/client.js';
import { parentRegion, regionLabel } from '../elders/elder-query.js';
import type { Deps } from '../../deps.js';
import {
  inCaregiverScope,
  inProviderScope,
  inRegionOrProviderScope,
  inRegionScope,
  narrowedScope,
  type Scope,
} from '../../auth/scope.js';
import type { Trigger } from '../../../core/feedback/replacement.js';
import { computeRating, SATISFACTION_LEVELS } from '../../../core/providers/rules.js';
import { addDays } from '../../../core/calendar/working-days.js';
import { conflict, forbidden, notFound } from '../../http/problem.js';
import { actorOf, writeAudit } from '../audit/audit-writer.js';
import { rulesOn } from '../providers/rule-store.js';
import { notify } from '../../realtime/events.js';
import { shanghaiDate } from '../../../shared/today.js';
import { ratingInputsFor } from './rating-inputs.js';
import { FEEDBACK_MESSAGES as M } from './messages.js';

function selectCases(db: DbOrTx) {
  return db
    .select({
      r: replacementCases,
      elderName: elders.name,
      caregiverName: caregivers.name,
      providerName: providers.name,
      regionName: regionLabel,
    })
    .from(replacementCases)
    .innerJoin(elders, eq(elders.id, replacementCases.elderId))
    .innerJoin(caregivers, eq(caregivers.id, replacementCases.caregiverId))
    .innerJoin(providers, eq(providers.id, caregivers.providerId))
    .innerJoin(regions, eq(regions.id, replacementCases.regionId))
    .leftJoin(parentRegion, eq(parentRegion.id, regions.parentId));
}
const scopeOf = (db: DbOrTx, scope: Scope) =>
  inRegionOrProviderScope(db, scope, replacementCases.regionId, caregivers.providerId);

export function triggerText(t: Trigger): string {
  return t.reason === 'complaints'
    ? `${t.month} 月内被同一老人投诉 ${t.count} 次`
    : `连续 ${t.dates.length} 次「不满意」（${t.dates.join('、')}）`;
}
const toDto = ({
  r,
  ...names
}: Awaited<ReturnType<ReturnType<typeof selectCases>['where']>>[number]): z.infer<typeof ReplacementDto> => ({
  id: r.id,
  elderId: r.elderId,
  elderName: names.elderName,
  caregiverId: r.caregiverId,
  caregiverName: names.caregiverName,
  providerName: names.providerName,
  regionName: names.regionName,
  trigger: r.trigger,
  reason: triggerText(r.trigger as Trigger),
  state: r.state,
  openedAt: r.openedAt.toISOString(),
  closedAt: r.closedAt?.toISOString() ?? null,
  note: r.note,
});

export const replacementRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    const tags = ['回访与评价'];

    app.get(
      '/api/replacement-cases',
      {
        config: { permission: 'feedback.read' },
        schema: {
          tags,
          summary: '更换服务人员案件',
          querystring: ReplacementQuery,
          response: { 200: ReplacementPage, 400: Problem, 404: Problem },
        },
      },
      async (req) => {
        const q = req.query;
        const conds: SQL[] = [scopeOf(db, req.principal!.scope)];
        if (q.state) conds.push(eq(replacementCases.state, q.state));
        if (q.regionId)
          conds.push(
            inRegionScope(db, await narrowedScope(db, req.principal!.scope, q.regionId), replacementCases.regionId),
          );
        const where = and(...conds);
        const [rows, [{ total }]] = await Promise.all([
          selectCases(db)
            .where(where)
            .orderBy(desc(replacementCases.openedAt))
            .limit(q.pageSize)
            .offset((q.page - 1) * q.pageSize),
          db
            .select({ total: count() })
            .from(replacementCases)
            .innerJoin(caregivers, eq(caregivers.id, replacementCases.caregiverId))
            .where(where),
        ]);
        return { items: rows.map(toDto), total, page: q.page, pageSize: q.pageSize };
      },
    );

    app.post(
      '/api/replacement-cases/:id/close',
      {
        config: { permission: 'complaint.act' },
        schema: {
          tags,
          summary: '关闭更换服务人员案件（街道或区核实并已换人后）',
          params: IdParams,
          body: ReplacementClose,
          response: { 200: ReplacementDto, 400: Problem, 403: Problem, 404: Problem, 409: Problem },
        },
      },
      async (req) => {
        const me = req.principal!;
        if (me.scope.kind !== 'region') throw forbidden(M.providerCannotClose);
        const now = deps.clock();
        return db.transaction(async (tx) => {
          const [row] = await selectCases(tx).where(and(eq(replacementCases.id, req.params.id), scopeOf(tx, me.scope)));
          if (!row) throw notFound(M.caseNotFound);
          const [after] = await tx
            .update(replacementCases)
            .set({ state: 'closed', closedAt: now, closedBy: me.userId, note: req.body.note })
            .where(and(eq(replacementCases.id, row.r.id), eq(replacementCases.state, 'open')))
            .returning();
          if (!after) throw conflict(M.caseClosed);
          await writeAudit(tx, actorOf(req), {
            action: 'replacement.close',
            entityType: 'replacement_case',
            entityId: row.r.id,
            before: { state: 'open' },
            after: { state: 'closed', note: req.body.note },
          });
          await notify(tx, { kind: 'console', regionId: row.r.regionId });
          return toDto({ ...row, r: after });
        });
      },
    );

    // The scores the ratings feed: the same function as the quarterly evaluation, over a window.
    const ScoreQuery = z.object({ days: z.coerce.number().int().min(7).max(366).default(90) });
    async function score(tx: DbOrTx, by: 'provider' | 'caregiver', id: number, days: number) {
      const to = shanghaiDate(deps.clock());
      const from = addDays(to, -(days - 1));
      const inputs = (await ratingInputsFor(tx, by, [id], from, to)).get(id)!;
      const rating = computeRating(inputs, (await rulesOn(tx, to)).params);
      return {
        ...rating,
        from,
        to,
        levels: Object.fromEntries(SATISFACTION_LEVELS.map((l) => [l, inputs.ratings[l]])),
      };
    }
    app.get(
      '/api/caregivers/:id/score',
      {
        config: { permission: 'caregiver.read' },
        schema: {
          tags,
          summary: '服务人员满意度评分（近 N 天的评价与属实投诉）',
          params: IdParams,
          querystring: ScoreQuery,
          response: { 200: ScoreDto, 404: Problem },
        },
      },
      async (req) => {
        const [c] = await db
          .select({ id: caregivers.id })
          .from(caregivers)
          .where(
            and(
              eq(caregivers.id, req.params.id),
              inCaregiverScope(db, req.principal!.scope, caregivers.providerId, caregivers.userId),
            ),
          );
        if (!c) throw notFound('服务人员不存在或不在您的管辖范围内');
        return score(db, 'caregiver', c.id, req.query.days);
      },
    );
    app.get(
      '/api/providers/:id/score',
      {
        config: { permission: 'provider.read' },
        schema: {
          tags,
          summary: '服务机构满意度评分（近 N 天的评价与属实投诉）',
          params: IdParams,
          querystring: ScoreQuery,
          response: { 200: ScoreDto, 404: Problem },
        },
      },
      async (req) => {
        const [p] = await db
          .select({ id: providers.id })
          .from(providers)
          .where(and(eq(providers.id, req.params.id), inProviderScope(db, req.principal!.scope, providers.id)));
        if (!p) throw notFound('服务机构不存在或不在您的管辖范围内');
        return score(db, 'provider', p.id, req.query.days);
      },
    );
  };
