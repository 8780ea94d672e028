import { describe, expect, it } from 'vitest';
import { passwordProblems } from './password-policy.js';

describe('passwordProblems', () => {
  it('accepts a strong password', () => {
    expect(passwordProblems('Better#Pass2026')).toEqual([]);
    expect(passwordProblems('Tiger#Lamp#River9', { username: 'caregiver' })).toEqual([]);
  });
  it('explains every weakness in Chinese', () => {
    expect(passwordProblems('abc')).toEqual([
      '密码至少 10 位',
      '密码须包含小写字母、大写字母、数字、符号中的至少 3 类',
    ]);
  });
  it('wants at least 10 characters', () => {
    expect(passwordProblems('Kq7#vWz2!')).toEqual(['密码至少 10 位']);
  });
  it('refuses common passwords and ones containing the username', () => {
    expect(passwordProblems('P@ssw0rd')).toContain('密码过于常见');
    expect(passwordProblems('Zhangsan#2026', { username: 'zhangsan' })).toContain('密码不能包含用户名');
  });
  it('refuses variants of common passwords, keyboard runs and the demo password', () => {
    for (const p of ['Password1!', 'Qwerty123!', 'Admin@12345', 'Qazwsx#123'])
      expect(passwordProblems(p), p).toEqual([expect.stringContaining('容易被猜到')]);
    expect(passwordProblems('Yiyang@2026')).toEqual(['密码过于常见']);
  });
});
