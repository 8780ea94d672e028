import { z } from '../zod.js';

export const CalendarDay = z.object({ day: z.string(), kind: z.enum(['holiday', 'workday']), name: z.string() });
export const CalendarYear = z.object({ year: z.number().int(), days: z.array(CalendarDay) });
export const CalendarDayInput = z
  .object({ kind: z.enum(['holiday', 'workday']), name: z.string().trim().min(1, '请填写名称').max(40) })
  .strict();
export const DayParams = z.object({
  day: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
    .refine((s) => !Number.isNaN(Date.parse(s)), '日期无效'),
});
export const WorkingDaysQuery = z.object({
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD'),
  add: z.coerce.number().int().min(0).max(366).optional(),
  to: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
    .optional(),
});
