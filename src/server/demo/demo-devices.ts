// The demo's terminals and alarm cases (issue 17): devices for part of the elders 70 and older —
// six in ten of those living alone, two in ten of the others, and every one flagged with
// dementia — watches, one-key home boxes and fall detectors; a few passed on from an elder who
// died or moved away (binding history); their status as last heard (a few silent for days, a few
// with a low battery); a day's trail of positions near home for some watches; a safe zone (home,
// 500 m) for each elder flagged with dementia who wears one; a month of alarm cases, acknowledged
// (mostly within a minute, a few late and escalated), worked and closed with an outcome; and one
// SOS raised shortly before now, waiting for an operator.
//
// Rows are written directly, as the other demo files do, keeping what the product keeps: one open
// case per device, actions only after acknowledgement, a closed case has its outcome, times in
// order (raised ≤ escalated/acknowledged ≤ actions ≤ closed ≤ now), an open binding per device.
import type { AlarmActionKind } from '../../core/alarms/alarm-case.js';
import { and, desc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import {
  alarmActions,
  alarmCases,
  assessments,
  deviceBindings,
  devices,
  elders,
  geofences,
  users,
} from '../db/schema.js';
import type { Random } from '../../core/seeded-random.js';
import type { AlarmType, DeviceEvent } from '../../core/devices/device-event.js';
import { dedupeKey } from '../modules/devices/ingest.js';
import { shanghaiDate } from '../../shared/today.js';
import { ageOn } from '../../core/elders/idcard.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const M_PER_DEG = 111_320;
/** The safe zone's radius around home for elders flagged with dementia. */
export const DEMO_GEOFENCE_RADIUS_M = 500;
/** Shares of the 70+ given a terminal. */
export const DEMO_DEVICE_SHARE = { alone: 0.6, others: 0.2 };
/** The default unacknowledged limit (call-centre rules' alarmAckSeconds): later cases escalated. */
const ESCALATE_AFTER_S = 60;

type Kind = 'watch' | 'home_box' | 'fall';
type Outcome = 'false_alarm' | 'helped_home' | 'hospital' | 'other';

interface Candidate {
  id: number;
  regionId: number;
  lat: number;
  lng: number;
  alone: boolean;
  dementia: boolean;
}

interface DemoDevice {
  id: number;
  deviceKey: string;
  kind: Kind;
  elder: Candidate;
}

/** A point `metres` away from `p` in direction `angle` (radians from east). */
function offset(p: { lat: number; lng: number }, metres: number, angle: number) {
  const lat = p.lat + (metres * Math.sin(angle)) / M_PER_DEG;
  return { lat, lng: p.lng + (metres * Math.cos(angle)) / (M_PER_DEG * Math.cos((p.lat * Math.PI) / 180)) };
}

/** A 15-digit IMEI with its Luhn check digit (device labels carry one; the registry checks it). */
function imei(r: Random): string {
  const body = `86${Array.from({ length: 12 }, () => r.int(0, 9)).join('')}`;
  let sum = 0;
  for (let i = 0; i < 14; i++) {
    let d = Number(body[i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return `${body}${(10 - (sum % 10)) % 10}`;
}

/** The demo's 'now': the moment the demo is loaded on its day, or mid-morning of another day. */
function nowOf(today: string): Date {
  return today === shanghaiDate() ? new Date() : new Date(`${today}T10:00:00+08:00`);
}

export async function loadDemoDevices(
  database: Database,
  r: Random,
  today: string,
  now: Date = nowOf(today),
): Promise<{ devices: number; cases: number; trailPoints: number }> {
  const db = database.db;
  const rows = await db
    .select({
      id: elders.id,
      regionId: elders.regionId,
      birthDate: elders.birthDate,
      flags: elders.livingFlags,
      lat: elders.lat,
      lng: elders.lng,
      status: elders.status,
    })
    .from(elders)
    .where(and(isNotNull(elders.lat), isNotNull(elders.lng)))
    .orderBy(elders.id);
  const flagged = new Set(
    (
      await db
        .selectDistinctOn([assessments.elderId], {
          elderId: assessments.elderId,
          flag: assessments.dementiaOrMentalDisorder,
        })
        .from(assessments)
        .orderBy(assessments.elderId, desc(assessments.assessedOn), desc(assessments.id))
    )
      .filter((a) => a.flag)
      .map((a) => a.elderId),
  );
  const toCandidate = (e: (typeof rows)[number]): Candidate => ({
    id: e.id,
    regionId: e.regionId,
    lat: e.lat!,
    lng: e.lng!,
    alone: e.flags.includes('alone'),
    dementia: flagged.has(e.id),
  });
  const active = rows.filter((e) => e.status === 'active' && ageOn(e.birthDate, today) >= 70).map(toCandidate);
  const chosen = active.filter(
    (e) => e.dementia || r.next() < (e.alone ? DEMO_DEVICE_SHARE.alone : DEMO_DEVICE_SHARE.others),
  );
  if (chosen.length === 0) return { devices: 0, cases: 0, trailPoints: 0 };
  // Devices passed on come from elders who died or moved away (or, lacking them, another elder).
  const former = rows.filter((e) => e.status === 'deceased' || e.status === 'moved_out').map(toCandidate);
  const operators = await db
    .select({ id: users.id })
    .from(users)
    .where(inArray(users.role, ['operator', 'district_admin']))
    .orderBy(users.role, users.id);
  const operatorIds = operators.map((u) => u.id);
  const operatorId = () => (operatorIds.length ? r.pick(operatorIds) : null);

  const result = await db.transaction(async (tx) => {
    // ---- devices and their bindings ----
    const specs = chosen.map((elder, i) => {
      const kind: Kind = elder.dementia
        ? 'watch'
        : r.pick<Kind>(['watch', 'watch', 'watch', 'home_box', 'home_box', 'fall']);
      const registeredAt = new Date(now.getTime() - r.int(20, 400) * DAY);
      const offline = r.next() < 0.04;
      const lastSeenAt = offline
        ? new Date(now.getTime() - r.int(26, 120) * HOUR)
        : new Date(now.getTime() - r.int(5, kind === 'watch' ? 90 : 600) * 1000);
      const low = r.next() < 0.06;
      const home = { lat: elder.lat, lng: elder.lng };
      const fix = kind === 'watch' ? offset(home, r.int(0, 150), r.next() * 2 * Math.PI) : home;
      return {
        elder,
        kind,
        registeredAt,
        values: {
          kind,
          protocol: kind === 'watch' ? ('watch' as const) : ('mqtt' as const),
          vendor: kind === 'watch' ? '3G 定位手表' : kind === 'home_box' ? '一键呼叫终端' : '毫米波跌倒探测器',
          deviceKey:
            kind === 'watch'
              ? String(8_800_100_000 + i)
              : `${kind === 'home_box' ? 'HB' : 'FD'}${String(620_102_000 + i).padStart(10, '0')}`,
          imei: kind === 'watch' ? imei(r) : null,
          simNumber: kind === 'fall' ? null : `147${String(r.int(10_000_000, 99_999_999))}`,
          elderId: elder.id,
          regionId: elder.regionId,
          lastSeenAt,
          // Home boxes run on mains with a backup cell: full unless low.
          battery: low ? r.int(4, 18) : kind === 'home_box' ? 100 : r.int(35, 100),
          signal: r.int(35, 100),
          lastLat: fix.lat,
          lastLng: fix.lng,
          lastFixAt: lastSeenAt,
          lastAccuracy: kind === 'watch' ? r.int(5, 40) : 10,
          createdAt: registeredAt,
        },
      };
    });
    const inserted = await tx
      .insert(devices)
      .values(specs.map((s) => s.values))
      .returning({ id: devices.id });
    const list: DemoDevice[] = specs.map((s, i) => ({
      id: inserted[i]!.id,
      deviceKey: s.values.deviceKey,
      kind: s.kind,
      elder: s.elder,
    }));
    const bindings: (typeof deviceBindings.$inferInsert)[] = [];
    for (const [i, s] of specs.entries()) {
      let boundAt = s.registeredAt;
      // One in twenty was someone else's first: taken back when that elder died or moved, and given on.
      if (r.next() < 0.05) {
        const prev = former.length ? r.pick(former) : r.pick(active);
        if (prev.id !== s.elder.id) {
          const unboundAt = new Date(s.registeredAt.getTime() + r.int(30, 200) * DAY);
          if (unboundAt.getTime() < now.getTime() - 2 * DAY) {
            bindings.push({
              deviceId: list[i]!.id,
              elderId: prev.id,
              boundAt: s.registeredAt,
              boundBy: operatorId(),
              unboundAt,
              unboundBy: operatorId(),
              reason: '原使用老人去世或迁出，设备回收',
            });
            boundAt = new Date(unboundAt.getTime() + r.int(1, 2) * DAY);
          }
        }
      }
      bindings.push({
        deviceId: list[i]!.id,
        elderId: s.elder.id,
        boundAt,
        boundBy: operatorId(),
        reason: boundAt === s.registeredAt ? '免费发放（70 岁以上）' : '回收设备转交',
      });
    }
    await tx.insert(deviceBindings).values(bindings);

    // ---- safe zones for elders flagged with dementia who wear a watch ----
    const fenced = list.filter((d) => d.kind === 'watch' && d.elder.dementia);
    if (fenced.length)
      await tx.insert(geofences).values(
        fenced.map((d) => ({
          elderId: d.elder.id,
          name: '家',
          lat: d.elder.lat,
          lng: d.elder.lng,
          radiusM: DEMO_GEOFENCE_RADIUS_M,
          createdAt: new Date(now.getTime() - r.int(10, 90) * DAY),
        })),
      );

    // ---- a day's trail for some watches (all fenced ones): every 15 minutes, out by day ----
    const events: EventRow[] = [];
    const watches = list.filter((d) => d.kind === 'watch');
    const trailed = watches.filter((d, i) => d.elder.dementia || i % 4 === 0);
    for (const d of trailed) {
      const home = { lat: d.elder.lat, lng: d.elder.lng };
      let p = home;
      const range = d.elder.dementia ? 450 : 350;
      for (let t = now.getTime() - DAY; t <= now.getTime() - 5 * MINUTE; t += 15 * MINUTE) {
        const hour = new Date(t + 8 * HOUR).getUTCHours();
        const out = hour >= 8 && hour < 18 && r.next() < 0.7;
        p = out
          ? offset(p, r.int(20, 150), r.next() * 2 * Math.PI)
          : offset(home, r.int(0, 15), r.next() * 2 * Math.PI);
        // Pulled back towards home when the walk has gone far.
        const dy = (p.lat - home.lat) * M_PER_DEG;
        const dx = (p.lng - home.lng) * M_PER_DEG * Math.cos((home.lat * Math.PI) / 180);
        if (Math.hypot(dx, dy) > range) p = offset(home, range * 0.6, Math.atan2(dy, dx));
        events.push(positionRow(d, new Date(t), p, r));
      }
    }
    const trailPoints = events.length;

    // ---- a month of closed cases, then the one open case ----
    const cases: CaseSpec[] = [];
    const pool = [...list].sort(() => r.next() - 0.5);
    const caseCount = Math.max(1, Math.round(list.length * 0.25));
    for (let k = 0; k < caseCount && k < pool.length; k++) {
      const d = pool[k]!;
      cases.push(closedCase(d, now, r, operatorId));
    }
    const sosWatch =
      watches.find((d) => d.elder.alone && !cases.some((c) => c.device.id === d.id)) ??
      list.find((d) => !cases.some((c) => c.device.id === d.id)) ??
      list[0]!;
    // Its closed case (if any) was long before: the open one stands alone on the device.
    const openAt = new Date(now.getTime() - r.int(25, 45) * 1000);
    cases.push({
      device: sosWatch,
      type: 'sos',
      raisedAt: openAt,
      repeats: 0,
      ack: null,
      escalatedAt: null,
      actions: [],
      closedAt: null,
      outcome: null,
      note: null,
      at: offset({ lat: sosWatch.elder.lat, lng: sosWatch.elder.lng }, r.int(0, 120), r.next() * 2 * Math.PI),
    });
    // One statement for the cases and one for their actions (RETURNING keeps the VALUES order).
    const caseRows = await tx
      .insert(alarmCases)
      .values(
        cases.map((c) => ({
          deviceId: c.device.id,
          elderId: c.device.elder.id,
          regionId: c.device.elder.regionId,
          type: c.type,
          state: c.closedAt ? ('closed' as const) : c.ack ? ('acknowledged' as const) : ('open' as const),
          raisedAt: c.raisedAt,
          lat: c.at.lat,
          lng: c.at.lng,
          repeats: c.repeats,
          lastRepeatAt: c.repeats ? new Date(c.raisedAt.getTime() + 20_000) : null,
          acknowledgedAt: c.ack?.at ?? null,
          acknowledgedBy: c.ack?.by ?? null,
          escalatedAt: c.escalatedAt,
          closedAt: c.closedAt,
          closedBy: c.closedAt ? (c.ack?.by ?? null) : null,
          outcome: c.outcome,
          note: c.note,
        })),
      )
      .returning({ id: alarmCases.id });
    const actionRows = cases.flatMap((c, i) =>
      c.actions.map((a) => ({ ...a, caseId: caseRows[i]!.id, by: c.ack?.by ?? null })),
    );
    if (actionRows.length) await tx.insert(alarmActions).values(actionRows);
    for (const c of cases) if (c.type !== 'geofence') events.push(alarmRow(c, r));
    // The open case's device was heard at its alarm.
    await tx
      .update(devices)
      .set({ lastSeenAt: openAt, lastLat: cases.at(-1)!.at.lat, lastLng: cases.at(-1)!.at.lng, lastFixAt: openAt })
      .where(eq(devices.id, sosWatch.id));
    return { devices: list.length, cases: cases.length, trailPoints, events };
  });
  // The trail after the rows it refers to are committed, in a few array-bound statements.
  await insertEvents(database, result.events);
  return { devices: result.devices, cases: result.cases, trailPoints: result.trailPoints };
}

interface CaseSpec {
  device: DemoDevice;
  type: AlarmType;
  raisedAt: Date;
  repeats: number;
  ack: { at: Date; by: number | null } | null;
  escalatedAt: Date | null;
  /** Action kinds as the API names them (core/alarms/alarm-case.ts ALARM_ACTION_KINDS). */
  actions: { kind: AlarmActionKind; at: Date; note: string | null }[];
  closedAt: Date | null;
  outcome: Outcome | null;
  note: string | null;
  at: { lat: number; lng: number };
}

const OUTCOME_NOTES: Record<Outcome, string[]> = {
  false_alarm: ['老人误按，已确认平安', '设备误报，老人在家休息', '家属帮老人试按键'],
  helped_home: [
    '老人在家跌倒，社区网格员上门扶起，无明显外伤',
    '老人头晕，联系子女回家陪护',
    '独居老人身体不适，已安排上门照看',
  ],
  hospital: ['老人胸闷，120 送至兰大一院', '跌倒后髋部疼痛，120 送医', '呼叫 120 送至市第一人民医院，家属已到'],
  other: ['老人电话中称需要帮助购药，已转服务工单', '设备佩戴不当，已电话指导'],
};

function closedCase(d: DemoDevice, now: Date, r: Random, operatorId: () => number | null): CaseSpec {
  // A fall detector reports falls, a home box its red key; a watch all it can tell.
  const type: AlarmType =
    d.kind === 'fall'
      ? 'fall'
      : d.kind === 'home_box'
        ? 'sos'
        : d.elder.dementia && r.next() < 0.4
          ? 'geofence'
          : r.pick<AlarmType>(['sos', 'sos', 'sos', 'sos', 'fall', 'low_battery', 'removed']);
  // Within the last month, by day more than by night, at least a couple of hours ago.
  const day = r.int(0, 29);
  const hour = r.next() < 0.8 ? r.int(7, 20) : r.int(0, 23);
  const local = new Date(now.getTime() - day * DAY);
  local.setUTCHours(hour - 8 < 0 ? hour + 16 : hour - 8, r.int(0, 59), r.int(0, 59), 0);
  let raisedAt = local;
  if (raisedAt.getTime() > now.getTime() - 2 * HOUR) raisedAt = new Date(now.getTime() - r.int(3, 20) * HOUR);
  // Acknowledged mostly within a minute; some within three; a few late (escalated first).
  const u = r.next();
  const ackSeconds = u < 0.88 ? r.int(8, 58) : u < 0.96 ? r.int(61, 175) : r.int(185, 600);
  const by = operatorId();
  const ackAt = new Date(raisedAt.getTime() + ackSeconds * 1000);
  const escalatedAt = ackSeconds > ESCALATE_AFTER_S ? new Date(raisedAt.getTime() + ESCALATE_AFTER_S * 1000) : null;
  const outcome: Outcome =
    type === 'low_battery' || type === 'removed'
      ? r.pick<Outcome>(['false_alarm', 'other'])
      : r.pick<Outcome>([
          'false_alarm',
          'false_alarm',
          'false_alarm',
          'helped_home',
          'helped_home',
          'hospital',
          'other',
        ]);
  let t = ackAt.getTime();
  const actions: CaseSpec['actions'] = [];
  const act = (kind: AlarmActionKind, note: string | null = null, gapS: [number, number] = [15, 120]) => {
    t += r.int(gapS[0], gapS[1]) * 1000;
    actions.push({ kind, at: new Date(t), note });
  };
  act('called_elder', outcome === 'hospital' ? '无人接听' : null, [5, 40]);
  if (outcome !== 'false_alarm') act('called_contact', '已联系子女');
  if (outcome === 'helped_home' || type === 'geofence') act('notified_community', '短信通知社区网格员上门');
  if (outcome === 'hospital') act('called_120', null, [10, 60]);
  const closedAt = new Date(t + (outcome === 'hospital' ? r.int(30, 120) : r.int(2, 25)) * MINUTE);
  return {
    device: d,
    type,
    raisedAt,
    repeats: r.next() < 0.1 ? r.int(1, 2) : 0,
    ack: { at: ackAt, by },
    escalatedAt,
    actions,
    closedAt: closedAt.getTime() < now.getTime() ? closedAt : new Date(now.getTime() - MINUTE),
    outcome,
    note: r.pick(OUTCOME_NOTES[outcome]),
    at: offset({ lat: d.elder.lat, lng: d.elder.lng }, r.int(0, type === 'geofence' ? 900 : 100), r.next() * 7),
  };
}

interface EventRow {
  deviceId: number;
  elderId: number;
  kind: 'position' | 'alarm';
  at: Date;
  lat: number;
  lng: number;
  accuracy: number;
  payload: DeviceEvent;
}

function positionRow(d: DemoDevice, at: Date, p: { lat: number; lng: number }, r: Random): EventRow {
  const accuracy = r.int(5, 40);
  const fix = { lat: round6(p.lat), lng: round6(p.lng), valid: true, accuracy };
  return {
    deviceId: d.id,
    elderId: d.elder.id,
    kind: 'position',
    at,
    lat: fix.lat,
    lng: fix.lng,
    accuracy,
    payload: { deviceKey: d.deviceKey, kind: 'position', at: at.toISOString(), fix },
  };
}

function alarmRow(c: CaseSpec, r: Random): EventRow {
  const accuracy = r.int(5, 40);
  const fix = { lat: round6(c.at.lat), lng: round6(c.at.lng), valid: true, accuracy };
  return {
    deviceId: c.device.id,
    elderId: c.device.elder.id,
    kind: 'alarm',
    at: c.raisedAt,
    lat: fix.lat,
    lng: fix.lng,
    accuracy,
    payload: {
      deviceKey: c.device.deviceKey,
      kind: 'alarm',
      alarm: c.type,
      at: c.raisedAt.toISOString(),
      fix,
    },
  };
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** Thousands of positions: unnest over arrays, a few statements rather than one per row. */
async function insertEvents(database: Database, rows: EventRow[]) {
  const CHUNK = 5000;
  await database.bulk(async (q) => {
    for (let i = 0; i < rows.length; i += CHUNK) {
      const part = rows.slice(i, i + CHUNK);
      await q(
        `insert into device_events
           (device_id, elder_id, kind, device_at, received_at, lat, lng, valid, accuracy, payload, dedupe)
         select u.d, u.e, u.k, u.at, u.at + interval '1.5 seconds', u.lat, u.lng, true, u.acc, u.p::jsonb, u.h
         from unnest($1::int[], $2::int[], $3::text[], $4::timestamptz[], $5::float8[], $6::float8[],
                     $7::float8[], $8::text[], $9::text[]) as u(d, e, k, at, lat, lng, acc, p, h)`,
        [
          part.map((e) => e.deviceId),
          part.map((e) => e.elderId),
          part.map((e) => e.kind),
          // A watch's reading reaches the server a second or two after it was taken.
          part.map((e) => e.at.toISOString()),
          part.map((e) => e.lat),
          part.map((e) => e.lng),
          part.map((e) => e.accuracy),
          part.map((e) => JSON.stringify(e.payload)),
          part.map((e) => dedupeKey(e.payload, e.at)),
        ],
      );
    }
  });
}
