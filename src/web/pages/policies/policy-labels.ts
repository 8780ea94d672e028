// The policy page's words, in one place.
export const POLICY_LABELS = {
  source: '依据',
  noSource: '本区自定（未注明来源文件）',
  expand: '展开',
  base: '基本条件',
  costShare: '区 : 街道分担',
  notice: '公示',
  deadlines: '审批时限',
  deadlineText: (d: { community: number; street: number; district: number }) =>
    `社区 ${d.community} · 街道 ${d.street} · 区 ${d.district} 个工作日`,
  carry: '结转',
  carryText: '未用完的服务时数可在同一年度内结转使用',
  classCol: '类别',
  conditionCol: '条件（依次判断，符合即归入）',
  benefitCol: '待遇',
  example: '示例值',
  exampleHint: '来源文件未给出此值，须由区县设定',
  examplesAlert: '标为“示例值”的内容来源文件未给出，须由区县核定后以新版本设定。',
  templates: (n: number) => `其他地方的标准（${n} 种，可采用为新版本）`,
  adopt: '以此新增版本',
  adoptNote: (title: string) => `采用：${title}`,
} as const;
