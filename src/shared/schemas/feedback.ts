// Call-backs, ratings, complaints and replacement cases: the contract.
import { z } from '../zod.js';
import { PageQuery, pageOf, sortParam } from './common.js';

const Level = z.enum(['very_satisfied', 'satisfied', 'basic', 'unsatisfied']);

export const CallbackQuery = PageQuery.extend({
  state: z.enum(['open', 'done', 'unreachable', 'rated_by_sms', 'due']).default('due'),
  regionId: z.coerce.number().int().positive().optional(),
});
export const CallbackDto = z.object({
  id: z.number().int(),
  orderId: z.number().int(),
  elderId: z.number().int(),
  elderName: z.string(),
  elderPhoneMasked: z.string().nullable(),
  regionName: z.string(),
  caregiverName: z.string().nullable(),
  providerName: z.string().nullable(),
  serviceDate: z.string(),
  items: z.string(),
  dueAt: z.string(),
  state: z.string(),
  attempts: z.number().int(),
  level: Level.nullable(),
  comment: z.string().nullable(),
  doneAt: z.string().nullable(),
});
export const CallbackPage = pageOf(CallbackDto);
export const CallbackResult = z.discriminatedUnion('outcome', [
  z
    .object({
      outcome: z.literal('rated'),
      level: Level,
      comment: z.string().trim().max(500).nullable().optional(),
      complaint: z.string().trim().min(2, '投诉内容至少 2 个字').max(1000).optional(),
    })
    .strict(),
  z.object({ outcome: z.literal('no_answer'), comment: z.string().trim().max(500).nullable().optional() }).strict(),
  z
    .object({ outcome: z.literal('unreachable'), comment: z.string().trim().min(2, '请说明联系情况').max(500) })
    .strict(),
]);

export const SmsInbound = z
  .object({
    from: z.string().trim().min(5, '号码格式不正确').max(20, '号码格式不正确'),
    text: z.string().max(500),
    receivedAt: z.string().datetime({ offset: true }).optional(),
  })
  .strict();
export const SmsInboundResult = z.object({
  outcome: z.enum(['rated', 'already', 'no_order']),
  orderId: z.number().int().nullable(),
  level: Level.nullable(),
});

export const ComplaintCreate = z
  .object({
    elderId: z.number().int().positive(),
    orderId: z.number().int().positive().nullable().optional(),
    channel: z.enum(['call', 'sms', 'walk_in']),
    assignee: z.enum(['street', 'provider']),
    content: z.string().trim().min(4, '投诉内容至少 4 个字').max(1000, '投诉内容最多 1000 字'),
  })
  .strict();
export const ComplaintStep = z
  .object({
    action: z.enum(['note', 'answer', 'confirm']),
    text: z.string().trim().min(2, '请填写内容（至少 2 个字）').max(1000),
    upheld: z.boolean().optional(),
    confirmation: z.enum(['satisfied', 'unsatisfied', 'unreachable']).optional(),
  })
  .strict();
export const ComplaintQuery = PageQuery.extend({
  state: z.enum(['open', 'answered', 'closed', 'overdue']).optional(),
  regionId: z.coerce.number().int().positive().optional(),
  elderId: z.coerce.number().int().positive().optional(),
  sort: sortParam(['dueOn', 'receivedOn'] as const, 'dueOn'),
});
export const ComplaintDto = z.object({
  id: z.number().int(),
  elderId: z.number().int(),
  elderName: z.string(),
  regionName: z.string(),
  orderId: z.number().int().nullable(),
  caregiverId: z.number().int().nullable(),
  caregiverName: z.string().nullable(),
  providerId: z.number().int().nullable(),
  providerName: z.string().nullable(),
  channel: z.string(),
  content: z.string(),
  assignee: z.string(),
  state: z.enum(['open', 'answered', 'closed']),
  receivedOn: z.string(),
  dueOn: z.string(),
  overdue: z.boolean(),
  result: z.string().nullable(),
  upheld: z.boolean().nullable(),
  confirmation: z.string().nullable(),
  closedAt: z.string().nullable(),
});
export const ComplaintPage = pageOf(ComplaintDto);
export const ComplaintDetail = ComplaintDto.extend({
  notes: z.array(z.object({ kind: z.string(), text: z.string(), username: z.string().nullable(), at: z.string() })),
});

export const ReplacementQuery = PageQuery.extend({
  state: z.enum(['open', 'verified', 'closed']).optional(),
  regionId: z.coerce.number().int().positive().optional(),
});
export const ReplacementDto = z.object({
  id: z.number().int(),
  elderId: z.number().int(),
  elderName: z.string(),
  caregiverId: z.number().int(),
  caregiverName: z.string(),
  providerName: z.string(),
  regionName: z.string(),
  trigger: z.unknown(),
  reason: z.string(),
  /** open: waiting for the street's verification; verified: the caregiver is replaced, a new one to be sent. */
  state: z.enum(['open', 'verified', 'closed']),
  /** Whether the case keeps the caregiver from the elder now. */
  blocking: z.boolean(),
  openedAt: z.string(),
  openedByName: z.string().nullable(),
  verification: z.enum(['verified', 'unfounded']).nullable(),
  finding: z.string().nullable(),
  verifiedAt: z.string().nullable(),
  verifiedByName: z.string().nullable(),
  closedAt: z.string().nullable(),
  note: z.string().nullable(),
});
export const ReplacementPage = pageOf(ReplacementDto);
export const ReplacementClose = z
  .object({ note: z.string().trim().min(2, '请填写关闭说明（至少 2 个字）').max(500) })
  .strict();
/** A case opened by hand: on a complaint, or the elder's own request for another caregiver. */
export const ReplacementOpen = z
  .object({
    elderId: z.number().int().positive(),
    caregiverId: z.number().int().positive(),
    complaintId: z.number().int().positive().optional(),
    reason: z.string().trim().min(2, '请填写更换原因（至少 2 个字）').max(300),
  })
  .strict();
/** The street's verification (查实): its result and what it found. */
export const ReplacementVerify = z
  .object({
    verified: z.boolean(),
    finding: z.string().trim().min(4, '请填写核实情况（至少 4 个字）').max(500),
  })
  .strict();

export const ScoreDto = z.object({
  score: z.number().nullable(),
  ratingCount: z.number().int(),
  reason: z.string(),
  from: z.string(),
  to: z.string(),
  levels: z.record(z.string(), z.number().int()),
});
