// Recurring service plans: the contract.
import { z } from '../zod.js';
import { PageQuery, pageOf, IsoDate } from './common.js';

const Hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:MM');

export const PlanCreate = z
  .object({
    elderId: z.number().int().positive(),
    lines: z
      .array(
        z
          .object({
            itemId: z.number().int().positive(),
            quantity: z.number().int().min(1, '数量至少为 1').max(20, '数量最多 20'),
          })
          .strict(),
      )
      .min(1, '至少选择一个服务项目')
      .max(10, '最多 10 个项目'),
    weekdays: z.array(z.number().int().min(1).max(7)).min(1, '请至少选择一天').max(7),
    startTime: Hhmm,
    endTime: Hhmm,
    startsOn: IsoDate,
    endsOn: IsoDate.nullable().optional(),
    notes: z.string().trim().max(500).nullable().optional(),
  })
  .strict();
export const PlanStop = z
  .object({ reason: z.string().trim().min(2, '请填写停止原因（至少 2 个字）').max(200) })
  .strict();
export const PlanQuery = PageQuery.extend({
  state: z.enum(['active', 'stopped']).optional(),
  elderId: z.coerce.number().int().positive().optional(),
});
export const PlanDto = z.object({
  id: z.number().int(),
  elderId: z.number().int(),
  elderName: z.string(),
  regionName: z.string(),
  lines: z.array(z.object({ itemId: z.number().int(), quantity: z.number().int(), name: z.string() })),
  weekdays: z.array(z.number().int()),
  startTime: z.string(),
  endTime: z.string(),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  notes: z.string().nullable(),
  state: z.enum(['active', 'stopped']),
  stopReason: z.string().nullable(),
  generatedUntil: z.string().nullable(),
  orders: z.number().int(),
  createdAt: z.string(),
});
export const PlanPage = pageOf(PlanDto);
