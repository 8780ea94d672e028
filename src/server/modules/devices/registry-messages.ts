// What the device registry, location and free-terminal routes say to people, in one place.
export const REGISTRY_MESSAGES = {
  notFound: '设备不存在或不在您的管辖范围内',
  duplicateKey: (key: string) => `同一接入协议下设备编号「${key}」已登记`,
  retired: '该设备已停用，不能再修改或绑定',
  alreadyBound: '该设备已绑定这位老人',
  notBound: '该设备未绑定老人',
  elderGone: '老人已故或已迁出，不能绑定设备',
  elderNotFound: '老人不存在或不在您的管辖范围内',
  regionLevel: '设备所属区域须在您的管辖范围内',
  rangeOrder: '起始时间须早于结束时间',
  rangeTooLong: (days: number) => `查询范围最长 ${days} 天`,
  fenceNotFound: '安全区域不存在',
  noFix: '该老人的设备还没有有效定位，无法共享位置',
  shareSms: (p: {
    name: string;
    age: number;
    lat: number;
    lng: number;
    at: string;
    minutes: number;
    accuracy: number | null;
    address: string;
    hotline: string;
    note: string | null;
  }) =>
    `【颐养】走失协查：${p.name}（${p.age}岁）最后定位 ${p.at}（${p.minutes}分钟前）` +
    `，纬度${p.lat.toFixed(5)} 经度${p.lng.toFixed(5)}（WGS-84${p.accuracy != null ? `，误差约${Math.round(p.accuracy)}米` : ''}）` +
    `；住址${p.address}。${p.note ? `${p.note}。` : ''}请协助寻找，发现请联系 ${p.hotline}。`,
  wanderingNote: (fences: string) => `离开安全区域（${fences}）：老人有认知障碍，请联系家属并查看轨迹`,
} as const;
