// The HTTP contract: health, docs, problem details for every kind of bad input, and that
// bad input changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await makeTestApp();
  admin = await t.login('admin');
});
afterAll(() => t.close());

const countRegions = async () =>
  (await t.app.inject({ url: '/api/regions', headers: { cookie: admin } })).json().length;

describe('health and docs', () => {
  it('reports database reachability and migration version', async () => {
    const res = await t.app.inject({ url: '/api/health' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.status).toBe('ok');
    expect(body.database.reachable).toBe(true);
    expect(body.migrations.version).toMatch(/^\d{4}_/);
    expect(body.migrations.applied).toBe(body.migrations.known);
  });
  it('serves an OpenAPI document generated from the schemas', async () => {
    const res = await t.app.inject({ url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.paths['/api/regions'].post.requestBody).toBeDefined();
    expect(doc.paths['/api/users'].get.parameters.some((p: { name: string }) => p.name === 'sort')).toBe(true);
  });
  it('returns a request id on every response', async () => {
    const res = await t.app.inject({ url: '/api/health/live', headers: { 'x-request-id': 'abc-123' } });
    expect(res.headers['x-request-id']).toBe('abc-123');
  });
});

describe('problem details', () => {
  const post = (payload: string, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/api/regions',
      payload,
      headers: { cookie: admin, 'content-type': 'application/json', ...headers },
    });

  it('unknown routes are 404 problems', async () => {
    const res = await t.app.inject({ url: '/api/no-such-thing' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status: 404, title: '未找到' });
  });
  it('malformed JSON', async () => {
    const before = await countRegions();
    const res = await post('{"parentId": 1,');
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toContain('JSON');
    expect(await countRegions()).toBe(before);
  });
  it('wrong types, missing fields and unknown fields are named in Chinese', async () => {
    const res = await post(JSON.stringify({ parentId: 'one', name: 'x', extra: 1 }));
    expect(res.statusCode).toBe(400);
    const errors: { field: string; message: string }[] = res.json().errors;
    expect(errors).toEqual(
      expect.arrayContaining([
        { field: 'parentId', message: '应为数字' },
        { field: 'code', message: '必填' },
        { field: 'name', message: '至少 2 个字符' },
      ]),
    );
    expect(errors.some((e) => e.message.includes('extra'))).toBe(true);
  });
  it('unknown enum values', async () => {
    const res = await t.app.inject({ url: '/api/users?role=king', headers: { cookie: admin } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('role');
    expect(res.json().errors[0].message).toContain('取值无效');
  });
  it('oversize bodies are refused with 413', async () => {
    const res = await post(JSON.stringify({ parentId: 1, code: '620102009000', name: 'x'.repeat(2_000_000) }));
    expect(res.statusCode).toBe(413);
    expect(res.json().title).toBe('请求体过大');
  });
  it('bodies that are not JSON are refused with 415', async () => {
    const res = await post('name=x', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.statusCode).toBe(415);
  });
  it('never shows a stack trace', async () => {
    const res = await post('{"parentId": 99999999999999999999, "code": "620102009000", "name": "测试街道"}');
    expect(res.body).not.toMatch(/at .*\.ts:\d+/);
    expect(res.statusCode).toBeLessThan(500);
  });
});
