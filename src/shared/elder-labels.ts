// Chinese names for the elder registry's enumerations, shared by server messages, Excel
// templates and the web UI.
import type { CategoryType, DisabilityType, LivingFlag } from '../core/elders/categories.js';

export const CATEGORY_LABELS: Record<CategoryType, string> = {
  sanwu: '三无',
  dibao: '低保',
  dibao_edge: '低保边缘',
  tekun: '特困/五保',
  youfu: '重点优抚',
  honour: '劳模/荣誉称号',
  expert: '离退休专家/代表',
  disability: '残疾',
  wulao: '革命“五老”人员',
  risk_illness: '患突发风险疾病',
  recognised: '当地政府认定的困难老人',
};

export const LIVING_FLAG_LABELS: Record<LivingFlag, string> = {
  alone: '独居',
  empty_nest: '空巢',
  left_behind: '留守',
  with_disabled_kin: '仅与重度残疾子女或配偶同住',
};

export const DISABILITY_TYPE_LABELS: Record<DisabilityType, string> = {
  vision: '视力',
  hearing: '听力',
  speech: '言语',
  physical: '肢体',
  intellectual: '智力',
  mental: '精神',
  multiple: '多重',
};

export const SUPPORT_MODE_LABELS = { concentrated: '集中供养', dispersed: '分散供养' } as const;

export const ELDER_STATUS_LABELS = {
  active: '在册',
  suspended: '暂停服务',
  moved_out: '已迁出',
  deceased: '已故',
} as const;

export const HUKOU_LABELS = { local: '本地户籍', nonlocal: '外地户籍' } as const;

export const SEX_LABELS = { M: '男', F: '女' } as const;

export const EVIDENCE_FIELD_LABELS = {
  certificateNo: '证件编号',
  validUntil: '有效期至',
  supportMode: '供养方式',
  disabilityGrade: '残疾等级',
  disabilityType: '残疾类型',
  title: '称号/说明',
} as const;

export const ABILITY_GRADE_LABELS = {
  intact: '能力完好',
  mild: '轻度失能',
  moderate: '中度失能',
  severe: '重度失能',
  complete: '完全失能',
} as const;

export const AGE_BANDS = [
  { key: '60-69', label: '60-69 岁', min: 60, max: 69 },
  { key: '70-79', label: '70-79 岁', min: 70, max: 79 },
  { key: '80-89', label: '80-89 岁', min: 80, max: 89 },
  { key: '90+', label: '90 岁及以上', min: 90, max: null },
] as const;

export const NEED_LABELS = {
  meals: '助餐',
  cleaning: '保洁',
  bathing: '助浴',
  medical: '医疗护理',
  rehabilitation: '康复训练',
  companionship: '陪伴与精神慰藉',
  emergency: '紧急救助',
  day_care: '日间照料',
  shopping: '代购代办',
  repair: '维修',
  legal: '法律咨询',
} as const;

export const SUMMARY_GROUP_LABELS = {
  all: '全部',
  alone_or_empty_nest: '独居/空巢',
  poor: '困难（三无、低保、低保边缘、特困）',
  disabled: '失能/残疾',
  centenarian: '百岁老人',
} as const;

export const ASSESSMENT_REASON_LABELS = {
  first: '首次评估',
  routine: '常规评估',
  change: '状况变化',
  review: '复评',
} as const;

export const DOCUMENT_KIND_LABELS = {
  application_form: '申请审批表（申请评审表）',
  id_copy: '身份证复印件',
  dibao_certificate: '最低生活保障证复印件',
  edge_certificate: '低保边缘家庭资格认定审批档案',
  sanwu_certificate: '三无人员证明（社区、街道出具）',
  residence_proof: '与子女不在同一社区居住的证明',
  household_register: '户口簿',
  low_income_proof: '低收入证明（原工作单位或劳动部门开具）',
  photo: '二寸免冠照片',
  disability_certificate: '残疾证复印件',
  other: '其他材料',
} as const;
