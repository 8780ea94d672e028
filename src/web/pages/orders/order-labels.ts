import type { OrderState } from '../../../core/orders/workflow.js';
export { ORDER_STATE_LABELS, ORDER_ACTION_LABELS } from '../../../core/orders/workflow.js';

export const ORDER_STATE_COLORS: Record<OrderState, string> = {
  created: 'default',
  confirmed: 'gold',
  dispatched: 'blue',
  accepted: 'cyan',
  en_route: 'geekblue',
  in_service: 'purple',
  completed: 'green',
  closed: 'default',
  cancelled: 'default',
  no_show: 'red',
  disputed: 'volcano',
};
export const hhmm = (iso: string) =>
  new Date(iso).toLocaleTimeString('zh-CN', {
    timeZone: 'Asia/Shanghai',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });

/**
 * Programmes that buy a visit outright (one an order, at their fee) rather than minutes: an order
 * line shows their part as a visit, by the programme's name.
 */
export const VISITS_PROGRAMME_NAMES: Record<string, string> = { visiting: '探访服务' };
