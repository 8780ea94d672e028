import { CATEGORY_LABELS, EVIDENCE_FIELD_LABELS } from '../../../shared/elder-labels.js';
import type { CategoryType } from '../../../core/elders/categories.js';

export const ELDER_MESSAGES = {
  notFound: '老人档案不存在或不在您的管辖范围内',
  duplicate: (where: string) => `该身份证号已在「${where}」建档，不能重复建档；如老人已搬迁，请由原社区办理转移`,
  /** Outside the caller's jurisdiction: where the person lives is not the caller's to learn. */
  duplicateElsewhere: '该身份证号已在其他辖区建档；如需迁入，请联系街道办理转移',
  regionLevel: '老人应归属到社区（村）或网格',
  evidenceMissing: (type: CategoryType, field: keyof typeof EVIDENCE_FIELD_LABELS) =>
    `「${CATEGORY_LABELS[type]}」须填写${EVIDENCE_FIELD_LABELS[field]}`,
  duplicateCategory: (type: CategoryType) => `「${CATEGORY_LABELS[type]}」重复`,
  useTransfer: '更换所属社区请使用“转移”，以保留迁移记录',
  sameCommunity: '转入社区与当前社区相同',
  deathDateRequired: '标记为已故须填写去世日期',
  deathDateFuture: '去世日期不能晚于今天',
  deathDateBeforeBirth: '去世日期不能早于出生日期',
  deathDateOnlyDeceased: '只有“已故”状态需要去世日期',
  deceasedFinal: '已故老人的档案不能再更改状态',
  noPhone: '该老人没有登记电话',
  noContact: '没有这个联系人或联系人未登记电话',
  noCertificate: '该老人没有这一类别，或该类别未登记证件编号',
} as const;
