// The map's user-facing text, in one place.
export const MAP_LABELS = {
  noBoundaries: '尚未上传区域边界：地图只画出标记点',
  useMyPosition: '使用我的位置',
  locating: '正在定位…',
  geolocationUnsupported: '此浏览器不能定位',
  geolocationDenied: '未允许定位，请在地图上点选',
  geolocationFailed: '定位失败，请在地图上点选',
  pickHint: '在地图上点击选取位置',
  picked: (lat: number, lng: number) => `已选：纬度 ${lat.toFixed(6)}，经度 ${lng.toFixed(6)}`,
  notPicked: '尚未选取位置',
  clear: '清除',
  accuracy: (m: number) => `精度约 ${Math.round(m)} 米`,
  drawHint: '用左上角的多边形工具画出服务范围；拖动顶点可修改，画完后保存',
  points: (n: number) => `${n} 个顶点`,
} as const;
