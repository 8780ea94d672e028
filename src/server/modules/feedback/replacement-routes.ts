// Replacement cases (更换服务人员): opened by the replacement rule or by hand (a complaint, the
// elder's request), verified by the street — 「由街道协调服务组织予以查实后更换服务人员」(002 第5篇
// L297) — and only then does the caregiver stop being sent to that elder and the provider is told
// to send another; the street closes a verified case once that is done. A case found not verified
// closes with the finding. The rules' `blockOnOpen` keeps the caregiver away from opening instead.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { and, count, desc, eq, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from '../../../shared/zod.js';
import { IdParams, Problem } from '../../../shared/schemas/common.js';
import {
  ReplacementClose,
  ReplacementDto,
  ReplacementOpen,
  ReplacementPage,
  ReplacementQuery,
  ReplacementVerify,
  ScoreDto,
} from '../../../shared/schemas/feedback.js';
import { caregivers, complaints, elders, providers, regions, replacementCases, users } from '../../db/schema.js';
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
import { caseStep, type CaseState, type Trigger } from '../../../core/feedback/replacement.js';
import { callCentreRulesOf } from '../../../core/orders/call-centre-rules.js';
import { computeRating, SATISFACTION_LEVELS } from '../../../core/providers/rules.js';
import { addDays } from '../../../core/calendar/working-days.js';
import { conflict, fieldError, forbidden, notFound } from '../../http/problem.js';
import { actorOf, writeAudit } from '../audit/audit-writer.js';
import { rulesOn } from '../providers/rule-store.js';
import { notify } from '../../realtime/events.js';
import { shanghaiDate } from '../../../shared/today.js';
import { ratingInputsFor } from './rating-inputs.js';
import { FEEDBACK_MESSAGES as M } from './messages.js';

const opener = alias(users, 'opener');
const verifier = alias(users, 'verifier');
function selectCases(db: DbOrTx) {
  return db
    .select({
      r: replacementCases,
      elderName: elders.name,
      caregiverName: caregivers.name,
      providerName: providers.name,
      regionName: regionLabel,
      openedByName: opener.displayName,
      verifiedByName: verifier.displayName,
    })
    .from(replacementCases)
    .innerJoin(elders, eq(elders.id, replacementCases.elderId))
    .innerJoin(caregivers, eq(caregivers.id, replacementCases.caregiverId))
    .innerJoin(providers, eq(providers.id, caregivers.providerId))
    .innerJoin(regions, eq(regions.id, replacementCases.regionId))
    .leftJoin(parentRegion, eq(parentRegion.id, regions.parentId))
    .leftJoin(opener, eq(opener.id, replacementCases.openedBy))
    .leftJoin(verifier, eq(verifier.id, replacementCases.verifiedBy));
}
const scopeOf = (db: DbOrTx, scope: Scope) =>
  inRegionOrProviderScope(db, scope, replacementCases.regionId, caregivers.providerId);

export function triggerText(t: Trigger): string {
  if (t.reason === 'request') return `人工提出：${t.text}`;
  return t.reason === 'complaints'
    ? `${t.month} 月内被同一老人投诉 ${t.count} 次`
    : `连续 ${t.dates.length} 次「不满意」（${t.dates.join('、')}）`;
}
type CaseRow = Awaited<ReturnType<ReturnType<typeof selectCases>['where']>>[number];
const toDto = ({ r, ...names }: CaseRow): z.infer<typeof ReplacementDto> => ({
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
  blocking: r.blocking,
  openedAt: r.openedAt.toISOString(),
  openedByName: names.openedByName,
  verification: r.verification,
  finding: r.finding,
  verifiedAt: r.verifiedAt?.toISOString() ?? null,
  verifiedByName: names.verifiedByName,
  closedAt: r.closedAt?.toISOString() ?? null,
  note: r.note,
});

/** Who verifies (查实): the street, or the district above it; not the call centre or a provider. */
const VERIFIERS = new Set(['street_staff', 'district_admin']);

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

    // A case opened by hand: a complaint or the elder asks for another caregiver. Like a case
    // the rule opens, it waits for the street's verification.
    app.post(
      '/api/replacement-cases',
      {
        config: { permission: 'complaint.act' },
        schema: {
          tags,
          summary: '提出更换服务人员（依投诉或老人要求立案，待街道核实）',
          body: ReplacementOpen,
          response: { 201: ReplacementDto, 400: Problem, 403: Problem, 404: Problem, 409: Problem },
        },
      },
      async (req, reply) => {
        const me = req.principal!;
        if (me.scope.kind !== 'region') throw forbidden(M.providerCannotOpen);
        const b = req.body;
        const now = deps.clock();
        const row = await db.transaction(async (tx) => {
          const [elder] = await tx
            .select({ id: elders.id, regionId: elders.regionId })
            .from(elders)
            .where(and(eq(elders.id, b.elderId), inRegionScope(tx, me.scope, elders.regionId)));
          if (!elder) throw notFound('老人不存在或不在您的管辖范围内');
          const [cg] = await tx.select({ id: caregivers.id }).from(caregivers).where(eq(caregivers.id, b.caregiverId));
          if (!cg) throw fieldError('caregiverId', '服务人员不存在');
          if (b.complaintId !== undefined) {
            const [c] = await tx
              .select({ elderId: complaints.elderId })
              .from(complaints)
              .where(and(eq(complaints.id, b.complaintId), inRegionScope(tx, me.scope, complaints.regionId)));
            if (!c) throw fieldError('complaintId', M.complaintNotFound);
            if (c.elderId !== elder.id) throw fieldError('complaintId', '该投诉不是这位老人的');
          }
          const rules = callCentreRulesOf((await rulesOn(tx, shanghaiDate(now))).params).replacement;
          const trigger: Trigger = { reason: 'request', text: b.reason, complaintId: b.complaintId ?? null };
          const [made] = await tx
            .insert(replacementCases)
            .values({
              elderId: elder.id,
              caregiverId: cg.id,
              regionId: elder.regionId,
              trigger,
              openedAt: now,
              openedBy: me.userId,
              blocking: rules.blockOnOpen,
            })
            .onConflictDoNothing()
            .returning();
          if (!made) throw conflict(M.caseLive);
          await writeAudit(tx, actorOf(req), {
            action: 'replacement.open',
            entityType: 'replacement_case',
            entityId: made.id,
            after: made,
          });
          await notify(tx, { kind: 'console', regionId: elder.regionId });
          return made;
        });
        const [full] = await selectCases(db).where(eq(replacementCases.id, row.id));
        return reply.code(201).send(toDto(full));
      },
    );

    /** One step on a case by the street or district, compare-and-set on its state, with its audit row. */
    async function step(
      req: Parameters<typeof actorOf>[0] & { params: { id: number } },
      action: 'verify' | 'close',
      set: (now: Date, userId: number, blocking: boolean) => Partial<typeof replacementCases.$inferInsert>,
      verified?: boolean,
    ) {
      const me = req.principal!;
      if (me.scope.kind !== 'region') throw forbidden(M.providerCannotClose);
      if (!VERIFIERS.has(me.role)) throw forbidden(M.streetVerifies);
      const now = deps.clock();
      return db.transaction(async (tx) => {
        const [row] = await selectCases(tx).where(and(eq(replacementCases.id, req.params.id), scopeOf(tx, me.scope)));
        if (!row) throw notFound(M.caseNotFound);
        const next = caseStep(
          row.r.state,
          action === 'verify' ? { action: 'verify', verified: verified! } : { action: 'close' },
        );
        if (!next.ok) throw conflict(next.message);
        const [after] = await tx
          .update(replacementCases)
          .set({ state: next.state, blocking: next.blocking, ...set(now, me.userId, next.blocking) })
          .where(and(eq(replacementCases.id, row.r.id), eq(replacementCases.state, row.r.state)))
          .returning();
        if (!after) throw conflict(M.caseChanged);
        await writeAudit(tx, actorOf(req), {
          action:
            action === 'verify' ? (verified ? 'replacement.verify' : 'replacement.unfounded') : 'replacement.close',
          entityType: 'replacement_case',
          entityId: row.r.id,
          before: { state: row.r.state as CaseState, blocking: row.r.blocking },
          after: {
            state: after.state,
            blocking: after.blocking,
            verification: after.verification,
            finding: after.finding,
            note: after.note,
          },
        });
        await notify(tx, { kind: 'console', regionId: row.r.regionId });
        const [full] = await selectCases(tx).where(eq(replacementCases.id, row.r.id));
        return toDto(full);
      });
    }

    app.post(
      '/api/replacement-cases/:id/verify',
      {
        config: { permission: 'complaint.act' },
        schema: {
          tags,
          summary: '街道核实更换服务人员案件（查实则更换：该服务人员不再派给这位老人，由服务机构另派；未查实则关闭）',
          params: IdParams,
          body: ReplacementVerify,
          response: { 200: ReplacementDto, 400: Problem, 403: Problem, 404: Problem, 409: Problem },
        },
      },
      async (req) =>
        step(
          req,
          'verify',
          (now, userId) => ({
            verification: req.body.verified ? 'verified' : 'unfounded',
            finding: req.body.finding,
            verifiedAt: now,
            verifiedBy: userId,
            // Not verified, the case ends with the finding.
            ...(req.body.verified ? {} : { closedAt: now, closedBy: userId, note: req.body.finding }),
          }),
          req.body.verified,
        ),
    );

    app.post(
      '/api/replacement-cases/:id/close',
      {
        config: { permission: 'complaint.act' },
        schema: {
          tags,
          summary: '关闭更换服务人员案件（查实后服务机构已另派服务人员）',
          params: IdParams,
          body: ReplacementClose,
          response: { 200: ReplacementDto, 400: Problem, 403: Problem, 404: Problem, 409: Problem },
        },
      },
      async (req) => step(req, 'close', (now, userId) => ({ closedAt: now, closedBy: userId, note: req.body.note })),
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
