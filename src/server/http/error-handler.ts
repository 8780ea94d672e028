// Turns every failure into problem details: validation, malformed bodies, unknown routes,
// our own ProblemErrors, and unexpected errors (logged with personal data masked, shown without internals).
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ProblemError } from './problem.js';
import { errorForLog } from './log-masking.js';

const CONTEXT_NAMES: Record<string, string> = {
  body: '请求体',
  querystring: '查询参数',
  params: '路径参数',
  headers: '请求头',
};

function send(reply: FastifyReply, req: FastifyRequest, p: ProblemError) {
  for (const [k, v] of Object.entries(p.headers)) reply.header(k, v);
  return reply
    .status(p.status)
    .type('application/problem+json; charset=utf-8')
    .send({
      type: p.type,
      title: p.title,
      status: p.status,
      detail: p.detail,
      instance: req.url.split('?')[0],
      requestId: req.id,
      ...(p.errors ? { errors: p.errors } : {}),
    });
}

function fromFastifyError(err: FastifyError): ProblemError | null {
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ProblemError(400, '请求参数有误', '请求体不是合法的 JSON', [
        { field: 'body', message: '不是合法的 JSON' },
      ]);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ProblemError(413, '请求体过大', '请求体超过了允许的大小');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ProblemError(415, '不支持的内容类型', '请求体应为 application/json');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ProblemError(400, '请求参数有误', '请求体长度与 Content-Length 不符');
  }
  return null;
}

export function registerErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof ProblemError) return send(reply, req, err);
    if (hasZodFastifySchemaValidationErrors(err)) {
      const ctx = err.validationContext ?? 'body';
      const errors = err.validation.map((v) => ({
        field: v.instancePath.replace(/^\//, '').replaceAll('/', '.') || ctx,
        message: v.message ?? '无效',
      }));
      const summary = errors.map((e) => `${e.field}：${e.message}`).join('；');
      return send(
        reply,
        req,
        new ProblemError(400, '请求参数有误', `${CONTEXT_NAMES[ctx] ?? ctx}校验未通过 — ${summary}`, errors),
      );
    }
    // A unique key the checks before the write could not see: another request wrote the same
    // thing at the same moment. The transaction rolled back; nothing was half-written.
    const pgCode = (err as { cause?: { code?: string } }).cause?.code ?? (err as { code?: string }).code;
    if (pgCode === '23505') {
      req.log.info({ err: errorForLog(err) }, 'unique violation');
      return send(
        reply,
        req,
        new ProblemError(409, '数据冲突', '相同的记录刚刚已被保存（可能是重复提交），请刷新后查看'),
      );
    }
    const mapped = fromFastifyError(err);
    if (mapped) return send(reply, req, mapped);
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      req.log.info({ err: errorForLog(err) }, 'client error');
      return send(reply, req, new ProblemError(err.statusCode, '请求无法处理', '请求格式不正确'));
    }
    // Masked here, not only by main.ts's serializer: any logger the app is given gets the masked error.
    req.log.error({ err: errorForLog(err) }, 'unhandled error');
    return send(
      reply,
      req,
      new ProblemError(500, '服务器内部错误', '服务器处理请求时出错，请稍后重试；如持续出现请联系管理员并提供请求编号'),
    );
  });
}

export function registerNotFoundHandler(app: FastifyInstance, opts: { spaFallback: boolean }) {
  app.setNotFoundHandler((req, reply) => {
    // Page addresses of the single-page web client are answered with its index.html.
    if (opts.spaFallback && req.method === 'GET' && !req.url.startsWith('/api')) return reply.sendFile('index.html');
    return send(reply, req, new ProblemError(404, '未找到', `没有这个接口：${req.method} ${req.url.split('?')[0]}`));
  });
}
