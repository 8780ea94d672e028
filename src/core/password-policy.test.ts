import { describe, expect, it } from 'vitest';
import { passwordProblems } from './password-policy.js';

describe('passwordProblems', () => {
  it('accepts a strong password', () => {
    expect(passwordProblems('Yiyang@2026')).toEqual([]);
  });
  it('explains every weakness in Chinese', () => {
    expect(passwordProblems('abc')).toEqual(['密码至少 8 位', '密码须包含小写字母、大写字母、数字、符号中的至少 3 类']);
  });
  it('refuses common passwords and ones containing the username', () => {
    expect(passwordProblems('P@ssw0rd')).toContain('密码过于常见');
    expect(passwordProblems('Zhangsan#2026', { username: 'zhangsan' })).toContain('密码不能包含用户名');
  });
});
