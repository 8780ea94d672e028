import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { desc, eq, sql } from 'drizzle-orm';
import { z } from '../../../shared/zod.js';
import { IdParams, Problem } from '../../../shared/schemas/common.js';
import {
  Assessment,
  AssessmentInput,
  NeedsSummaryResponse,
  NeedsSurvey,
  NeedsSurveyInput,
} from '../../../shared/schemas/elders.js';
import { answerProblems, scoreAssessment, nextDueDate, STANDARD_ID, ITEMS } from '../../../core/assessment/gb42195.js';
import { summarizeNeeds, type SurveyedElder } from '../../../core/needs/needs-summary.js';
import { ageOn } from '../../../core/elders/idcard.js';
import { assessments, elderEvents, elders, needsSurveys, regions } from '../../db/schema.js';
import type { Deps } from '../../deps.js';
import { regionInScope } from '../../auth/scope.js';
import { badRequest, fieldError } from '../../http/problem.js';
import { actorOf, writeAudit } from '../audit/audit-writer.js';
import { shanghaiDate } from '../../../shared/today.js';
import { loadElder } from './elder-routes.js';
import { recomputeIn } from '../entitlements/recompute.js';

const ANSWER_MESSAGES = { missing: '未作答', unknown_option: '选项无效' } as const;

export const assessmentRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    const today = () => shanghaiDate(deps.clock());

    app.get(
      '/api/elders/:id/assessments',
      {
        config: { permission: 'elder.read' },
        schema: {
          tags: ['能力评估'],
          summary: '评估历史（新在前）',
          params: IdParams,
          response: { 200: z.array(Assessment), 404: Problem },
        },
      },
      async (req) => {
        await loadElder(db, req.principal!.scope, req.params.id);
        const rows = await db
          .select()
          .from(assessments)
          .where(eq(assessments.elderId, req.params.id))
          .orderBy(desc(assessments.assessedOn), desc(assessments.id));
        return rows as z.infer<typeof Assessment>[];
      },
    );

    app.post(
      '/api/elders/:id/assessments',
      {
        config: { permission: 'elder.write' },
        schema: {
          tags: ['能力评估'],
          summary: `新增能力评估（${STANDARD_ID}）`,
          params: IdParams,
          body: AssessmentInput,
          response: { 201: Assessment, 400: Problem, 404: Problem },
        },
      },
      async (req, reply) => {
        const b = req.body;
        const problems = answerProblems(b.answers);
        if (problems.length) {
          const errors = problems.map((p) => ({
            field: `answers.${p.code}`,
            message: `${ITEMS.find((i) => i.code === p.code)!.title}:${ANSWER_MESSAGES[p.problem]}`,
          }));
          throw badRequest(`有 ${errors.length} 项评估未正确作答`, errors);
        }
        if (b.assessedOn > today()) throw fieldError('assessedOn', '评估日期不能晚于今天');
        const result = scoreAssessment(b);
        const row = await db.transaction(async (tx) => {
          const elder = await loadElder(tx, req.principal!.scope, req.params.id);
          if (b.assessedOn < elder.birthDate) throw fieldError('assessedOn', '评估日期不能早于出生日期');
          const [created] = await tx
            .insert(assessments)
            .values({
              elderId: elder.id,
              standard: STANDARD_ID,
              assessedOn: b.assessedOn,
              assessor: b.assessor,
              reason: b.reason,
              answers: b.answers,
              dementiaOrMentalDisorder: b.dementiaOrMentalDisorder,
              riskEventsLast30Days: b.riskEventsLast30Days,
              dimensions: result.dimensions,
              total: result.total,
              preliminaryGrade: result.preliminaryGrade,
              grade: result.grade,
              adjustments: result.adjustments,
              nextDue: nextDueDate(b.assessedOn),
              createdBy: req.principal!.userId,
            })
            .returning();
          // Only the latest assessment sets the current grade; entering an old one does not.
          if (!elder.abilityAssessedOn || b.assessedOn >= elder.abilityAssessedOn) {
            await tx
              .update(elders)
              .set({
                abilityGrade: result.grade,
                abilityAssessedOn: b.assessedOn,
                abilityNextDue: created.nextDue,
                updatedAt: deps.clock(),
              })
              .where(eq(elders.id, elder.id));
            if (elder.abilityGrade !== result.grade) {
              await tx.insert(elderEvents).values({
                elderId: elder.id,
                type: 'ability_changed',
                payload: { from: elder.abilityGrade, to: result.grade, assessedOn: b.assessedOn },
              });
            }
          }
          await writeAudit(tx, actorOf(req), {
            action: 'elder.assess',
            entityType: 'elder',
            entityId: elder.id,
            after: { assessmentId: created.id, total: result.total, grade: result.grade },
          });
          await recomputeIn(tx, today(), [elder.id]);
          return created;
        });
        return reply.status(201).send(row as z.infer<typeof Assessment>);
      },
    );

    app.get(
      '/api/elders/:id/needs-surveys',
      {
        config: { permission: 'elder.read' },
        schema: {
          tags: ['需求调查'],
          summary: '需求调查记录',
          params: IdParams,
          response: { 200: z.array(NeedsSurvey), 404: Problem },
        },
      },
      async (req) => {
        await loadElder(db, req.principal!.scope, req.params.id);
        const rows = await db
          .select()
          .from(needsSurveys)
          .where(eq(needsSurveys.elderId, req.params.id))
          .orderBy(desc(needsSurveys.surveyedOn), desc(needsSurveys.id));
        return rows.map((r) => ({
          id: r.id,
          surveyedOn: r.surveyedOn,
          surveyor: r.surveyor,
          needs: r.needs as z.infer<typeof NeedsSurvey>['needs'],
          notes: r.notes,
        }));
      },
    );

    app.post(
      '/api/elders/:id/needs-surveys',
      {
        config: { permission: 'elder.write' },
        schema: {
          tags: ['需求调查'],
          summary: '填写需求调查表',
          params: IdParams,
          body: NeedsSurveyInput,
          response: { 201: NeedsSurvey, 400: Problem, 404: Problem },
        },
      },
      async (req, reply) => {
        const b = req.body;
        if (b.surveyedOn > today()) throw fieldError('surveyedOn', '调查日期不能晚于今天');
        const row = await db.transaction(async (tx) => {
          const elder = await loadElder(tx, req.principal!.scope, req.params.id);
          const [created] = await tx
            .insert(needsSurveys)
            .values({
              elderId: elder.id,
              surveyedOn: b.surveyedOn,
              surveyor: b.surveyor,
              needs: [...new Set(b.needs)],
              notes: b.notes ?? null,
            })
            .returning();
          await writeAudit(tx, actorOf(req), {
            action: 'elder.survey',
            entityType: 'elder',
            entityId: elder.id,
            after: { surveyId: created.id, needs: created.needs },
          });
          return created;
        });
        return reply.status(201).send({
          id: row.id,
          surveyedOn: row.surveyedOn,
          surveyor: row.surveyor,
          needs: row.needs as z.infer<typeof NeedsSurvey>['needs'],
          notes: row.notes,
        });
      },
    );

    app.get(
      '/api/reports/needs-summary',
      {
        config: { permission: 'elder.read' },
        schema: {
          tags: ['需求调查'],
          summary: '需求调查汇总：按年龄段及独居空巢、困难、失能、百岁分组，并按下级区域',
          querystring: z.object({ regionId: z.coerce.number().int().positive().optional() }),
          response: { 200: NeedsSummaryResponse, 400: Problem, 404: Problem },
        },
      },
      async (req) => {
        const scope = req.principal!.scope;
        const regionId = req.query.regionId ?? (scope.kind === 'region' ? scope.regionId : 0);
        const region = await regionInScope(db, scope, regionId);
        const children = await db
          .select({ id: regions.id, name: regions.name, path: regions.path })
          .from(regions)
          .where(eq(regions.parentId, region.id))
          .orderBy(regions.code);
        // The latest survey of each current elder in the region's subtree.
        const rows = (await db.execute(sql`
      select distinct on (e.id) e.birth_date, e.living_flags, e.category_types, e.ability_grade, s.needs, r.path
      from ${elders} e
      join ${needsSurveys} s on s.elder_id = e.id
      join ${regions} r on r.id = e.region_id
      where e.status in ('active', 'suspended') and r.path like ${region.path + '%'}
      order by e.id, s.surveyed_on desc, s.id desc`)) as unknown as {
          rows: {
            birth_date: string;
            living_flags: string[];
            category_types: string[];
            ability_grade: string | null;
            needs: string[];
            path: string;
          }[];
        };
        const t = today();
        const childOf = (path: string) => children.find((c) => path.startsWith(c.path))?.id ?? null;
        const surveyed: SurveyedElder[] = rows.rows.map((r) => ({
          age: ageOn(String(r.birth_date).slice(0, 10), t),
          livingFlags: r.living_flags,
          categoryTypes: r.category_types,
          abilityGrade: r.ability_grade,
          needs: r.needs,
          childRegionId: childOf(r.path),
        }));
        const summary = summarizeNeeds(surveyed);
        return {
          region: { id: region.id, name: region.name, level: region.level },
          groups: summary.groups,
          children: children.map((c) => ({
            regionId: c.id,
            name: c.name,
            tally: summary.byChildRegion[c.id] ?? { elders: 0, needs: {} },
          })),
        };
      },
    );
  };
