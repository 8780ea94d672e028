// Records that hold for a period of dates — policy versions, prices, rules: which one covers a
// date. Dates are ISO strings, so comparing them as text compares them as dates.

export interface Dated {
  effectiveFrom: string;
  effectiveTo: string | null;
}

export const coversDate = (v: Dated, date: string) =>
  v.effectiveFrom <= date && (v.effectiveTo === null || date <= v.effectiveTo);

/** The version in effect on a date, if any. */
export function versionOn<V extends Dated>(versions: readonly V[], date: string): V | null {
  return versions.find((v) => coversDate(v, date)) ?? null;
}
