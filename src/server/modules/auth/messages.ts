export const AUTH_MESSAGES = {
  badCredentials: '用户名或密码错误',
  tooManyRequests: (seconds: number) => `登录尝试过于频繁，请 ${seconds} 秒后再试`,
  locked: (until: string, minutes: number) =>
    `连续登录失败次数过多，账户已锁定，请于 ${until} 后再试（约 ${minutes} 分钟）`,
  inactive: '该账户已停用，请联系区民政局管理员',
  wrongCurrent: '当前密码不正确',
  samePassword: '新密码不能与当前密码相同',
} as const;
