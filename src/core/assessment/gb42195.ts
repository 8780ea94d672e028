// Older adults' ability assessment per GB/T 42195-2022 (老年人能力评估规范): 26 items in four
// first-level indicators — self-care 8 items (32 points), basic mobility 4 (15), mental state
// 9 (28), perception and social participation 5 (15) — 90 points in all. Option wording is
// abridged from the standard's annex tables.

export const STANDARD_ID = 'GB/T 42195-2022';

export type Dimension = 'selfCare' | 'mobility' | 'mental' | 'perception';
export const DIMENSION_LABELS: Record<Dimension, string> = {
  selfCare: '自理能力',
  mobility: '基础运动能力',
  mental: '精神状态',
  perception: '感知觉与社会参与',
};

export interface ItemOption {
  key: string;
  score: number;
  label: string;
}
export interface Item {
  code: string;
  dimension: Dimension;
  title: string;
  options: ItemOption[];
}

const assistance = (independent: string): ItemOption[] => [
  { key: '4', score: 4, label: independent },
  { key: '3', score: 3, label: '需他人指导或提示' },
  { key: '2', score: 2, label: '需他人协助，以自身完成为主' },
  { key: '1', score: 1, label: '主要依靠他人协助，自身能配合' },
  { key: '0', score: 0, label: '完全依赖他人，不能配合' },
];
const graded = (...labels: [string, string, string, string, string]): ItemOption[] =>
  labels.map((label, i) => ({ key: String(4 - i), score: 4 - i, label }));

export const ITEMS: readonly Item[] = [
  {
    code: 'B1.1',
    dimension: 'selfCare',
    title: '进食',
    options: graded(
      '独立进食，无呛咳',
      '需指导或使用辅具，无呛咳',
      '需少量协助，偶有呛咳',
      '需大量协助，常有呛咳',
      '完全依赖、吞咽困难或留置营养管',
    ),
  },
  { code: 'B1.2', dimension: 'selfCare', title: '修饰', options: assistance('独立完成洗脸、刷牙、梳头等') },
  { code: 'B1.3', dimension: 'selfCare', title: '洗澡', options: assistance('独立完成洗澡') },
  { code: 'B1.4', dimension: 'selfCare', title: '穿/脱上衣', options: assistance('独立穿脱上衣') },
  { code: 'B1.5', dimension: 'selfCare', title: '穿/脱裤子和鞋袜', options: assistance('独立穿脱裤子和鞋袜') },
  {
    code: 'B1.6',
    dimension: 'selfCare',
    title: '小便控制',
    options: graded(
      '控制正常',
      '夜间控制较差或自用尿垫',
      '偶有失禁或需少量协助',
      '白天多不能控制或需大量协助',
      '完全失禁或留置导尿管',
    ),
  },
  {
    code: 'B1.7',
    dimension: 'selfCare',
    title: '大便控制',
    options: graded('控制正常', '偶有便秘或失禁', '经常便秘或失禁', '大部分时间便秘或失禁', '严重便秘或完全失禁'),
  },
  { code: 'B1.8', dimension: 'selfCare', title: '如厕', options: assistance('独立如厕并完成清洁、穿裤') },
  { code: 'B2.1', dimension: 'mobility', title: '床上体位转移', options: assistance('独立翻身、坐起、躺下') },
  { code: 'B2.2', dimension: 'mobility', title: '床椅转移', options: assistance('独立完成坐站转换') },
  {
    code: 'B2.3',
    dimension: 'mobility',
    title: '平地行走',
    options: graded(
      '独立步行约 50 米，无摔倒风险',
      '需监护或使用拐杖、助行器',
      '需少量扶持',
      '需大量扶持',
      '完全不能步行',
    ),
  },
  {
    code: 'B2.4',
    dimension: 'mobility',
    title: '上下楼梯',
    options: [
      { key: '3', score: 3, label: '独立上下楼梯' },
      { key: '2', score: 2, label: '需指导或提示' },
      { key: '1', score: 1, label: '需协助，以自身完成为主' },
      { key: '0', score: 0, label: '主要或完全依赖他人' },
    ],
  },
  {
    code: 'B3.1',
    dimension: 'mental',
    title: '时间定向',
    options: graded(
      '年月清楚，日期可差一天',
      '年月日或星期不能全分清',
      '仅知季节或上下半年',
      '仅知上午下午或昼夜',
      '无时间观念',
    ),
  },
  {
    code: 'B3.2',
    dimension: 'mental',
    title: '空间定向',
    options: graded(
      '能在日常范围内单独外出',
      '不能单独外出，知道住址',
      '知道较多所在地信息',
      '只知少量居住地信息',
      '无空间观念',
    ),
  },
  {
    code: 'B3.3',
    dimension: 'mental',
    title: '人物定向',
    options: graded(
      '认识共同生活的人并知道关系',
      '认识大部分共同生活者',
      '认识部分亲人或照护者',
      '只认识自己或极少数人',
      '不认识任何人',
    ),
  },
  {
    code: 'B3.4',
    dimension: 'mental',
    title: '记忆',
    options: graded(
      '记忆与年龄相适应',
      '轻度紊乱或即时回忆不能',
      '中度紊乱或近期记忆不能',
      '重度紊乱或远期记忆不能',
      '完全紊乱',
    ),
  },
  {
    code: 'B3.5',
    dimension: 'mental',
    title: '理解能力',
    options: graded('正常理解', '能理解但需更多时间', '需频繁重复或简化', '严重困难，需大量帮助', '完全不能理解'),
  },
  {
    code: 'B3.6',
    dimension: 'mental',
    title: '表达能力',
    options: graded('正常表达', '能表达但需更多时间', '需频繁重复或简化', '严重困难，需大量帮助', '完全不能表达'),
  },
  {
    code: 'B3.7',
    dimension: 'mental',
    title: '攻击行为',
    options: [
      { key: 'none', score: 1, label: '近一个月未出现' },
      { key: 'present', score: 0, label: '近一个月出现过' },
    ],
  },
  {
    code: 'B3.8',
    dimension: 'mental',
    title: '抑郁症状',
    options: [
      { key: 'none', score: 1, label: '近一个月未出现' },
      { key: 'present', score: 0, label: '近一个月出现过' },
    ],
  },
  {
    code: 'B3.9',
    dimension: 'mental',
    title: '意识水平',
    options: [
      { key: 'clear', score: 2, label: '神志清醒' },
      { key: 'drowsy', score: 1, label: '嗜睡或意识模糊，可唤醒' },
      { key: 'stupor', score: 0, label: '昏睡' },
      { key: 'coma', score: 0, label: '昏迷' },
    ],
  },
  {
    code: 'B4.1',
    dimension: 'perception',
    title: '视力',
    options: [
      { key: '2', score: 2, label: '正常' },
      { key: '1', score: 1, label: '看不清标准字体，能辨认物体' },
      { key: '0', score: 0, label: '只见光和形状或失明' },
    ],
  },
  {
    code: 'B4.2',
    dimension: 'perception',
    title: '听力',
    options: [
      { key: '2', score: 2, label: '正常' },
      { key: '1', score: 1, label: '轻声或两米外听不清' },
      { key: '0', score: 0, label: '大声才能部分听见或失聪' },
    ],
  },
  { code: 'B4.3', dimension: 'perception', title: '执行日常事务', options: assistance('独立安排洗衣、购物、服药等') },
  {
    code: 'B4.4',
    dimension: 'perception',
    title: '使用交通工具外出',
    options: [
      { key: '3', score: 3, label: '能自己骑车或乘公共交通' },
      { key: '2', score: 2, label: '能自己乘出租车' },
      { key: '1', score: 1, label: '有人陪同可乘公共交通' },
      { key: '0', score: 0, label: '只能在协助下乘车或不能外出' },
    ],
  },
  {
    code: 'B4.5',
    dimension: 'perception',
    title: '社会交往能力',
    options: graded(
      '参与社会，待人接物恰当',
      '能适应单纯环境，主动接触他人',
      '脱离社会，被动接触',
      '勉强与人接触',
      '不能与人交往',
    ),
  },
];

export const GRADES = ['intact', 'mild', 'moderate', 'severe', 'complete'] as const;
export type Grade = (typeof GRADES)[number];

/** The standard's preliminary grade from the total score. */
export function gradeForTotal(total: number): Grade {
  if (total >= 90) return 'intact';
  if (total >= 66) return 'mild';
  if (total >= 46) return 'moderate';
  if (total >= 30) return 'severe';
  return 'complete';
}

export interface AssessmentInput {
  /** Item code → option key. */
  answers: Record<string, string>;
  /** Diagnosed dementia (F00-F03) or another mental or behavioural disorder (F04-F99). */
  dementiaOrMentalDisorder: boolean;
  /** Care-risk events (falls, wandering, choking, self-harm, other) within the last 30 days. */
  riskEventsLast30Days: number;
}

export interface AssessmentResult {
  dimensions: Record<Dimension, number>;
  total: number;
  preliminaryGrade: Grade;
  grade: Grade;
  adjustments: string[];
}

export type AnswerProblem = { code: string; problem: 'missing' | 'unknown_option' };

export function answerProblems(answers: Record<string, string>): AnswerProblem[] {
  const problems: AnswerProblem[] = [];
  for (const item of ITEMS) {
    const key = answers[item.code];
    if (key === undefined) problems.push({ code: item.code, problem: 'missing' });
    else if (!item.options.some((o) => o.key === key)) problems.push({ code: item.code, problem: 'unknown_option' });
  }
  return problems;
}

/** Scores a complete set of answers. Call answerProblems first: unknown answers throw. */
export function scoreAssessment(input: AssessmentInput): AssessmentResult {
  const dimensions: Record<Dimension, number> = { selfCare: 0, mobility: 0, mental: 0, perception: 0 };
  for (const item of ITEMS) {
    const option = item.options.find((o) => o.key === input.answers[item.code]);
    if (!option) throw new Error(`no valid answer for ${item.code}`);
    dimensions[item.dimension] += option.score;
  }
  const total = dimensions.selfCare + dimensions.mobility + dimensions.mental + dimensions.perception;
  const preliminaryGrade = gradeForTotal(total);
  const adjustments: string[] = [];
  let grade = preliminaryGrade;
  if (input.answers['B3.9'] === 'coma') {
    grade = 'complete';
    adjustments.push('处于昏迷状态，直接评定为完全失能');
  } else {
    // Either condition moves the grade one step worse; both together still only one step.
    const reasons: string[] = [];
    if (input.dementiaOrMentalDisorder) reasons.push('确诊痴呆或精神行为障碍');
    if (input.riskEventsLast30Days >= 2) reasons.push(`近 30 天发生照护风险事件 ${input.riskEventsLast30Days} 次`);
    if (reasons.length) {
      grade = GRADES[Math.min(GRADES.indexOf(grade) + 1, GRADES.length - 1)];
      adjustments.push(`${reasons.join('、')}，在初步等级上加重一级`);
    }
  }
  return { dimensions, total, preliminaryGrade, grade, adjustments };
}

/** Next assessment due: a year after this one, unless the condition changes first. */
export function nextDueDate(assessedOn: string, months = 12): string {
  const [y, m, d] = assessedOn.split('-').map(Number);
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}
