// Cash programme words shown to users, in one place.
export {
  LIST_KIND_LABELS,
  LIST_STATE_LABELS,
  PART_LABELS,
  PAYEE_KIND_LABELS,
  RECOVERY_STATE_LABELS,
} from '../../../shared/money-labels.js';
export const LIST_STATE_COLORS = { draft: 'default', exported: 'blue', paid: 'green' } as const;
export const BANK_FIELD_LABELS = {
  seq: '序号',
  payeeName: '收款人',
  accountNo: '账号',
  bankName: '开户行',
  amount: '金额',
  idNumber: '老人身份证号',
  elderName: '老人姓名',
  month: '月份',
  programme: '项目',
  remark: '摘要',
} as const;
export { PAYEE_CHANGE_STATE_LABELS, PAYEE_CHANGE_DECISION_LABELS } from '../../../shared/payee-change-labels.js';
export const PAYEE_CHANGE_STATE_COLORS = {
  pending: 'orange',
  approved: 'green',
  rejected: 'red',
  withdrawn: 'default',
} as const;
/** What the payee card and the review page tell their users about the four-eyes rule. */
export const PAYEE_TEXT = {
  none: '未登记：高龄津贴、特困供养等现金待遇发放前须登记。集中供养的特困人员登记供养机构的账户。',
  requestHint: '提交后须由街道另一位工作人员审核批准才生效；批准前发放名单和银行文件仍按原账户。批准后将短信告知老人。',
  accountHint: '加密保存，页面上只显示首尾四位',
  pendingNote: '审核批准前，发放仍按原账户',
  ownRequest: '本人提交的申请须由他人审核',
  approveHint: '批准后该账户立即用于以后生成的发放名单和银行文件，并短信告知老人（开户行和账号末四位）。',
  rejectHint: '驳回后原账户不变，请写明理由，提交人可据此更正后重新申请。',
  withdrawConfirm: '撤回后该申请作废，原账户不变。',
  reviewIntro: '社区或街道提交的收款账户登记与变更，须由提交人以外的街道或区级工作人员核对后批准。',
} as const;
