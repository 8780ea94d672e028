// What the alarm routes say to people, in one place.
export const ALARM_MESSAGES = {
  notFound: '警情不存在或不在您的管辖范围内',
  acknowledgedBy: (who: string, at: string) => `该警情已由 ${who} 于 ${at} 接警`,
  closedAlready: '该警情已结案；设备再次报警会生成新的警情',
  notAcknowledged: '请先接警，再记录处置或结案',
  noElder: '该设备未绑定老人，不能派单或通知联系人',
  noContact: '没有这位联系人',
  contactNoPhone: '这位联系人没有登记电话',
  itemUnknown: '服务项目不存在或已停用',
  noLocation: '老人住址和报警位置都没有坐标，无法派单',
  elderGone: (status: string) => `老人档案状态为“${status}”，不能派单`,
  rangeOrder: '开始日期不能晚于结束日期',
  rangeTooLong: '统计区间最长 366 天',
  sms: (p: { elderName: string; address: string; type: string; time: string; hotline: string }) =>
    `【颐养】${p.elderName}（${p.address}）于 ${p.time} 发出${p.type}，呼叫中心已接警，请尽快上门查看并回电 ${p.hotline}。`,
  smsNote: (to: string) => `短信已发往 ${to}`,
  dispatchedNote: (orderId: number, who: string | null) =>
    who ? `紧急工单 ${orderId}，已派 ${who}` : `紧急工单 ${orderId}，暂无可派人员，已列入待派单`,
  orderNotes: (caseId: number, type: string) => `警情 ${caseId}（${type}）紧急派单`,
} as const;
