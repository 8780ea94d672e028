// Trip tracking's problems, in Chinese, in one place.
import { ORDER_STATE_LABELS, type OrderState } from '../../../core/orders/workflow.js';

export const TRIP_MESSAGES = {
  notFound: '工单不存在或不在您的范围内',
  onlyCaregiver: '只有接单的服务人员可以从手机上报行程位置',
  notYours: '这不是您接的工单，不能上报位置',
  notTracked: (state: string) =>
    `工单当前为「${ORDER_STATE_LABELS[state as OrderState] ?? state}」，只在已接单、在途和服务中时记录行程位置`,
  implausible: '位置不可信（0,0 或不在中国境内）',
  throttled: (seconds: number) => `位置上报过于频繁，请 ${seconds} 秒后再报`,
} as const;
