// Entitlements are stable facts: a recompute that finds what is stored writes nothing, and a
// period is split only where a fact changes. So the stored periods and the computed ones are
// compared by their terms and dates, after joining periods that meet with the same terms — the
// part before the recompute's date and the part from it are one period when nothing changed.
import { addDays } from '../calendar/working-days.js';
import type { EntitlementPeriod } from './entitlements.js';
import { canonicalJson } from '../canonical-json.js';

export interface StoredPeriod extends EntitlementPeriod {
  id: number;
}

const termsOf = (p: EntitlementPeriod) =>
  canonicalJson([p.programme, p.versionId, p.classCode, p.classLabel, p.benefit, p.costShare]);
const signatureOf = (p: EntitlementPeriod) => `${termsOf(p)}|${p.validFrom}|${p.validTo ?? ''}`;

/** Joins periods of one programme that meet (one ends the day before the next starts) on the same terms. */
export function mergeAdjacent(periods: readonly EntitlementPeriod[]): EntitlementPeriod[] {
  const sorted = [...periods].sort((a, b) =>
    a.programme === b.programme ? a.validFrom.localeCompare(b.validFrom) : a.programme.localeCompare(b.programme),
  );
  const out: EntitlementPeriod[] = [];
  for (const p of sorted) {
    const last = out[out.length - 1];
    if (
      last &&
      last.programme === p.programme &&
      last.validTo !== null &&
      last.validTo === addDays(p.validFrom, -1) &&
      termsOf(last) === termsOf(p)
    )
      last.validTo = p.validTo;
    else out.push({ ...p });
  }
  return out;
}

/**
 * What to delete and insert so that one elder's stored periods become: those before `from` as
 * they were (cut at the day before), then what was computed from `from`, ended by death.
 * Nothing to do when that is what is stored.
 */
export function planEntitlementWrite(
  stored: readonly StoredPeriod[],
  computed: readonly EntitlementPeriod[],
  from: string,
  deathDate: string | null,
): { remove: number[]; add: EntitlementPeriod[] } {
  const before = addDays(from, -1);
  const kept = stored
    .filter((s) => s.validFrom < from)
    .map(({ id: _id, ...s }) => ({ ...s, validTo: s.validTo === null || s.validTo > before ? before : s.validTo }));
  let desired = mergeAdjacent([...kept, ...computed]);
  if (deathDate)
    desired = desired
      .filter((p) => p.validFrom <= deathDate)
      .map((p) => ({ ...p, validTo: p.validTo === null || p.validTo > deathDate ? deathDate : p.validTo }));
  const wanted = new Set(desired.map(signatureOf));
  const have = new Set(stored.map(signatureOf));
  return {
    remove: stored.filter((s) => !wanted.has(signatureOf(s))).map((s) => s.id),
    add: desired.filter((d) => !have.has(signatureOf(d))),
  };
}
