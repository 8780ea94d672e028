// Words for payee account change requests (one person asks, a second approves), shared by the
// server's messages and the web, in one place.
export const PAYEE_CHANGE_STATE_LABELS = {
  pending: '待审核',
  approved: '已批准',
  rejected: '已驳回',
  withdrawn: '已撤回',
} as const;
export const PAYEE_CHANGE_DECISION_LABELS = { approve: '批准', reject: '驳回' } as const;
