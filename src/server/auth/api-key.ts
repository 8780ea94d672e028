// Machine callers (the PBX, the SMS gateway) authenticate with a shared key in X-Api-Key. The
// check runs before the body is read or validated, and compares in constant time.
import crypto from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { ProblemError } from '../http/problem.js';

const digest = (s: string) => crypto.createHash('sha256').update(s).digest();

export function apiKeyHook(expected: () => string | undefined, what: string) {
  return async (req: FastifyRequest) => {
    const key = expected();
    if (!key) throw new ProblemError(503, '接口未启用', `${what}接口未配置密钥，暂不可用`);
    const given = req.headers['x-api-key'];
    if (typeof given !== 'string' || !crypto.timingSafeEqual(digest(given), digest(key))) {
      throw new ProblemError(401, '接口密钥无效', `${what}接口密钥缺失或错误（请求头 X-Api-Key）`);
    }
  };
}
