// Every /api route requires a session unless marked public, and its permission if it names one.
import type { FastifyInstance } from 'fastify';
import { forbidden, unauthorized } from '../http/problem.js';
import { loadPrincipal, SESSION_COOKIE } from './sessions.js';
import type { Db } from '../db/client.js';
import type { SessionPolicy } from '../../core/session-expiry.js';

export function registerGuard(app: FastifyInstance, db: Db, policy: SessionPolicy, clock: () => Date) {
  app.decorateRequest('principal', null);
  // onRequest, not preHandler: an anonymous caller learns nothing from validation errors.
  app.addHook('onRequest', async (req) => {
    const route = req.routeOptions.url;
    // The API documentation is public, like the OpenAPI document it shows.
    if (!req.url.startsWith('/api/') || route === undefined || route.startsWith('/api/docs')) return;
    const config = req.routeOptions.config;
    const token = req.cookies[SESSION_COOKIE];
    if (token) req.principal = await loadPrincipal(db, token, clock(), policy);
    if (config.public) return;
    const p = req.principal;
    if (!p) throw unauthorized(token ? '登录已过期，请重新登录' : '请先登录');
    if (p.mustChangePassword && !config.allowPendingPasswordChange) throw forbidden('请先修改初始密码');
    if (config.permission && !p.permissions.includes(config.permission)) throw forbidden();
  });
}
