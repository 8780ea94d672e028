import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { balanceOf, checkPosting, type LedgerEntry } from './ledger.js';
import { activeDays, issuanceFor, lapses, withCoverage } from './issuance.js';

const entries = (...xs: Omit<LedgerEntry, 'id'>[]) => xs.map((x, i) => ({ ...x, id: i + 1 }));

describe('the ledger', () => {
  it('balances are the sum of entries, and a draw beyond the balance is refused', () => {
    const es = entries({ kind: 'issue', amount: 1200 }, { kind: 'draw', amount: -120 });
    expect(balanceOf(es)).toBe(1080);
    expect(checkPosting(es, { kind: 'draw', amount: -1080 })).toEqual({ ok: true, balance: 0 });
    expect(checkPosting(es, { kind: 'draw', amount: -1081 })).toMatchObject({
      ok: false,
      message: expect.stringContaining('余额不足'),
    });
  });
  it('a reversal undoes one entry exactly, once, and never a reversal', () => {
    const es = entries({ kind: 'issue', amount: 1200 }, { kind: 'draw', amount: -120 });
    expect(checkPosting(es, { kind: 'reverse', amount: 120, reverses: 2 })).toEqual({ ok: true, balance: 1200 });
    expect(checkPosting(es, { kind: 'reverse', amount: 100, reverses: 2 }).ok).toBe(false);
    const after = [...es, { id: 3, kind: 'reverse' as const, amount: 120, reverses: 2 }];
    expect(checkPosting(after, { kind: 'reverse', amount: 120, reverses: 2 })).toMatchObject({
      ok: false,
      message: expect.stringContaining('已冲正'),
    });
    expect(checkPosting(after, { kind: 'reverse', amount: -120, reverses: 3 }).ok).toBe(false);
    // Reversing the issue after part of it was used would go below zero: refused.
    expect(checkPosting(es, { kind: 'reverse', amount: -1200, reverses: 1 }).ok).toBe(false);
  });
  it('entries have a direction and are whole', () => {
    expect(checkPosting([], { kind: 'issue', amount: -5 }).ok).toBe(false);
    expect(checkPosting([], { kind: 'issue', amount: 0.5 }).ok).toBe(false);
  });
  it('random issues, draws and reversals keep every balance at or above zero and equal to its entries', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('issue' as const), amount: fc.integer({ min: 1, max: 5000 }) }),
      fc.record({ kind: fc.constant('draw' as const), amount: fc.integer({ min: -5000, max: -1 }) }),
      fc.record({ kind: fc.constant('reverse' as const), pick: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const ledger: LedgerEntry[] = [];
        for (const o of ops) {
          let next: Omit<LedgerEntry, 'id'>;
          if (o.kind === 'reverse') {
            const candidates = ledger.filter((e) => e.kind !== 'reverse');
            if (!candidates.length) continue;
            const target = candidates[o.pick % candidates.length];
            next = { kind: 'reverse', amount: -target.amount, reverses: target.id };
          } else next = o;
          const r = checkPosting(ledger, next);
          if (r.ok) {
            ledger.push({ ...next, id: ledger.length + 1 });
            expect(r.balance).toBe(balanceOf(ledger));
          }
          expect(balanceOf(ledger)).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });
});

describe('monthly issuance', () => {
  const hours = { kind: 'hours' as const, hoursPerMonth: 20, hoursPerDay: null, hourlyRateFen: 800 };
  const daily = { kind: 'hours' as const, hoursPerMonth: null, hoursPerDay: 1.5, hourlyRateFen: 1500 };
  const monthly = { kind: 'voucher' as const, valueFen: 10_000, per: 'month' as const };
  const yearly = { kind: 'voucher' as const, valueFen: 50_000, per: 'year' as const };
  it('a whole month issues the whole benefit', () => {
    expect(issuanceFor(hours, '2026-11', { from: '2025-01-01', to: null }, true)).toMatchObject({
      unit: 'minutes',
      amount: 1200,
    });
    expect(issuanceFor(daily, '2026-11', { from: '2025-01-01', to: null }, true)).toMatchObject({
      unit: 'minutes',
      amount: 90 * 30,
    });
    expect(issuanceFor(monthly, '2026-02', { from: '2025-01-01', to: null }, false)).toMatchObject({
      unit: 'fen',
      amount: 10_000,
    });
  });
  it('death on the 10th prorates by days, rounded down, or issues in full when the month began entitled', () => {
    expect(activeDays('2026-11', { from: '2025-01-01', to: '2026-11-10' })).toBe(10);
    expect(issuanceFor(monthly, '2026-11', { from: '2025-01-01', to: '2026-11-10' }, true)).toMatchObject({
      amount: 3333,
    });
    expect(issuanceFor(monthly, '2026-11', { from: '2025-01-01', to: '2026-11-10' }, false)).toMatchObject({
      amount: 10_000,
    });
    expect(issuanceFor(daily, '2026-11', { from: '2025-01-01', to: '2026-11-10' }, false)).toMatchObject({
      amount: 900,
    });
    // …and nothing from the month after.
    expect(issuanceFor(monthly, '2026-12', { from: '2025-01-01', to: '2026-11-10' }, true)).toBeNull();
  });
  it('an entitlement starting mid-month: prorated, or from the next month', () => {
    expect(issuanceFor(hours, '2026-11', { from: '2026-11-16', to: null }, true)).toMatchObject({ amount: 600 });
    expect(issuanceFor(hours, '2026-11', { from: '2026-11-16', to: null }, false)).toBeNull();
  });
  it('a yearly voucher is issued once, in the first entitled month', () => {
    expect(issuanceFor(yearly, '2026-01', { from: '2025-05-01', to: null }, true)).toMatchObject({ amount: 50_000 });
    expect(issuanceFor(yearly, '2026-02', { from: '2025-05-01', to: null }, true)).toBeNull();
    expect(issuanceFor(yearly, '2026-07', { from: '2026-07-01', to: null }, true)).toMatchObject({ amount: 25_000 });
    expect(issuanceFor(yearly, '2026-07', { from: '2026-07-01', to: null }, false)).toMatchObject({ amount: 50_000 });
  });
  it('a yearly voucher split into periods is issued once, from where the cover began', () => {
    const split = withCoverage(
      [
        { programme: 'service_voucher', from: '2026-10-01', to: '2026-11-09' },
        { programme: 'service_voucher', from: '2026-11-10', to: null },
      ],
      (s) => s.programme,
    );
    const issued = ['2026-10', '2026-11', '2026-12'].flatMap((m) =>
      split.flatMap((s) => issuanceFor(yearly, m, s, true) ?? []),
    );
    expect(issued).toEqual([expect.objectContaining({ amount: 12_500, basis: 'year' })]);
    // A gap in cover is a new start.
    const gap = withCoverage(
      [
        { programme: 'service_voucher', from: '2026-03-01', to: '2026-04-30' },
        { programme: 'service_voucher', from: '2026-06-01', to: null },
      ],
      (s) => s.programme,
    );
    expect(gap.map((s) => s.coveredSince)).toEqual(['2026-03-01', '2026-06-01']);
  });
  it('hours lapse at month end unless the policy carries them; everything lapses at year end', () => {
    expect(lapses('minutes', false, '2026-05')).toBe(true);
    expect(lapses('minutes', true, '2026-05')).toBe(false);
    expect(lapses('fen', false, '2026-05')).toBe(false);
    expect(lapses('fen', false, '2026-12')).toBe(true);
  });
});
