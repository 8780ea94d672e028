// A provider's monthly settlement (结算): what the programmes pay for its verified visits of the
// month, plus earlier visits settled late (adjustments: an exception accepted after its month
// closed), plus paper vouchers it redeemed; less a fixed sum per upheld complaint, and less the
// part of the subsidy held back for satisfaction that the month's ratings do not release.
// Visits that failed verification are shown in the gross and deducted, so the statement says
// what was not paid and why. The figures are the defaults of the district's provider rules.

export interface SettlementRules {
  /** Taken off per complaint upheld against the provider in the month. */
  complaintDeductionFen: number;
  /** Share of the month's visit subsidy held back until satisfaction is known, in percent. */
  withheldPercent: number;
  /** At or above this share of satisfied ratings (percent) all that is held back is released … */
  fullReleasePercent: number;
  /** … at or below this none; in between in proportion. */
  floorPercent: number;
}

export const DEFAULT_SETTLEMENT_RULES: SettlementRules = {
  complaintDeductionFen: 5000,
  withheldPercent: 10,
  fullReleasePercent: 90,
  floorPercent: 60,
};

export function settlementRulesOf(params: { settlement?: Partial<SettlementRules> }): SettlementRules {
  return { ...DEFAULT_SETTLEMENT_RULES, ...(params.settlement ?? {}) };
}

export interface SettlementFacts {
  /** Programme subsidy of the month's verified (or accepted) visits. */
  ordersFen: number;
  /** Programme subsidy of earlier months' visits that became billable after their month was settled. */
  adjustmentsFen: number;
  /** What the month's visits that failed verification would have been paid. */
  unverifiedFen: number;
  upheldComplaints: number;
  /** Face value of the paper vouchers the provider redeemed in the month. */
  vouchersFen: number;
  /** Ratings of the provider's visits in the month: satisfied or better, and all. */
  satisfied: number;
  rated: number;
}

export interface SettlementTotals extends SettlementFacts {
  grossFen: number;
  complaintsFen: number;
  withheldFen: number;
  releasedFen: number;
  /** Share of satisfied ratings, whole percent rounded down; null with no ratings. */
  satisfactionPercent: number | null;
  dueFen: number;
}

/**
 * The share held back that satisfaction releases, in whole fen rounded down (the provider is
 * paid no fen the ratings have not earned). With no ratings in the month nothing speaks against
 * the provider and all is released.
 */
export function releasedFen(withheld: number, satisfied: number, rated: number, r: SettlementRules): number {
  if (rated === 0 || satisfied * 100 >= r.fullReleasePercent * rated) return withheld;
  const above = satisfied * 100 - r.floorPercent * rated;
  if (above <= 0) return 0;
  return Math.floor((withheld * above) / ((r.fullReleasePercent - r.floorPercent) * rated));
}

export function settlementTotals(f: SettlementFacts, r: SettlementRules): SettlementTotals {
  const complaintsFen = f.upheldComplaints * r.complaintDeductionFen;
  const withheldFen = Math.floor((f.ordersFen * r.withheldPercent) / 100);
  const released = releasedFen(withheldFen, f.satisfied, f.rated, r);
  return {
    ...f,
    grossFen: f.ordersFen + f.unverifiedFen,
    complaintsFen,
    withheldFen,
    releasedFen: released,
    satisfactionPercent: f.rated === 0 ? null : Math.floor((f.satisfied * 100) / f.rated),
    dueFen: f.ordersFen + f.adjustmentsFen + f.vouchersFen - complaintsFen - (withheldFen - released),
  };
}

/** Which statement a billable visit goes on: its own month's, or a later one as an adjustment. */
export function itemKind(
  serviceDate: string,
  period: string,
  billable: boolean,
): 'order' | 'adjustment' | 'unverified' {
  if (!billable) return 'unverified';
  return serviceDate.slice(0, 7) < period ? 'adjustment' : 'order';
}

/** Quarters: "2026Q4" holds 2026-10 … 2026-12. */
export function quarterMonths(quarter: string): string[] {
  const m = /^(\d{4})Q([1-4])$/.exec(quarter);
  if (!m) throw new RangeError(`not a quarter: ${quarter}`);
  const first = (Number(m[2]) - 1) * 3 + 1;
  return [0, 1, 2].map((i) => `${m[1]}-${String(first + i).padStart(2, '0')}`);
}
export const quarterOf = (month: string) =>
  `${month.slice(0, 4)}Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;
