// The call-back and complaint pages' words, in one place.
export { SATISFACTION_LABELS as LEVEL_LABELS } from '../../../shared/service-labels.js';
export { COMPLAINT_STATE_LABELS, CONFIRMATION_LABELS } from '../../../core/feedback/complaints.js';

export const LEVEL_COLORS: Record<string, string> = {
  very_satisfied: 'green',
  satisfied: 'cyan',
  basic: 'gold',
  unsatisfied: 'red',
};
export const CALLBACK_STATE_LABELS: Record<string, string> = {
  open: '待回访',
  done: '已回访',
  unreachable: '联系不上',
  rated_by_sms: '短信已评价',
};
export const CHANNEL_LABELS: Record<string, string> = { call: '来电', sms: '短信', walk_in: '来访' };
export const ASSIGNEE_LABELS: Record<string, string> = { street: '街道', provider: '服务机构' };
export const NOTE_KIND_LABELS: Record<string, string> = {
  intake: '受理',
  note: '调查记录',
  answer: '答复',
  confirm: '确认',
  reopen: '不满意，重新办理',
};
