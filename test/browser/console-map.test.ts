// The console's map in Chromium (issue 17, parts 3–6): an operator's 调度台 draws the district's
// boundaries with today's orders' homes; a caregiver's phone position shows as her marker (the
// 30-second refresh); an order whose caregiver is too far to make start + grace is listed under
// 可能迟到 and drawn orange (refreshed by the console's live stream); an SOS ingested from a watch
// shows as a red marker, pops with a map of home, alarm, trail and nearest caregivers, and a click
// on the marker pops it again; a wandering alert's pop shows the safe zone and the last fix's age
// and accuracy in words; the order's page keeps the trip.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import path from 'node:path';
import {
  SCREENSHOTS,
  apiSession,
  loginAs,
  readyCaregiver,
  shot,
  startBrowserEnv,
  type ApiSession,
  type BrowserEnv,
} from '../helpers/browser.js';
import { elderBody, idFor } from '../helpers/elder-fixtures.js';
import { devices } from '../../src/server/db/schema.js';
import { ingestDeviceEvents } from '../../src/server/modules/devices/ingest.js';
import type { DeviceEvent } from '../../src/core/devices/device-event.js';
import { haversineMeters } from '../../src/core/geo/geo.js';

const MINUTE = 60_000;
let env: BrowserEnv;
let admin: ApiSession, operator: ApiSession, caregiver: ApiSession;
let place: { lng: number; lat: number; regionId: number };
let far: { lng: number; lat: number };
const elders: { id: number; name: string; lat: number; lng: number }[] = [];
let orderA: number, orderC: number;

const shanghai = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString();
/** An ISO instant with the +08:00 offset, minutes after the server's now, on a whole minute. */
function inMinutes(m: number) {
  const t = new Date(Math.ceil((env.now().getTime() + m * MINUTE) / MINUTE) * MINUTE);
  return `${shanghai(t).slice(0, 16)}:00+08:00`;
}

beforeAll(async () => {
  env = await startBrowserEnv();
  // Orders are made for a few minutes from now, today: late in the evening, go to tomorrow 08:00.
  const local = shanghai(env.now());
  const hour = Number(local.slice(11, 13)) + Number(local.slice(14, 16)) / 60;
  if (hour > 22.5) env.advance(Math.ceil((24 - hour + 8) * 60));
  admin = await apiSession(env, 'admin');
  operator = await apiSession(env, 'operator');
  caregiver = await apiSession(env, 'caregiver');
  const provider = await apiSession(env, 'provider');
  const ready = await readyCaregiver(admin, provider, caregiver);
  place = ready.point;
  const homes = [
    { name: '王桂兰', lat: place.lat, lng: place.lng, seq: 72 },
    { name: '赵德明', lat: place.lat + 0.006, lng: place.lng + 0.008, seq: 73 },
  ];
  for (const h of homes) {
    const e = await admin(
      'POST',
      '/api/elders',
      elderBody(place.regionId, {
        name: h.name,
        idNumber: idFor('19400208', h.seq),
        lat: h.lat,
        lng: h.lng,
        address: `城关区庆阳路 ${h.seq} 号`,
      }),
    );
    elders.push({ id: e.id, name: h.name, lat: h.lat, lng: h.lng });
  }
  const item = (await admin('GET', '/api/catalogue/items?q=生活照料（2 小时）')).items[0];
  const order = async (elderId: number, start: string, end: string) =>
    (
      await operator('POST', '/api/orders', {
        elderId,
        channel: 'phone',
        lines: [{ itemId: item.id, quantity: 2 }],
        startAt: start,
        endAt: end,
      })
    ).id as number;
  // A: starting in a few minutes, dispatched to the demo caregiver. C: this afternoon, confirmed.
  orderA = await order(elders[0].id, inMinutes(3), inMinutes(123));
  await operator('POST', `/api/orders/${orderA}/actions`, { action: 'confirm' });
  await operator('POST', `/api/orders/${orderA}/actions`, { action: 'dispatch', caregiverId: ready.me.id });
  orderC = await order(elders[1].id, inMinutes(60), inMinutes(180));
  await operator('POST', `/api/orders/${orderC}/actions`, { action: 'confirm' });
  // Too far to make start + 15 minutes at 20 km/h: the district's community farthest from A's home.
  const regions: { level: string; centerLat: number | null; centerLng: number | null }[] = await admin(
    'GET',
    '/api/regions',
  );
  far = regions
    .filter((r) => r.level === 'community' && r.centerLat !== null)
    .map((r) => ({ lat: r.centerLat!, lng: r.centerLng! }))
    .sort((a, b) => haversineMeters(b, place) - haversineMeters(a, place))[0];
  for (const [key, elder] of [
    ['8800001717', elders[0]],
    ['8800001718', elders[1]],
  ] as const)
    await env.database.db.insert(devices).values({
      kind: 'watch',
      protocol: 'watch',
      deviceKey: key,
      elderId: elder.id,
      battery: 71,
    });
});
afterAll(() => env?.close());

const ingest = (key: string, events: DeviceEvent[]) =>
  ingestDeviceEvents(env.database, 'watch', key, events, env.now());
const ago = (minutes: number) => new Date(env.now().getTime() - minutes * MINUTE).toISOString();
/** The watch's walk over the last hour, from home outwards. */
const walk = (key: string, from: { lat: number; lng: number }, steps: number[]): DeviceEvent[] =>
  steps.map((m, i) => ({
    kind: 'position',
    deviceKey: key,
    at: ago(m),
    fix: { lat: from.lat + 0.0012 * (i + 1), lng: from.lng + 0.0009 * (i + 1), valid: true, accuracy: 20 },
  }));

const map = (page: Page) => page.getByTestId('console-map');
const markers = (scope: ReturnType<Page['locator']>, glyph: string) =>
  scope.locator('.leaflet-marker-pane .ymap-dot').filter({ hasText: glyph });
/** One part of the page, at full size, beside the page's own screenshot. */
const shotOf = (part: ReturnType<Page['locator']>, name: string) =>
  part.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
/** The pop alone, whole: the window made tall enough for the fixed modal first. */
async function shotPop(page: Page, name: string) {
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: size.width, height: 1200 });
  await shotOf(pop(page), name);
  await page.setViewportSize(size);
}
const pop = (page: Page) => page.locator('.ant-modal').filter({ hasText: '紧急警情' });

/** A marker's tooltip; hovered by event, since at the district's zoom a neighbour may cover it. */
async function tooltipOf(page: Page, marker: ReturnType<Page['locator']>) {
  await marker.dispatchEvent('mouseover');
  const tip = page.locator('.leaflet-tooltip-pane .leaflet-tooltip').last();
  await tip.waitFor();
  return (await tip.textContent()) ?? '';
}

describe('the map on the operator’s console', () => {
  it('shows boundaries, today’s homes, a caregiver on her way, who may be late, and alarms', async () => {
    const page = await loginAs(env, 'operator');
    await page.goto(`${env.baseUrl}/console`);
    await page.getByText('实时').first().waitFor();
    const m = map(page);
    await m.waitFor();
    // The district and its streets as SVG paths, the streets named; no tiles.
    await expect.poll(() => m.locator('.leaflet-overlay-pane path').count()).toBeGreaterThanOrEqual(6);
    await m.getByText('张掖路街道').first().waitFor();
    expect(await m.locator('.leaflet-tile').count()).toBe(0);
    // Today's two orders' homes, coloured by state (dispatched blue, confirmed gold).
    await expect.poll(() => markers(m, '家').count()).toBe(2);
    const colours = await markers(m, '家').evaluateAll((els) => els.map((e) => (e as HTMLElement).style.background));
    expect(new Set(colours).size).toBe(2);
    expect(await tooltipOf(page, markers(m, '家').first())).toMatch(/王桂兰|赵德明/);
    // Every marker lies inside the map's box: the view is fitted to the district.
    const outside = await m.locator('.leaflet-container').evaluate((c) => {
      const box = c.getBoundingClientRect();
      return [...c.querySelectorAll('.leaflet-marker-pane .ymap-dot')].filter((d) => {
        const b = d.getBoundingClientRect();
        return b.left < box.left || b.top < box.top || b.right > box.right || b.bottom > box.bottom;
      }).length;
    });
    expect(outside).toBe(0);
    await page.getByTestId('late-card').getByText('暂无可能迟到的工单').waitFor();
    await m.scrollIntoViewIfNeeded();
    await shot(page, 'console-map-orders');
    await shotOf(m, 'console-map-orders-map');

    // The caregiver accepts and her phone reports from round the corner: her marker appears by
    // the console's 30-second refresh of positions (nothing on the live stream announces it).
    const view = await m.locator('.leaflet-map-pane').getAttribute('style');
    await caregiver('POST', `/api/orders/${orderA}/actions`, { action: 'accept' });
    await new Promise((r) => setTimeout(r, 1500));
    await caregiver('POST', `/api/orders/${orderA}/trip`, {
      lat: place.lat + 0.002,
      lng: place.lng - 0.001,
      accuracy: 15,
    });
    await expect.poll(() => markers(m, '护').count(), { timeout: 40_000, interval: 1000 }).toBe(1);
    const tip = await tooltipOf(page, markers(m, '护').first());
    expect(tip).toContain('王桂兰');
    expect(tip).toMatch(/定位于(刚刚|\d+ 分钟前)/);
    expect(await page.getByTestId('late-order').count()).toBe(0);
    // Refreshing moved nothing under the operator.
    expect(await m.locator('.leaflet-map-pane').getAttribute('style')).toBe(view);
    await shot(page, 'console-map-caregiver');
    await shotOf(m, 'console-map-caregiver-map');

    // Half a minute later she reports from the district's far side and sets off: with start + 15
    // minutes' grace she cannot make it. The live stream (her departure) refreshes the map.
    expect(haversineMeters(far, place)).toBeGreaterThan(5500);
    env.advance(0.5);
    await caregiver('POST', `/api/orders/${orderA}/trip`, { ...far, accuracy: 30 });
    await caregiver('POST', `/api/orders/${orderA}/actions`, { action: 'depart' });
    const late = page.getByTestId('late-order');
    await late.first().waitFor({ timeout: 10_000 });
    expect(await late.count()).toBe(1);
    const text = (await late.textContent()) ?? '';
    expect(text).toContain(`工单 ${orderA}`);
    expect(text).toContain('王桂兰');
    expect(text).toMatch(/迟约 \d+ 分钟/);
    expect(text).toMatch(/开始 \d\d:\d\d · 最晚 \d\d:\d\d · 预计到达 \d\d:\d\d/);
    // Drawn orange: her marker, the home and the line between them.
    const orange = 'rgb(234, 88, 12)';
    await expect
      .poll(() => markers(m, '护').evaluateAll((els) => els.map((e) => (e as HTMLElement).style.background)))
      .toEqual([orange]);
    const homeColours = await markers(m, '家').evaluateAll((els) =>
      els.map((e) => (e as HTMLElement).style.background),
    );
    expect(homeColours.filter((c) => c === orange)).toHaveLength(1);
    expect(await m.locator(`.leaflet-overlay-pane path[stroke="#ea580c"]`).count()).toBeGreaterThanOrEqual(1);
    await shot(page, 'console-map-late');
    await shotOf(m, 'console-map-late-map');

    // An SOS from A's elder: a red pulsing marker on the map and the pop with its own map.
    const key = '8800001717';
    await ingest(key, walk(key, elders[0], [50, 35, 20, 8]));
    const sos = await ingest(key, [
      {
        kind: 'alarm',
        deviceKey: key,
        at: ago(0),
        alarm: 'sos',
        fix: { lat: elders[0].lat + 0.0055, lng: elders[0].lng + 0.004, valid: true, accuracy: 25 },
        battery: 70,
      },
    ]);
    const caseId = sos.cases[0].id;
    await markers(m, '警').first().waitFor({ timeout: 5000 });
    expect(await m.locator('.leaflet-marker-pane .ymap-pulse').count()).toBe(1);
    const p = pop(page);
    await p.getByTestId('alarm-title').waitFor({ timeout: 5000 });
    const am = p.getByTestId('alarm-map');
    await markers(am, '家').waitFor();
    await markers(am, '警').waitFor();
    // The trail (line and its dots), the accuracy circle and the nearest caregivers.
    await expect.poll(() => am.locator('.leaflet-overlay-pane path').count()).toBeGreaterThanOrEqual(6);
    await expect.poll(() => am.locator('.leaflet-overlay-pane path[stroke="#7c3aed"]').count()).toBeGreaterThan(4);
    expect(await tooltipOf(page, markers(am, '警').first())).toContain('报警位置');
    // The nearest caregivers where they would set out from.
    expect(await markers(am, '护').count()).toBeGreaterThan(0);
    expect(await markers(am, '护').count()).toBe(await p.getByText(/约 \d+\.\d 公里$/).count());
    await shotPop(page, 'console-map-alarm-pop');
    await p.getByRole('button', { name: /收\s*起/ }).click();
    await p.waitFor({ state: 'hidden' });
    await shot(page, 'console-map-alarm-marker');
    await shotOf(m, 'console-map-alarm-marker-map');

    // A click on the red marker pops the case again.
    await markers(m, '警').first().click();
    await p.getByTestId('alarm-title').waitFor();
    expect(await p.locator('.ant-modal-title').textContent()).toContain(String(caseId));
    await p.getByRole('button', { name: /接\s*警/ }).click();
    await p.getByTestId('alarm-acknowledged-by').waitFor();
    await p.getByRole('button', { name: /收\s*起/ }).click();
    await p.waitFor({ state: 'hidden' });
    // Acknowledged: still on the map, no longer ringing.
    await expect.poll(() => m.locator('.leaflet-marker-pane .ymap-pulse').count()).toBe(0);
    expect(await markers(m, '警').count()).toBe(1);

    // The order keeps the trip: its page (from 可能迟到) draws the trail with times.
    await late.getByRole('link', { name: `工单 ${orderA}` }).click();
    const trip = page.getByTestId('order-trip');
    await trip.waitFor();
    expect(await trip.textContent()).toContain('共 2 个定位点');
    await expect.poll(() => trip.locator('.leaflet-overlay-pane path').count()).toBeGreaterThanOrEqual(3);
    await markers(trip, '家').waitFor();
    await markers(trip, '护').waitFor();
    await shot(page, 'console-map-order-trip');

    // The case's own page has the same map.
    await page.goto(`${env.baseUrl}/alarms/${caseId}`);
    const onPage = page.getByTestId('alarm-map');
    await markers(onPage, '家').waitFor();
    await markers(onPage, '警').waitFor();
    await shot(page, 'console-map-alarm-page');
    await page.context().close();
  });

  it('pops a lost elder with the safe zone, the trail and the last fix’s age and accuracy in words', async () => {
    const elder = elders[1];
    const key = '8800001718';
    await admin('POST', `/api/elders/${elder.id}/geofences`, {
      name: '住所周边',
      lat: elder.lat,
      lng: elder.lng,
      radiusM: 500,
    });
    const page = await loginAs(env, 'operator');
    await page.goto(`${env.baseUrl}/console`);
    await page.getByText('实时').first().waitFor();
    await ingest(key, walk(key, elder, [90, 70, 50, 30]));
    await ingest(key, [
      {
        kind: 'alarm',
        deviceKey: key,
        at: ago(12),
        alarm: 'geofence',
        fix: { lat: elder.lat + 0.007, lng: elder.lng + 0.0056, valid: true, accuracy: 40 },
      },
    ]);
    const p = pop(page);
    await p.getByTestId('alarm-title').waitFor({ timeout: 5000 });
    expect(await p.getByTestId('alarm-title').textContent()).toBe('离开安全区域');
    const words = p.getByTestId('lost-elder-fix');
    await words.getByText('安全区域：住所周边（500 米）').waitFor();
    const said = (await words.textContent()) ?? '';
    expect(said).toMatch(/最后定位于 .+（1[12] 分钟前），误差约 40 米/);
    expect(said).toMatch(/距住址约 \d+ 米/);
    const am = p.getByTestId('alarm-map');
    // The safe zone (green circle), the accuracy (blue circle) and the trail.
    await expect.poll(() => am.locator('.leaflet-overlay-pane path[stroke="#16a34a"]').count()).toBe(1);
    expect(await am.locator('.leaflet-overlay-pane path[stroke="#2563eb"]').count()).toBe(1);
    await expect.poll(() => am.locator('.leaflet-overlay-pane path[stroke="#7c3aed"]').count()).toBeGreaterThan(4);
    await markers(am, '家').waitFor();
    await shotPop(page, 'console-map-lost-elder');
    await page.context().close();
  });
});
