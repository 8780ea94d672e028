// Cash programmes' monthly payment lists (高龄津贴; 特困 support with the care subsidy): who is
// paid what for a month, to which account, and what cannot be paid as it stands. A month is
// paid when the entitlement holds on any day of it, so the month of death is paid and the months
// after are not; money already sent for a month after the death becomes a recovery item.
import type { Benefit } from '../policy/policy.js';
import { cashForMonth } from '../policy/cash-benefit.js';
import { quarterMonths, quarterOf } from '../settlement/settlement.js';

export type ListKind = 'allowance' | 'tekun';
export type Part = 'allowance' | 'basic' | 'care' | 'care_subsidy';
export type PayeeKind = 'self' | 'institution' | 'carer';

export const LIST_PROGRAMMES: Record<ListKind, readonly string[]> = {
  allowance: ['old_age_allowance'],
  tekun: ['tekun_support', 'care_subsidy'],
};

export interface CashEntitlement {
  programme: string;
  benefit: Benefit;
  from: string;
  to: string | null;
}
export interface CashElder {
  elderId: number;
  deathDate: string | null;
  supportMode: 'concentrated' | 'dispersed' | null;
  entitlements: readonly CashEntitlement[];
  payee: { kind: PayeeKind; name: string } | null;
}
export interface CashLine {
  elderId: number;
  /** The month the line pays for: the list's own, or for a quarterly benefit one of its quarter's. */
  month: string;
  programme: string;
  part: Part;
  amountFen: number;
  pooled: boolean;
  problem: string | null;
}

const monthOf = (d: string) => d.slice(0, 7);
const holdsIn = (e: CashEntitlement, month: string) =>
  monthOf(e.from) <= month && (e.to === null || monthOf(e.to) >= month);

/** Who may receive a part: the basic living part goes to the elder — or, for concentrated support, to the home; the care subsidy to whoever cares. */
function payeeProblem(part: Part, e: CashElder): string | null {
  if (!e.payee) return '没有收款账户';
  if (part === 'basic' && e.supportMode === 'concentrated' && e.payee.kind !== 'institution')
    return '集中供养的基本生活费应付至供养机构账户';
  if (part === 'basic' && e.supportMode !== 'concentrated' && e.payee.kind === 'institution')
    return '分散供养的基本生活费应付至本人账户';
  if (part === 'care_subsidy' && e.payee.kind === 'self') return '护理补贴应付至照料机构或签订照料协议的照料人';
  return null;
}

/**
 * An elder's lines for a month: at most one per programme and part, however many periods the
 * month holds. A month is paid at the standard in force on its first entitled day — a change
 * of standard (a birthday, a new policy version) pays from the following month, and a month
 * entitled from its middle is paid at the standard it began with.
 */
export function cashLines(kind: ListKind, month: string, e: CashElder): CashLine[] {
  const monthly = monthLines(kind, month, e, (ent) => !quarterly(ent));
  // A benefit paid quarterly (002 第4篇 L161 「按季度对90-99岁老年人高龄补助」) goes on the list of
  // its quarter's last month, a line for each of the quarter's months it holds in; the key
  // (elder, programme, part, month) still pays each month once.
  const months = quarterMonths(quarterOf(month));
  if (month !== months[2]) return monthly;
  return [...monthly, ...months.flatMap((m) => monthLines(kind, m, e, quarterly))];
}

const quarterly = (ent: CashEntitlement) => ent.benefit.kind === 'cash' && ent.benefit.paidEvery === 'quarter';

function monthLines(
  kind: ListKind,
  month: string,
  e: CashElder,
  include: (ent: CashEntitlement) => boolean,
): CashLine[] {
  if (e.deathDate && monthOf(e.deathDate) < month) return [];
  const inForce = new Map<string, CashEntitlement>();
  for (const ent of e.entitlements) {
    if (!LIST_PROGRAMMES[kind].includes(ent.programme) || ent.benefit.kind !== 'cash' || !holdsIn(ent, month)) continue;
    const seen = inForce.get(ent.programme);
    if (!seen || ent.from < seen.from) inForce.set(ent.programme, ent);
  }
  const out: CashLine[] = [];
  for (const ent of inForce.values()) {
    // The month belongs to the period of its first entitled day, and is paid as that period's
    // benefit is paid: a class change in the month (89 → 90 monthly → quarterly, 99 → 100 the
    // other way) pays the month once, on one list, and the new way from the next month.
    if (!include(ent)) continue;
    const b = ent.benefit;
    if (b.kind !== 'cash') continue;
    const push = (part: Part, amountFen: number, pooled: boolean) => {
      if (amountFen > 0)
        out.push({
          elderId: e.elderId,
          month,
          programme: ent.programme,
          part,
          amountFen,
          pooled,
          problem: pooled ? null : payeeProblem(part, e),
        });
    };
    // A yearly standard is paid a twelfth a month, the year's twelve adding up to it.
    const { amountFen, careShareFen } = cashForMonth(b, month);
    if (ent.programme === 'tekun_support') {
      push('basic', amountFen - careShareFen, false);
      push('care', careShareFen, true);
    } else if (ent.programme === 'care_subsidy') {
      push('care_subsidy', amountFen, false);
    } else {
      push('allowance', amountFen, false);
    }
  }
  return out;
}

export interface SentLine {
  lineId: number;
  elderId: number;
  month: string;
  amountFen: number;
}
/** Lines already sent to the bank for months after the elder's death. */
export function overpaid(
  sent: readonly SentLine[],
  deathDateOf: (elderId: number) => string | null,
): (SentLine & { reason: string })[] {
  return sent.flatMap((l) => {
    const death = deathDateOf(l.elderId);
    return death && monthOf(death) < l.month ? [{ ...l, reason: `已于 ${death} 去世，${l.month} 不应发放` }] : [];
  });
}

// The bank file: columns as the bank's layout names them, amounts in yuan or fen.
export const BANK_FIELDS = [
  'seq',
  'payeeName',
  'accountNo',
  'bankName',
  'amount',
  'idNumber',
  'elderName',
  'month',
  'programme',
  'remark',
] as const;
export type BankField = (typeof BANK_FIELDS)[number];
export interface BankLayout {
  columns: { title: string; field: BankField }[];
  header: boolean;
  amountIn: 'yuan' | 'fen';
}
export interface BankLine {
  payeeName: string;
  accountNo: string;
  bankName: string;
  amountFen: number;
  idNumber: string;
  elderName: string;
  month: string;
  programme: string;
  remark: string;
}

export function bankRows(layout: BankLayout, lines: readonly BankLine[]): string[][] {
  const value = (l: BankLine, i: number, f: BankField): string => {
    switch (f) {
      case 'seq':
        return String(i + 1);
      case 'amount':
        return layout.amountIn === 'fen' ? String(l.amountFen) : (l.amountFen / 100).toFixed(2);
      default:
        return l[f];
    }
  };
  const rows = lines.map((l, i) => layout.columns.map((c) => value(l, i, c.field)));
  return layout.header ? [layout.columns.map((c) => c.title), ...rows] : rows;
}
