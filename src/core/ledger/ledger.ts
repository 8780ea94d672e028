// The entitlement ledger (台账): one account per elder, programme and unit (minutes of service or
// fen of vouchers), and entries that are never changed or removed — a mistake is put right by a
// reversing entry. The balance is the sum of the entries, and no entry may take it below zero.

export const ENTRY_KINDS = ['issue', 'draw', 'carry_in', 'carry_out', 'expire', 'reverse'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];
export type Unit = 'minutes' | 'fen';

export interface LedgerEntry {
  id: number;
  kind: EntryKind;
  /** Signed: issues and carries in add, draws, carries out and expiries take away. */
  amount: number;
  /** A reversal names the entry it undoes (a cancelled visit's draw, a wrong issue). */
  reverses?: number | null;
}

export type Posting = { ok: true; balance: number } | { ok: false; message: string };

const SIGN: Record<Exclude<EntryKind, 'reverse'>, 1 | -1> = {
  issue: 1,
  carry_in: 1,
  draw: -1,
  carry_out: -1,
  expire: -1,
};
const KIND_LABELS: Record<EntryKind, string> = {
  issue: '发放',
  draw: '使用',
  carry_in: '结转转入',
  carry_out: '结转转出',
  expire: '过期作废',
  reverse: '冲正',
};

export const balanceOf = (entries: readonly Pick<LedgerEntry, 'amount'>[]) => entries.reduce((s, e) => s + e.amount, 0);

/** Whether an entry may follow the account's entries, and the balance after it. */
export function checkPosting(entries: readonly LedgerEntry[], next: Omit<LedgerEntry, 'id'>): Posting {
  if (!Number.isSafeInteger(next.amount) || next.amount === 0) return { ok: false, message: '金额或时长须为非零整数' };
  if (next.kind === 'reverse') {
    const target = entries.find((e) => e.id === next.reverses);
    if (!target) return { ok: false, message: '冲正的原分录不存在' };
    if (target.kind === 'reverse') return { ok: false, message: '不能冲正一笔冲正分录' };
    if (entries.some((e) => e.kind === 'reverse' && e.reverses === target.id))
      return { ok: false, message: `该笔${KIND_LABELS[target.kind]}已冲正过` };
    if (next.amount !== -target.amount) return { ok: false, message: '冲正金额须与原分录相反' };
  } else if (Math.sign(next.amount) !== SIGN[next.kind]) {
    return { ok: false, message: `${KIND_LABELS[next.kind]}的方向不对` };
  }
  const balance = balanceOf(entries) + next.amount;
  if (balance < 0) return { ok: false, message: `余额不足：现有 ${balanceOf(entries)}，需要 ${-next.amount}` };
  return { ok: true, balance };
}
