// The elder's monthly bill (收费清单): every visit of the month that may be billed — completed or
// closed, and verified or with its exception accepted — at its price, what each programme paid
// (as fixed when the order was priced) and what the elder owes. Visits still in dispute or with
// an exception not yet settled wait; rejected ones are not billed. Totals are sums of lines.

import { BILLABLE_VERIFICATION, type VerificationStatus } from '../visits/exception-review.js';

export interface BillOrder {
  id: number;
  serviceDate: string;
  state: string;
  verification: string | null;
  items: string;
  listFen: number;
  selfPayFen: number;
  lines: {
    breakdown: { hours: { programme: string; fen: number }[]; vouchers: { programme: string; fen: number }[] };
  }[];
}
/** discountFen: the class price's reduction (the paid class pays less than the unified price): list − programmes − self-pay. */
export interface BillLine {
  orderId: number;
  serviceDate: string;
  items: string;
  listFen: number;
  programmes: Record<string, number>;
  programmeFen: number;
  discountFen: number;
  selfPayFen: number;
}
export interface Bill {
  lines: BillLine[];
  held: { orderId: number; reason: string }[];
  totals: {
    listFen: number;
    programmeFen: number;
    discountFen: number;
    selfPayFen: number;
    programmes: Record<string, number>;
  };
}

const DONE = ['completed', 'closed'];

export function holdReason(o: Pick<BillOrder, 'state' | 'verification'>): string | null {
  if (o.state === 'disputed') return '有争议，待处理';
  if (!DONE.includes(o.state)) return null; // not a visit that happened: not on the bill at all
  if (o.verification === 'rejected') return '核验异常不予认可，不计费';
  if (!BILLABLE_VERIFICATION.includes(o.verification as VerificationStatus)) return '核验异常待审核';
  return '';
}

export function monthlyBill(orders: readonly BillOrder[]): Bill {
  const lines: BillLine[] = [];
  const held: Bill['held'] = [];
  for (const o of [...orders].sort((a, b) => a.serviceDate.localeCompare(b.serviceDate) || a.id - b.id)) {
    const reason = holdReason(o);
    if (reason === null) continue;
    if (reason) {
      held.push({ orderId: o.id, reason });
      continue;
    }
    const programmes: Record<string, number> = {};
    for (const l of o.lines)
      for (const part of [...l.breakdown.hours, ...l.breakdown.vouchers])
        programmes[part.programme] = (programmes[part.programme] ?? 0) + part.fen;
    const programmeFen = Object.values(programmes).reduce((a, b) => a + b, 0);
    lines.push({
      orderId: o.id,
      serviceDate: o.serviceDate,
      items: o.items,
      listFen: o.listFen,
      programmes,
      programmeFen,
      discountFen: o.listFen - programmeFen - o.selfPayFen,
      selfPayFen: o.selfPayFen,
    });
  }
  const totals = {
    listFen: 0,
    programmeFen: 0,
    discountFen: 0,
    selfPayFen: 0,
    programmes: {} as Record<string, number>,
  };
  for (const l of lines) {
    totals.listFen += l.listFen;
    totals.programmeFen += l.programmeFen;
    totals.discountFen += l.discountFen;
    totals.selfPayFen += l.selfPayFen;
    for (const [p, f] of Object.entries(l.programmes)) totals.programmes[p] = (totals.programmes[p] ?? 0) + f;
  }
  return { lines, held, totals };
}

/**
 * The bill's SMS summary: short enough for one or two messages, figures in yuan. It ends with the
 * district's hotline, a dated setting (call-centre rules' `hotline`: 965885 in Lanzhou, 000 范文3
 * L111; 12349 elsewhere, 001 L194, 002 L423), never a number fixed here.
 */
export function billSmsText(
  name: string,
  month: string,
  totals: Bill['totals'],
  visits: number,
  paidFen: number | null,
  hotline: string,
): string {
  const y = (fen: number) => (fen / 100).toFixed(2);
  const [yy, mm] = month.split('-');
  const left = totals.selfPayFen - (paidFen ?? 0);
  // A visit accepted after the payment can leave something still owed.
  const owe =
    totals.selfPayFen === 0
      ? '您无需缴费'
      : left <= 0
        ? `您应付 ${y(totals.selfPayFen)} 元，已缴清`
        : paidFen
          ? `您应付 ${y(totals.selfPayFen)} 元，已缴 ${y(paidFen)} 元，尚欠 ${y(left)} 元`
          : `您应付 ${y(totals.selfPayFen)} 元，请向社区或服务中心缴纳`;
  return `【颐养】${name}您好：${yy}年${Number(mm)}月居家养老服务 ${visits} 次，合计 ${y(totals.listFen)} 元，政府补贴 ${y(totals.programmeFen)} 元，${owe}。详询 ${hotline}。`;
}
