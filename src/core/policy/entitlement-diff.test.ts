import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mergeAdjacent, planEntitlementWrite, type StoredPeriod } from './entitlement-diff.js';
import { canonicalJson } from '../canonical-json.js';
import type { EntitlementPeriod } from './entitlements.js';
import { addDays } from '../calendar/working-days.js';

const period = (over: Partial<EntitlementPeriod> = {}): EntitlementPeriod => ({
  programme: 'old_age_allowance',
  versionId: 1,
  classCode: '80',
  classLabel: '80-89 周岁',
  benefit: { kind: 'cash', amountFen: 10_000, per: 'month', careShareFen: 0 },
  costShare: [
    { level: 'district', parts: 60 },
    { level: 'street', parts: 40 },
  ],
  validFrom: '2026-01-01',
  validTo: null,
  ...over,
});
const stored = (id: number, over: Partial<EntitlementPeriod> = {}): StoredPeriod => ({ id, ...period(over) });

describe('entitlements as stable facts', () => {
  it('a recompute that finds what is stored writes nothing, whatever its date', () => {
    const s = [stored(7)];
    for (const from of ['2026-03-15', '2026-11-29', '2027-01-01'])
      expect(planEntitlementWrite(s, [period({ validFrom: from })], from, null)).toEqual({ remove: [], add: [] });
  });
  it('jsonb key order does not make a period look changed', () => {
    const reordered = stored(7, {
      benefit: { per: 'month', careShareFen: 0, kind: 'cash', amountFen: 10_000 } as EntitlementPeriod['benefit'],
    });
    expect(planEntitlementWrite([reordered], [period({ validFrom: '2026-06-01' })], '2026-06-01', null).add).toEqual(
      [],
    );
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
  });
  it('a change splits at its date, once; running again changes nothing', () => {
    const s = [stored(7)];
    const changed = period({
      validFrom: '2026-06-10',
      classCode: '90',
      benefit: { kind: 'cash', amountFen: 20_000, per: 'month', careShareFen: 0 },
    });
    const plan = planEntitlementWrite(s, [changed], '2026-06-10', null);
    expect(plan.remove).toEqual([7]);
    expect(plan.add.map((p) => [p.validFrom, p.validTo, p.classCode])).toEqual([
      ['2026-01-01', '2026-06-09', '80'],
      ['2026-06-10', null, '90'],
    ]);
    const after = plan.add.map((p, i) => ({ id: 10 + i, ...p }));
    expect(planEntitlementWrite(after, [{ ...changed, validFrom: '2026-08-01' }], '2026-08-01', null)).toEqual({
      remove: [],
      add: [],
    });
  });
  it('periods cut by earlier daily runs are joined again', () => {
    const cut = [
      stored(1, { validTo: '2026-11-01' }),
      stored(2, { validFrom: '2026-11-02', validTo: '2026-11-02' }),
      stored(3, { validFrom: '2026-11-03' }),
    ];
    expect(mergeAdjacent(cut)).toHaveLength(1);
    const plan = planEntitlementWrite(cut, [period({ validFrom: '2026-11-29' })], '2026-11-29', null);
    expect(plan.remove.sort()).toEqual([1, 2, 3]);
    expect(plan.add).toEqual([period()]);
  });
  it('death ends the stored periods on its date', () => {
    const plan = planEntitlementWrite(
      [stored(7)],
      [period({ validFrom: '2026-05-20', validTo: '2026-05-20' })],
      '2026-05-20',
      '2026-05-20',
    );
    expect(plan.add).toEqual([period({ validTo: '2026-05-20' })]);
  });
  it('any sequence of recomputes with unchanged facts keeps one period', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 700 }), { minLength: 1, maxLength: 20 }), (offsets) => {
        let rows: StoredPeriod[] = [stored(1)];
        let next = 2;
        for (const o of [...offsets].sort((a, b) => a - b)) {
          const from = addDays('2026-01-01', o);
          const plan = planEntitlementWrite(rows, [period({ validFrom: from })], from, null);
          rows = [...rows.filter((r) => !plan.remove.includes(r.id)), ...plan.add.map((p) => ({ id: next++, ...p }))];
        }
        return rows.length === 1 && rows[0].validFrom === '2026-01-01' && rows[0].validTo === null;
      }),
    );
  });
});
