export const CASH_MESSAGES = {
  listClosed: (label: string) => `该月名单已${label}，不能重新生成；多付的款项会列入追回清单`,
  notFound: '名单不存在',
  wrongState: (label: string) => `名单状态为「${label}」，不能办理此步骤`,
  futureMonth: '不能生成以后月份的发放名单',
  nothingToPay: '没有可发往银行的行（缺少账户等问题行不导出）',
  recoveryClosed: '该追回事项已办结',
} as const;
export { LIST_KIND_LABELS, LIST_STATE_LABELS, PART_LABELS } from '../../../shared/money-labels.js';
