// Minimum password strength. Returns every reason a password is refused, in Chinese,
// so the form can show them all at once. zxcvbn-ts is a pure estimator (no I/O): it knows
// tens of thousands of common passwords and their variants (Password1!, Qwerty123!), which a
// hand-kept list cannot.
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';

export interface PasswordPolicy {
  minLength: number;
  /** How many of: lower case, upper case, digit, other character. */
  minClasses: number;
  /** zxcvbn score 0–4; 3 means about 10⁸ guesses, out of reach of online guessing and slow offline. */
  minScore: number;
}

export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = { minLength: 10, minClasses: 3, minScore: 3 };

// Words an attacker tries first against this product: its name and the demo password's stem.
const PRODUCT_WORDS = ['yiyang', '颐养', 'yiyang2026', 'admin', 'mingzheng', 'minzheng'];

const COMMON = new Set([
  'password',
  'password1',
  'password123',
  '12345678',
  '123456789',
  '1234567890',
  'qwertyui',
  'qwerty123',
  'abc12345',
  'a1234567',
  '11111111',
  '88888888',
  'iloveyou',
  'admin123',
  'admin@123',
  'p@ssw0rd',
  'passw0rd',
  'welcome1',
  'abcd1234',
  '1qaz2wsx',
  'zaq12wsx',
  // The demo accounts' password is printed in the README: never acceptable as a real one.
  'yiyang@2026',
]);

let estimator: ZxcvbnFactory | null = null;
const zxcvbn = () =>
  (estimator ??= new ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs }));

export function passwordProblems(
  password: string,
  context: { username?: string } = {},
  policy: PasswordPolicy = DEFAULT_PASSWORD_POLICY,
): string[] {
  const problems: string[] = [];
  if (password.length < policy.minLength) problems.push(`密码至少 ${policy.minLength} 位`);
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^a-zA-Z\d]/].filter((r) => r.test(password)).length;
  if (classes < policy.minClasses)
    problems.push(`密码须包含小写字母、大写字母、数字、符号中的至少 ${policy.minClasses} 类`);
  const u = context.username?.toLowerCase();
  if (u && u.length >= 3 && password.toLowerCase().includes(u)) problems.push('密码不能包含用户名');
  // Only a password that passes the simple rules is worth estimating: one reason at a time is clearer.
  if (COMMON.has(password.toLowerCase())) problems.push('密码过于常见');
  else if (problems.length === 0) {
    const inputs = u ? [...PRODUCT_WORDS, u] : PRODUCT_WORDS;
    if (zxcvbn().check(password.slice(0, 100), inputs).score < policy.minScore)
      problems.push('密码容易被猜到（常见密码的变体、键盘序列、年份或本系统名称），请换用更长、更少规律的密码');
  }
  return problems;
}
