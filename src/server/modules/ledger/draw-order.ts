// A visit that becomes billable (verified at check-out, or its exception accepted) draws on the
// elder's ledger what its pricing fixed at creation: minutes from the hours account, fen from
// the voucher account, in the service month. Until then the order only holds the amount (live
// orders count against the balance at pricing); a cancelled or rejected visit never draws.
import { and, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { ledgerAccounts, ledgerEntries, orders } from '../../db/schema.js';
import { ensureElderMonth } from './run-month.js';

type OrderRow = typeof orders.$inferSelect;
export interface OrderUsageJson {
  hours: Record<string, number>;
  vouchers: Record<string, number>;
}

export function usageParts(usage: OrderUsageJson) {
  return [
    ...Object.entries(usage.hours ?? {}).map(([programme, amount]) => ({
      programme,
      unit: 'minutes' as const,
      amount,
    })),
    ...Object.entries(usage.vouchers ?? {}).map(([programme, amount]) => ({ programme, unit: 'fen' as const, amount })),
  ].filter((p) => p.amount > 0);
}

/** Draws once per order (the compare-and-set on drawn_at); returns the entries it made. */
export async function drawForOrder(
  tx: DbOrTx,
  o: Pick<OrderRow, 'id' | 'elderId' | 'serviceDate' | 'usage'>,
  now: Date,
) {
  const [marked] = await tx
    .update(orders)
    .set({ drawnAt: now })
    .where(and(eq(orders.id, o.id), isNull(orders.drawnAt)))
    .returning({ id: orders.id });
  if (!marked) return [];
  const parts = usageParts(o.usage as OrderUsageJson);
  if (!parts.length) return [];
  const month = o.serviceDate.slice(0, 7);
  await ensureElderMonth(tx, o.elderId, month);
  // Locking the elder's accounts orders this draw after any other on the same balance.
  const accounts = await tx
    .select({
      id: ledgerAccounts.id,
      programme: ledgerAccounts.programme,
      unit: ledgerAccounts.unit,
      balance: ledgerAccounts.balance,
    })
    .from(ledgerAccounts)
    .where(eq(ledgerAccounts.elderId, o.elderId))
    .for('update');
  const rows = [];
  for (const p of parts) {
    const account = accounts.find((a) => a.programme === p.programme && a.unit === p.unit);
    const take = Math.min(p.amount, account?.balance ?? 0);
    if (!account || take <= 0) continue;
    // A balance short of what pricing fixed (an issue reversed since, a shorter proration) draws
    // what is there and says so; the reconciliation report lists the difference to the unit.
    rows.push({
      accountId: account.id,
      kind: 'draw' as const,
      amount: -take,
      period: month,
      orderId: o.id,
      note: take < p.amount ? `余额不足：应扣 ${p.amount}，实扣 ${take}` : `工单 ${o.id}`,
    });
  }
  return rows.length ? tx.insert(ledgerEntries).values(rows).onConflictDoNothing().returning() : [];
}
