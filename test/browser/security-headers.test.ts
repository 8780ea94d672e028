// The Content-Security-Policy (src/server/http/security-headers.ts) against the built client and
// the API documentation: pages render and the browser refuses nothing of ours.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { loginAs, newPage, startBrowserEnv, type BrowserEnv } from '../helpers/browser.js';

let env: BrowserEnv;
beforeAll(async () => {
  env = await startBrowserEnv();
});
afterAll(() => env?.close());

/** Collects what the browser refused (CSP violations) and any script error on the page. */
function watch(page: Page) {
  const refused: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text());
  });
  page.on('pageerror', (e) => refused.push(`pageerror: ${e.message}`));
  return refused;
}

describe('the Content-Security-Policy', () => {
  it('lets the built client run: login, lists, a form, the calendar and the public registry', async () => {
    const login = await newPage(env);
    const refusedAtLogin = watch(login);
    await login.reload();
    await login.getByPlaceholder('用户名').waitFor();
    expect(refusedAtLogin).toEqual([]);

    const page = await loginAs(env, 'admin');
    const refused = watch(page);
    for (const [url, text] of [
      ['/elders', '老人档案'],
      ['/providers', '服务机构'],
      ['/calendar', '工作日历'],
      ['/registry', '服务机构名册'],
    ]) {
      await page.goto(env.baseUrl + url);
      await page.getByText(text).first().waitFor();
    }
    expect(refused).toEqual([]);
    await page.context().close();
    await login.context().close();
  });

  it('lets the API documentation (Swagger UI) render', async () => {
    const page = await newPage(env);
    const refused = watch(page);
    await page.goto(env.baseUrl + '/api/docs');
    await page.getByText('颐养 居家养老服务平台 API').first().waitFor();
    expect(refused).toEqual([]);
    await page.context().close();
  });
});
