// Every setting comes from the environment, read once here. README lists them.
import path from 'node:path';

function int(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`环境变量 ${name} 应为正整数，实际为 "${raw}"`);
  return n;
}

/** A port to listen on; 0 leaves that listener off. */
function port(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new Error(`环境变量 ${name} 应为 0–65535 的端口号（0 表示不开启），实际为 "${raw}"`);
  return n;
}

function atLeast(name: string, fallback: number, min: number, why: string): number {
  const n = int(name, fallback);
  if (n < min) throw new Error(`环境变量 ${name} 不能小于 ${min}（${why}），实际为 ${n}`);
  return n;
}

function origin(name: string, raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  try {
    const u = new URL(raw);
    if (u.protocol === 'http:' || u.protocol === 'https:') return u.origin;
  } catch {
    // Falls through to the message below.
  }
  throw new Error(`环境变量 ${name} 应为网址，如 https://yiyang.example.gov.cn，实际为 "${raw}"`);
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** PostgreSQL connections per server. */
  dbPoolSize: number;
  demo: boolean;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  bodyLimitBytes: number;
  logLevel: string;
  cookieSecure: boolean;
  trustProxy: boolean;
  /**
   * The address users open (e.g. https://yiyang.example.gov.cn) when a proxy in front does not pass
   * the Host they used: state-changing requests from pages of this origin are accepted as well as
   * from the server's own.
   */
  publicOrigin: string | undefined;
  webDir: string;
  dataKey: string | undefined;
  /** The key a PBX or call-centre system sends to post incoming calls (screen-pop). */
  telephonyApiKey: string | undefined;
  /** An HTTP SMS gateway; without a URL, messages are written to the log (development). */
  smsGatewayUrl: string | undefined;
  smsGatewayKey: string | undefined;
  /** The key the SMS gateway sends when it posts an elder's reply. */
  smsInboundKey: string | undefined;
  /** Login requests one address may make per minute, right or wrong. */
  loginRatePerMinute: number;
  /** Full ID numbers or phones one user may reveal per hour; beyond it the district is alerted and reveals wait. */
  revealsPerHour: number;
  /**
   * Days login attempts are kept for the lockout and for investigations. 网络安全法 第二十一条
   * asks for network logs to be kept at least six months, so less than 183 is refused.
   */
  loginAttemptRetentionDays: number;
  /** Days an uploaded roster is kept after its import ends (for the error file and resuming). */
  rosterRetentionDays: number;
  /** The watch protocol's TCP port ([3G*id*LEN*…] frames); 0 turns the gateway off. */
  watchGatewayPort: number;
  /**
   * The MQTT broker devices and vendor gateways publish to. Without one, an embedded broker
   * (aedes) listens on mqttEmbeddedPort so the zero-setup start needs nothing installed; 0 turns
   * MQTT off.
   */
  mqttUrl: string | undefined;
  mqttEmbeddedPort: number;
  /** Where the embedded broker listens: this machine only unless set (e.g. 0.0.0.0 for devices on the network). */
  mqttEmbeddedHost: string;
  /** The shared secret vendor clouds sign webhook posts with (HMAC-SHA256); without one the webhook is off. */
  deviceWebhookSecret: string | undefined;
  /** Days device positions and trips are kept. */
  positionRetentionDays: number;
  /** An optional map tile URL template ({z}/{x}/{y}) and the datum its tiles use; none draws boundaries only. */
  mapTileUrl: string | undefined;
  mapTileDatum: 'wgs84' | 'gcj02' | 'bd09';
}

function datum(raw: string | undefined): Config['mapTileDatum'] {
  if (raw === undefined || raw === '' || raw === 'wgs84') return 'wgs84';
  if (raw === 'gcj02' || raw === 'bd09') return raw;
  throw new Error(`环境变量 MAP_TILE_DATUM 应为 wgs84、gcj02 或 bd09，实际为 "${raw}"`);
}

export function loadConfig(env = process.env): Config {
  return {
    port: int('PORT', 3000),
    host: env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(env.DATA_DIR ?? 'data'),
    databaseUrl: env.DATABASE_URL || undefined,
    dbPoolSize: int('DB_POOL_SIZE', 20),
    demo: env.DEMO !== '0',
    sessionIdleMinutes: int('SESSION_IDLE_MINUTES', 30),
    sessionAbsoluteHours: int('SESSION_ABSOLUTE_HOURS', 12),
    bodyLimitBytes: int('BODY_LIMIT_BYTES', 1_048_576),
    logLevel: env.LOG_LEVEL ?? 'info',
    cookieSecure: env.COOKIE_SECURE === '1',
    trustProxy: env.TRUST_PROXY === '1',
    publicOrigin: origin('PUBLIC_ORIGIN', env.PUBLIC_ORIGIN),
    webDir: path.resolve(env.WEB_DIR ?? 'dist/web'),
    dataKey: env.DATA_KEY || undefined,
    telephonyApiKey: env.TELEPHONY_API_KEY || undefined,
    smsGatewayUrl: env.SMS_GATEWAY_URL || undefined,
    smsGatewayKey: env.SMS_GATEWAY_KEY || undefined,
    smsInboundKey: env.SMS_INBOUND_KEY || undefined,
    loginRatePerMinute: int('LOGIN_RATE_PER_MINUTE', 20),
    revealsPerHour: int('REVEALS_PER_HOUR', 30),
    rosterRetentionDays: int('ROSTER_RETENTION_DAYS', 7),
    watchGatewayPort: port('WATCH_GATEWAY_PORT', 5091),
    mqttUrl: env.MQTT_URL || undefined,
    mqttEmbeddedPort: port('MQTT_EMBEDDED_PORT', 1884),
    mqttEmbeddedHost: env.MQTT_EMBEDDED_HOST || '127.0.0.1',
    deviceWebhookSecret: env.DEVICE_WEBHOOK_SECRET || undefined,
    positionRetentionDays: int('POSITION_RETENTION_DAYS', 90),
    mapTileUrl: env.MAP_TILE_URL || undefined,
    mapTileDatum: datum(env.MAP_TILE_DATUM),
    loginAttemptRetentionDays: atLeast('LOGIN_ATTEMPT_RETENTION_DAYS', 190, 183, '网络日志须留存不少于六个月'),
  };
}
