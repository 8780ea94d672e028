// Issue 15, findings 5, 6, 7, 10 and 12: no personal data in the log, NUL bytes and impossible
// dates refused as 400 on every route, security headers and no-store, the Secure cookie, the
// cross-site request check, scope checked before an upload touches the disk, LIKE wildcards taken
// literally, and uploads downloaded as attachments.
import fs from 'node:fs';
import path from 'node:path';
import Fastify from 'fastify';
import pino from 'pino';
import { DrizzleQueryError } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, makeTestApp, TEST_KEYS, type TestApp } from '../helpers/test-app.js';
import { elderBody, idFor } from '../helpers/elder-fixtures.js';
import { buildApp } from '../../src/server/app.js';
import { loggerOptions } from '../../src/server/http/log-masking.js';
import { registerErrorHandler } from '../../src/server/http/error-handler.js';

let t: TestApp;
const cookies: Record<string, string> = {};
const USERS = ['admin', 'operator', 'street', 'community', 'provider', 'caregiver', 'nursinghome', 'auditor'];

beforeAll(async () => {
  t = await makeTestApp();
  for (const u of USERS) cookies[u] = await t.login(u);
});
afterAll(() => t.close());

const PHONE = '13912345678';
const ID = '11010519491231002X';

/** The same app over the same database, logging through the server's logger options into lines. */
async function loggingApp() {
  const lines: string[] = [];
  const log = pino(loggerOptions('info'), { write: (s: string) => void lines.push(s) });
  const app = await buildApp(t.deps, { loggerInstance: log, scheduler: t.scheduler });
  await app.ready();
  return { app, lines };
}

describe('the log keeps no personal data', () => {
  it('masks phones (with +86, as typed or URL-encoded), ID numbers and names searched for', async () => {
    const { app, lines } = await loggingApp();
    try {
      for (const q of [`+86${PHONE}`, `%2B86${PHONE}`, `0086${PHONE}`, '139 1234 5678', ID, '张桂英'])
        await app.inject({
          url: `/api/elders?q=${q.startsWith('%') ? q : encodeURIComponent(q)}`,
          headers: { cookie: cookies.admin },
        });
      expect(lines.length).toBeGreaterThan(5);
      const all = lines.join('\n');
      expect(all).not.toContain('12345678');
      expect(all).not.toContain('1234%205678');
      expect(all).not.toContain('0519491231');
      expect(all).not.toContain(encodeURIComponent('张桂英'));
      expect(all).not.toContain('张桂英');
      expect(all).toContain('/api/elders?q=');
    } finally {
      await app.close();
    }
  });

  it("masks a failed query's parameters, message and cause", async () => {
    const lines: string[] = [];
    const app = Fastify({ loggerInstance: pino(loggerOptions('info'), { write: (s: string) => void lines.push(s) }) });
    registerErrorHandler(app as unknown as Parameters<typeof registerErrorHandler>[0]);
    app.get('/boom', async () => {
      const cause = Object.assign(new Error('duplicate key'), {
        code: '22P02',
        detail: `Key (id_number)=(${ID}) already exists.`,
      });
      throw new DrizzleQueryError(
        'select * from elders where id_number = $1 and phone = $2 and name = $3',
        [ID, `+86${PHONE}`, '张桂英'],
        cause,
      );
    });
    const res = await app.inject({ url: '/boom' });
    expect(res.statusCode).toBe(500);
    const all = lines.join('\n');
    expect(all).toContain('unhandled error');
    expect(all).toContain('select * from elders');
    // The parameters by kind and length, enough to see which one was wrong.
    expect(all).toContain('[文本 18 字]');
    expect(all).not.toContain('0519491231');
    expect(all).not.toContain('12345678');
    expect(all).not.toContain('张桂英');
    await app.close();
  });
});

// --- NUL bytes on every route ------------------------------------------------------------------

interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minimum?: number;
  minLength?: number;
  minItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

const NUL = 'a\u0000b';
const types = (s: JsonSchema): string[] =>
  [s.type ?? [], ...(s.anyOf ?? []).map(types), ...(s.oneOf ?? []).map(types), ...(s.allOf ?? []).map(types)].flat(2);
const isString = (s: JsonSchema | undefined) => !!s && types(s).includes('string');

/** A plausible value for a schema, so that the only thing wrong with a request is the NUL. */
function sample(s: JsonSchema | undefined): unknown {
  if (!s) return 'x';
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0];
  const alt = s.anyOf ?? s.oneOf ?? s.allOf;
  if (alt) return sample(alt.find((a) => a.type !== 'null') ?? alt[0]);
  const type = Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type;
  switch (type) {
    case 'integer':
    case 'number':
      return Math.max(s.minimum ?? 1, 1);
    case 'boolean':
      return false;
    case 'array':
      return Array.from({ length: s.minItems ?? 0 }, () => sample(s.items));
    case 'object':
      return Object.fromEntries((s.required ?? []).map((k) => [k, sample(s.properties?.[k])]));
    default:
      if (s.format === 'date-time') return '2026-03-02T09:00:00+08:00';
      if (s.format === 'date' || s.pattern?.includes('\\d{4}')) return '2026-03-02';
      return '测试'.padEnd(Math.max(s.minLength ?? 0, 2), '试');
  }
}

interface Operation {
  parameters?: { name: string; in: string; schema?: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

describe('a NUL byte in any string field is a 400 naming the field', () => {
  it('on every route of the OpenAPI document, for every path, query and body string', async () => {
    const doc = (await t.app.inject({ url: '/api/docs/json' })).json() as {
      paths: Record<string, Record<string, Operation>>;
    };
    const failures: string[] = [];
    let checked = 0;
    for (const [route, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const params = op.parameters ?? [];
        const bodySchema = op.requestBody?.content?.['application/json']?.schema;
        const bodyBase = (bodySchema ? sample(bodySchema) : undefined) as Record<string, unknown> | undefined;
        const targets: { place: 'path' | 'query' | 'body'; name: string }[] = [
          ...params
            .filter((p) => (p.in === 'path' || p.in === 'query') && isString(p.schema ?? {}))
            .map((p) => ({ place: p.in as 'path' | 'query', name: p.name })),
          ...Object.entries(bodySchema?.properties ?? {})
            .filter(([, s]) => isString(s))
            .map(([name]) => ({ place: 'body' as const, name })),
        ];
        for (const target of targets) {
          const pathValues = Object.fromEntries(
            params.filter((p) => p.in === 'path').map((p) => [p.name, String(sample(p.schema))]),
          );
          const query = new URLSearchParams();
          for (const p of params.filter((x) => x.in === 'query' && x.schema && (x as { required?: boolean }).required))
            query.set(p.name, String(sample(p.schema)));
          let body = bodyBase && typeof bodyBase === 'object' ? { ...bodyBase } : bodyBase;
          if (target.place === 'path') pathValues[target.name] = NUL;
          if (target.place === 'query') query.set(target.name, NUL);
          if (target.place === 'body') body = { ...(body ?? {}), [target.name]: NUL };
          const url =
            route.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(pathValues[name] ?? '1')) +
            (query.size ? `?${query}` : '');
          const key = route.startsWith('/api/telephony')
            ? TEST_KEYS.telephonyApiKey
            : route.startsWith('/api/sms/inbound')
              ? TEST_KEYS.smsInboundKey
              : undefined;
          // The first role the route lets through: the NUL check comes after the session's.
          let res;
          for (const user of USERS) {
            res = await t.app.inject({
              method: method.toUpperCase() as 'GET',
              url,
              headers: { cookie: cookies[user], ...(key ? { 'x-api-key': key } : {}) },
              ...(body !== undefined ? { payload: body as object } : {}),
            });
            if (res.statusCode !== 401 && res.statusCode !== 403) break;
          }
          const what = `${method.toUpperCase()} ${route} ${target.place}.${target.name}: ${res!.statusCode}`;
          if (res!.statusCode === 401 || res!.statusCode === 403) continue;
          checked++;
          const errors = res!.statusCode === 400 ? (res!.json().errors as { field: string }[] | undefined) : undefined;
          if (!errors?.some((e) => e.field === target.name)) failures.push(`${what} ${res!.body.slice(0, 120)}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(100);
  });
});

describe('impossible dates', () => {
  it('PUT and DELETE /api/calendar/2026-02-30 and working days from 2026-02-30 are 400 naming the field', async () => {
    for (const method of ['PUT', 'DELETE'] as const) {
      const res = await t.app.inject({
        method,
        url: '/api/calendar/2026-02-30',
        headers: { cookie: cookies.admin },
        ...(method === 'PUT' ? { payload: { kind: 'workday', name: '调休' } } : {}),
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().errors[0]).toMatchObject({ field: 'day', message: '日期无效' });
    }
    const wd = await t.app.inject({
      url: '/api/calendar/working-days?from=2026-02-30&add=3',
      headers: { cookie: cookies.admin },
    });
    expect(wd.statusCode).toBe(400);
    expect(wd.json().errors[0].field).toBe('from');
  });
});

// --- headers, cookie, CSRF -------------------------------------------------------------------------

describe('security headers', () => {
  it('sends CSP, frame, sniffing, referrer and HSTS headers, and no-store on API answers', async () => {
    const res = await t.app.inject({ url: '/api/elders', headers: { cookie: cookies.admin } });
    expect(res.statusCode).toBe(200);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['strict-transport-security']).toContain('max-age=');
    expect(res.headers['cache-control']).toBe('no-store');
    const problem = await t.app.inject({ url: '/api/elders/999999', headers: { cookie: cookies.admin } });
    expect(problem.headers['cache-control']).toBe('no-store');
  });

  it('marks the session cookie Secure when the request came over HTTPS through a trusted proxy', async () => {
    const behindProxy = await buildApp(
      { ...t.deps, config: { ...t.deps.config, trustProxy: true } },
      { scheduler: t.scheduler },
    );
    try {
      const loginAs = async (app: typeof behindProxy, proto?: string) =>
        String(
          (
            await app.inject({
              method: 'POST',
              url: '/api/auth/login',
              payload: { username: 'auditor', password: DEMO_PASSWORD },
              headers: proto ? { 'x-forwarded-proto': proto } : {},
            })
          ).headers['set-cookie'],
        );
      expect(await loginAs(behindProxy, 'https')).toMatch(/;\s*Secure/i);
      expect(await loginAs(behindProxy)).not.toMatch(/;\s*Secure/i);
      // Not trusting a proxy, a client's own X-Forwarded-Proto changes nothing.
      expect(await loginAs(t.app, 'https')).not.toMatch(/;\s*Secure/i);
    } finally {
      await behindProxy.close();
    }
  });
});

describe('cross-site requests', () => {
  it('refuses a body-less POST from another site, by Origin or by Sec-Fetch-Site; the session stays', async () => {
    const cookie = await t.login('street');
    for (const headers of [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { origin: 'http://localhost.evil.example' },
      { 'sec-fetch-site': 'cross-site' },
    ]) {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie, ...headers } });
      expect(res.statusCode, JSON.stringify(headers)).toBe(403);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().detail).toContain('跨站');
    }
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(200);
    const evilPut = await t.app.inject({
      method: 'PUT',
      url: '/api/calendar/2026-10-10',
      headers: { cookie: cookies.admin, origin: 'https://evil.example' },
      payload: { kind: 'workday', name: '伪造' },
    });
    expect(evilPut.statusCode).toBe(403);
  });

  it('accepts its own origin, the configured public origin, same-origin fetches and machine callers', async () => {
    const cookie = await t.login('street');
    const own = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie, origin: 'http://localhost:80', 'sec-fetch-site': 'same-origin' },
    });
    expect(own.statusCode).toBe(200);
    const configured = await buildApp(
      { ...t.deps, config: { ...t.deps.config, publicOrigin: 'https://yiyang.example.gov.cn' } },
      { scheduler: t.scheduler },
    );
    try {
      const c2 = await t.login('street');
      const res = await configured.inject({
        method: 'POST',
        url: '/api/auth/logout',
        headers: { cookie: c2, origin: 'https://yiyang.example.gov.cn' },
      });
      expect(res.statusCode).toBe(200);
    } finally {
      await configured.close();
    }
    const call = await t.app.inject({
      method: 'POST',
      url: '/api/telephony/calls',
      headers: { 'x-api-key': TEST_KEYS.telephonyApiKey, origin: 'https://pbx.example' },
      payload: { caller: '09318888888' },
    });
    expect(call.statusCode).not.toBe(403);
  });
});

// --- uploads ----------------------------------------------------------------------------------

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da636060f80f0001040100a0f3b8f30000000049454e44ae426082',
  'hex',
);
const filesUnder = (dir: string): string[] =>
  fs.existsSync(dir)
    ? fs
        .readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((d) => d.isFile())
        .map((d) => d.name)
    : [];

describe('uploads', () => {
  it("a provider's upload for another provider's caregiver, or one that does not exist, writes no file", async () => {
    const all = (await t.app.inject({ url: '/api/caregivers?pageSize=200', headers: { cookie: cookies.admin } })).json()
      .items as { id: number }[];
    const mine = new Set(
      (
        (await t.app.inject({ url: '/api/caregivers?pageSize=200', headers: { cookie: cookies.provider } })).json()
          .items as { id: number }[]
      ).map((c) => c.id),
    );
    const foreign = all.find((c) => !mine.has(c.id))!;
    expect(foreign).toBeDefined();
    const photos = path.join(t.config.dataDir, 'photos');
    const before = filesUnder(photos);
    for (let i = 0; i < 5; i++) {
      // A different image each time: the same bytes would be stored only once anyway.
      const png = Buffer.concat([PNG, Buffer.from([i])]);
      for (const id of [foreign.id, 999_999]) {
        const res = await t.app.inject({
          method: 'PUT',
          url: `/api/caregivers/${id}/photo`,
          payload: png,
          headers: { cookie: cookies.provider, 'content-type': 'image/png' },
        });
        expect(res.statusCode).toBe(404);
      }
    }
    expect(filesUnder(photos)).toEqual(before);

    // Its own caregiver's photo is stored and shown as an image, never sniffed as anything else.
    const own = [...mine][0];
    const put = await t.app.inject({
      method: 'PUT',
      url: `/api/caregivers/${own}/photo`,
      payload: PNG,
      headers: { cookie: cookies.provider, 'content-type': 'image/png' },
    });
    expect(put.statusCode).toBe(200);
    expect(filesUnder(photos).length).toBe(before.length + 1);
    const get = await t.app.inject({ url: `/api/caregivers/${own}/photo`, headers: { cookie: cookies.provider } });
    expect(get.headers['content-type']).toBe('image/png');
    expect(get.headers['x-content-type-options']).toBe('nosniff');
    expect(get.headers['cache-control']).toBe('no-store');
  });

  it('a document that is both a PDF and an HTML page is downloaded as an attachment, with nosniff', async () => {
    const regions = (await t.app.inject({ url: '/api/regions', headers: { cookie: cookies.admin } })).json();
    const home = regions.find((r: { name: string }) => r.name === '金塔巷社区');
    const elder = await t.app.inject({
      method: 'POST',
      url: '/api/elders',
      headers: { cookie: cookies.admin },
      payload: elderBody(home.id, {
        name: '申请人乙',
        idNumber: idFor('19410616', 153),
        categories: [{ type: 'dibao', certificateNo: 'DB8', validUntil: '2030-12-31' }],
      }),
    });
    expect(elder.statusCode, elder.body).toBe(201);
    const application = await t.app.inject({
      method: 'POST',
      url: '/api/applications',
      headers: { cookie: cookies.community },
      payload: { elderId: elder.json().id, programme: 'home_care_subsidy', opinion: '材料齐全，予以受理' },
    });
    expect(application.statusCode, application.body).toBe(201);
    const polyglot = Buffer.from('%PDF-1.4\n<html><script>alert(document.cookie)</script></html>\n%%EOF\n');
    const up = await t.app.inject({
      method: 'POST',
      url: `/api/applications/${application.json().id}/documents?kind=id_copy&filename=${encodeURIComponent('身份证.html')}`,
      payload: polyglot,
      headers: { cookie: cookies.community, 'content-type': 'application/pdf' },
    });
    expect(up.statusCode, up.body).toBe(201);
    const down = await t.app.inject({
      url: `/api/applications/${application.json().id}/documents/${up.json().id}`,
      headers: { cookie: cookies.community },
    });
    expect(down.statusCode).toBe(200);
    expect(down.headers['content-type']).toBe('application/pdf');
    expect(down.headers['content-disposition']).toMatch(/^attachment;/);
    expect(down.headers['content-disposition']).toContain(encodeURIComponent('身份证.html'));
    expect(down.headers['x-content-type-options']).toBe('nosniff');
    expect(down.headers['cache-control']).toBe('no-store');
  });
});

// --- LIKE wildcards --------------------------------------------------------------------------------

describe('search terms are taken literally', () => {
  it('"%", "_" and "\\" find nothing where no name holds them', async () => {
    for (const term of ['%', '_', '%%', '\\']) {
      const q = encodeURIComponent(term);
      for (const [url, user] of [
        [`/api/users?q=${q}`, 'admin'],
        [`/api/providers?q=${q}`, 'admin'],
        [`/api/caregivers?q=${q}`, 'admin'],
        [`/api/catalogue/items?q=${q}`, 'admin'],
        [`/api/audit?username=${q}`, 'auditor'],
      ] as const) {
        const res = await t.app.inject({ url, headers: { cookie: cookies[user] } });
        expect(res.statusCode, `${url} ${res.body}`).toBe(200);
        const body = res.json();
        const n = Array.isArray(body) ? body.length : (body.total ?? body.items.length);
        expect(n, `${url} as ${user}`).toBe(0);
      }
    }
  });
});
