// Chinese names for audit actions and entity types shown on the audit page.
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'auth.login': '登录',
  'auth.login_failed': '登录失败',
  'auth.logout': '退出登录',
  'user.create': '新建账户',
  'user.update': '修改账户',
  'user.reset_password': '重置密码',
  'user.password_changed': '修改本人密码',
  'user.unlock': '解除锁定',
  'region.create': '新建区域',
  'region.update': '修改区域',
  'region.delete': '删除区域',
  'elder.create': '新建老人档案',
  'elder.update': '修改老人档案',
  'elder.transfer': '转移社区',
  'elder.status': '变更状态',
  'elder.reveal': '查看完整个人信息',
  'elder.assess': '能力评估',
  'elder.survey': '需求调查',
  'elder.export': '导出老人名册',
  'elder.import': '导入老人名册',
  'elder.import_batch': '导入一批档案',
  'demo.load': '载入演示数据',
  'system.init': '系统初始化',
};

export const AUDIT_ENTITY_LABELS: Record<string, string> = {
  user: '账户',
  region: '区域',
  elder: '老人档案',
  import: '导入任务',
  system: '系统',
};
