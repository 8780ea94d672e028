// Starts the product: configuration, database (embedded or PostgreSQL), migrations, first-start
// data, HTTP server, and a graceful shutdown on SIGINT/SIGTERM.
import pino from 'pino';
import { maskPersonalDataInText } from '../core/elders/mask-text.js';
import { loadConfig } from './config.js';
import { MigrationsNewerThanCodeError, migrateDatabase, openDatabase } from './db/client.js';
import { buildApp } from './app.js';
import { bootstrap } from './bootstrap.js';
import { makeDeps } from './deps.js';
import { recordOverdueApplications } from './jobs/overdue-applications.js';
import { expireUnaccepted } from './jobs/expire-dispatches.js';
import { generatePlanOrders } from './modules/plans/generate-plan-orders.js';
import { runLedgerMonth } from './modules/ledger/run-month.js';
import { systemActor } from './modules/audit/audit-writer.js';
import { deliverDueSms } from './modules/sms/sms-outbox.js';
import { makeSmsGateway } from './modules/sms/sms-gateway.js';
import { maskPhone } from '../core/elders/phone.js';
import { recomputeEntitlements } from './modules/entitlements/recompute.js';
import { shanghaiDate } from '../shared/today.js';
import { ensureReferenceData } from './seeds.js';
import { createCipher, loadDataKey } from './security/personal-data.js';
import { deleteExpiredSessions } from './auth/sessions.js';

const config = loadConfig();
const log = pino({
  level: config.logLevel,
  // A search by ID number or phone puts it in the URL; the log keeps only the masked form.
  serializers: {
    req: (req: { method: string; url: string; id: string; ip?: string }) => ({
      method: req.method,
      url: maskPersonalDataInText(req.url),
      reqId: req.id,
      ip: req.ip,
    }),
  },
  redact: {
    paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
    censor: '[已隐藏]',
  },
});

async function main() {
  // Refuse early, before touching the database, when personal data could not be protected.
  const cipher = createCipher(
    loadDataKey({ dataKey: config.dataKey, dataDir: config.dataDir, embedded: !config.databaseUrl }),
  );
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.dbPoolSize,
    onIdleError: (err) => log.warn({ err }, 'idle database connection closed by the server'),
  });
  log.info({ db: database.kind, dataDir: database.kind === 'pglite' ? config.dataDir : undefined }, 'database opened');
  try {
    const m = await migrateDatabase(database);
    log.info(m, 'migrations applied');
  } catch (err) {
    await database.close();
    if (err instanceof MigrationsNewerThanCodeError) {
      log.fatal(err.message);
      process.exit(2);
    }
    throw err;
  }
  await ensureReferenceData(database.db);
  const printed = await bootstrap(database, { demo: config.demo, cipher });
  if (printed) console.log('\n' + printed.join('\n') + '\n');

  const deps = makeDeps(database, config, cipher);
  // Without a gateway URL, messages go to the log (masked number) so development sees them.
  deps.sms = makeSmsGateway(config, (m) =>
    log.info({ sms: m.id, to: maskPhone(m.to), body: m.body }, 'SMS (log gateway)'),
  );
  const app = await buildApp(deps, { loggerInstance: log });
  app.addHook('onClose', async () => {
    await database.close();
  });
  // Entitlement periods are computed a few years ahead; rebuilding them once a day keeps that
  // window moving. Idempotent, so every server may do it.
  let entitlementsDay = shanghaiDate();
  let ledgerMonth: string | null = null;
  const housekeeping = () => {
    const today = shanghaiDate();
    // A new month (or a start): last month's balances lapse as the rules say and this month's
    // hours and vouchers are issued. Keyed by account and month, so every server may run it.
    if (today.slice(0, 7) !== ledgerMonth) {
      const month = today.slice(0, 7);
      runLedgerMonth(database.db, month, systemActor())
        .then((r) => {
          ledgerMonth = month;
          if (r.issued || r.lapsed) log.info(r, 'ledger month run');
        })
        .catch((err) => log.warn({ err }, 'ledger month failed'));
    }
    if (today !== entitlementsDay) {
      entitlementsDay = today;
      recomputeEntitlements(database, today)
        .then((n) => log.info({ elders: n }, 'entitlements recomputed'))
        .catch((err) => log.warn({ err }, 'entitlement recompute failed'));
    }
    deleteExpiredSessions(database.db, new Date(), deps.sessionPolicy).catch((err) =>
      log.warn({ err }, 'session sweep failed'),
    );
    recordOverdueApplications(database.db, shanghaiDate())
      .then((n) => n && log.info({ recorded: n }, 'overdue application steps recorded'))
      .catch((err) => log.warn({ err }, 'overdue check failed'));
    generatePlanOrders(database.db, new Date())
      .then((r) => (r.created || r.stopped) && log.info(r, 'recurring plans: orders made'))
      .catch((err) => log.warn({ err }, 'recurring plans failed'));
  };
  housekeeping();
  // These jobs are idempotent, so every server may run them; ten minutes is soon enough.
  const sweep = setInterval(housekeeping, 10 * 60_000);
  sweep.unref();
  // Unaccepted dispatches are checked every minute: the limit is counted in minutes.
  const dispatchSweep = setInterval(() => {
    expireUnaccepted(database.db, new Date())
      .then((r) => r.expired && log.info(r, 'unaccepted orders dispatched again'))
      .catch((err) => log.warn({ err }, 'dispatch expiry failed'));
  }, 60_000);
  dispatchSweep.unref();
  // The SMS outbox drains every ten seconds; a message waits at most that long.
  let sending = false;
  const smsSweep = setInterval(() => {
    if (sending) return;
    sending = true;
    deliverDueSms(database.db, deps.sms, cipher, new Date())
      .then((r) => r.failed && log.warn(r, 'some SMS could not be sent; they will be retried'))
      .catch((err) => log.warn({ err }, 'SMS delivery failed'))
      .finally(() => {
        sending = false;
      });
  }, 10_000);
  smsSweep.unref();

  await app.listen({ port: config.port, host: config.host });
  console.log(`颐养已启动：http://localhost:${config.port}  （接口文档 /api/docs）`);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down: finishing requests in flight');
    clearInterval(sweep);
    clearInterval(dispatchSweep);
    clearInterval(smsSweep);
    try {
      await app.close();
      log.info('closed');
      process.exit(0);
    } catch (err) {
      log.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err) => {
  log.fatal({ err }, 'start failed');
  process.exit(1);
});
