// What the appropriation routes say, in one place.
export const APPROPRIATION_MESSAGES = {
  districtOnly: '季度拨付由区级编制和拨付',
  streetOnly: '只有收款街道可以确认到账',
  notFound: '拨付记录不存在或不在您的管辖范围内',
  notPlanned: '该笔拨付已拨出，不能重复拨付',
  notSent: '该笔拨付尚未拨出或已确认到账',
  STATE_LABELS: { planned: '待拨付', sent: '已拨付', received: '已到账' },
} as const;
