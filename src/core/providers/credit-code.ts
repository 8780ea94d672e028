// Unified social credit codes (统一社会信用代码) per GB 32100-2015: registration department,
// institution category, 6-digit region, the 9-character organisation code of GB 11714 (with
// its own check character) and a final check character over the first 17, modulo 31.

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** Category codes each registration department may issue (GB 32100 appendix A). */
const CATEGORIES: Record<string, string> = {
  '1': '1239',
  '2': '19',
  '3': '12345',
  '4': '19',
  '5': '1239',
  '6': '129',
  '7': '129',
  '8': '19',
  '9': '123',
  A: '19',
  N: '1239',
  Y: '1',
};

export type CreditCodeProblem = 'length' | 'characters' | 'department' | 'category' | 'region' | 'org_check' | 'check';

export function creditCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CHARSET.indexOf(first17[i]) * WEIGHTS[i];
  return CHARSET[(31 - (sum % 31)) % 31];
}

/** GB 11714 check character of an 8-character organisation code body. */
export function orgCheckChar(body8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = body8[i];
    sum += (/\d/.test(c) ? Number(c) : c.charCodeAt(0) - 55) * ORG_WEIGHTS[i];
  }
  const v = 11 - (sum % 11);
  return v === 10 ? 'X' : v === 11 ? '0' : String(v);
}

export function normalizeCreditCode(raw: string): string {
  return raw.trim().toUpperCase().replace(/\s+/g, '');
}

export function checkCreditCode(raw: string): CreditCodeProblem | null {
  const code = normalizeCreditCode(raw);
  if (code.length !== 18) return 'length';
  if ([...code].some((c) => !CHARSET.includes(c))) return 'characters';
  const categories = CATEGORIES[code[0]];
  if (!categories) return 'department';
  if (!categories.includes(code[1])) return 'category';
  if (!/^\d{6}$/.test(code.slice(2, 8)) || code.slice(2, 4) === '00') return 'region';
  if (orgCheckChar(code.slice(8, 16)) !== code[16]) return 'org_check';
  if (creditCheckChar(code.slice(0, 17)) !== code[17]) return 'check';
  return null;
}

/** Completes a code from its first 16 characters (demo data and tests). */
export function completeCreditCode(first16: string): string {
  const seventeen = first16 + orgCheckChar(first16.slice(8, 16));
  return seventeen + creditCheckChar(seventeen);
}
