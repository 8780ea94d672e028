export const ORDER_MESSAGES = {
  notFound: '工单不存在或不在您的管辖范围内',
  elderGone: (status: string) => `老人档案状态为「${status}」，不能下单`,
  notEligible: (reasons: string) => `老人在服务日不符合居家养老服务条件：${reasons}`,
  startPast: '开始时间不能早于现在',
  itemUnknown: '服务项目不存在或已停用',
  noPrice: (name: string, date: string) => `「${name}」在 ${date} 没有统一价`,
  noLocation: '老人档案没有坐标，请在工单中填写服务地点的经纬度',
  caregiverUnfit: (reasons: string) => `不能派给该服务人员：${reasons}`,
  noCandidate: '没有符合条件的服务人员（服务区域、技能、证书、工作时间或已有工单）',
  changed: '工单状态已变化，请刷新后重试',
  // 000 范文3 L119: 「……确认当天的服务项目和服务时间,待服务工单确认后,再进行工单分配」
  notConfirmed: '工单尚未与老人确认当天的服务项目和服务时间，确认后才能派单',
  noActor: '您的角色不能处理工单',
  batchRegionOnly: '批量派单由区或街道的调度人员办理',
  reviewLevel: '您的角色不能审核核验异常',
} as const;
