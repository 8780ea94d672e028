// Response headers and the cross-site request check that a 等保 level-3 review expects of a
// system holding elders' personal data (PIPL): what the browser may load and frame, that API
// answers are never cached, and that no other site can make a logged-in browser change anything.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import helmet from '@fastify/helmet';
import { forbidden } from './problem.js';

/**
 * The page's Content-Security-Policy. The built web app loads only its own module script and
 * stylesheet (no inline script; see dist/web/index.html), so scripts are 'self' only. Styles
 * need 'unsafe-inline': antd's CSS-in-JS writes its styles into <style> tags at run time, and
 * Swagger UI sets style attributes; an injected style cannot run code, an injected script could.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  // Photos previewed before upload and Swagger UI's icons are data: or blob: URLs.
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  // Not upgrade-insecure-requests: some bureaus run the system on an intranet address over HTTP,
  // where it would break every request; HTTPS deployments get HSTS instead.
  upgradeInsecureRequests: null,
};

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** scheme://host[:port] with default ports dropped, as browsers send Origin; null if unparsable. */
export function normaliseOrigin(origin: string): string | null {
  try {
    const u = new URL(origin);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
}

// The origin the browser used to reach us: scheme and Host (the proxy's X-Forwarded-Proto and
// X-Forwarded-Host only when TRUST_PROXY says a proxy is in front; Fastify applies that).
const ownOrigin = (req: FastifyRequest) => normaliseOrigin(`${req.protocol}://${req.host}`);

/** Why a state-changing request is refused as cross-site, or null when it may go on. */
export function crossSiteReason(req: FastifyRequest, allowed: ReadonlySet<string>): string | null {
  if (!STATE_CHANGING.has(req.method) || !req.url.startsWith('/api/')) return null;
  // Machine callers (the telephony system, the SMS gateway) authenticate with this header; a
  // browser cannot send it to another site without a CORS preflight, which this server never grants.
  if (req.headers['x-api-key'] !== undefined) return null;
  const origin = req.headers.origin;
  if (origin !== undefined) {
    const o = normaliseOrigin(origin);
    if (o !== null && (o === ownOrigin(req) || allowed.has(o))) return null;
    return `来源 ${origin} 不是本系统`;
  }
  // Browsers send Origin with every cross-origin POST; without it, Sec-Fetch-Site still tells.
  if (req.headers['sec-fetch-site'] === 'cross-site') return '请求来自其他网站';
  return null;
}

export async function registerSecurityHeaders(app: FastifyInstance, opts: { publicOrigin?: string }) {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    // frame-ancestors 'none' for browsers that read CSP, DENY for those that only know this header.
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // A year, this host only: other hosts of the bureau's domain may still be served over HTTP.
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: false },
  });

  // Every API answer may carry personal data (an elder's file, a search result, a photo): no
  // browser or proxy keeps a copy, e.g. on a shared computer in a community office.
  app.addHook('onSend', async (req, reply) => {
    if (req.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
  });

  const allowed = new Set<string>();
  if (opts.publicOrigin) {
    const o = normaliseOrigin(opts.publicOrigin);
    if (o) allowed.add(o);
  }
  // Before the session is looked at: a forged request neither acts nor keeps a session alive.
  app.addHook('onRequest', async (req) => {
    const reason = crossSiteReason(req, allowed);
    if (reason) throw forbidden(`${reason}：为防止跨站请求伪造，修改数据的请求只接受本系统页面发出的`);
  });
}
