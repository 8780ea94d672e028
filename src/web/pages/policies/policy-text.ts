// Policies in words: what a condition asks and what a benefit gives, for people who will never
// read the JSON behind them.
import type { Condition } from '../../../core/policy/conditions.js';
import type { Benefit } from '../../../core/policy/policy.js';
import {
  ABILITY_GRADE_LABELS,
  CATEGORY_LABELS,
  LIVING_FLAG_LABELS,
  SUPPORT_MODE_LABELS,
} from '../../../shared/elder-labels.js';

export const yuan = (fen: number) =>
  `${(fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: fen % 100 ? 2 : 0 })} 元`;

export function describeBenefit(b: Benefit | null): string {
  if (!b) return '—';
  switch (b.kind) {
    case 'hours':
      return `${b.hoursPerDay != null ? `每天 ${b.hoursPerDay} 小时` : `每月 ${b.hoursPerMonth} 小时`}，每小时 ${yuan(b.hourlyRateFen)}`;
    case 'voucher':
      return `服务券每${b.per === 'year' ? '年' : '月'} ${yuan(b.valueFen)}`;
    case 'cash':
      return `每${b.per === 'year' ? '年' : '月'} ${yuan(b.amountFen)}${b.careShareFen ? `（其中照料护理 ${yuan(b.careShareFen)}）` : ''}${b.paidEvery === 'quarter' ? '，按季度发放' : ''}`;
    case 'discount':
      return `按统一价优惠 ${b.percentOff}%`;
    case 'visits':
      return `每月探访 ${b.visitsPerMonth} 次，每次 ${yuan(b.feePerVisitFen)}`;
  }
}

export function describeCondition(c: Condition): string {
  if ('all' in c)
    return c.all.length === 1 ? describeCondition(c.all[0]) : `（${c.all.map(describeCondition).join(' 且 ')}）`;
  if ('any' in c)
    return c.any.length === 1 ? describeCondition(c.any[0]) : `（${c.any.map(describeCondition).join(' 或 ')}）`;
  if ('not' in c) return `非${describeCondition(c.not)}`;
  switch (c.field) {
    case 'age':
      return c.op === 'gte' ? `年满 ${c.value} 岁` : `不满 ${c.value} 岁`;
    case 'category':
      return CATEGORY_LABELS[c.value];
    case 'livingFlag':
      return LIVING_FLAG_LABELS[c.value];
    case 'abilityGrade':
      return c.value.map((g) => ABILITY_GRADE_LABELS[g]).join('或');
    case 'disabilityGrade':
      return `残疾一至${'一二三四'[c.value - 1]}级`;
    case 'hukou':
      return c.value === 'local' ? '本地户籍' : '外地户籍';
    case 'residenceYears':
      return `本地居住满 ${c.value} 年`;
    case 'childCanCare':
      return c.value ? '有能照料的子女' : '无能照料的子女';
    case 'carerInCommunity':
      return c.value ? '有同社区居住且能照料的子女' : '独居（子女不在本社区或不能照料）';
    case 'supportMode':
      return SUPPORT_MODE_LABELS[c.value];
  }
}
