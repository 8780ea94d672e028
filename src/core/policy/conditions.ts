// Eligibility conditions as data: a tree of all/any/not over facts of the elder's file, stored
// as JSON in a policy version. Evaluation says in Chinese why each condition passed or failed.
import { ageOn } from '../elders/idcard.js';
import type { CategoryType, LivingFlag } from '../elders/categories.js';
import type { Grade } from '../assessment/gb42195.js';
import {
  ABILITY_GRADE_LABELS,
  CATEGORY_LABELS,
  LIVING_FLAG_LABELS,
  SUPPORT_MODE_LABELS,
} from '../../shared/elder-labels.js';

export type Leaf =
  | { field: 'age'; op: 'gte' | 'lt'; value: number }
  | { field: 'category'; op: 'has'; value: CategoryType }
  | { field: 'livingFlag'; op: 'has'; value: LivingFlag }
  | { field: 'abilityGrade'; op: 'in'; value: Grade[] }
  | { field: 'disabilityGrade'; op: 'atMost'; value: 1 | 2 | 3 | 4 }
  | { field: 'hukou'; op: 'eq'; value: 'local' | 'nonlocal' }
  | { field: 'residenceYears'; op: 'gte'; value: number }
  | { field: 'childCanCare'; op: 'eq'; value: boolean }
  // A child (or relative) who lives in the elder's community and can care: 002 第5篇 defines 独居
  // as the absence of one (「与子女不在同一社区居住或虽……在同一社区居住，但子女……不具备照料老人能力」).
  | { field: 'carerInCommunity'; op: 'eq'; value: boolean }
  | { field: 'supportMode'; op: 'eq'; value: 'concentrated' | 'dispersed' };
export type Condition = Leaf | { all: Condition[] } | { any: Condition[] } | { not: Condition };

/** What evaluation needs from an elder's file. */
export interface ElderFacts {
  birthDate: string;
  deathDate: string | null;
  status: 'active' | 'suspended' | 'moved_out' | 'deceased';
  hukou: 'local' | 'nonlocal';
  residenceYears: number | null;
  livingFlags: readonly string[];
  categories: readonly {
    type: string;
    validUntil?: string | null;
    disabilityGrade?: number | null;
    supportMode?: string | null;
  }[];
  abilityGrade: Grade | null;
  contacts: readonly { canCare: boolean; sameCommunity?: boolean }[];
}

const carerNearby = (e: ElderFacts) => e.contacts.some((x) => x.canCare && x.sameCommunity === true);

export interface ConditionResult {
  pass: boolean;
  reasons: string[];
}

const CATEGORY_NAMES: Record<string, string> = CATEGORY_LABELS;
const FLAG_NAMES: Record<string, string> = LIVING_FLAG_LABELS;
const GRADE_NAMES: Record<string, string> = ABILITY_GRADE_LABELS;

function leaf(c: Leaf, e: ElderFacts, date: string): ConditionResult {
  switch (c.field) {
    case 'age': {
      const age = ageOn(e.birthDate, date);
      const pass = c.op === 'gte' ? age >= c.value : age < c.value;
      const reason =
        c.op === 'gte'
          ? pass
            ? `年龄 ${age} 岁，满 ${c.value} 岁`
            : `年龄 ${age} 岁，未满 ${c.value} 岁`
          : pass
            ? `年龄 ${age} 岁，不满 ${c.value} 岁`
            : `年龄 ${age} 岁，已满 ${c.value} 岁`;
      return { pass, reasons: [reason] };
    }
    case 'category': {
      const cat = e.categories.find((x) => x.type === c.value);
      const name = CATEGORY_NAMES[c.value];
      if (!cat) return { pass: false, reasons: [`不属于${name}`] };
      // Expired evidence does not prove the category any more.
      if (cat.validUntil && cat.validUntil < date)
        return { pass: false, reasons: [`${name}证明已于 ${cat.validUntil} 过期`] };
      return { pass: true, reasons: [`属于${name}`] };
    }
    case 'livingFlag': {
      const pass = e.livingFlags.includes(c.value);
      return { pass, reasons: [pass ? FLAG_NAMES[c.value] : `非${FLAG_NAMES[c.value]}`] };
    }
    case 'abilityGrade': {
      const names = c.value.map((g) => GRADE_NAMES[g]).join('或');
      if (!e.abilityGrade) return { pass: false, reasons: [`尚无能力评估，须为${names}`] };
      const pass = c.value.includes(e.abilityGrade);
      return {
        pass,
        reasons: [
          pass ? `能力等级为${GRADE_NAMES[e.abilityGrade]}` : `能力等级为${GRADE_NAMES[e.abilityGrade]}，须为${names}`,
        ],
      };
    }
    case 'disabilityGrade': {
      const cat = e.categories.find((x) => x.type === 'disability');
      if (!cat?.disabilityGrade)
        return {
          pass: false,
          reasons: [`无残疾证，须为${c.value === 1 ? '一级' : `一至${'一二三四'[c.value - 1]}级`}残疾`],
        };
      const pass = cat.disabilityGrade <= c.value;
      return {
        pass,
        reasons: [
          `残疾等级${'一二三四'[cat.disabilityGrade - 1]}级${pass ? '' : `，须为一至${'一二三四'[c.value - 1]}级`}`,
        ],
      };
    }
    case 'hukou': {
      const pass = e.hukou === c.value;
      return {
        pass,
        reasons: [
          pass ? (c.value === 'local' ? '本地户籍' : '外地户籍') : c.value === 'local' ? '非本地户籍' : '本地户籍',
        ],
      };
    }
    case 'residenceYears': {
      const years = e.residenceYears ?? 0;
      const pass = years >= c.value;
      return { pass, reasons: [`本地居住 ${years} 年，${pass ? '满' : '不满'} ${c.value} 年`] };
    }
    case 'childCanCare': {
      const has = e.contacts.some((x) => x.canCare);
      const pass = has === c.value;
      return { pass, reasons: [has ? '有能照料的子女或亲属' : '无能照料的子女或亲属'] };
    }
    case 'carerInCommunity': {
      const has = carerNearby(e);
      const pass = has === c.value;
      return { pass, reasons: [has ? '有同社区居住且能照料的子女或亲属' : '无同社区居住且能照料的子女或亲属'] };
    }
    case 'supportMode': {
      const mode = e.categories.find((x) => x.type === 'tekun')?.supportMode;
      const pass = mode === c.value;
      return {
        pass,
        reasons: [mode ? SUPPORT_MODE_LABELS[mode as keyof typeof SUPPORT_MODE_LABELS] : '非特困供养对象'],
      };
    }
  }
}

/** Whether a condition holds, without building the explanation (for bulk recomputation). */
export function holds(c: Condition, e: ElderFacts, date: string): boolean {
  if ('all' in c) return c.all.every((x) => holds(x, e, date));
  if ('any' in c) return c.any.some((x) => holds(x, e, date));
  if ('not' in c) return !holds(c.not, e, date);
  switch (c.field) {
    case 'age': {
      const age = ageOn(e.birthDate, date);
      return c.op === 'gte' ? age >= c.value : age < c.value;
    }
    case 'category': {
      const cat = e.categories.find((x) => x.type === c.value);
      return !!cat && !(cat.validUntil && cat.validUntil < date);
    }
    case 'livingFlag':
      return e.livingFlags.includes(c.value);
    case 'abilityGrade':
      return e.abilityGrade !== null && c.value.includes(e.abilityGrade);
    case 'disabilityGrade': {
      const g = e.categories.find((x) => x.type === 'disability')?.disabilityGrade;
      return !!g && g <= c.value;
    }
    case 'hukou':
      return e.hukou === c.value;
    case 'residenceYears':
      return (e.residenceYears ?? 0) >= c.value;
    case 'childCanCare':
      return e.contacts.some((x) => x.canCare) === c.value;
    case 'carerInCommunity':
      return carerNearby(e) === c.value;
    case 'supportMode':
      return e.categories.find((x) => x.type === 'tekun')?.supportMode === c.value;
  }
}

export function evaluateCondition(c: Condition, e: ElderFacts, date: string): ConditionResult {
  if ('all' in c) {
    const parts = c.all.map((x) => evaluateCondition(x, e, date));
    const pass = parts.every((p) => p.pass);
    // All passed: every reason; failed: only the failures explain why.
    return { pass, reasons: (pass ? parts : parts.filter((p) => !p.pass)).flatMap((p) => p.reasons) };
  }
  if ('any' in c) {
    const parts = c.any.map((x) => evaluateCondition(x, e, date));
    const hit = parts.find((p) => p.pass);
    return hit
      ? { pass: true, reasons: hit.reasons }
      : { pass: false, reasons: [`以下均不满足：${parts.flatMap((p) => p.reasons).join('；')}`] };
  }
  if ('not' in c) {
    const inner = evaluateCondition(c.not, e, date);
    return { pass: !inner.pass, reasons: inner.reasons };
  }
  return leaf(c, e, date);
}
