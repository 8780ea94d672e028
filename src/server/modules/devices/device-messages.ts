// What the device ingestion paths (the vendor-cloud webhook) say to their callers, in one place.
export const DEVICE_MESSAGES = {
  webhookOff: '设备推送接口未启用（未配置 DEVICE_WEBHOOK_SECRET）',
  signatureTitle: '签名无效',
  signatureMissing: '缺少请求头 X-Yiyang-Timestamp 或 X-Yiyang-Signature',
  timestampFormat: '请求头 X-Yiyang-Timestamp 应为 Unix 时间（秒）',
  signatureFormat: '请求头 X-Yiyang-Signature 应为 sha256=<64 位十六进制 HMAC>',
  signatureWrong: '请求签名不正确：应为以密钥对「时间戳.请求体原文」计算的 HMAC-SHA256',
  timestampStale: (minutes: number) => `请求时间戳与服务器时间相差超过 ${minutes} 分钟，请校准时钟后重新签名`,
  replay: '该签名的请求已经处理过（重放被拒绝）；重发请用新的时间戳重新签名',
} as const;
