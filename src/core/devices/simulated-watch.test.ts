// The simulator's frames go through the real framer and decoder and come back as the events they
// were built from; their shape matches the captured frames (watch-protocol.test.ts).
import { describe, expect, it } from 'vitest';
import { alFrame, bphrtFrame, lkFrame, parseReply, udFrame, watchFrame, type WatchReading } from './simulated-watch.js';
import { decodeWatchFrame, WatchFramer, type FramerOutput, type WatchFrame } from './watch-protocol.js';

const id = { vendor: '3G', deviceId: '8809008845' };
const zj = { vendor: 'ZJ', deviceId: '014111001332708', serial: '0075' };
const reading: WatchReading = {
  at: new Date('2026-05-01T01:02:03Z'),
  lat: 36.061089,
  lng: 103.8343122,
  valid: true,
  speedKmh: 3.5,
  course: 90,
  satellites: 9,
  signal: 80,
  battery: 64,
  steps: 1200,
};

function frameOf(text: string): WatchFrame {
  const out = new WatchFramer().push(Buffer.from(text, 'latin1'));
  expect(out.map((o) => o.kind)).toEqual(['frame']);
  const frame = (out[0] as Extract<FramerOutput, { kind: 'frame' }>).frame;
  // LEN is right (real firmware's is not always: the simulator's must be).
  expect(frame.lengthMismatch).toBe(false);
  return frame;
}
const decoded = (text: string) => {
  const r = decodeWatchFrame(frameOf(text));
  if (r.status !== 'ok') throw new Error(`${r.status}: ${text}`);
  return r;
};

describe('simulated watch frames', () => {
  it('LK: a heartbeat with steps and battery, answered LK', () => {
    const text = lkFrame(id, { steps: 50, battery: 87 });
    expect(text).toBe('[3G*8809008845*000A*LK,50,0,87]');
    const r = decoded(text);
    expect(r.events).toEqual([{ deviceKey: '8809008845', kind: 'heartbeat', at: null, steps: 50, battery: 87 }]);
    expect(r.reply?.toString('latin1')).toBe('[3G*8809008845*0002*LK]');
  });

  it('UD: a position with time, fix, battery and signal; not answered', () => {
    const text = udFrame(id, reading);
    expect(text).toMatch(/^\[3G\*8809008845\*[0-9A-F]{4}\*UD,010526,010203,A,36\.061089,N,103\.8343122,E,3\.50,/);
    const r = decoded(text);
    expect(r.reply).toBeNull();
    expect(r.events).toEqual([
      {
        deviceKey: '8809008845',
        kind: 'position',
        at: '2026-05-01T01:02:03.000Z',
        battery: 64,
        signal: 80,
        fix: { lat: 36.061089, lng: 103.8343122, valid: true, speedKmh: 3.5, course: 90, satellites: 9 },
      },
    ]);
  });

  it('UD2 and a V fix; S and W hemispheres', () => {
    const r = decoded(udFrame(id, { ...reading, valid: false, lat: -16.479064, lng: -68.119072 }, 'UD2'));
    expect(r.type).toBe('UD2');
    expect(r.events[0]).toMatchObject({ fix: { lat: -16.479064, lng: -68.119072, valid: false } });
  });

  it.each([
    [['sos'], '00010000'],
    [['fall'], '00200000'],
    [['low_battery'], '00020000'],
    [['sos', 'low_battery'], '00030000'],
  ] as const)('AL %j: status word %s, each alarm read back, answered AL', (alarms, status) => {
    const text = alFrame(id, reading, alarms);
    expect(text).toContain(`,${status},`);
    const r = decoded(text);
    expect(r.reply?.toString('latin1')).toBe('[3G*8809008845*0002*AL]');
    expect(r.events.filter((e) => e.kind === 'alarm').map((e) => (e.kind === 'alarm' ? e.alarm : null))).toEqual(
      alarms,
    );
    expect(r.events.find((e) => e.kind === 'alarm')).toMatchObject({
      at: '2026-05-01T01:02:03.000Z',
      fix: { lat: 36.061089, lng: 103.8343122, valid: true },
      battery: 64,
    });
  });

  it('ZJ: the serial goes before LEN and the reply echoes it', () => {
    const text = alFrame(zj, reading, ['sos']);
    expect(text.startsWith('[ZJ*014111001332708*0075*')).toBe(true);
    const f = frameOf(text);
    expect(f.serial).toBe('0075');
    expect(decodeWatchFrame(f).reply?.toString('latin1')).toBe('[ZJ*014111001332708*0075*0002*AL]');
    expect(parseReply('[ZJ*014111001332708*0075*0002*AL]')).toEqual({ deviceId: '014111001332708', type: 'AL' });
  });

  it('bphrt: blood pressure and heart rate', () => {
    expect(decoded(bphrtFrame(id, { systolic: 132, diastolic: 84, heartRate: 71 })).events).toEqual([
      { deviceKey: '8809008845', at: null, kind: 'health', reading: 'blood_pressure', value: [132, 84] },
      { deviceKey: '8809008845', at: null, kind: 'health', reading: 'heart_rate', value: 71 },
    ]);
  });

  it('frames coalesced in one write come apart again', () => {
    const all = [lkFrame(id, { steps: 1, battery: 50 }), udFrame(id, reading), alFrame(id, reading, ['fall'])];
    const out = new WatchFramer().push(Buffer.from(all.join(''), 'latin1'));
    expect(out.map((o) => (o.kind === 'frame' ? decodeWatchFrame(o.frame).type : o.kind))).toEqual(['LK', 'UD', 'AL']);
    expect(watchFrame(id, 'LK')).toBe('[3G*8809008845*0002*LK]');
    expect(parseReply('[3G*8809008845*0002*LK]')).toEqual({ deviceId: '8809008845', type: 'LK' });
    expect(parseReply('garbage')).toBeNull();
  });
});
