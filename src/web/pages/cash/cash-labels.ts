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
