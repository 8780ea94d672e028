// A work order's life (工单): created by the call centre, confirmed with the elder, dispatched
// to a caregiver who accepts, travels, checks in and out; then closed after the call-back. A
// caregiver's refusal, or silence past the acceptance limit, sends it back to be dispatched
// again; it may be cancelled before service, end in no-show, or be disputed. Pure: who may do
// what in which state, and what follows.

export const ORDER_STATES = [
  'created',
  'confirmed',
  'dispatched',
  'accepted',
  'en_route',
  'in_service',
  'completed',
  'closed',
  'cancelled',
  'no_show',
  'disputed',
] as const;
export type OrderState = (typeof ORDER_STATES)[number];

export const ORDER_ACTIONS = [
  'confirm',
  'dispatch',
  'reassign',
  'accept',
  'refuse',
  'expire',
  'depart',
  'check_in',
  'check_out',
  'close',
  'cancel',
  'no_show',
  'dispute',
  'resolve',
] as const;
export type OrderAction = (typeof ORDER_ACTIONS)[number];

/** Who acts: the call centre, the system's own jobs, the caregiver, the provider's desk, the street. */
export type OrderActor = 'operator' | 'system' | 'caregiver' | 'provider' | 'street';

const RULES: Record<
  OrderAction,
  { from: OrderState[]; to: OrderState; by: OrderActor[]; reason?: true; caregiver?: true }
> = {
  confirm: { from: ['created'], to: 'confirmed', by: ['operator', 'system'] },
  dispatch: { from: ['confirmed'], to: 'dispatched', by: ['operator', 'system', 'provider'], caregiver: true },
  // A dispatcher's override: another caregiver for an order not yet under way. Recorded with why.
  reassign: {
    from: ['dispatched', 'accepted'],
    to: 'dispatched',
    by: ['operator', 'provider'],
    caregiver: true,
    reason: true,
  },
  accept: { from: ['dispatched'], to: 'accepted', by: ['caregiver'] },
  refuse: { from: ['dispatched', 'accepted'], to: 'confirmed', by: ['caregiver'], reason: true },
  expire: { from: ['dispatched'], to: 'confirmed', by: ['system'] },
  depart: { from: ['accepted'], to: 'en_route', by: ['caregiver'] },
  check_in: { from: ['accepted', 'en_route'], to: 'in_service', by: ['caregiver'] },
  check_out: { from: ['in_service'], to: 'completed', by: ['caregiver'] },
  close: { from: ['completed'], to: 'closed', by: ['operator', 'system'] },
  cancel: {
    from: ['created', 'confirmed', 'dispatched', 'accepted', 'en_route'],
    to: 'cancelled',
    by: ['operator', 'system', 'street'],
    reason: true,
  },
  no_show: { from: ['accepted', 'en_route'], to: 'no_show', by: ['caregiver', 'operator'], reason: true },
  dispute: { from: ['completed', 'closed'], to: 'disputed', by: ['operator', 'street', 'provider'], reason: true },
  resolve: { from: ['disputed'], to: 'closed', by: ['operator', 'street'], reason: true },
};

export const ORDER_STATE_LABELS: Record<OrderState, string> = {
  created: '已登记',
  confirmed: '待派单',
  dispatched: '已派单',
  accepted: '已接单',
  en_route: '在途',
  in_service: '服务中',
  completed: '已完成',
  closed: '已关闭',
  cancelled: '已取消',
  no_show: '未遇老人',
  disputed: '有争议',
};
export const ORDER_ACTION_LABELS: Record<OrderAction, string> = {
  confirm: '确认',
  dispatch: '派单',
  reassign: '改派',
  accept: '接单',
  refuse: '拒单',
  expire: '超时未接',
  depart: '出发',
  check_in: '签到',
  check_out: '签退',
  close: '关闭',
  cancel: '取消',
  no_show: '未遇老人',
  dispute: '提出争议',
  resolve: '处理争议',
};
const ACTOR_LABELS: Record<OrderActor, string> = {
  operator: '话务员',
  system: '系统',
  caregiver: '服务人员',
  provider: '服务机构',
  street: '街道',
};

export interface OrderStep {
  action: OrderAction;
  actor: OrderActor;
  reason?: string | null;
  caregiverId?: number | null;
}
export type OrderOutcome =
  { ok: true; state: OrderState; caregiverId: number | null } | { ok: false; field: string; message: string };

/** Actions an actor may take on an order in a state. */
export function orderActionsFor(state: OrderState, actor: OrderActor): OrderAction[] {
  return ORDER_ACTIONS.filter((a) => RULES[a].from.includes(state) && RULES[a].by.includes(actor));
}

export const isFinal = (s: OrderState) => s === 'closed' || s === 'cancelled' || s === 'no_show';
/** States in which the caregiver is committed to the order's time: what makes a caregiver busy. */
export const HOLDS_CAREGIVER: readonly OrderState[] = ['dispatched', 'accepted', 'en_route', 'in_service'];

/**
 * The state after a step, and the caregiver it leaves the order with: a dispatch names one,
 * a refusal or expiry releases it, everything else keeps it.
 */
export function applyOrderStep(state: OrderState, currentCaregiverId: number | null, step: OrderStep): OrderOutcome {
  const rule = RULES[step.action];
  if (!rule.from.includes(state)) {
    return {
      ok: false,
      field: 'action',
      message: `工单${ORDER_STATE_LABELS[state]}，不能${ORDER_ACTION_LABELS[step.action]}`,
    };
  }
  if (!rule.by.includes(step.actor)) {
    return {
      ok: false,
      field: 'action',
      message: `${ACTOR_LABELS[step.actor]}不能${ORDER_ACTION_LABELS[step.action]}`,
    };
  }
  if (rule.reason && !(step.reason && step.reason.trim().length >= 2)) {
    return { ok: false, field: 'reason', message: `${ORDER_ACTION_LABELS[step.action]}须填写原因` };
  }
  if (rule.caregiver && !step.caregiverId) return { ok: false, field: 'caregiverId', message: '请选择服务人员' };
  if (step.action === 'reassign' && step.caregiverId === currentCaregiverId)
    return { ok: false, field: 'caregiverId', message: '改派须选择另一位服务人员' };
  const caregiverId = rule.caregiver
    ? step.caregiverId!
    : step.action === 'refuse' || step.action === 'expire'
      ? null
      : currentCaregiverId;
  return { ok: true, state: rule.to, caregiverId };
}
