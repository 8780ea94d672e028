// The one map in the browser: with no tiles at all it draws the demo's region boundaries, takes
// an uploaded boundary on the regions page (a bad file refused naming the place), and on the
// provider page a service area is drawn as a polygon with leaflet-geoman and saved.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiSession, loginAs, shot, startBrowserEnv, type BrowserEnv } from '../helpers/browser.js';

let env: BrowserEnv;

beforeAll(async () => {
  env = await startBrowserEnv();
});
afterAll(() => env.close());

/** Every request the page makes leaves this server: no tiles, no CDN icons. */
function watchRequests(page: Page) {
  const foreign: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(env.baseUrl) && !r.url().startsWith('data:') && !r.url().startsWith('blob:'))
      foreign.push(r.url());
  });
  return foreign;
}

describe('the map without tiles', () => {
  it('draws the boundaries on the regions page and takes an uploaded boundary', async () => {
    const page = await loginAs(env, 'admin');
    const foreign = watchRequests(page);
    await page.goto(`${env.baseUrl}/regions`);
    const card = page.getByTestId('region-boundary');
    await card.waitFor();
    // The district and its streets are drawn as SVG paths, with the streets' names on the map.
    const paths = card.locator('.leaflet-overlay-pane path');
    await expect.poll(() => paths.count()).toBeGreaterThanOrEqual(6);
    await card.getByText('张掖路街道').first().waitFor();
    expect(await card.locator('.leaflet-tile').count()).toBe(0);
    await shot(page, 'map-regions-boundaries');

    // A street: its communities drawn inside it.
    const tree = page.locator('.ant-tree');
    await tree
      .getByText(/^张掖路街道/)
      .first()
      .click();
    await expect.poll(() => card.locator('.leaflet-overlay-pane path').count()).toBeGreaterThanOrEqual(9);
    await shot(page, 'map-regions-street');

    // A community: a bad file is refused naming the place; a good one is drawn.
    const admin = await apiSession(env, 'admin');
    const regions = await admin('GET', '/api/regions');
    const community = regions.find((r: { level: string; name: string }) => r.level === 'community');
    await page.getByPlaceholder('按名称或代码查找').fill(community.code);
    await tree
      .getByText(new RegExp(`^${community.name}`))
      .first()
      .click();
    await page.getByText(/已有边界/).waitFor();
    const ring = [
      [community.centerLng - 0.004, community.centerLat - 0.003],
      [community.centerLng + 0.004, community.centerLat - 0.003],
      [community.centerLng + 0.004, community.centerLat + 0.003],
      [community.centerLng - 0.004, community.centerLat + 0.003],
    ];
    const file = (body: unknown) => ({
      name: 'boundary.geojson',
      mimeType: 'application/geo+json',
      buffer: Buffer.from(JSON.stringify(body)),
    });
    await card.getByTestId('boundary-file').setInputFiles(file({ type: 'Polygon', coordinates: [ring] }));
    await card.getByText('环未闭合').waitFor();
    await card
      .getByText(/coordinates\[0\]/)
      .first()
      .waitFor();
    await card.getByTestId('boundary-file').setInputFiles(
      file({
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[...ring, ring[0]]] } },
        ],
      }),
    );
    await page.getByText(`已上传「${community.name}」的边界（5 个点）`).waitFor();
    await card.getByText('已有边界，5 个点').waitFor();
    await shot(page, 'map-regions-upload');
    const drawn = await admin('GET', '/api/map/boundaries?level=community');
    const mine = drawn.features.find((f: { id: number }) => f.id === community.id);
    expect(mine.geometry.coordinates[0]).toHaveLength(5);
    expect(foreign).toEqual([]);
  });

  it('draws a provider’s service area as a polygon (leaflet-geoman) and saves it', async () => {
    const provider = await apiSession(env, 'provider');
    const me = await provider('GET', '/api/auth/me').catch(() => null);
    const caregivers = await provider('GET', '/api/caregivers');
    const providerId = me?.providerId ?? caregivers.items[0].providerId;
    const before = await provider('GET', `/api/providers/${providerId}`);
    const page = await loginAs(env, 'provider');
    const foreign = watchRequests(page);
    await page.goto(`${env.baseUrl}/providers/${providerId}`);
    await page.getByRole('tab', { name: /服务网点/ }).click();
    await page.getByRole('button', { name: '新增网点' }).click();
    const dialog = page.locator('.ant-modal');
    await dialog.getByLabel('网点名称').fill('地图画出的网点');
    await dialog.getByLabel('地址').fill('城关区张掖路 100 号');
    const p0 = before.points[0];
    await dialog.getByLabel('经度').fill(String(p0.lng));
    await dialog.getByLabel('纬度').fill(String(p0.lat));
    await dialog.getByText('多边形').click();
    const field = dialog.getByTestId('polygon-field');
    const map = field.locator('.leaflet-container');
    await map.waitFor();
    // Geoman's drawing tool, then four clicks and a click on the first vertex to close it.
    const draw = field.locator('.leaflet-pm-icon-polygon');
    await draw.waitFor();
    await map.scrollIntoViewIfNeeded();
    await draw.click();
    const box = (await map.boundingBox())!;
    const at = (dx: number, dy: number) => ({ x: box.x + box.width / 2 + dx, y: box.y + box.height / 2 + dy });
    const corners = [at(-120, -80), at(120, -90), at(140, 70), at(-100, 90)];
    for (const c of corners) {
      await page.mouse.click(c.x, c.y);
      await page.waitForTimeout(100);
    }
    await page.mouse.click(corners[0].x, corners[0].y);
    await field.getByText(/4 个顶点/).waitFor();
    await shot(page, 'map-provider-polygon-drawn');

    // Drag one vertex (geoman's edit handles): it moves and the area keeps its four vertices.
    const vertex = field.locator('.marker-icon:not(.marker-icon-middle)').nth(1);
    const vb = (await vertex.boundingBox())!;
    await page.mouse.move(vb.x + vb.width / 2, vb.y + vb.height / 2);
    await page.mouse.down();
    await page.mouse.move(vb.x + vb.width / 2 + 40, vb.y + vb.height / 2 - 30, { steps: 5 });
    await page.mouse.up();
    const moved = (await vertex.boundingBox())!;
    expect(Math.round(moved.x - vb.x)).toBeGreaterThan(30);
    expect(Math.round(vb.y - moved.y)).toBeGreaterThan(20);
    await field.getByText(/4 个顶点/).waitFor();

    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('已保存').first().waitFor();
    const after = await provider('GET', `/api/providers/${providerId}`);
    const added = after.points.find((p: { name: string }) => p.name === '地图画出的网点');
    expect(added.areaKind).toBe('polygon');
    expect(added.polygon).toHaveLength(5);
    expect(added.polygon[0]).toEqual(added.polygon[4]);
    // WGS-84 around the point, 6 decimals.
    for (const [lng, lat] of added.polygon) {
      expect(Math.abs(lng - p0.lng)).toBeLessThan(0.1);
      expect(Math.abs(lat - p0.lat)).toBeLessThan(0.1);
      expect(Math.round(lng * 1e6) / 1e6).toBe(lng);
    }
    await shot(page, 'map-provider-polygon-saved');
    expect(foreign).toEqual([]);
  });
});
