export const SETTLEMENT_MESSAGES = {
  notFound: '结算单不存在或不在您的管辖范围内',
  openMonth: (period: string, current: string) => `${period} 尚未结束（本月为 ${current}），月末后再结算`,
  closed: (period: string, state: string) =>
    `${period} 的结算单已${state}，不能再改；此后的更正计入下期结算（往期调整）`,
  reviewLevel: '结算单由服务机构所在街道审核（区级注册的机构由区里审核）',
  approveLevel: '结算单由区民政局审批',
  sameUser: '审核与审批须由不同的人办理',
  wrongState: (label: string) => `结算单状态为「${label}」，不能办理此步骤`,
  noProvider: '服务机构不存在或不在您的管辖范围内',
  noPolicy: (programme: string) => `${programme} 在结算月没有生效的政策，无法分担`,
} as const;

export {
  SETTLEMENT_STATE_LABELS as STATE_LABELS,
  SETTLEMENT_ITEM_KIND_LABELS as ITEM_KIND_LABELS,
} from '../../../shared/money-labels.js';
