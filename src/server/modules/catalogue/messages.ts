import type { PriceProblem } from '../../../core/catalogue/prices.js';

export const CATALOGUE_MESSAGES = {
  itemNotFound: '服务项目不存在',
  priceNotFound: '价格版本不存在',
  duplicateName: '同一类别下已有同名服务项目',
  priceInEffect: '已经生效的价格不能删除；如需调整请新增一个以后生效的价格',
  price: {
    negative: '价格不能为负数',
    not_whole_fen: '价格以分为单位，须为整数',
    too_large: '价格不能超过 100000 元',
    ends_before_start: '结束日期不能早于开始日期',
    starts_in_past: '新价格只能从明天或以后生效（新项目的首个价格可从今天起）；已经发生的服务按当时的价格结算',
    overlaps: '与已有价格版本的有效期重叠',
  } satisfies Record<PriceProblem, string>,
  overlapsWith: (from: string, to: string | null) => `与 ${from} 起${to ? `至 ${to}` : ''}的价格版本重叠`,
} as const;
