// Paper vouchers (纸质服务券): the contract.
import { z } from '../zod.js';
import { PageQuery, pageOf } from './common.js';
import { Month } from './bills.js';

export const VoucherPrint = z
  .object({
    count: z.number({ error: '请填写张数' }).int('张数须为整数').min(1, '至少印 1 张').max(50, '一次最多印 50 张'),
    valueFen: z
      .number({ error: '请填写面值' })
      .int('面值须为整数分')
      .min(100, '面值至少 1 元')
      .max(100_000, '面值最多 1000 元'),
  })
  .strict();
export const VoucherDto = z.object({
  id: z.number().int(),
  code: z.string(),
  elderId: z.number().int(),
  elderName: z.string(),
  regionName: z.string(),
  programme: z.string(),
  valueFen: z.number().int(),
  state: z.enum(['issued', 'redeemed', 'void']),
  issuedAt: z.string(),
  redeemedProviderId: z.number().int().nullable(),
  providerName: z.string().nullable(),
  redeemedAt: z.string().nullable(),
  redeemedChannel: z.enum(['office', 'scan']).nullable(),
});
export const VoucherQuery = PageQuery.extend({
  state: z.enum(['issued', 'redeemed', 'void']).optional(),
  elderId: z.coerce.number().int().positive().optional(),
  providerId: z.coerce.number().int().positive().optional(),
  month: Month.optional(),
  regionId: z.coerce.number().int().positive().optional(),
});
export const VoucherPage = pageOf(VoucherDto);
export const VoucherRedeem = z
  .object({
    code: z.string({ error: '请输入或扫描券码' }).trim().min(1, '请输入或扫描券码').max(40, '券码过长'),
    /** The provider redeeming at the street office; a provider's own staff redeem for their provider. */
    providerId: z.number().int().positive().optional(),
    channel: z.enum(['office', 'scan']).default('scan'),
  })
  .strict();
export const VoucherVoid = z
  .object({ reason: z.string().trim().min(2, '请说明作废原因（至少 2 个字）').max(200) })
  .strict();
export const VoucherRefusalDto = z.object({
  id: z.number().int(),
  code: z.string(),
  providerName: z.string().nullable(),
  username: z.string(),
  reason: z.string(),
  at: z.string(),
});
