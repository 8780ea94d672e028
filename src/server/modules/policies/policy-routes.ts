import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { and, asc, desc, eq } from 'drizzle-orm';
import { z } from '../../../shared/zod.js';
import { IdParams, Ok, Problem } from '../../../shared/schemas/common.js';
import {
  EligibilityResponse,
  NewVersionBody,
  PolicyVersionDto,
  ProgrammeCode,
  ProgrammeDto,
} from '../../../shared/schemas/policies.js';
import {
  evaluate,
  versionOn,
  type PolicyParams,
  type PolicyVersion,
  type ProgrammeCode as Code,
} from '../../../core/policy/policy.js';
import { addDays } from '../../../core/calendar/working-days.js';
import { coversDate } from '../../../core/dated.js';
import { policyVersions, programmes } from '../../db/schema.js';
import type { Deps } from '../../deps.js';
import { conflict, fieldError, notFound } from '../../http/problem.js';
import { actorOf, writeAudit } from '../audit/audit-writer.js';
import { shanghaiDate } from '../../../shared/today.js';
import { loadElder } from '../elders/elder-routes.js';
import { recomputeEntitlements } from '../entitlements/recompute.js';
import { elderFacts } from '../elders/elder-facts.js';
import { DEFAULT_PROGRAMMES } from './default-policies.js';

type VersionRow = typeof policyVersions.$inferSelect;
const toDto = (v: VersionRow, today: string) => ({
  id: v.id,
  programme: v.programme as Code,
  effectiveFrom: v.effectiveFrom,
  effectiveTo: v.effectiveTo,
  params: v.params as PolicyParams,
  note: v.note,
  inEffect: coversDate(v, today),
  createdAt: v.createdAt.toISOString(),
});

export const policyRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    const tags = ['政策'];
    const today = () => shanghaiDate(deps.clock());

    app.get(
      '/api/policies',
      {
        config: { permission: 'policy.read' },
        schema: { tags, summary: '各项目及其历年政策版本', response: { 200: z.array(ProgrammeDto) } },
      },
      async () => {
        const [ps, vs] = await Promise.all([
          db.select().from(programmes),
          db.select().from(policyVersions).orderBy(desc(policyVersions.effectiveFrom)),
        ]);
        const t = today();
        return ps.map((p) => ({
          code: p.code as Code,
          name: p.name,
          description: p.description,
          versions: vs.filter((v) => v.programme === p.code).map((v) => toDto(v, t)),
          templates: DEFAULT_PROGRAMMES.find((d) => d.code === p.code)?.templates ?? [],
        }));
      },
    );

    app.post(
      '/api/policies/:code/versions',
      {
        config: { permission: 'policy.write' },
        schema: {
          tags,
          summary: '新增政策版本（自某日起生效；已生效的版本不可改写）',
          params: z.object({ code: ProgrammeCode }),
          body: NewVersionBody,
          response: { 201: PolicyVersionDto, 400: Problem, 409: Problem },
        },
      },
      async (req, reply) => {
        const { effectiveFrom, params, note } = req.body;
        const t = today();
        if (effectiveFrom <= t)
          throw fieldError('effectiveFrom', '新版本只能从明天或以后生效；已经发生的期间按当时的规定计算，不能改写');
        const row = await db.transaction(async (tx) => {
          const versions = await tx
            .select()
            .from(policyVersions)
            .where(eq(policyVersions.programme, req.params.code))
            .orderBy(asc(policyVersions.effectiveFrom));
          const later = versions.filter((v) => v.effectiveFrom >= effectiveFrom);
          if (later.length)
            throw conflict(`已有 ${later[0].effectiveFrom} 起生效的版本；请先删除尚未生效的版本，或选择更晚的日期`, [
              { field: 'effectiveFrom', message: '与已有版本冲突' },
            ]);
          // The version running on the new start date ends the day before; its terms stay as they were.
          const previous = versionOn(versions, effectiveFrom);
          if (previous)
            await tx
              .update(policyVersions)
              .set({ effectiveTo: addDays(effectiveFrom, -1) })
              .where(eq(policyVersions.id, previous.id));
          const [created] = await tx
            .insert(policyVersions)
            .values({
              programme: req.params.code,
              effectiveFrom,
              effectiveTo: null,
              params,
              note: note ?? null,
              createdBy: req.principal!.userId,
            })
            .returning();
          await writeAudit(tx, actorOf(req), {
            action: 'policy.version',
            entityType: 'policy',
            entityId: created.id,
            before: previous ? { id: previous.id, effectiveTo: previous.effectiveTo } : null,
            after: created,
          });
          return created;
        });
        // Every elder's entitlements follow the new version from its first day; that runs on after
        // the answer (100,000 elders take seconds) and is idempotent if it has to run again.
        void recomputeEntitlements(deps, effectiveFrom).catch((err) =>
          req.log.error({ err }, 'entitlement recompute failed'),
        );
        return reply.status(201).send(toDto(row, t));
      },
    );

    app.delete(
      '/api/policies/versions/:id',
      {
        config: { permission: 'policy.write' },
        schema: {
          tags,
          summary: '删除尚未生效的版本',
          params: IdParams,
          response: { 200: Ok, 404: Problem, 409: Problem },
        },
      },
      async (req) => {
        await db.transaction(async (tx) => {
          const [v] = await tx.select().from(policyVersions).where(eq(policyVersions.id, req.params.id));
          if (!v) throw notFound('政策版本不存在');
          if (v.effectiveFrom <= today()) throw conflict('已经生效的版本不能删除');
          await tx.delete(policyVersions).where(eq(policyVersions.id, v.id));
          // The version before it runs on again.
          const [prev] = await tx
            .select()
            .from(policyVersions)
            .where(
              and(
                eq(policyVersions.programme, v.programme),
                eq(policyVersions.effectiveTo, addDays(v.effectiveFrom, -1)),
              ),
            );
          if (prev)
            await tx.update(policyVersions).set({ effectiveTo: v.effectiveTo }).where(eq(policyVersions.id, prev.id));
          await writeAudit(tx, actorOf(req), {
            action: 'policy.version_delete',
            entityType: 'policy',
            entityId: v.id,
            before: v,
          });
        });
        return { ok: true as const };
      },
    );

    app.get(
      '/api/elders/:id/eligibility',
      {
        config: { permission: 'elder.read' },
        schema: {
          tags,
          summary: '某老人在某日对各项目的资格、类别、待遇及理由',
          params: IdParams,
          querystring: z.object({
            date: z
              .string()
              .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
              .optional(),
          }),
          response: { 200: EligibilityResponse, 404: Problem },
        },
      },
      async (req) => {
        const date = req.query.date ?? today();
        const e = await loadElder(db, req.principal!.scope, req.params.id);
        const facts = elderFacts(e);
        const [ps, vs] = await Promise.all([db.select().from(programmes), db.select().from(policyVersions)]);
        return {
          date,
          items: ps.map((p) => {
            const rows = vs.filter((v) => v.programme === p.code);
            const v = versionOn(rows, date);
            if (!v)
              return {
                programme: p.code as Code,
                programmeName: p.name,
                versionId: null,
                versionFrom: null,
                eligible: false,
                classCode: null,
                classLabel: null,
                benefit: null,
                reasons: ['该日期没有生效的政策版本'],
              };
            const r = evaluate(
              facts,
              {
                id: v.id,
                programme: p.code as Code,
                effectiveFrom: v.effectiveFrom,
                effectiveTo: v.effectiveTo,
                params: v.params as PolicyParams,
              } satisfies PolicyVersion,
              date,
            );
            return { ...r, programmeName: p.name, versionFrom: v.effectiveFrom };
          }),
        };
      },
    );
  };
