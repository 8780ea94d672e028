// Chinese names for the catalogue, providers and caregivers, shared by server messages and the
// web UI (one place per feature, for translation later).
import type { ServiceCategory, ServiceUnit } from '../core/catalogue/categories.js';
import type { CaregiverStatus, CertificateKind, Skill } from '../core/caregivers/certificates.js';
import type { Satisfaction } from '../core/providers/rules.js';
import { LEVEL_LABELS } from '../core/feedback/sms-reply.js';

export const CATEGORY_NAMES: Record<ServiceCategory, string> = {
  daily_care: '生活照料',
  medical: '医疗卫生',
  rehab: '保健康复',
  emotional: '心理慰藉',
  legal: '法律咨询',
  housekeeping: '家政便民',
  appliance: '家电维修',
  recreation: '娱乐学习',
  companionship: '日常陪护',
  hospice: '临终关怀',
  meals: '饮食服务',
};

export const UNIT_LABELS: Record<ServiceUnit, string> = { visit: '次', hour: '小时', meal: '餐', item: '件' };

export const SKILL_LABELS: Record<Skill, string> = {
  personal_care: '生活护理',
  bathing: '助浴',
  haircut: '理发',
  cleaning: '保洁',
  laundry: '洗衣缝补',
  cooking: '烹饪',
  meal_delivery: '送餐',
  shopping: '代购代办',
  escort: '陪同外出',
  health_monitoring: '健康监测',
  nursing: '医疗护理',
  rehab_massage: '康复按摩',
  rehab_training: '康复训练',
  counselling: '心理疏导',
  companionship: '陪伴聊天',
  night_care: '夜间陪护',
  hospice: '临终关怀',
  legal: '法律服务',
  appliance_repair: '家电维修',
  plumbing_electrical: '水电维修',
  recreation: '文体活动',
  tcm_therapy: '中医理疗',
};

export const CERTIFICATE_LABELS: Record<CertificateKind, string> = {
  health: '健康证',
  care_worker: '养老护理员职业技能等级证书',
  nurse: '护士执业证书',
  doctor: '医师执业证书',
  rehab_therapist: '康复治疗师证书',
  psych_counsellor: '心理咨询师证书',
  massage: '保健按摩师证书',
  electrician: '电工作业证',
  lawyer: '律师执业证',
  social_worker: '社会工作者职业资格证书',
  cook: '中式烹调师证书',
  dietitian: '营养配餐员证书',
};

/** 养老护理员职业技能等级: 一级（高级技师）to 五级（初级工）. */
export const CARE_WORKER_LEVELS: Record<number, string> = {
  1: '一级/高级技师',
  2: '二级/技师',
  3: '三级/高级工',
  4: '四级/中级工',
  5: '五级/初级工',
};

export const PROVIDER_KINDS = ['company', 'social_org', 'clinic', 'restaurant', 'housekeeping', 'individual'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];
export const PROVIDER_KIND_LABELS: Record<ProviderKind, string> = {
  company: '养老服务企业',
  social_org: '社会组织',
  clinic: '医疗机构',
  restaurant: '餐饮企业',
  housekeeping: '家政企业',
  individual: '个体工商户',
};

export const PROVIDER_STATUS_LABELS = { pending: '待审核', approved: '已批准', rejected: '未批准' } as const;

export const LICENCE_KINDS = [
  'business_licence',
  'social_org_certificate',
  'medical_licence',
  'food_licence',
  'elderly_care_filing',
  'other',
] as const;
export type LicenceKind = (typeof LICENCE_KINDS)[number];
export const LICENCE_LABELS: Record<LicenceKind, string> = {
  business_licence: '营业执照',
  social_org_certificate: '民办非企业单位登记证书',
  medical_licence: '医疗机构执业许可证',
  food_licence: '食品经营许可证',
  elderly_care_filing: '养老机构备案回执',
  other: '其他证照',
};

export const AGREEMENT_STATES = ['active', 'not_started', 'suspended', 'expired', 'terminated'] as const;
export type AgreementState = (typeof AGREEMENT_STATES)[number];
export const AGREEMENT_STATE_LABELS: Record<AgreementState, string> = {
  active: '履约中',
  not_started: '未开始',
  suspended: '暂停',
  expired: '已到期',
  terminated: '已终止',
};

export const CAREGIVER_STATUS_LABELS: Record<CaregiverStatus, string> = {
  active: '在岗',
  suspended: '暂停派单',
  left: '已离职',
};

// The SMS reply reader needs the words too, so the core holds them.
export const SATISFACTION_LABELS: Record<Satisfaction, string> = LEVEL_LABELS;

export const WEEKDAY_LABELS = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];

export const yuan = (fen: number) => (fen / 100).toFixed(2);
