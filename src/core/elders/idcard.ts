// Resident identity numbers per GB 11643-1999: 6-digit region, 8-digit birth date, 3-digit
// sequence (odd for men), and a check character computed with ISO 7064 MOD 11-2.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';
// Province-level prefixes in use (GB/T 2260), including Taiwan, Hong Kong and Macao.
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63,
  64, 65, 71, 81, 82,
]);

export type IdProblem = 'length' | 'characters' | 'region' | 'birth_date' | 'future_birth' | 'check_digit';

export interface IdFacts {
  birthDate: string;
  sex: 'M' | 'F';
}

export function checkDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

export function normalizeIdNumber(raw: string): string {
  return raw.trim().toUpperCase();
}

/** Validates an ID number as of `today` (YYYY-MM-DD) and returns the facts it encodes. */
export function parseIdNumber(
  raw: string,
  today: string,
): { ok: true; facts: IdFacts } | { ok: false; problem: IdProblem } {
  const id = normalizeIdNumber(raw);
  if (id.length !== 18) return { ok: false, problem: 'length' };
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, problem: 'characters' };
  if (!PROVINCES.has(Number(id.slice(0, 2)))) return { ok: false, problem: 'region' };
  const y = Number(id.slice(6, 10)),
    m = Number(id.slice(10, 12)),
    d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1880 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return { ok: false, problem: 'birth_date' };
  }
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (birthDate > today) return { ok: false, problem: 'future_birth' };
  if (checkDigit(id.slice(0, 17)) !== id[17]) return { ok: false, problem: 'check_digit' };
  return { ok: true, facts: { birthDate, sex: Number(id[16]) % 2 === 1 ? 'M' : 'F' } };
}

/** Whole years of age on `on` (both YYYY-MM-DD); a 29 February birthday counts from 1 March. */
export function ageOn(birthDate: string, on: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = on.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** The birth dates that make someone between minAge and maxAge (inclusive) on `on`. */
export function birthDateRangeForAges(
  minAge: number,
  maxAge: number | null,
  on: string,
): { from: string | null; to: string } {
  const [y, m, d] = on.split('-').map(Number);
  const shift = (years: number) => {
    const dt = new Date(Date.UTC(y - years, m - 1, d));
    return dt.toISOString().slice(0, 10);
  };
  const to = shift(minAge);
  if (maxAge === null) return { from: null, to };
  const fromDate = new Date(Date.UTC(y - maxAge - 1, m - 1, d + 1));
  return { from: fromDate.toISOString().slice(0, 10), to };
}

/**
 * Only the first and last characters show. The old 3 + 4 mask left three region digits hidden
 * beside a birth date that lists showed in full: the district's six area codes filled them in.
 * With 16 characters hidden, what is shown cannot be completed even with the birth date. Applied
 * to a mask stored in the old form it gives the new one, so stored masks are re-masked on read.
 */
export const maskIdNumber = (id: string) =>
  id.length < 2 ? '*'.repeat(id.length) : `${id[0]}${'*'.repeat(id.length - 2)}${id[id.length - 1]}`;

/**
 * Certificate numbers (低保, 残疾, 优抚 …) often contain the holder's ID number (a disability
 * certificate is the ID number and two digits), so they are masked the same way.
 */
export const maskCertificateNo = maskIdNumber;

/** Year of birth from a YYYY-MM-DD date: what a list shows instead of the date. */
export const birthYearOf = (birthDate: string) => Number(birthDate.slice(0, 4));
