export const VOUCHER_MESSAGES = {
  short: (balanceFen: number, wantFen: number) =>
    `服务券余额不足：现有 ${(balanceFen / 100).toFixed(2)} 元，印制需要 ${(wantFen / 100).toFixed(2)} 元`,
  badCode: '券码不正确（请核对后重新输入，或重新扫描）',
  unknown: '没有这张服务券',
  redeemed: (at: string, provider: string) => `该券已于 ${at} 由「${provider}」兑付，不能再次兑付`,
  voided: '该券已作废，不能兑付',
  providerNeeded: '在街道窗口兑付时请选择兑付的服务机构',
  notYourProvider: '只能为本机构兑付',
  notIssued: '只有未兑付的券可以作废',
  notFound: '服务券不存在或不在您的管辖范围内',
  noProgramme: '该老人没有服务券待遇账户',
} as const;
