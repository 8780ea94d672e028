import type { AppAction, AppState } from '../../../core/applications/workflow.js';

export const STATE_LABELS: Record<AppState, string> = {
  submitted: '社区受理',
  surveyed: '调查完成',
  in_notice: '公示中',
  street_review: '街道审核',
  district_review: '区审批',
  approved: '已批准',
  rejected: '未批准',
  returned: '退回补充',
  cancelled: '已撤销',
};
export const STATE_COLORS: Record<AppState, string> = {
  submitted: 'blue',
  surveyed: 'blue',
  in_notice: 'purple',
  street_review: 'gold',
  district_review: 'orange',
  approved: 'green',
  rejected: 'red',
  returned: 'magenta',
  cancelled: 'default',
};
export const ACTION_LABELS: Record<AppAction | 'submit', string> = {
  submit: '受理',
  survey: '入户调查',
  democratic_review: '民主评议',
  start_notice: '开始公示',
  record_objection: '登记异议',
  resolve_objection: '处理异议',
  end_notice: '公示结束',
  street_approve: '街道审核通过',
  district_approve: '区批准',
  reject: '不予批准',
  return: '退回补充',
  resubmit: '补充后重新提交',
  cancel: '撤销',
};
export const OWNER_LABELS = { community: '社区', street: '街道', district: '区民政局' } as const;
