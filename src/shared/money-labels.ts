// Words for the money pages and files — settlements, cash payment lists — shared by the server
// (statements, bank files, audit) and the web, in one place so they can be translated.
export const SETTLEMENT_STATE_LABELS = { draft: '草稿', reviewed: '街道已审核', approved: '区已审批' } as const;
export const SETTLEMENT_ITEM_KIND_LABELS = {
  order: '本月服务',
  adjustment: '往期调整',
  unverified: '核验不通过（扣减）',
  complaint: '投诉属实扣款',
  voucher: '纸质券兑付',
} as const;
export const LIST_KIND_LABELS = { allowance: '高龄津贴', tekun: '特困供养与护理补贴' } as const;
export const LIST_STATE_LABELS = { draft: '草稿', exported: '已导出银行文件', paid: '已发放' } as const;
export const PART_LABELS = {
  allowance: '高龄津贴',
  basic: '基本生活费',
  care: '照料护理费（统筹）',
  care_subsidy: '护理补贴',
} as const;
export const PAYEE_KIND_LABELS = { self: '本人', institution: '供养机构', carer: '照料人' } as const;
export const RECOVERY_STATE_LABELS = { open: '待追回', recovered: '已追回', waived: '已核销' } as const;
