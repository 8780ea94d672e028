import type { CertificateProblem } from '../../../core/caregivers/certificates.js';

export const CAREGIVER_MESSAGES = {
  notFound: '服务人员不存在或不在您的管辖范围内',
  duplicate: (provider: string) => `该身份证号已登记为「${provider}」的服务人员；转到本机构请先由原机构办理离职`,
  providerInvalid: '服务机构不存在、不在您的管辖范围内或未通过审核',
  healthRequired: '新登记的服务人员须录入健康证（未取得健康证的人员不能派单）',
  healthExpiry: '健康证须填写有效期至',
  certificate: {
    expiry_before_issue: '有效期至不能早于发证日期',
    issued_in_future: '发证日期不能晚于今天',
    level_not_allowed: '只有养老护理员证书有等级',
    level_out_of_range: '养老护理员证书须填写等级（一级至五级）',
  } satisfies Record<CertificateProblem, string>,
  certificateNotFound: '证书不存在',
  certificateArchived: '该证书已归档',
  statusSame: '状态没有变化',
  leftFinal: '已离职人员不能再变更状态；重新入职请新建记录',
  photoType: '照片只接受 JPEG 或 PNG',
  photoSize: '照片不能超过 2 MB',
  photoMissing: '没有照片',
  noFile: '请选择照片文件',
} as const;
