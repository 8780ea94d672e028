// Cash programme words shown to users, in one place.
export const LIST_KIND_LABELS = { allowance: '高龄津贴', tekun: '特困供养与护理补贴' } as const;
export const LIST_STATE_LABELS = { draft: '草稿', exported: '已导出银行文件', paid: '已发放' } as const;
export const LIST_STATE_COLORS = { draft: 'default', exported: 'blue', paid: 'green' } as const;
export const PART_LABELS = { allowance: '高龄津贴', basic: '基本生活费', care: '照料护理费（统筹）', care_subsidy: '护理补贴' } as const;
export const PAYEE_KIND_LABELS = { self: '本人', institution: '供养机构', carer: '照料人' } as const;
export const RECOVERY_STATE_LABELS = { open: '待追回', recovered: '已追回', waived: '已核销' } as const;
export const BANK_FIELD_LABELS = {
  seq: '序号', payeeName: '收款人', accountNo: '账号', bankName: '开户行', amount: '金额', idNumber: '老人身份证号', elderName: '老人姓名', month: '月份', programme: '项目', remark: '摘要',
} as const;
