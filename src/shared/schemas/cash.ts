// Cash programmes: payee accounts, monthly payment lists, the bank file layout, recoveries.
import { z } from '../zod.js';
import { PageQuery, pageOf } from './common.js';
import { Month } from './bills.js';
import { BANK_FIELDS } from '../../core/cash/payment-list.js';

export const PAYEE_KINDS = ['self', 'institution', 'carer'] as const;
export const PayeeUpsert = z
  .object({
    payeeKind: z.enum(PAYEE_KINDS, { error: '请选择收款人类别' }),
    payeeName: z.string({ error: '请填写收款人' }).trim().min(2, '收款人至少 2 个字').max(60, '收款人最多 60 个字'),
    bankName: z.string({ error: '请填写开户行' }).trim().min(2, '开户行至少 2 个字').max(60, '开户行最多 60 个字'),
    accountNo: z
      .string({ error: '请填写账号' })
      .trim()
      .transform((s) => s.replace(/\s/g, ''))
      .pipe(z.string().regex(/^\d{8,30}$/, '账号应为 8 到 30 位数字')),
  })
  .strict();
export const PayeeDto = z.object({
  elderId: z.number().int(),
  payeeKind: z.enum(PAYEE_KINDS),
  payeeName: z.string(),
  bankName: z.string(),
  accountMasked: z.string(),
  updatedAt: z.string(),
});

export const PaymentListCreate = z.object({ month: Month, kind: z.enum(['allowance', 'tekun']) }).strict();
export const PaymentListTotals = z.object({
  lines: z.number().int(),
  elders: z.number().int(),
  payableFen: z.number().int(),
  pooledFen: z.number().int(),
  problemLines: z.number().int(),
  problemFen: z.number().int(),
});
export const PaymentListDto = z.object({
  id: z.number().int(),
  month: z.string(),
  kind: z.enum(['allowance', 'tekun']),
  state: z.enum(['draft', 'exported', 'paid']),
  totals: PaymentListTotals,
  createdAt: z.string(),
  exportedAt: z.string().nullable(),
  paidAt: z.string().nullable(),
  recoveriesFound: z.number().int().optional(),
});
export const PaymentListQuery = PageQuery.extend({
  month: Month.optional(),
  kind: z.enum(['allowance', 'tekun']).optional(),
});
export const PaymentListPage = pageOf(PaymentListDto);
export const PaymentLineDto = z.object({
  id: z.number().int(),
  elderId: z.number().int(),
  elderName: z.string(),
  regionName: z.string(),
  programme: z.string(),
  part: z.enum(['allowance', 'basic', 'care', 'care_subsidy']),
  amountFen: z.number().int(),
  pooled: z.boolean(),
  payeeKind: z.string().nullable(),
  payeeName: z.string().nullable(),
  bankName: z.string().nullable(),
  accountMasked: z.string().nullable(),
  problem: z.string().nullable(),
});
export const PaymentLineQuery = PageQuery.extend({ problem: z.enum(['yes', 'no']).optional() });
export const PaymentLinePage = pageOf(PaymentLineDto);

export const BankLayoutDto = z
  .object({
    id: z.number().int().optional(),
    name: z.string().trim().min(2, '名称至少 2 个字').max(60),
    columns: z
      .array(
        z
          .object({
            title: z.string().trim().min(1, '请填写列名').max(30, '列名最多 30 个字'),
            field: z.enum(BANK_FIELDS, { error: '请选择该列的内容' }),
          })
          .strict(),
      )
      .min(1, '至少一列')
      .max(20, '最多 20 列')
      .refine(
        (cs) => cs.some((c) => c.field === 'accountNo') && cs.some((c) => c.field === 'amount'),
        '银行文件须包含账号和金额两列',
      ),
    header: z.boolean(),
    amountIn: z.enum(['yuan', 'fen']),
  })
  .strict();

export const RecoveryDto = z.object({
  id: z.number().int(),
  elderId: z.number().int(),
  elderName: z.string(),
  month: z.string(),
  amountFen: z.number().int(),
  reason: z.string(),
  state: z.enum(['open', 'recovered', 'waived']),
  createdAt: z.string(),
  settledAt: z.string().nullable(),
  note: z.string().nullable(),
});
export const RecoveryQuery = PageQuery.extend({ state: z.enum(['open', 'recovered', 'waived']).optional() });
export const RecoveryPage = pageOf(RecoveryDto);
export const RecoverySettle = z
  .object({
    state: z.enum(['recovered', 'waived']),
    note: z.string().trim().min(2, '请填写说明（至少 2 个字）').max(200),
  })
  .strict();
