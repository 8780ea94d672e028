// Settlement words shown to users, in one place.
export const STATE_LABELS = { draft: '草稿', reviewed: '街道已审核', approved: '区已审批' } as const;
export const STATE_COLORS = { draft: 'default', reviewed: 'blue', approved: 'green' } as const;
export const KIND_LABELS = { order: '本月服务', adjustment: '往期调整', unverified: '核验不通过（扣减）', complaint: '投诉属实扣款', voucher: '纸质券兑付' } as const;
