// Minimum password strength. Returns every reason a password is refused, in Chinese,
// so the form can show them all at once.

export interface PasswordPolicy {
  minLength: number;
  /** How many of: lower case, upper case, digit, other character. */
  minClasses: number;
}

export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = { minLength: 8, minClasses: 3 };

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
]);

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
  if (COMMON.has(password.toLowerCase())) problems.push('密码过于常见');
  const u = context.username?.toLowerCase();
  if (u && u.length >= 3 && password.toLowerCase().includes(u)) problems.push('密码不能包含用户名');
  return problems;
}
