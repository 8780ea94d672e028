import { PAYEE_CHANGE_STATE_LABELS } from '../../../shared/payee-change-labels.js';

export const CASH_MESSAGES = {
  listClosed: (label: string) => `该月名单已${label}，不能重新生成；多付的款项会列入追回清单`,
  notFound: '名单不存在',
  wrongState: (label: string) => `名单状态为「${label}」，不能办理此步骤`,
  futureMonth: '不能生成以后月份的发放名单',
  nothingToPay: '没有可发往银行的行（缺少账户等问题行不导出）',
  recoveryClosed: '该追回事项已办结',
} as const;

/** Payee account changes: one person asks, a second approves, the elder is told by SMS. */
export const PAYEE_MESSAGES = {
  changeNotFound: '收款账户变更申请不存在',
  alreadyPending: (requestedBy: string, on: string) =>
    `该老人已有一份待审核的收款账户变更申请（${requestedBy}，${on} 提交），请待审核完成或撤回后再提交`,
  decided: (state: keyof typeof PAYEE_CHANGE_STATE_LABELS) => `该申请${PAYEE_CHANGE_STATE_LABELS[state]}，不能再办理`,
  ownRequest: '不能审核本人提交的收款账户变更，请由街道的另一位工作人员审核',
  noPhone: '老人档案没有手机号，未发短信',
  /** The SMS to the elder's phone once a change is approved: the bank and the last four digits only. */
  approvedSms: (bankName: string, last4: string, community: string) =>
    `【颐养】您的养老待遇收款账户已变更为${bankName}尾号${last4}的账户，今后的补贴将发到该账户。如非您本人或家属申请，请立即与${community}联系。`,
} as const;
export { LIST_KIND_LABELS, LIST_STATE_LABELS, PART_LABELS } from '../../../shared/money-labels.js';
