// Frames a simulated watch sends, in the shapes real watches send them (the captured frames in
// watch-protocol.test.ts): `[3G*id*LEN*LK,steps,tumbles,battery]`, positions as
// `UD,DDMMYY,HHMMSS,A,lat,N,lng,E,speed,course,altitude,satellites,signal,battery,steps,tumbles,
// status,…cells` and alarms as the same fields under AL with the alarm bits of the status word set
// (Traccar's decodeAlarm: 16 SOS, 17 low battery, 21 fall). ZJ firmware's serial field is optional.
// Used by the simulator (scripts/simulate-devices.ts) and the bench; decodeWatchFrame reads every
// frame built here back into the events it was built from (simulated-watch.test.ts).
//
// Pure: no clock, no randomness — the caller says the time and the values.

export type SimulatedAlarm = 'sos' | 'fall' | 'low_battery';

/** The status word's alarm bits (high 16 bits), as watch-protocol.ts reads them. */
export const STATUS_ALARM_BITS: Record<SimulatedAlarm, number> = {
  sos: 1 << 16,
  low_battery: 1 << 17,
  fall: 1 << 21,
};

export interface WatchIdentity {
  /** Two characters: 3G, SG, CS, ZJ. */
  vendor: string;
  deviceId: string;
  /** ZJ's four-hex-digit serial number, sent before LEN; null for other vendors. */
  serial?: string | null;
}

export interface WatchReading {
  /** Device time; written as UTC DDMMYY HHMMSS, as watches set to UTC send it. */
  at: Date;
  /** WGS-84 degrees. */
  lat: number;
  lng: number;
  /** A (a GPS fix) or V (no fix: the watch repeats its last one). */
  valid: boolean;
  speedKmh?: number;
  course?: number;
  altitude?: number;
  satellites?: number;
  /** GSM signal 0–100 and battery percent. */
  signal: number;
  battery: number;
  steps?: number;
  tumbles?: number;
}

/** `[VV*ID*(SSSS*)LLLL*content]`, LEN the content's length in four upper-case hex digits. */
export function watchFrame(id: WatchIdentity, content: string): string {
  const len = Buffer.byteLength(content, 'latin1').toString(16).toUpperCase().padStart(4, '0');
  const serial = id.serial ? `${id.serial}*` : '';
  return `[${id.vendor}*${id.deviceId}*${serial}${len}*${content}]`;
}

/** The heartbeat: LK,steps,tumbles,battery (the Beesure form the gateway answers with LK). */
export function lkFrame(id: WatchIdentity, v: { steps: number; tumbles?: number; battery: number }): string {
  return watchFrame(id, `LK,${v.steps},${v.tumbles ?? 0},${Math.round(v.battery)}`);
}

const two = (n: number) => String(n).padStart(2, '0');
const dateField = (d: Date) => `${two(d.getUTCDate())}${two(d.getUTCMonth() + 1)}${two(d.getUTCFullYear() % 100)}`;
const timeField = (d: Date) => `${two(d.getUTCHours())}${two(d.getUTCMinutes())}${two(d.getUTCSeconds())}`;

/**
 * The fields UD and AL share, from the date to the status word, then one serving cell (China
 * Mobile, MCC 460) and no Wi-Fi, as the captured Chinese frames have.
 */
function positionFields(r: WatchReading, status: number): string {
  const lat = `${Math.abs(r.lat).toFixed(6)},${r.lat < 0 ? 'S' : 'N'}`;
  const lng = `${Math.abs(r.lng).toFixed(7)},${r.lng < 0 ? 'W' : 'E'}`;
  return [
    dateField(r.at),
    timeField(r.at),
    r.valid ? 'A' : 'V',
    lat,
    lng,
    (r.speedKmh ?? 0).toFixed(2),
    (r.course ?? 0).toFixed(1),
    (r.altitude ?? 0).toFixed(1),
    r.satellites ?? (r.valid ? 7 : 0),
    Math.round(r.signal),
    Math.round(r.battery),
    r.steps ?? 0,
    r.tumbles ?? 0,
    (status >>> 0).toString(16).toUpperCase().padStart(8, '0'),
    '1,1,460,0,9360,4082,131,0',
  ].join(',');
}

/** A position: UD (live), UD2 (a blind-spot upload of one kept while out of coverage) or UD_LTE. */
export function udFrame(id: WatchIdentity, r: WatchReading, type: 'UD' | 'UD2' | 'UD_LTE' = 'UD'): string {
  return watchFrame(id, `${type},${positionFields(r, 0)}`);
}

/** An alarm: AL with the status word's bits for each alarm (several at once are all read). */
export function alFrame(id: WatchIdentity, r: WatchReading, alarms: readonly SimulatedAlarm[]): string {
  const status = alarms.reduce((s, a) => s | STATUS_ALARM_BITS[a], 0);
  return watchFrame(id, `AL,${positionFields(r, status)}`);
}

/** Blood pressure and heart rate as bphrt,systolic,diastolic,heart rate,,,, (no time of its own). */
export function bphrtFrame(id: WatchIdentity, v: { systolic: number; diastolic: number; heartRate: number }) {
  return watchFrame(id, `bphrt,${v.systolic},${v.diastolic},${v.heartRate},,,,`);
}

/** The reply frames the gateway sends, as the simulator reads them: type and device id. */
export function parseReply(frame: string): { deviceId: string; type: string } | null {
  const m = /^\[([A-Za-z0-9]{2})\*([A-Za-z0-9]+)\*(?:[0-9A-Fa-f]{4}\*)?[0-9A-Fa-f]{4}\*([^,\]]*)/.exec(frame);
  return m ? { deviceId: m[2]!, type: m[3]! } : null;
}
