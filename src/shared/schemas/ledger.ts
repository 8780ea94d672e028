// The entitlement ledger's contract.
import { z } from '../zod.js';

export const LedgerMonth = z
  .object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM') })
  .strict();
export const LedgerMonthResult = z.object({ month: z.string(), issued: z.number().int(), lapsed: z.number().int() });
export const LedgerEntryDto = z.object({
  id: z.number().int(),
  kind: z.string(),
  amount: z.number().int(),
  period: z.string().nullable(),
  orderId: z.number().int().nullable(),
  reverses: z.number().int().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
});
export const LedgerAccountDto = z.object({
  id: z.number().int(),
  programme: z.string(),
  programmeName: z.string(),
  unit: z.enum(['minutes', 'fen']),
  balance: z.number().int(),
  entries: z.array(LedgerEntryDto),
});
