// The watch protocol most Chinese elderly and children's GPS watches speak over TCP (vendors 3G,
// SG, CS, ZJ…): frames `[VENDOR*DEVICEID*LEN*CONTENT]`, LEN four hex digits, and ZJ firmware adds a
// four-hex-digit serial number before LEN — `[ZJ*014111001332708*0075*0064*AL,…]` — which every
// reply must echo (`[ZJ*id*0075*0002*AL]`). Content bytes `[` `]` `,` `*` `}` may be escaped as
// `}` followed by 0x02 0x03 0x04 0x05 0x01 (binary voice frames); LEN counts the bytes after
// unescaping. Sources: the open-source Traccar server (WatchFrameDecoder, WatchProtocolDecoder and
// their tests, Apache-2.0 — read for behaviour, no code copied) and the Beesure/SeTracker server
// protocol published by 4P-Touch (LK reply, "the server must reply all LK data").
//
// Real firmware gets LEN wrong often enough (Traccar's captured SG frames declare 3 bytes fewer
// than they carry; an ALCUSTOMER1 frame 13 more), so LEN cannot be the only way to find a frame's
// end — a device waiting for our reply would wait for ever. A frame ends at the first `]` that
// either completes LEN content bytes or closes the opening `[` (brackets balanced, as Traccar
// frames them: Wi-Fi names like `[LG_Wall-Mount A/C]` appear raw inside content). A declared LEN
// above the limit, an unterminated frame or a broken header is dropped and the framer resyncs on
// the next `[`; each drop is reported.
//
// Pure: no I/O and no clock. Device time is the frame's DDMMYY HHMMSS read as UTC, as Traccar
// reads it (Parser.nextDateTime with DateBuilder's UTC default); `clockOffsetMinutes` is there for
// firmware set to local time.
import type { AlarmType, DeviceEvent, Fix } from './device-event.js';

/** The largest content (after unescaping) accepted by default. LEN's own limit is 0xFFFF. */
export const WATCH_DEFAULT_MAX_CONTENT_BYTES = 32 * 1024;

const OPEN = 0x5b; // [
const CLOSE = 0x5d; // ]
const STAR = 0x2a; // *
const ESC = 0x7d; // }
const UNESCAPE: Record<number, number> = { 1: 0x7d, 2: 0x5b, 3: 0x5d, 4: 0x2c, 5: 0x2a };
const MAX_ID_LENGTH = 20;
/** `[` + vendor(2) + `*` + id + `*` + serial(4) + `*` + LEN(4) + `*`. */
const MAX_HEADER_LENGTH = 1 + 2 + 1 + MAX_ID_LENGTH + 1 + 5 + 5;

export interface WatchFrame {
  /** Two characters: 3G, SG, CS, ZJ… Replies carry the same. */
  vendor: string;
  deviceId: string;
  /** ZJ's serial number between the id and LEN (four hex digits), echoed in replies; else null. */
  serial: string | null;
  declaredLength: number;
  /** The content, escapes undone. */
  content: Buffer;
  /** The content's length is not the declared LEN (kept: some firmware miscounts). */
  lengthMismatch: boolean;
}

export type FrameDropReason = 'garbage' | 'malformed_header' | 'oversize' | 'unterminated';
export interface FrameDrop {
  reason: FrameDropReason;
  /** Bytes discarded. */
  bytes: number;
}
export type FramerOutput = { kind: 'frame'; frame: WatchFrame } | { kind: 'drop'; drop: FrameDrop };

export interface FramerStats {
  frames: number;
  drops: number;
  droppedBytes: number;
  lengthMismatches: number;
}

interface Header {
  vendor: string;
  deviceId: string;
  serial: string | null;
  declaredLength: number;
  length: number;
}
type HeaderParse = { status: 'more' } | { status: 'bad' } | ({ status: 'ok' } & Header);

const isAlnum = (b: number) => (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
const isHex = (b: number) => (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66);
const isBlank = (b: number) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === 0x00;

/** Reads `[VV*ID*(SSSS*)LLLL*` at the start of `b`: complete, not yet complete, or not a header. */
function parseHeader(b: Buffer): HeaderParse {
  const n = b.length;
  if (n < 1) return { status: 'more' };
  if (b[0] !== OPEN) return { status: 'bad' };
  for (let i = 1; i <= 2; i++) {
    if (i >= n) return { status: 'more' };
    if (!isAlnum(b[i]!)) return { status: 'bad' };
  }
  if (n <= 3) return { status: 'more' };
  if (b[3] !== STAR) return { status: 'bad' };
  let i = 4;
  while (i < n && b[i] !== STAR) {
    if (!isAlnum(b[i]!) || i - 4 >= MAX_ID_LENGTH) return { status: 'bad' };
    i++;
  }
  if (i >= n) return { status: 'more' };
  if (i === 4) return { status: 'bad' };
  const idEnd = i;
  // A four-hex-digit field and its '*'.
  const field = (at: number): 'more' | 'bad' | 'ok' => {
    for (let k = 0; k < 4; k++) {
      if (at + k >= n) return 'more';
      if (!isHex(b[at + k]!)) return 'bad';
    }
    if (at + 4 >= n) return 'more';
    return b[at + 4] === STAR ? 'ok' : 'bad';
  };
  const first = field(idEnd + 1);
  if (first !== 'ok') return { status: first };
  // A second four-hex-digit field followed by '*' makes the first a serial (Traccar's test).
  const second = field(idEnd + 6);
  if (second === 'more') return { status: 'more' };
  const vendor = b.toString('latin1', 1, 3);
  const deviceId = b.toString('latin1', 4, idEnd);
  const hex = (at: number) => b.toString('latin1', at, at + 4);
  if (second === 'ok') {
    return {
      status: 'ok',
      vendor,
      deviceId,
      serial: hex(idEnd + 1),
      declaredLength: parseInt(hex(idEnd + 6), 16),
      length: idEnd + 11,
    };
  }
  return {
    status: 'ok',
    vendor,
    deviceId,
    serial: null,
    declaredLength: parseInt(hex(idEnd + 1), 16),
    length: idEnd + 6,
  };
}

/** A byte queue that appends in amortised constant time (a frame fed byte by byte stays linear). */
class ByteQueue {
  private store = Buffer.alloc(256);
  private start = 0;
  private end = 0;
  get size(): number {
    return this.end - this.start;
  }
  append(chunk: Buffer): void {
    if (this.end + chunk.length > this.store.length) {
      const needed = this.size + chunk.length;
      if (needed > this.store.length / 2) {
        const grown = Buffer.alloc(Math.max(needed * 2, 256));
        this.store.copy(grown, 0, this.start, this.end);
        this.store = grown;
      } else {
        this.store.copy(this.store, 0, this.start, this.end);
      }
      this.end = this.size;
      this.start = 0;
    }
    chunk.copy(this.store, this.end);
    this.end += chunk.length;
  }
  at(i: number): number {
    return this.store[this.start + i]!;
  }
  /** A view of [from, to): valid until the next append. */
  view(from = 0, to = this.size): Buffer {
    return this.store.subarray(this.start + from, this.start + to);
  }
  indexOf(byte: number, from = 0): number {
    const i = this.store.indexOf(byte, this.start + from);
    return i < 0 || i >= this.end ? -1 : i - this.start;
  }
  consume(n: number): void {
    this.start += Math.min(n, this.size);
    if (this.start === this.end) this.start = this.end = 0;
  }
}

/**
 * A streaming framer: feed bytes as they come (split or coalesced any way), get whole frames and
 * reports of what was dropped. Holds at most one frame's bytes (the limit, escaped, plus a header).
 */
export class WatchFramer {
  readonly stats: FramerStats = { frames: 0, drops: 0, droppedBytes: 0, lengthMismatches: 0 };
  private readonly q = new ByteQueue();
  private header: Header | null = null;
  private scanPos = 0;
  private depth = 1;
  private count = 0;

  constructor(readonly maxContentBytes: number = WATCH_DEFAULT_MAX_CONTENT_BYTES) {}

  /** Bytes held waiting for the rest of a frame. */
  get buffered(): number {
    return this.q.size;
  }

  push(chunk: Buffer): FramerOutput[] {
    const out: FramerOutput[] = [];
    if (chunk.length > 0) this.q.append(chunk);
    const drop = (reason: FrameDropReason, bytes: number) => {
      this.q.consume(bytes);
      this.header = null;
      this.stats.drops++;
      this.stats.droppedBytes += bytes;
      out.push({ kind: 'drop', drop: { reason, bytes } });
    };
    for (;;) {
      if (!this.header) {
        const open = this.q.indexOf(OPEN);
        const skip = open < 0 ? this.q.size : open;
        if (skip > 0) {
          let blank = true;
          for (let i = 0; i < skip && blank; i++) blank = isBlank(this.q.at(i));
          if (blank) this.q.consume(skip);
          else drop('garbage', skip);
        }
        if (open < 0) break;
        const h = parseHeader(this.q.view(0, Math.min(this.q.size, MAX_HEADER_LENGTH + 1)));
        if (h.status === 'more') {
          if (this.q.size > MAX_HEADER_LENGTH) drop('malformed_header', 1);
          else break;
          continue;
        }
        if (h.status === 'bad') {
          const next = this.q.indexOf(OPEN, 1);
          drop('malformed_header', next < 0 ? this.q.size : next);
          continue;
        }
        if (h.declaredLength > this.maxContentBytes) {
          drop('oversize', h.length);
          continue;
        }
        this.header = h;
        this.scanPos = h.length;
        this.depth = 1;
        this.count = 0;
      }
      const header = this.header;
      const result = this.scan(header);
      if (result === 'more') break;
      if (result === 'oversize') {
        drop('oversize', this.scanPos);
        continue;
      }
      if (result === 'interrupted') {
        // Another frame's header began where this one should have ended: this one lost its ']'.
        drop('unterminated', this.scanPos);
        continue;
      }
      const end = this.scanPos + 1;
      const content = unescape(this.q.view(header.length, this.scanPos));
      const frame: WatchFrame = {
        vendor: header.vendor,
        deviceId: header.deviceId,
        serial: header.serial,
        declaredLength: header.declaredLength,
        content,
        lengthMismatch: content.length !== header.declaredLength,
      };
      this.q.consume(end);
      this.header = null;
      this.stats.frames++;
      if (frame.lengthMismatch) this.stats.lengthMismatches++;
      out.push({ kind: 'frame', frame });
    }
    return out;
  }

  /** Advances through the current frame's content; on 'end', scanPos is at its closing ']'. */
  private scan(header: Header): 'more' | 'end' | 'oversize' | 'interrupted' {
    const size = this.q.size;
    while (this.scanPos < size) {
      const b = this.q.at(this.scanPos);
      if (b === ESC) {
        if (this.scanPos + 1 >= size) return 'more';
        this.scanPos += UNESCAPE[this.q.at(this.scanPos + 1)] !== undefined ? 2 : 1;
        this.count++;
      } else if (b === CLOSE) {
        if (this.count === header.declaredLength || this.depth === 1) return 'end';
        this.depth--;
        this.count++;
        this.scanPos++;
      } else if (b === OPEN) {
        if (this.count >= header.declaredLength) {
          const h = parseHeader(this.q.view(this.scanPos, Math.min(size, this.scanPos + MAX_HEADER_LENGTH + 1)));
          if (h.status === 'more') return 'more';
          if (h.status === 'ok') return 'interrupted';
        }
        this.depth++;
        this.count++;
        this.scanPos++;
      } else {
        this.count++;
        this.scanPos++;
      }
      if (this.count > this.maxContentBytes) return 'oversize';
    }
    return 'more';
  }
}

function unescape(raw: Buffer): Buffer {
  if (raw.indexOf(ESC) < 0) return Buffer.from(raw);
  const out = Buffer.alloc(raw.length);
  let n = 0;
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i]!;
    const next = i + 1 < raw.length ? UNESCAPE[raw[i + 1]!] : undefined;
    if (b === ESC && next !== undefined) {
      out[n++] = next;
      i++;
    } else {
      out[n++] = b;
    }
  }
  return out.subarray(0, n);
}

/** The bytes of a frame the server sends: `[VV*ID*(SSSS*)LLLL*content]` (content ASCII, not escaped). */
export function encodeWatchReply(to: Pick<WatchFrame, 'vendor' | 'deviceId' | 'serial'>, content: string): Buffer {
  const body = Buffer.from(content, 'latin1');
  const len = body.length.toString(16).toUpperCase().padStart(4, '0');
  const serial = to.serial ? `${to.serial}*` : '';
  return Buffer.concat([
    Buffer.from(`[${to.vendor}*${to.deviceId}*${serial}${len}*`, 'latin1'),
    body,
    Buffer.from(']', 'latin1'),
  ]);
}

/** The frame's type: its content up to the first ',' (LK, UD2, AL, bphrt…). */
export function watchFrameType(frame: Pick<WatchFrame, 'content'>): string {
  const comma = frame.content.indexOf(0x2c);
  return frame.content.toString('latin1', 0, comma < 0 ? frame.content.length : comma).slice(0, 32);
}

export type WatchDecodeResult =
  | { status: 'ok'; type: string; events: DeviceEvent[]; reply: Buffer | null }
  /** A type this decoder does not read: nothing to store, nothing to answer. */
  | { status: 'unknown'; type: string; events: []; reply: null }
  /** A known type whose fields do not parse: nothing stored and nothing answered (the device retries). */
  | { status: 'malformed'; type: string; error: string; events: []; reply: null };

export interface WatchDecodeOptions {
  /** Minutes east of UTC the device's clock keeps; 0 (UTC) as Traccar reads the protocol. */
  clockOffsetMinutes?: number;
}

const HEALTH_TYPES = new Set(['pulse', 'heart', 'blood', 'bphrt', 'btemp2']);
/** Types answered with the same word and otherwise not stored (Traccar: TKQ/TKQ2 voice queries). */
const ECHOED = new Set(['TKQ', 'TKQ2']);

class Malformed extends Error {}

/** Decodes one frame into events and the reply the device expects (null: the protocol wants none). */
export function decodeWatchFrame(frame: WatchFrame, options: WatchDecodeOptions = {}): WatchDecodeResult {
  const type = watchFrameType(frame);
  const text = () => frame.content.toString('latin1');
  const base = { deviceKey: frame.deviceId };
  try {
    if (type === 'LK') {
      // LK, or LK,steps,tumbles,battery (Beesure: "LK,50,100,100"; Traccar reads values 0 and 2).
      const values = text().split(',').slice(1);
      const event: DeviceEvent = { ...base, kind: 'heartbeat', at: null };
      if (values.length >= 3) {
        event.steps = int(values[0]!, 'steps');
        event.battery = percent(values[2]!, 'battery');
      }
      return { status: 'ok', type, events: [event], reply: encodeWatchReply(frame, 'LK') };
    }
    if (type === 'INIT') return { status: 'ok', type, events: [], reply: encodeWatchReply(frame, 'INIT,1') };
    if (ECHOED.has(type)) return { status: 'ok', type, events: [], reply: encodeWatchReply(frame, type) };
    if (type.startsWith('UD') || type === 'WT') {
      const p = parsePosition(text(), options);
      return { status: 'ok', type, events: [{ ...base, ...p.reading, kind: 'position', fix: p.fix }], reply: null };
    }
    if (type.startsWith('AL')) {
      // An alarm is answered once stored, even when its position does not parse: an SOS whose
      // fields this decoder cannot read is still an SOS (the status word is read where it can be).
      let p: ParsedPosition | null = null;
      let error: string | null = null;
      try {
        p = parsePosition(text(), options);
      } catch (e) {
        if (!(e instanceof Malformed)) throw e;
        error = e.message;
      }
      const statusText = p?.statusText ?? text().split(',')[16]?.trim() ?? '';
      const status = p?.status ?? (/^[0-9a-fA-F]{1,8}$/.test(statusText) ? parseInt(statusText, 16) >>> 0 : 0);
      const reading = p?.reading ?? { at: null };
      const detail = `${type} status=${statusText || '?'}${error ? ` (${error})` : ''}`;
      const events: DeviceEvent[] = p ? [{ ...base, ...p.reading, kind: 'position', fix: p.fix }] : [];
      for (const alarm of alarmsOf(status)) {
        events.push({ ...base, ...reading, kind: 'alarm', alarm, fix: p?.fix ?? null, detail });
      }
      return { status: 'ok', type, events, reply: encodeWatchReply(frame, 'AL') };
    }
    if (HEALTH_TYPES.has(type.toLowerCase())) {
      return { status: 'ok', type, events: health(type.toLowerCase(), text(), frame.deviceId), reply: null };
    }
    return { status: 'unknown', type, events: [], reply: null };
  } catch (e) {
    if (e instanceof Malformed) return { status: 'malformed', type, error: e.message, events: [], reply: null };
    throw e;
  }
}

function int(s: string, what: string): number {
  const t = s.trim();
  if (!/^-?\d+$/.test(t)) throw new Malformed(`${what}: ${JSON.stringify(s)}`);
  return Number(t);
}
function num(s: string, what: string): number {
  const t = s.trim();
  if (!/^-?\d+(\.\d*)?$/.test(t)) throw new Malformed(`${what}: ${JSON.stringify(s)}`);
  return Number(t);
}
const percent = (s: string, what: string) => Math.max(0, Math.min(100, int(s, what)));

interface ParsedPosition {
  fix: Fix;
  reading: { at: string | null; battery: number; signal: number };
  status: number;
  statusText: string;
}

// UD,DDMMYY,HHMMSS,A|V,lat,N|S,lng,E|W,speed km/h,course,altitude,satellites,gsm signal,battery,
// steps,tumbles,status(hex),cells and Wi-Fi… (Traccar's PATTERN_POSITION).
function parsePosition(text: string, options: WatchDecodeOptions): ParsedPosition {
  const v = text.split(',');
  if (v.length < 17) throw new Malformed(`position: ${v.length} fields, at least 17 expected`);
  const [, date, time, validity, latText, ns, lngText, ew, speed, course, , sats, signal, battery, , , status] = v;
  if (validity !== 'A' && validity !== 'V') throw new Malformed(`validity: ${JSON.stringify(validity)}`);
  const hemisphere = (value: number, h: string, neg: string) => (h.trim() === neg ? -Math.abs(value) : value);
  const lat = hemisphere(num(latText!, 'latitude'), ns!, 'S');
  const lng = hemisphere(num(lngText!, 'longitude'), ew!, 'W');
  if (Math.abs(lat) > 90 || Math.abs(lng) > 180) throw new Malformed(`coordinates: ${lat},${lng}`);
  const statusText = status!.trim();
  if (!/^[0-9a-fA-F]{1,8}$/.test(statusText)) throw new Malformed(`status: ${JSON.stringify(status)}`);
  const atZero = Math.abs(lat) < 1e-9 && Math.abs(lng) < 1e-9;
  return {
    fix: {
      lat,
      lng,
      valid: validity === 'A' && !atZero,
      speedKmh: num(speed!, 'speed'),
      course: num(course!, 'course'),
      satellites: int(sats!, 'satellites'),
    },
    reading: {
      at: deviceTime(date!, time!, options.clockOffsetMinutes ?? 0),
      battery: percent(battery!, 'battery'),
      signal: percent(signal!, 'signal'),
    },
    status: parseInt(statusText, 16) >>> 0,
    statusText,
  };
}

/** DDMMYY + HHMMSS as an ISO instant; null where the device has no date yet (all zeros, out of range). */
function deviceTime(date: string, time: string, offsetMinutes: number): string | null {
  if (!/^\d{6}$/.test(date) || !/^\d{6}$/.test(time)) throw new Malformed(`time: ${date},${time}`);
  const [d, mo, y] = [date.slice(0, 2), date.slice(2, 4), date.slice(4, 6)].map(Number) as [number, number, number];
  const [h, mi, s] = [time.slice(0, 2), time.slice(2, 4), time.slice(4, 6)].map(Number) as [number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const ms = Date.UTC(2000 + y, mo - 1, d, h, mi, s);
  if (new Date(ms).getUTCDate() !== d) return null; // 31 February
  return new Date(ms - offsetMinutes * 60_000).toISOString();
}

/**
 * The terminal status word: the low 16 bits are states, the high 16 alarms. Traccar's decodeAlarm
 * reads bit 0 and 17 as low battery, 16 SOS, 20 removed (taken off the wrist), 21 and 22 fall,
 * 1/2 and 18/19 geofence out/in, 14 power cut. Every alarm bit set becomes one alarm (an SOS is
 * never hidden behind a low battery, as Traccar's first-match order would); the state bits 0–2
 * count only when no alarm bit is set. An AL frame with nothing set is still an alarm: 'other'.
 */
function alarmsOf(status: number): AlarmType[] {
  const bit = (n: number) => (status & (1 << n)) !== 0;
  const alarms: AlarmType[] = [];
  if (bit(16)) alarms.push('sos');
  if (bit(21) || bit(22)) alarms.push('fall');
  if (bit(17)) alarms.push('low_battery');
  if (bit(20)) alarms.push('removed');
  if (bit(18) || bit(19)) alarms.push('geofence');
  if (alarms.length === 0) {
    if (bit(0)) alarms.push('low_battery');
    else if (bit(1) || bit(2)) alarms.push('geofence');
    else alarms.push('other');
  }
  return alarms;
}

// bphrt,systolic,diastolic,heart rate,…  BLOOD,systolic,diastolic  PULSE|heart,bpm  btemp2,flag,°C
// (Traccar; a zero reading — "heart,0" — is the watch saying it measured nothing).
function health(type: string, text: string, deviceKey: string): DeviceEvent[] {
  const v = text.split(',').slice(1);
  const at = null;
  const events: DeviceEvent[] = [];
  const present = (i: number) => v[i] !== undefined && v[i]!.trim() !== '';
  if (type === 'btemp2') {
    if (!present(0) || !present(1)) throw new Malformed('btemp2: flag and temperature expected');
    const t = num(v[1]!, 'temperature');
    if (int(v[0]!, 'btemp2 flag') > 0 && t > 0)
      events.push({ deviceKey, at, kind: 'health', reading: 'temperature', value: t });
    return events;
  }
  let i = 0;
  if (type === 'bphrt' || type === 'blood') {
    if (!present(0) || !present(1)) throw new Malformed(`${type}: systolic and diastolic expected`);
    const sys = int(v[0]!, 'systolic');
    const dia = int(v[1]!, 'diastolic');
    if (sys > 0 && dia > 0)
      events.push({ deviceKey, at, kind: 'health', reading: 'blood_pressure', value: [sys, dia] });
    i = 2;
  }
  if (present(i)) {
    const bpm = int(v[i]!, 'heart rate');
    if (bpm > 0) events.push({ deviceKey, at, kind: 'health', reading: 'heart_rate', value: bpm });
  } else if (type === 'pulse' || type === 'heart') {
    throw new Malformed(`${type}: heart rate expected`);
  }
  return events;
}
