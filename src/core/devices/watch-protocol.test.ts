// Real frames captured from watches, copied verbatim from the open-source Traccar server's tests
// (github.com/traccar/traccar, Apache-2.0):
//   [T] src/test/java/org/traccar/protocol/WatchProtocolDecoderTest.java
//   [F] src/test/java/org/traccar/protocol/WatchFrameDecoderTest.java (hex byte streams)
// Frames marked "synthetic" are made up here to reach a case no captured frame shows.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DeviceEvent } from './device-event.js';
import {
  decodeWatchFrame,
  encodeWatchReply,
  WatchFramer,
  type FramerOutput,
  type WatchDecodeResult,
  type WatchFrame,
} from './watch-protocol.js';

const frameOf = (text: string | Buffer, max?: number): WatchFrame => {
  const framer = new WatchFramer(max);
  const out = framer.push(typeof text === 'string' ? Buffer.from(text, 'latin1') : text);
  expect(out.map((o) => o.kind)).toEqual(['frame']);
  return (out[0] as Extract<FramerOutput, { kind: 'frame' }>).frame;
};
const decode = (text: string): WatchDecodeResult => decodeWatchFrame(frameOf(text));
const ok = (text: string) => {
  const r = decode(text);
  if (r.status !== 'ok') throw new Error(`expected ok, got ${r.status}: ${JSON.stringify(r)}`);
  return r;
};
const only = <K extends DeviceEvent['kind']>(events: DeviceEvent[], kind: K) =>
  events.filter((e): e is Extract<DeviceEvent, { kind: K }> => e.kind === kind);
const frames = (out: FramerOutput[]) => out.flatMap((o) => (o.kind === 'frame' ? [o.frame] : []));
const drops = (out: FramerOutput[]) => out.flatMap((o) => (o.kind === 'drop' ? [o.drop] : []));

describe('LK heartbeat', () => {
  it('answers a bare LK with [VENDOR*id*0002*LK] and records a heartbeat', () => {
    // [T]
    const r = ok('[SG*8800000015*0002*LK]');
    expect(r.reply?.toString('latin1')).toBe('[SG*8800000015*0002*LK]');
    expect(r.events).toEqual([{ deviceKey: '8800000015', kind: 'heartbeat', at: null }]);
  });

  it('reads steps and battery from LK,steps,tumbles,battery', () => {
    // [T]
    const r = ok('[3G*4700186508*000B*LK,0,10,100]');
    expect(r.reply?.toString('latin1')).toBe('[3G*4700186508*0002*LK]');
    expect(r.events).toEqual([{ deviceKey: '4700186508', kind: 'heartbeat', at: null, steps: 0, battery: 100 }]);
  });
});

describe('positions', () => {
  it('UD: time as UTC, coordinates, speed, satellites, battery, signal; no reply', () => {
    // [T] — Traccar asserts 2014-04-22 13:46:52, valid, 22.57171, 113.86140. Its LEN (0087) is 8
    // bytes short of the content: kept, flagged.
    const f = frameOf(
      '[SG*8800000015*0087*UD,220414,134652,A,22.571707,N,113.8613968,E,0.1,0.0,100,7,60,90,1000,50,0000,4,1,460,0,9360,4082,131,9360,4092,148,9360,4091,143,9360,4153,141]',
    );
    expect(f.lengthMismatch).toBe(true);
    const r = decodeWatchFrame(f);
    expect(r.status).toBe('ok');
    expect(r.reply).toBeNull();
    expect(r.events).toEqual([
      {
        deviceKey: '8800000015',
        kind: 'position',
        at: '2014-04-22T13:46:52.000Z',
        battery: 90,
        signal: 60,
        fix: { lat: 22.571707, lng: 113.8613968, valid: true, speedKmh: 0.1, course: 0, satellites: 7 },
      },
    ]);
  });

  it('UD2 (blind-spot upload)', () => {
    // [T]
    const [e] = only(
      ok('[3G*9031853319*004E*UD2,220322,055105,A,22.761162,N,114.360192,E,0,0,47,14,100,64,0,0,00000008,0,0]').events,
      'position',
    );
    expect(e).toMatchObject({
      at: '2022-03-22T05:51:05.000Z',
      battery: 64,
      signal: 100,
      fix: { lat: 22.761162, lng: 114.360192, valid: true, satellites: 14 },
    });
  });

  it('UD_LTE with Wi-Fi access points after the status word', () => {
    // [T]
    const [e] = only(
      ok(
        '[3G*2104326058*00E9*UD_LTE,300621,135101,A,32.162652,N,34.888748,E,30.84,265.158,65.621,18,100,83,0,0,00000000,1,1,425,01,10223,8012811,100,3,ES4104,22:74:1d:39:64:ff,-46,metropoline-wifi,a8:3f:a1:e0:66:ba,-89,Egged.co.il,00:0c:42:51:cf:cd,-81,1.7055488]',
      ).events,
      'position',
    );
    expect(e).toMatchObject({
      at: '2021-06-30T13:51:01.000Z',
      battery: 83,
      fix: { lat: 32.162652, lng: 34.888748, valid: true, speedKmh: 30.84, course: 265.158, satellites: 18 },
    });
  });

  it('UD_WCDMA west of Greenwich: W makes the longitude negative', () => {
    // [T]
    const [e] = only(
      ok(
        '[3G*2104134718*00A1*UD_WCDMA,161019,134938,A,43.373367,N,71.157615,W,22.0,350.206,279.717,17,28,79,0,0,00000000,1,1,310,410,23999,132013696,28,1,Home2,60:45:cb:cb:34:68,-93,8.263865]',
      ).events,
      'position',
    );
    expect(e!.fix).toMatchObject({ lat: 43.373367, lng: -71.157615, valid: true });
    expect(e).toMatchObject({ battery: 79, signal: 28, at: '2019-10-16T13:49:38.000Z' });
  });

  it('S makes the latitude negative; an empty hemisphere leaves the sign alone', () => {
    // [T]
    const [e] = only(
      ok(
        '[SG*9081000548*00A9*UD,110116,113639,V,16.479064,S,68.119072,,0.7593,000,99,00,80,80,0,50,00000000,5,1,736,2,10103,10732,153,10103,11061,152,10103,11012,152,10103,10151,150,10103,10731,143,,00]',
      ).events,
      'position',
    );
    expect(e!.fix).toMatchObject({ lat: -16.479064, lng: 68.119072, valid: false });
  });

  it('a sign in the number stands (Traccar expects -33.48037, -70.76307 for this frame)', () => {
    // [T]
    const [e] = only(
      ok(
        '[3G*6105117105*008D*UD2,210716,231601,V,-33.480366,N,-70.7630692,E,0.00,0.0,0.0,0,100,34,0,0,00000000,3,255,730,2,29731,54315,167,29731,54316,162,29731,54317,145]',
      ).events,
      'position',
    );
    expect(e).toMatchObject({ at: '2016-07-21T23:16:01.000Z', fix: { lat: -33.480366, lng: -70.7630692 } });
    // [T] a negative number and W: still west.
    const [w] = only(
      ok(
        '[3G*2256002206*0079*UD2,100116,153723,A,38.000000,N,-9.000000,W,0.44,299.3,0.0,7,100,86,0,0,00000008,2,0,268,3,3010,51042,146,3010,51043,132]',
      ).events,
      'position',
    );
    expect(w!.fix).toMatchObject({ lat: 38, lng: -9, valid: true });
  });

  it('a fix at 0,0 is not valid, even when the device says A', () => {
    // [T] V at 0,0
    const [v] = only(
      ok(
        '[3G*0304187088*0100*UD_WCDMA,100720,094202,V,0.0,N,0.0,E,22.0,0,-1,21,75,92,0,0,00000000,1,1,425,01,10192,1282125,75,5,Inet,04:f0:21:46:1f:57,-54,iNetSecurity,00:1e:42:25:2f:3e,-71,Gilad,58:d5:6e:9d:1b:af,-80,weekend,14:ae:db:cb:99:25,-82,advancemed1,04:f0:21:4c:c8:3e,-89,0.0]',
      ).events,
      'position',
    );
    expect(v!.fix).toMatchObject({ lat: 0, lng: 0, valid: false });
    // synthetic: the same frame with A
    const [a] = only(
      ok(
        '[3G*0304187088*0100*UD_WCDMA,100720,094202,A,0.0,N,0.0,E,22.0,0,-1,21,75,92,0,0,00000000,1,1,425,01,10192,1282125,75,5,Inet,04:f0:21:46:1f:57,-54,0.0]',
      ).events,
      'position',
    );
    expect(a!.fix.valid).toBe(false);
  });

  it('WT frames are positions too, and the clock offset option shifts device time', () => {
    // [T]
    const f = frameOf(
      '[3G*6005412902*011F*WT,170517,133811,V,18.512200,N,73.7750283,E,0.00,0.0,0.0,0,92,82,4262,0,00000010,2,1,404,22,10125,8301,141,10125,13921,122,5,Skynet,28:c6:8e:be:87:c0,-60,Intel Wi-Fi,4c:60:de:32:3d:38,-70,Nirvanic-2,40:e3:d6:4a:d9:c2,-73,A4-Guest,40:e3:d6:4a:d9:c4,-73,A4Idatix,40:e3:d6:4a:d9:c3,-73,13.8]',
    );
    expect(decodeWatchFrame(f).events[0]).toMatchObject({ kind: 'position', at: '2017-05-17T13:38:11.000Z' });
    expect(decodeWatchFrame(f, { clockOffsetMinutes: 480 }).events[0]).toMatchObject({
      at: '2017-05-17T05:38:11.000Z',
    });
  });

  it('a position that does not parse is malformed, not thrown, and not answered', () => {
    // synthetic
    const r = decode('[3G*1234567890*0013*UD,220414,134652,X]');
    expect(r).toMatchObject({ status: 'malformed', type: 'UD', events: [], reply: null });
    const bad = decode('[3G*1234567890*0030*UD,220414,134652,A,abc,N,1.0,E,0,0,0,0,0,0,0,0,0]');
    expect(bad.status).toBe('malformed');
  });
});

describe('alarms: stored, then acknowledged with AL', () => {
  it('SOS from status bit 16', () => {
    // [T]
    const r = ok(
      '[3G*8809008845*00C0*AL,271219,094744,V,00.000000,N, 0.0000000,E,0.00,0.0,0.0,0,100,81,0,0,00010000,7,0,460,0,9336,3981,141,9336,3912,141,9336,3982,140,9765,4233,134,9765,4071,134,9765,4321,134,9336,4353,132,0,0.0]',
    );
    expect(r.reply?.toString('latin1')).toBe('[3G*8809008845*0002*AL]');
    const alarms = only(r.events, 'alarm');
    expect(alarms.map((a) => a.alarm)).toEqual(['sos']);
    expect(alarms[0]).toMatchObject({
      deviceKey: '8809008845',
      at: '2019-12-27T09:47:44.000Z',
      battery: 81,
      signal: 100,
      fix: { lat: 0, lng: 0, valid: false },
    });
    expect(only(r.events, 'position')).toHaveLength(1);
  });

  it('fall from status bit 21', () => {
    // [T]
    const r = ok(
      '[3G*8308373902*0080*AL,230817,095346,A,47.083950,N,15.4821850,E,7.60,273.8,0.0,4,15,44,0,0,00200010,2,255,232,1,7605,42530,118,7605,58036,119,0,65.8]',
    );
    expect(only(r.events, 'alarm').map((a) => a.alarm)).toEqual(['fall']);
    expect(only(r.events, 'alarm')[0]!.fix).toMatchObject({ lat: 47.08395, lng: 15.482185, valid: true });
    expect(r.reply?.toString('latin1')).toBe('[3G*8308373902*0002*AL]');
  });

  it('low battery from status bit 0 (a four-digit status word)', () => {
    // [T]
    const r = ok(
      '[SG*8800000015*0087*AL,220414,134652,A,22.571707,N,113.8613968,E,0.1,0.0,100,7,60,90,1000,50,0001,4,1,460,0,9360,4082,131,9360,4092,148,9360,4091,143,9360,4153,141]',
    );
    expect(only(r.events, 'alarm').map((a) => a.alarm)).toEqual(['low_battery']);
  });

  it('ALCUSTOMER1: taken off the wrist (bit 20), answered AL', () => {
    // [T]
    const r = ok(
      '[3G*358839237678820*0122*ALCUSTOMER1,251120,081821,V,0.0,N,0.0,E,2.58,317.462,35.147,14,100,2,11089,0,00100008,1,1,460,01,42308,101992452,100,5,shizhou1,44:56:e2:03:ea:2a,-69,FART3,30:0d:9e:bb:fa:4d,-70,ZKY-A209,88:c3:97:c1:f4:7f,-73,ChinaNet-HNeD,e8:84:c6:21:7c:dc,-77,,30:45:96:10:14:5d,-79,1.2035439]',
    );
    expect(r.type).toBe('ALCUSTOMER1');
    expect(only(r.events, 'alarm').map((a) => a.alarm)).toEqual(['removed']);
    expect(r.reply?.toString('latin1')).toBe('[3G*358839237678820*0002*AL]');
  });

  it('an AL with no alarm bit is still an alarm', () => {
    // [T]
    const r = ok(
      '[SG*9051004074*0058*AL,120117,145602,V,40.058413,N,76.336618,W,11.519,188,99,00,01,80,0,50,00000000,0,1,0,0,,10]',
    );
    expect(only(r.events, 'alarm').map((a) => a.alarm)).toEqual(['other']);
  });

  it('SOS and low battery together are both reported (SOS is never hidden)', () => {
    // synthetic: status 00030000 — bits 16 and 17
    const r = ok(
      '[3G*8809008845*0063*AL,271219,094744,A,31.230416,N,121.473701,E,0.00,0.0,0.0,6,100,5,0,0,00030000,0,0]',
    );
    expect(only(r.events, 'alarm').map((a) => a.alarm)).toEqual(['sos', 'low_battery']);
  });

  it('an AL whose position does not parse still raises the alarm and is answered', () => {
    // synthetic: a broken date, status word SOS
    const r = ok('[3G*8809008845*0040*AL,2712,094744,V,x,N,y,E,0,0,0,0,100,81,0,0,00010000]');
    expect(r.events).toHaveLength(1);
    expect(r.events[0]).toMatchObject({ kind: 'alarm', alarm: 'sos', fix: null, at: null });
    expect(r.reply?.toString('latin1')).toBe('[3G*8809008845*0002*AL]');
  });
});

describe('ZJ frames: a serial number between the id and LEN, echoed in the reply', () => {
  it('AL', () => {
    // [T]
    const f = frameOf(
      '[ZJ*014111001332708*0075*0064*AL,040418,052156,A,22.536207,N,113.938673,E,0,0,0,5,100,82,1000,50,00100000,1,255,460,0,9340,3663,35]',
    );
    expect(f).toMatchObject({ vendor: 'ZJ', deviceId: '014111001332708', serial: '0075', declaredLength: 100 });
    expect(f.lengthMismatch).toBe(false);
    const r = decodeWatchFrame(f);
    expect(r.reply?.toString('latin1')).toBe('[ZJ*014111001332708*0075*0002*AL]');
    expect(only(r.events, 'alarm')[0]).toMatchObject({
      alarm: 'removed',
      at: '2018-04-04T05:21:56.000Z',
      fix: { lat: 22.536207, lng: 113.938673, valid: true, satellites: 5 },
    });
  });

  it('UD and LK', () => {
    // [T]
    const r = ok(
      '[ZJ*014111001350304*0035*0097*UD,070318,020857,V,00.000000,N,000.000000,E,0,0,0,0,100,19,1000,50,00000000,5,255,460,0,9346,5223,42,9346,5214,21,9784,4083,13,9346,5222,11,9346,5221,8]',
    );
    expect(r.events[0]).toMatchObject({ kind: 'position', deviceKey: '014111001350304', battery: 19 });
    // [F] 5b5a4a2a…5d
    const lk = frameOf(
      Buffer.from('5b5a4a2a3031343131313030313335303330342a303033342a303030392a4c4b2c302c302c31395d', 'hex'),
    );
    expect(lk.serial).toBe('0034');
    expect(decodeWatchFrame(lk).reply?.toString('latin1')).toBe('[ZJ*014111001350304*0034*0002*LK]');
  });
});

describe('health readings (no time in the frame: at is null)', () => {
  it('bphrt: blood pressure and heart rate', () => {
    // [T]
    expect(ok('[3G*4700609403*0013*bphrt,120,79,73,,,,]').events).toEqual([
      { deviceKey: '4700609403', at: null, kind: 'health', reading: 'blood_pressure', value: [120, 79] },
      { deviceKey: '4700609403', at: null, kind: 'health', reading: 'heart_rate', value: 73 },
    ]);
  });

  it('BLOOD (ZJ)', () => {
    // [T]
    expect(ok('[ZJ*357653059860416*0007*000c*BLOOD,109,68]').events).toEqual([
      { deviceKey: '357653059860416', at: null, kind: 'health', reading: 'blood_pressure', value: [109, 68] },
    ]);
  });

  it('PULSE and heart; heart,0 is no reading', () => {
    // [T]
    expect(ok('[CS*8800000015*0008*PULSE,72]').events).toEqual([
      { deviceKey: '8800000015', at: null, kind: 'health', reading: 'heart_rate', value: 72 },
    ]);
    expect(ok('[3G*6005412902*0008*heart,71]').events[0]).toMatchObject({ reading: 'heart_rate', value: 71 });
    expect(ok('[3G*6005412902*0007*heart,0]').events).toEqual([]);
  });

  it('btemp2', () => {
    // [T]
    const r = ok('[3G*2104326058*000E*btemp2,1,35.29]');
    expect(r.events).toEqual([
      { deviceKey: '2104326058', at: null, kind: 'health', reading: 'temperature', value: 35.29 },
    ]);
    expect(r.reply).toBeNull();
  });
});

describe('other types', () => {
  it('TKQ is echoed; an unknown type is reported, not thrown, not answered', () => {
    // [T]
    expect(ok('[3G*8800000015*0003*TKQ]').reply?.toString('latin1')).toBe('[3G*8800000015*0003*TKQ]');
    // [F] 5b33472a…72636170747572655d = [3G*8308406279*0008*rcapture]
    const f = frameOf(Buffer.from('5b33472a383330383430363237392a303030382a72636170747572655d', 'hex'));
    expect(decodeWatchFrame(f)).toEqual({ status: 'unknown', type: 'rcapture', events: [], reply: null });
  });

  it('encodes replies with LEN in hex', () => {
    expect(encodeWatchReply({ vendor: '3G', deviceId: '1', serial: null }, 'x'.repeat(162)).toString('latin1')).toBe(
      `[3G*1*00A2*${'x'.repeat(162)}]`,
    );
  });
});

// [F] four frames in one read: LK, UD, TKQ, LK from device 9705141740.
const COALESCED_HEX =
  '5b33472a393730353134313734302a303030392a4c4b2c302c302c35335d5b33472a393730353134313734302a303035412a55442c3139303732332c3139303730372c412c33362e3831353130392c4e2c31302e313739323331322c452c382e32342c3132372e392c32312e302c352c3130302c35332c302c302c30303030303030302c302c302c35382e305d5b33472a393730353134313734302a303030332a544b515d5b33472a393730353134313734302a303030392a4c4b2c302c302c35335d';
const COALESCED_PARTS = [
  '5b33472a393730353134313734302a303030392a4c4b2c302c302c35335d',
  '5b33472a393730353134313734302a303035412a55442c3139303732332c3139303730372c412c33362e3831353130392c4e2c31302e313739323331322c452c382e32342c3132372e392c32312e302c352c3130302c35332c302c302c30303030303030302c302c302c35382e305d',
  '5b33472a393730353134313734302a303030332a544b515d',
  '5b33472a393730353134313734302a303030392a4c4b2c302c302c35335d',
];
const contentOf = (hex: string) => {
  const s = Buffer.from(hex, 'hex').toString('latin1');
  return s.slice(s.indexOf('*', s.indexOf('*', 4) + 1) + 1, -1);
};

describe('framing on bytes', () => {
  it('splits coalesced frames', () => {
    const out = new WatchFramer().push(Buffer.from(COALESCED_HEX, 'hex'));
    expect(drops(out)).toEqual([]);
    expect(frames(out).map((f) => f.content.toString('latin1'))).toEqual(COALESCED_PARTS.map(contentOf));
    expect(frames(out).map((f) => f.deviceId)).toEqual(Array(4).fill('9705141740'));
  });

  it('reassembles the same frames fed byte by byte', () => {
    const framer = new WatchFramer();
    const bytes = Buffer.from(COALESCED_HEX, 'hex');
    const out: FramerOutput[] = [];
    for (let i = 0; i < bytes.length; i++) out.push(...framer.push(bytes.subarray(i, i + 1)));
    expect(frames(out).map((f) => f.content.toString('latin1'))).toEqual(COALESCED_PARTS.map(contentOf));
    expect(framer.buffered).toBe(0);
  });

  it('gives the same frames however the stream is cut', () => {
    const bytes = Buffer.from(COALESCED_HEX, 'hex');
    const expected = frames(new WatchFramer().push(bytes));
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 12 }), (cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), bytes.length];
        const framer = new WatchFramer();
        const got = points.slice(1).flatMap((end, i) => frames(framer.push(bytes.subarray(points[i], end))));
        expect(got).toEqual(expected);
      }),
    );
  });

  it('keeps a Wi-Fi name with brackets inside its frame', () => {
    // [F] a UD whose last access point is "[LG_Wall-Mount A/C]e725" (its LEN says 317; it carries 308)
    const hex =
      '5b33472a3838303930303234322a303133442a55442c3132303632332c3134303032302c412c34382e3934393237332c4e2c20342e333738333036302c452c31382e35362c34332e382c302e302c31322c3130302c37362c3232363132302c302c30303030303030302c322c3235352c3230342c382c333131302c35353032352c3134362c333133302c34393239372c3132342c352c42616e67696e67576966692c33343a61313a65643a65313a39313a34662c2d37312c42415220576946692c33363a61323a65313a65643a61313a64652c2d37322c4e6574776f726b576966692c32363a64653a61313a65643a65313a61302c2d37332c46696265722c33363a61313a65643a65313a39313a34662c2d37352c5b4c475f57616c6c2d4d6f756e7420412f435d653732352c36363a61313a65643a65313a65373a32352c2d38322c31352e305d';
    const f = frameOf(
      Buffer.from(hex + '5b33472a393730353134313734302a303030332a544b515d', 'hex').subarray(0, hex.length / 2),
    );
    expect(f.content.toString('latin1')).toContain('[LG_Wall-Mount A/C]e725,66:a1:ed:e1:e7:25,-82,15.0');
    expect(f.lengthMismatch).toBe(true);
    const [e] = only(decodeWatchFrame(f).events, 'position');
    expect(e!.fix).toMatchObject({ lat: 48.949273, lng: 4.378306, valid: true, satellites: 12 });
    // and followed by another frame in the same read, both come out
    const out = new WatchFramer().push(Buffer.from(hex + '5b33472a393730353134313734302a303030332a544b515d', 'hex'));
    expect(frames(out).map((x) => x.content.toString('latin1').slice(0, 3))).toEqual(['UD,', 'TKQ']);
  });

  it('undoes the } escapes of binary content; LEN counts the unescaped bytes', () => {
    // [F] a voice frame: "[CS*1234567890*000e*TK,#!AMR" 7d01 7d02 7d03 7d04 7d05 ff "]"
    const wire = Buffer.concat([
      Buffer.from('[CS*1234567890*000e*TK,#!AMR', 'latin1'),
      Buffer.from('7d017d027d037d047d05ff', 'hex'),
      Buffer.from(']', 'latin1'),
    ]);
    const framer = new WatchFramer();
    const out: FramerOutput[] = [];
    for (let i = 0; i < wire.length; i++) out.push(...framer.push(wire.subarray(i, i + 1)));
    const [f] = frames(out);
    expect(f!.content).toEqual(Buffer.concat([Buffer.from('TK,#!AMR', 'latin1'), Buffer.from('7d5b5d2c2aff', 'hex')]));
    expect(f!.lengthMismatch).toBe(false);
    expect(decodeWatchFrame(f!).status).toBe('unknown');
    // synthetic: an escape counts one byte towards LEN — here LEN alone ends the frame (a raw,
    // unmatched '[' follows the escaped one).
    const counted = new WatchFramer().push(
      Buffer.concat([Buffer.from('[CS*1234567890*0005*TK,', 'latin1'), Buffer.from('7d025b5d', 'hex')]),
    );
    expect(frames(counted).map((x) => x.content.toString('latin1'))).toEqual(['TK,[[']);
  });

  it('ends a frame at the ] that completes LEN even when its content has an unmatched [', () => {
    // synthetic
    const out = new WatchFramer().push(Buffer.from('[3G*1234567890*0005*a[bcd][3G*1234567890*0002*LK]', 'latin1'));
    expect(frames(out).map((f) => f.content.toString('latin1'))).toEqual(['a[bcd', 'LK']);
  });

  it('skips garbage before [ and reports it; blank lines between frames are not garbage', () => {
    const framer = new WatchFramer();
    const out = framer.push(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n[SG*8800000015*0002*LK]\r\n', 'latin1'));
    expect(drops(out)).toEqual([{ reason: 'garbage', bytes: 27 }]);
    expect(frames(out)).toHaveLength(1);
    expect(drops(framer.push(Buffer.from('\r\n[SG*8800000015*0002*LK]', 'latin1')))).toEqual([]);
    expect(framer.stats).toMatchObject({ frames: 2, drops: 1, droppedBytes: 27 });
  });

  it('refuses a declared LEN above the limit and resyncs on the next frame', () => {
    const framer = new WatchFramer(1024);
    const out = framer.push(
      Buffer.from(`[3G*1234567890*FFFF*TK,${'x'.repeat(3000)}][3G*1234567890*0002*LK]`, 'latin1'),
    );
    expect(drops(out).map((d) => d.reason)).toEqual(['oversize', 'garbage']);
    expect(frames(out).map((f) => f.content.toString('latin1'))).toEqual(['LK']);
    expect(framer.buffered).toBe(0);
  });

  it('drops content that runs past the limit without ], holding no more than the limit', () => {
    const framer = new WatchFramer(1024);
    const out: FramerOutput[] = [];
    out.push(...framer.push(Buffer.from('[3G*1234567890*0100*UD,', 'latin1')));
    for (let i = 0; i < 40; i++) {
      out.push(...framer.push(Buffer.from('y'.repeat(100), 'latin1')));
      expect(framer.buffered).toBeLessThan(1200);
    }
    expect(drops(out)[0]?.reason).toBe('oversize');
    expect(frames(framer.push(Buffer.from('[3G*1234567890*0002*LK]', 'latin1')))).toHaveLength(1);
  });

  it('refuses a malformed header and finds the next frame', () => {
    const out = new WatchFramer().push(
      Buffer.from('[3G*12 45*0002*LK][3G*1234567890*00ZZ*LK][SG*8800000015*0002*LK]', 'latin1'),
    );
    expect(drops(out).map((d) => d.reason)).toEqual(['malformed_header', 'malformed_header']);
    expect(frames(out).map((f) => f.deviceId)).toEqual(['8800000015']);
  });

  it('a frame that lost its ] is dropped when the next frame starts', () => {
    const out = new WatchFramer().push(Buffer.from('[3G*8800000015*0002*LK[3G*8800000015*000B*LK,0,10,100]', 'latin1'));
    expect(drops(out)).toEqual([{ reason: 'unterminated', bytes: 22 }]);
    expect(frames(out).map((f) => f.content.toString('latin1'))).toEqual(['LK,0,10,100']);
  });
});
