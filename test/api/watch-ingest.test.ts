// The watch gateway as the server runs it (issue 17): a real TCP socket, a real captured SOS
// frame (Traccar's WatchProtocolDecoderTest), the alarm stored as a case before the watch gets
// its AL, and an unregistered watch answered as usual with nothing stored.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { makeTestApp, type TestApp } from '../helpers/test-app.js';
import { alarmCases, devices, elders } from '../../src/server/db/schema.js';
import { startWatchIngest } from '../../src/server/gateway/watch-ingest.js';
import type { WatchGateway } from '../../src/server/gateway/tcp-gateway.js';

let t: TestApp;
let gw: WatchGateway;
const warnings: unknown[] = [];
beforeAll(async () => {
  t = await makeTestApp({ elders: 5 });
  const [e] = await t.database.db.select().from(elders).limit(1);
  await t.database.db
    .insert(devices)
    .values({ kind: 'watch', protocol: 'watch', deviceKey: '8800000015', elderId: e.id });
  const log = { info: () => {}, warn: (o: unknown) => void warnings.push(o), error: () => {} };
  gw = await startWatchIngest({ database: t.database, port: 0, host: '127.0.0.1', clock: t.deps.clock, log });
});
afterAll(async () => {
  await gw.close();
  await t.close();
});

/** Sends one frame and waits for the gateway's answer. */
function exchange(frame: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(gw.port, '127.0.0.1', () => s.write(frame));
    s.once('data', (d) => {
      resolve(d.toString('latin1'));
      s.destroy();
    });
    s.once('error', reject);
    setTimeout(() => reject(new Error('no answer')), 5000);
  });
}

const SOS =
  '[SG*8800000015*0087*AL,220414,134652,A,22.571707,N,113.8613968,E,0.1,0.0,100,7,60,90,1000,50,0001,4,1,460,0,9360,4082,131,9360,4092,148,9360,4091,143,9360,4153,141]';

describe('the watch gateway on the server', () => {
  it('stores an SOS as an open case, then answers AL', async () => {
    expect(await exchange(SOS)).toBe('[SG*8800000015*0002*AL]');
    const [d] = await t.database.db.select().from(devices).where(eq(devices.deviceKey, '8800000015'));
    const cases = await t.database.db.select().from(alarmCases).where(eq(alarmCases.deviceId, d.id));
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({ state: 'open', lat: 22.571707 });
    expect(d.lastSeenAt).not.toBeNull();
  });

  it('answers an unregistered watch’s heartbeat and stores nothing for it', async () => {
    expect(await exchange('[3G*4700186508*000B*LK,0,10,100]')).toBe('[3G*4700186508*0002*LK]');
    expect(warnings).toEqual([expect.objectContaining({ deviceKey: '4700186508', times: 1 })]);
  });
});
