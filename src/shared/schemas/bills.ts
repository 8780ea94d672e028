// Monthly bills (收费清单): the contract.
import { z } from '../zod.js';
import { PageQuery, pageOf } from './common.js';

export const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM');
export const BillQuery = PageQuery.extend({
  month: Month,
  regionId: z.coerce.number().int().positive().optional(),
  paid: z.enum(['yes', 'no']).optional(),
});
export const BillSummary = z.object({
  id: z.number().int(),
  elderId: z.number().int(),
  elderName: z.string(),
  regionName: z.string(),
  orders: z.number().int(),
  listFen: z.number().int(),
  programmeFen: z.number().int(),
  selfPayFen: z.number().int(),
  paidFen: z.number().int().nullable(),
  paidAt: z.string().nullable(),
});
export const BillPage = pageOf(BillSummary);
export const BillParams = z.object({ id: z.coerce.number().int().positive(), month: Month });
const Money = z.record(z.string(), z.number().int());
export const BillDetail = z.object({
  elderId: z.number().int(),
  elderName: z.string(),
  regionName: z.string(),
  address: z.string(),
  month: z.string(),
  lines: z.array(
    z.object({
      orderId: z.number().int(),
      serviceDate: z.string(),
      items: z.string(),
      listFen: z.number().int(),
      programmes: Money,
      programmeFen: z.number().int(),
      discountFen: z.number().int(),
      selfPayFen: z.number().int(),
    }),
  ),
  held: z.array(z.object({ orderId: z.number().int(), reason: z.string() })),
  totals: z.object({
    listFen: z.number().int(),
    programmeFen: z.number().int(),
    discountFen: z.number().int(),
    selfPayFen: z.number().int(),
    programmes: Money,
  }),
  programmeNames: z.record(z.string(), z.string()),
  payment: z
    .object({
      amountFen: z.number().int(),
      method: z.string(),
      note: z.string().nullable(),
      recordedAt: z.string(),
      username: z.string().nullable(),
    })
    .nullable(),
});
export const BillPaymentCreate = z
  .object({
    amountFen: z.number().int('金额须为整数分').min(0, '金额不能为负'),
    method: z.enum(['cash', 'transfer', 'wechat']),
    note: z.string().trim().max(200).nullable().optional(),
  })
  .strict();
