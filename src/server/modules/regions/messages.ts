export const REGION_MESSAGES = {
  codeProblem: {
    format: '区划代码格式不正确：区、街道、社区为 12 位数字，网格为 15 位',
    level_shape:
      '区划代码与层级不符：区为 6 位有效数字加 000000，街道为 9 位加 000，社区为 12 位（末三位非 000），网格在社区代码后加 3 位',
    not_under_parent: '区划代码应以上级区域的代码开头',
  },
  codeTaken: (name: string) => `区划代码已被「${name}」使用`,
  noChildLevel: '网格下不能再建下级区域',
  hasChildren: '该区域下还有下级区域，不能删除',
  codeLockedByChildren: '该区域下已有下级区域，不能修改区划代码',
  inUse: (n: number) => `该区域仍有 ${n} 个账户或机构使用，不能删除`,
  bothCoordinates: '经度和纬度须同时填写或同时留空',
} as const;
