// Serves the built web client and the API from one in-process server on a free port (the same
// app the API tests use, so it runs on PostgreSQL too when TEST_DB says so), and
// drives Debian's Chromium with playwright-core.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { makeTestApp, DEMO_PASSWORD, type TestApp } from './test-app.js';

export const SCREENSHOTS = path.resolve('test-results/screenshots');
export const DESKTOP = { width: 1366, height: 768 };
export const PHONE = { width: 390, height: 844 };

export interface BrowserEnv {
  baseUrl: string;
  browser: Browser;
  advance(minutes: number): void;
  close(): Promise<void>;
  /** The server's clock, and its database for setting up what the approval path would have left. */
  now(): Date;
  database: TestApp['database'];
  /** Runs the server's due jobs once, as its scheduler would. */
  tick(): Promise<void>;
}

export async function startBrowserEnv(): Promise<BrowserEnv> {
  const webDir = path.resolve('dist/web');
  if (!fs.existsSync(path.join(webDir, 'index.html')))
    throw new Error('dist/web is missing: run `npm run build:web` first');
  const t = await makeTestApp({ webDir, elders: 400 });
  const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    baseUrl: address,
    browser,
    advance: (minutes) => t.advance(minutes),
    now: () => t.deps.clock(),
    database: t.database,
    tick: () => t.scheduler.tick(),
    async close() {
      await browser.close();
      await t.close();
    },
  };
}

export async function newPage(env: BrowserEnv, viewport = DESKTOP): Promise<Page> {
  const context = await env.browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  await page.goto(env.baseUrl + '/login');
  return page;
}

export async function loginAs(env: BrowserEnv, username: string, viewport = DESKTOP, password = DEMO_PASSWORD) {
  const page = await newPage(env, viewport);
  await page.getByPlaceholder('用户名').fill(username);
  await page.getByPlaceholder('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByText('您好').waitFor();
  return page;
}

export const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });

/** A logged-in API caller for setting up what a browser test then looks at. */
export async function apiSession(env: BrowserEnv, username: string) {
  const res = await fetch(`${env.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  const cookie = res.headers.get('set-cookie')!.split(';')[0];
  return async (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => {
    const r = await fetch(env.baseUrl + url, {
      method,
      headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
    });
    const data = await r.json();
    if (!r.ok) throw new Error(`${method} ${url}: ${r.status} ${JSON.stringify(data)}`);
    return data;
  };
}
export type ApiSession = Awaited<ReturnType<typeof apiSession>>;

/** The demo caregiver, working all day every day at its provider's service point; returns both. */
export async function readyCaregiver(admin: ApiSession, provider: ApiSession, caregiver: ApiSession) {
  const me = (await caregiver('GET', '/api/caregivers')).items[0];
  const point = (await admin('GET', `/api/providers/${me.providerId}`)).points.find(
    (p: { areaKind: string; regionId: number | null }) => p.areaKind === 'radius' && p.regionId,
  );
  const detail = await provider('GET', `/api/caregivers/${me.id}`);
  await provider('PUT', `/api/caregivers/${me.id}`, {
    name: detail.name,
    skills: [...new Set([...detail.skills, 'personal_care', 'cleaning'])],
    workDays: [1, 2, 3, 4, 5, 6, 7],
    workStart: '00:00',
    workEnd: '23:59',
    homeAddress: detail.homeAddress,
    homeLng: point.lng,
    homeLat: point.lat,
    joinedOn: detail.joinedOn,
  });
  return {
    me: me as { id: number; providerId: number; name: string },
    point: point as { lng: number; lat: number; regionId: number },
  };
}
