// What a month's cash list should hold, from the entitlements as they stand: the list is made
// from it, and the reconciliation compares what lists hold against it.
import { and, eq, gte, inArray, isNull, lte, or } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { elders, entitlements, payeeAccounts } from '../../db/schema.js';
import { cashLines, LIST_PROGRAMMES, type CashElder, type ListKind } from '../../../core/cash/payment-list.js';
import type { Benefit } from '../../../core/policy/policy.js';
import type { CategoryEvidence } from '../../../core/elders/categories.js';
import { monthEnd } from '../../../core/calendar/months.js';
import { quarterMonths, quarterOf } from '../../../core/settlement/settlement.js';

export async function monthCashLines(tx: DbOrTx, month: string, kind: ListKind) {
  // A quarter's last list also pays the quarter's earlier months of a quarterly benefit: the
  // periods that ended in them (a death, a move, a class change) are read too, or those months
  // would never be paid (002 第4篇 L161 「每人每月补助100元」).
  const months = quarterMonths(quarterOf(month));
  const from = month === months[2] ? months[0] : month;
  const rows = await tx
    .select({
      e: entitlements,
      elder: { id: elders.id, regionId: elders.regionId, deathDate: elders.deathDate, categories: elders.categories },
      payee: payeeAccounts,
    })
    .from(entitlements)
    .innerJoin(elders, eq(elders.id, entitlements.elderId))
    .leftJoin(payeeAccounts, eq(payeeAccounts.elderId, elders.id))
    .where(
      and(
        inArray(entitlements.programme, [...LIST_PROGRAMMES[kind]]),
        lte(entitlements.validFrom, monthEnd(month)),
        or(isNull(entitlements.validTo), gte(entitlements.validTo, `${from}-01`)),
      ),
    );
  const byElder = new Map<
    number,
    { regionId: number; payee: typeof payeeAccounts.$inferSelect | null; facts: CashElder }
  >();
  for (const r of rows) {
    const cats = r.elder.categories as CategoryEvidence[];
    const entry = byElder.get(r.elder.id) ?? {
      regionId: r.elder.regionId,
      payee: r.payee,
      facts: {
        elderId: r.elder.id,
        deathDate: r.elder.deathDate,
        supportMode: cats.find((c) => c.type === 'tekun')?.supportMode ?? null,
        entitlements: [],
        payee: r.payee ? { kind: r.payee.payeeKind, name: r.payee.payeeName } : null,
      },
    };
    (entry.facts.entitlements as CashElder['entitlements'][number][]).push({
      programme: r.e.programme,
      benefit: r.e.benefit as Benefit,
      from: r.e.validFrom,
      to: r.e.validTo,
    });
    byElder.set(r.elder.id, entry);
  }
  return [...byElder.values()].flatMap((x) =>
    cashLines(kind, month, x.facts).map((l) => ({ ...l, regionId: x.regionId, payee: x.payee })),
  );
}
