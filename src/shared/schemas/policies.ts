// The shape of a policy version, checked on save: a district admin's edit cannot store a
// condition or benefit the engine would not understand.
import { z } from '../zod.js';
import { CATEGORY_TYPES, LIVING_FLAGS } from '../../core/elders/categories.js';
import { GRADES } from '../../core/assessment/gb42195.js';
import { PROGRAMMES, type PolicyParams } from '../../core/policy/policy.js';
import { COST_LEVELS } from '../../core/policy/cost-share.js';
import type { Condition } from '../../core/policy/conditions.js';

const Leaf = z.discriminatedUnion('field', [
  z.object({ field: z.literal('age'), op: z.enum(['gte', 'lt']), value: z.number().int().min(0).max(130) }),
  z.object({ field: z.literal('category'), op: z.literal('has'), value: z.enum(CATEGORY_TYPES) }),
  z.object({ field: z.literal('livingFlag'), op: z.literal('has'), value: z.enum(LIVING_FLAGS) }),
  z.object({ field: z.literal('abilityGrade'), op: z.literal('in'), value: z.array(z.enum(GRADES)).min(1) }),
  z.object({
    field: z.literal('disabilityGrade'),
    op: z.literal('atMost'),
    value: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
  }),
  z.object({ field: z.literal('hukou'), op: z.literal('eq'), value: z.enum(['local', 'nonlocal']) }),
  z.object({ field: z.literal('residenceYears'), op: z.literal('gte'), value: z.number().int().min(0).max(120) }),
  z.object({ field: z.literal('childCanCare'), op: z.literal('eq'), value: z.boolean() }),
  z.object({ field: z.literal('carerInCommunity'), op: z.literal('eq'), value: z.boolean() }),
  z.object({ field: z.literal('supportMode'), op: z.literal('eq'), value: z.enum(['concentrated', 'dispersed']) }),
]);
export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    Leaf,
    z.object({ all: z.array(ConditionSchema).min(1) }).strict(),
    z.object({ any: z.array(ConditionSchema).min(1) }).strict(),
    z.object({ not: ConditionSchema }).strict(),
  ]),
) as z.ZodType<Condition>;

const Fen = z.number().int().min(0).max(100_000_000);
export const BenefitSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('hours'),
    hoursPerMonth: z.number().min(0).max(744).nullable(),
    hoursPerDay: z.number().min(0).max(24).nullable(),
    hourlyRateFen: Fen,
  }),
  z.object({ kind: z.literal('voucher'), valueFen: Fen, per: z.enum(['month', 'year']) }),
  z
    .object({
      kind: z.literal('cash'),
      amountFen: Fen,
      per: z.enum(['month', 'year'], { error: '发放标准应为每月或每年' }),
      careShareFen: Fen,
      paidEvery: z.enum(['month', 'quarter']).optional(),
    })
    .refine((b) => b.careShareFen <= b.amountFen, { message: '照料护理部分不能超过供养标准', path: ['careShareFen'] }),
  z.object({ kind: z.literal('discount'), percentOff: z.number().min(0).max(100) }),
  z.object({ kind: z.literal('visits'), visitsPerMonth: z.number().int().min(0).max(31), feePerVisitFen: Fen }),
]);

const Text = (max: number) => z.string().trim().min(1).max(max);
export const PolicySourceSchema = z.object({
  seed: Text(40),
  file: Text(80),
  lines: Text(40),
  place: Text(80),
  quote: Text(2000),
  notes: z.array(Text(500)).max(10).optional(),
});
const ExampleFieldSchema = z.union([
  z.enum(['costShare', 'noticeDays', 'deadlines', 'effectiveFrom']),
  z.string().regex(/^class:[^:]{1,10}(:condition|:benefit)?$/, '示例值字段格式应为 class:代码[:condition|:benefit]'),
]);

/** The levels that bear a programme's cost, one to four, each named once, not all zero. */
export const CostShareSchema = z
  .array(
    z.object({
      level: z.enum(COST_LEVELS, { error: '承担层级应为省级、市级、区（县）级或街道（乡镇）级' }),
      parts: z
        .number({ error: '分担份额应为整数' })
        .int('分担份额应为整数')
        .min(0, '分担份额不能为负')
        .max(100, '分担份额不超过 100'),
    }),
  )
  .min(1, '至少要有一个承担层级')
  .max(COST_LEVELS.length)
  .refine((s) => new Set(s.map((p) => p.level)).size === s.length, '同一层级只能出现一次')
  .refine((s) => s.some((p) => p.parts > 0), '分担比例不能都为 0');

export const PolicyParamsSchema: z.ZodType<PolicyParams> = z.object({
  baseCondition: ConditionSchema,
  classes: z
    .array(
      z.object({
        code: z.string().trim().min(1).max(10),
        label: z.string().trim().min(1).max(30),
        condition: ConditionSchema,
        benefit: BenefitSchema,
      }),
    )
    .min(1)
    .max(10),
  costShare: CostShareSchema,
  noticeDays: z.number().int().min(1).max(60),
  deadlines: z.object({
    community: z.number().int().min(1).max(60),
    street: z.number().int().min(1).max(60),
    district: z.number().int().min(1).max(60),
  }),
  ledger: z.object({ prorate: z.boolean(), carryHoursWithinYear: z.boolean() }).optional(),
  source: PolicySourceSchema.optional(),
  examples: z.array(ExampleFieldSchema).max(40).optional(),
}) as z.ZodType<PolicyParams>;

export const ProgrammeCode = z.enum(PROGRAMMES);

export const PolicyVersionDto = z.object({
  id: z.number().int(),
  programme: ProgrammeCode,
  effectiveFrom: z.string(),
  effectiveTo: z.string().nullable(),
  params: PolicyParamsSchema,
  note: z.string().nullable(),
  inEffect: z.boolean(),
  createdAt: z.string(),
});
/** Another place's terms for the same programme, from its own seed, which a district may adopt. */
export const PolicyTemplateDto = z.object({
  key: z.string(),
  title: z.string(),
  params: PolicyParamsSchema,
});
export const ProgrammeDto = z.object({
  code: ProgrammeCode,
  name: z.string(),
  description: z.string(),
  versions: z.array(PolicyVersionDto),
  templates: z.array(PolicyTemplateDto),
});

export const NewVersionBody = z
  .object({
    effectiveFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD'),
    params: PolicyParamsSchema,
    note: z.string().trim().max(200).nullable().optional(),
  })
  .strict();

export const EligibilityItem = z.object({
  programme: ProgrammeCode,
  programmeName: z.string(),
  versionId: z.number().int().nullable(),
  versionFrom: z.string().nullable(),
  eligible: z.boolean(),
  classCode: z.string().nullable(),
  classLabel: z.string().nullable(),
  benefit: BenefitSchema.nullable(),
  reasons: z.array(z.string()),
});
export const EligibilityResponse = z.object({ date: z.string(), items: z.array(EligibilityItem) });
