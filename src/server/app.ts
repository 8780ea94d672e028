// Builds the HTTP app from the feature modules. No listening, no process handling: main.ts
// and the tests do that.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Deps } from './deps.js';
import { registerErrorHandler, registerNotFoundHandler } from './http/error-handler.js';
import { registerSecurityHeaders } from './http/security-headers.js';
import { registerInputGuards } from './http/input-guards.js';
import { registerGuard } from './auth/guard.js';
import { authRoutes } from './modules/auth/auth-routes.js';
import { regionRoutes } from './modules/regions/region-routes.js';
import { userRoutes } from './modules/users/user-routes.js';
import { auditRoutes } from './modules/audit/audit-routes.js';
import { healthRoutes } from './modules/health/health-routes.js';
import { elderRoutes } from './modules/elders/elder-routes.js';
import { assessmentRoutes } from './modules/elders/assessment-routes.js';
import { elderExcelRoutes } from './modules/elders/elder-excel-routes.js';
import { calendarRoutes } from './modules/calendar/calendar-routes.js';
import { policyRoutes } from './modules/policies/policy-routes.js';
import { applicationRoutes } from './modules/applications/application-routes.js';
import { documentRoutes } from './modules/applications/document-routes.js';
import { entitlementRoutes } from './modules/entitlements/entitlement-routes.js';
import { catalogueRoutes } from './modules/catalogue/catalogue-routes.js';
import { providerRoutes } from './modules/providers/provider-routes.js';
import { providerPartRoutes } from './modules/providers/provider-parts-routes.js';
import { providerReportRoutes } from './modules/providers/provider-report-routes.js';
import { caregiverRoutes } from './modules/caregivers/caregiver-routes.js';
import { caregiverPhotoRoutes } from './modules/caregivers/caregiver-photo-routes.js';
import { orderRoutes } from './modules/orders/order-routes.js';
import { callbackRoutes } from './modules/feedback/callback-routes.js';
import { complaintRoutes } from './modules/feedback/complaint-routes.js';
import { replacementRoutes } from './modules/feedback/replacement-routes.js';
import { smsRoutes } from './modules/sms/sms-routes.js';
import { callRoutes } from './modules/console/call-routes.js';
import { alarmRoutes } from './modules/alarms/alarm-routes.js';
import { consoleRoutes } from './modules/console/console-routes.js';
import { planRoutes } from './modules/plans/plan-routes.js';
import { ledgerRoutes } from './modules/ledger/ledger-routes.js';
import { voucherRoutes } from './modules/vouchers/voucher-routes.js';
import { settlementRoutes } from './modules/settlements/settlement-routes.js';
import { moneyReportRoutes } from './modules/settlements/money-report-routes.js';
import { appropriationRoutes } from './modules/appropriations/appropriation-routes.js';
import { cashRoutes } from './modules/cash/cash-routes.js';
import { billRoutes } from './modules/billing/bill-routes.js';
import { webhookRoutes } from './modules/devices/webhook-routes.js';
import { deviceRoutes } from './modules/devices/routes.js';
import { mapRoutes } from './modules/map/map-routes.js';
import { tripRoutes } from './modules/trips/trip-routes.js';
import { ProblemError } from './http/problem.js';
import { jobRoutes } from './modules/jobs/job-routes.js';
import { createScheduler, type Scheduler } from './jobs/scheduler.js';
import { housekeepingJobs } from './jobs/housekeeping.js';
import { SERVER_ID } from './server-identity.js';

export async function buildApp(deps: Deps, opts: { loggerInstance?: FastifyBaseLogger; scheduler?: Scheduler } = {}) {
  const app = Fastify({
    ...(opts.loggerInstance ? { loggerInstance: opts.loggerInstance } : { logger: false }),
    bodyLimit: deps.config.bodyLimitBytes,
    trustProxy: deps.config.trustProxy,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : crypto.randomUUID();
    },
    // On close, idle keep-alive sockets go at once; requests in flight finish first.
    forceCloseConnections: 'idle',
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  // A JSON body is the only kind the API takes; anything else is refused before routing.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    if (body === '') return done(null, undefined);
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(
        new ProblemError(400, '请求参数有误', '请求体不是合法的 JSON', [{ field: 'body', message: '不是合法的 JSON' }]),
        undefined,
      );
    }
  });
  app.addContentTypeParser('*', (_req, _payload, done) =>
    done(new ProblemError(415, '不支持的内容类型', '请求体应为 application/json'), undefined),
  );

  await app.register(cookie);
  // Headers, no-store and the cross-site check, before the guard looks at the session.
  await registerSecurityHeaders(app, { publicOrigin: deps.config.publicOrigin });
  registerInputGuards(app);
  await app.register(swagger, {
    openapi: {
      info: {
        title: '颐养 居家养老服务平台 API',
        version: '0.1.0',
        description: '所有错误均为 RFC 9457 problem details（中文）。',
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  registerGuard(app, deps.db, deps.sessionPolicy, deps.clock);

  const features = [
    healthRoutes,
    authRoutes,
    regionRoutes,
    userRoutes,
    auditRoutes,
    elderRoutes,
    assessmentRoutes,
    elderExcelRoutes,
    calendarRoutes,
    policyRoutes,
    applicationRoutes,
    documentRoutes,
    entitlementRoutes,
    catalogueRoutes,
    providerRoutes,
    providerPartRoutes,
    providerReportRoutes,
    caregiverRoutes,
    caregiverPhotoRoutes,
    orderRoutes,
    callbackRoutes,
    complaintRoutes,
    replacementRoutes,
    smsRoutes,
    callRoutes,
    consoleRoutes,
    planRoutes,
    ledgerRoutes,
    billRoutes,
    voucherRoutes,
    settlementRoutes,
    moneyReportRoutes,
    appropriationRoutes,
    cashRoutes,
    webhookRoutes,
    alarmRoutes,
    deviceRoutes,
    mapRoutes,
    tripRoutes,
  ];
  for (const routes of features) await app.register(routes(deps));
  // The jobs page needs this server's scheduler (main.ts starts it); an app built without one gets
  // the product's jobs, not ticking, so the page and a manual run still work.
  const scheduler =
    opts.scheduler ??
    createScheduler({
      db: deps.db,
      jobs: housekeepingJobs(deps),
      serverId: SERVER_ID,
      clock: deps.clock,
      log: app.log,
    });
  await app.register(jobRoutes(deps, scheduler));

  // The built web client, with client-side routes falling back to index.html.
  const webDir = deps.config.webDir;
  const hasWeb = fs.existsSync(path.join(webDir, 'index.html'));
  if (hasWeb) await app.register(fastifyStatic, { root: webDir, wildcard: false });
  registerNotFoundHandler(app, { spaFallback: hasWeb });
  return app;
}
