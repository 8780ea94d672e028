export const CASH_MESSAGES = {
  listClosed: (label: string) => `该月名单已${label}，不能重新生成；多付的款项会列入追回清单`,
  notFound: '名单不存在',
  wrongState: (label: string) => `名单状态为「${label}」，不能办理此步骤`,
  futureMonth: '不能生成以后月份的发放名单',
  nothingToPay: '没有可发往银行的行（缺少账户等问题行不导出）',
  recoveryClosed: '该追回事项已办结',
} as const;
export const LIST_STATE_LABELS = { draft: '草稿', exported: '已导出银行文件', paid: '已发放' } as const;
export const LIST_KIND_LABELS = { allowance: '高龄津贴', tekun: '特困供养' } as const;
export const PART_LABELS = { allowance: '高龄津贴', basic: '基本生活费', care: '照料护理费（统筹）', care_subsidy: '护理补贴' } as const;
