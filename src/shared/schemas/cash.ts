// Cash programmes: payee accounts, monthly payment lists, the bank file layout, recoveries.
import { z } from '../zod.js';
import { PageQuery, pageOf, sortParam } from './common.js';
import { Month } from './bills.js';
import { BANK_FIELDS } from '../../core/cash/payment-list.js';

export const PAYEE_KINDS = ['self', 'institution', 'carer'] as const;
export const PAYEE_CHANGE_STATES = ['pending', 'approved', 'rejected', 'withdrawn'] as const;
/** The payee's fields, as a request to register or change the account gives them. */
const payeeFields = {
  payeeKind: z.enum(PAYEE_KINDS, { error: '请选择收款人类别' }),
  payeeName: z.string({ error: '请填写收款人' }).trim().min(2, '收款人至少 2 个字').max(60, '收款人最多 60 个字'),
  bankName: z.string({ error: '请填写开户行' }).trim().min(2, '开户行至少 2 个字').max(60, '开户行最多 60 个字'),
  accountNo: z
    .string({ error: '请填写账号' })
    .trim()
    .transform((s) => s.replace(/\s/g, ''))
    .pipe(z.string().regex(/^\d{8,30}$/, '账号应为 8 到 30 位数字')),
};
/**
 * A request to register or change an elder's payee account: nothing is paid to it until a second
 * person at street level (or the district) approves it.
 */
export const PayeeChangeRequest = z
  .object({
    ...payeeFields,
    reason: z
      .string({ error: '请填写变更原因' })
      .trim()
      .min(2, '变更原因至少 2 个字')
      .max(200, '变更原因最多 200 个字'),
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
export const PayeeChangeDto = z.object({
  id: z.number().int(),
  elderId: z.number().int(),
  elderName: z.string(),
  regionName: z.string(),
  payeeKind: z.enum(PAYEE_KINDS),
  payeeName: z.string(),
  bankName: z.string(),
  accountMasked: z.string(),
  reason: z.string(),
  state: z.enum(PAYEE_CHANGE_STATES),
  requestedBy: z.number().int(),
  requestedByName: z.string(),
  requestedAt: z.string(),
  decidedByName: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  /** The account paid to now (for a pending request: the one it would replace). */
  current: z
    .object({ payeeKind: z.enum(PAYEE_KINDS), payeeName: z.string(), bankName: z.string(), accountMasked: z.string() })
    .nullable(),
});
/** An elder's payee card: the account paid to now, and the request waiting for approval. */
export const PayeeView = z.object({ current: PayeeDto.nullable(), pending: PayeeChangeDto.nullable() });
export const PayeeChangeQuery = PageQuery.extend({
  state: z.enum([...PAYEE_CHANGE_STATES, 'all']).default('pending'),
  q: z.string().trim().max(40).optional(),
  regionId: z.coerce.number().int().positive().optional(),
  sort: sortParam(['requestedAt'] as const, 'requestedAt'),
});
export const PayeeChangePage = pageOf(PayeeChangeDto);
export const PayeeChangeDecision = z
  .object({
    decision: z.enum(['approve', 'reject'], { error: '请选择批准或驳回' }),
    note: z.string().trim().max(200, '审核意见最多 200 个字').optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.decision === 'reject' && (b.note ?? '').length < 2)
      ctx.addIssue({ code: 'custom', path: ['note'], message: '驳回须填写理由（至少 2 个字）' });
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
  /** The month the line pays for: a quarter's list carries each of the quarter's months. */
  month: z.string(),
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

const monthIndex = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7));
/** The pooled care fund by month (000 范文2 L57, L69): what came in, what was used, the balance. */
export const CarePoolQuery = z
  .object({
    from: Month,
    to: Month,
    regionId: z.coerce.number().int().positive().optional(),
  })
  .refine((q) => q.from <= q.to, { path: ['to'], message: '截止月份不能早于起始月份' })
  .refine((q) => monthIndex(q.to) - monthIndex(q.from) < 120, { path: ['from'], message: '一次最多查询 120 个月' });
export const CarePoolMonth = z.object({
  month: z.string(),
  cameInFen: z.number().int(),
  usedFen: z.number().int(),
  balanceFen: z.number().int(),
});
export const CarePoolReport = z.object({
  from: z.string(),
  to: z.string(),
  openingFen: z.number().int(),
  months: z.array(CarePoolMonth),
  total: z.object({ cameInFen: z.number().int(), usedFen: z.number().int() }),
  closingFen: z.number().int(),
});
