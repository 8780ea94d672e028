// Provider settlements, cost shares and the reconciliation: the contract.
import { z } from '../zod.js';
import { COST_LEVELS } from '../../core/policy/cost-share.js';
import { PageQuery, pageOf } from './common.js';
import { Month } from './bills.js';

export const SETTLEMENT_STATES = ['draft', 'reviewed', 'approved'] as const;
export const SETTLEMENT_ITEM_KINDS = ['order', 'adjustment', 'unverified', 'complaint', 'voucher'] as const;
export const Quarter = z.string().regex(/^\d{4}Q[1-4]$/, '季度格式应为 YYYYQn，如 2026Q4');

export const SettlementTotals = z.object({
  ordersFen: z.number().int(),
  adjustmentsFen: z.number().int(),
  unverifiedFen: z.number().int(),
  upheldComplaints: z.number().int(),
  vouchersFen: z.number().int(),
  satisfied: z.number().int(),
  rated: z.number().int(),
  grossFen: z.number().int(),
  complaintsFen: z.number().int(),
  withheldFen: z.number().int(),
  releasedFen: z.number().int(),
  satisfactionPercent: z.number().int().nullable(),
  dueFen: z.number().int(),
  rules: z.object({
    complaintDeductionFen: z.number(),
    withheldPercent: z.number(),
    fullReleasePercent: z.number(),
    floorPercent: z.number(),
  }),
});
export const SettlementSummary = z.object({
  id: z.number().int(),
  providerId: z.number().int(),
  providerName: z.string(),
  period: z.string(),
  state: z.enum(SETTLEMENT_STATES),
  dueFen: z.number().int(),
  totals: SettlementTotals,
  computedAt: z.string(),
  reviewedAt: z.string().nullable(),
  reviewer: z.string().nullable(),
  reviewNote: z.string().nullable(),
  approvedAt: z.string().nullable(),
  approver: z.string().nullable(),
});
export const SettlementQuery = PageQuery.extend({
  period: Month.optional(),
  state: z.enum(SETTLEMENT_STATES).optional(),
  providerId: z.coerce.number().int().positive().optional(),
});
export const SettlementPage = pageOf(SettlementSummary);
export const SettlementCompute = z
  .object({ period: Month, providerId: z.number().int().positive().optional() })
  .strict();
export const SettlementComputeResult = z.object({
  period: z.string(),
  computed: z.number().int(),
  dueFen: z.number().int(),
});
export const SettlementStep = z.object({ note: z.string().trim().max(500).optional() }).strict();
export const SettlementItem = z.object({
  id: z.number().int(),
  kind: z.enum(SETTLEMENT_ITEM_KINDS),
  orderId: z.number().int().nullable(),
  complaintId: z.number().int().nullable(),
  voucherId: z.number().int().nullable(),
  elderName: z.string().nullable(),
  regionName: z.string(),
  serviceDate: z.string().nullable(),
  subsidyFen: z.number().int(),
  amountFen: z.number().int(),
  programmes: z.record(z.string(), z.number().int()),
});
export const SettlementItemQuery = PageQuery.extend({ kind: z.enum(SETTLEMENT_ITEM_KINDS).optional() });
export const SettlementItemPage = pageOf(SettlementItem);
export const SettlementDetail = SettlementSummary.extend({
  /** Visits of the month not on the statement yet: disputed, or an exception not yet settled. */
  pending: z.array(z.object({ orderId: z.number().int(), serviceDate: z.string(), reason: z.string() })),
  byKind: z.array(
    z.object({
      kind: z.enum(SETTLEMENT_ITEM_KINDS),
      count: z.number().int(),
      subsidyFen: z.number().int(),
      amountFen: z.number().int(),
    }),
  ),
  /**
   * What each programme pays on the statement (this month's visits, adjustments and paper
   * vouchers): the items it pays a part of and that part's sum. A visits programme pays one
   * visit an item, so its count is the visits and its sum count × its fee.
   */
  byProgramme: z.array(z.object({ programme: z.string(), count: z.number().int(), fen: z.number().int() })),
  programmeNames: z.record(z.string(), z.string()),
});

/** What each level bears, in fen: only the levels the programmes' cost shares name. */
export const LevelFenSchema = z.object({
  province: z.number().int().optional(),
  city: z.number().int().optional(),
  district: z.number().int().optional(),
  street: z.number().int().optional(),
});

export const CostShareQuery = z.object({ quarter: Quarter, regionId: z.coerce.number().int().positive().optional() });
export const CostShareRow = z.object({
  streetId: z.number().int(),
  streetName: z.string(),
  programme: z.string(),
  programmeName: z.string(),
  amountFen: z.number().int(),
  shares: LevelFenSchema,
});
export const CostShareReport = z.object({
  quarter: z.string(),
  months: z.array(z.string()),
  /** The levels that bear any of the report's spending, from the top down. */
  levels: z.array(z.enum(COST_LEVELS)),
  rows: z.array(CostShareRow),
  streets: z.array(
    z.object({
      streetId: z.number().int(),
      streetName: z.string(),
      amountFen: z.number().int(),
      shares: LevelFenSchema,
    }),
  ),
  total: z.object({ amountFen: z.number().int(), shares: LevelFenSchema }),
  /** Statements of the quarter not yet approved: their spending is not in the report. */
  unapproved: z.number().int(),
});

export const ReconciliationQuery = z.object({ month: Month });
export const ReconciliationCheck = z.object({
  key: z.string(),
  label: z.string(),
  left: z.number().int(),
  right: z.number().int(),
  leftLabel: z.string(),
  rightLabel: z.string(),
  unit: z.enum(['fen', 'minutes']),
  difference: z.number().int(),
  ok: z.boolean(),
  details: z.array(z.string()),
});
export const ReconciliationReport = z.object({
  month: z.string(),
  ok: z.boolean(),
  checks: z.array(ReconciliationCheck),
  checkedAt: z.string(),
});
