// Starts the product: configuration, database (embedded or PostgreSQL), migrations, first-start
// data, HTTP server, and a graceful shutdown on SIGINT/SIGTERM.
import pino from 'pino';
import { loggerOptions } from './http/log-masking.js';
import { loadConfig } from './config.js';
import { DataDirLockedError, MigrationsNewerThanCodeError, migrateDatabase, openDatabase } from './db/client.js';
import { buildApp } from './app.js';
import { bootstrap } from './bootstrap.js';
import { makeDeps } from './deps.js';
import { createScheduler } from './jobs/scheduler.js';
import { housekeepingJobs } from './jobs/housekeeping.js';
import { SERVER_ID } from './server-identity.js';
import { makeSmsGateway } from './modules/sms/sms-gateway.js';
import { maskPhone } from '../core/elders/phone.js';
import { shanghaiDate } from '../shared/today.js';
import { ensureReferenceData } from './seeds.js';
import { createCipher, loadDataKey } from './security/personal-data.js';
import { upgradeStoredPersonalData } from './modules/elders/personal-data-upgrade.js';
import { startWatchIngest } from './gateway/watch-ingest.js';
import { startMqtt } from './gateway/mqtt-start.js';

const config = loadConfig();
// Search URLs, failed queries' parameters and credentials reach the log masked (log-masking.ts).
const log = pino(loggerOptions(config.logLevel));

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
  }).catch((err: unknown) => {
    // Another server has the embedded database open: a message, not a stack trace.
    if (err instanceof DataDirLockedError) {
      log.fatal(err.message);
      process.exit(2);
    }
    throw err;
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
  // Production runs on the real clock (makeDeps' default); only tests pass another.
  const deps = makeDeps(database, config, cipher);
  // Without a gateway URL, messages go to the log (masked number) so development sees them.
  deps.sms = makeSmsGateway(config, (m) =>
    log.info({ sms: m.id, to: maskPhone(m.to), body: m.body }, 'SMS (log gateway)'),
  );
  const printed = await bootstrap(database, {
    demo: config.demo,
    cipher,
    today: shanghaiDate(deps.clock()),
    dataDir: config.dataDir,
  });
  if (printed) console.log('\n' + printed.join('\n') + '\n');
  // Personal data stored under older rules (ID masks, clear certificate numbers) is brought up to date.
  log.info(await upgradeStoredPersonalData(database.db, cipher), 'stored personal data checked');

  // Every scheduled job runs through the scheduler: once per slot across all servers (job_runs).
  const scheduler = createScheduler({
    db: database.db,
    jobs: housekeepingJobs(deps),
    serverId: SERVER_ID,
    clock: deps.clock,
    log,
  });
  const app = await buildApp(deps, { loggerInstance: log, scheduler });
  app.addHook('onClose', async () => {
    await database.close();
  });
  await app.listen({ port: config.port, host: config.host });
  console.log(`颐养已启动：http://localhost:${config.port}  （接口文档 /api/docs）`);
  // Ticks every ten seconds; the first tick runs at once (the month's and the day's runs if due).
  scheduler.start(10_000);
  log.info({ serverId: SERVER_ID, jobs: scheduler.jobs.length }, 'job scheduler started');
  // Watches speaking the [3G*id*LEN*…] protocol connect here; each frame is stored before it is answered.
  // A port already taken is logged and the rest of the product runs on, as MQTT's is.
  const watchGateway =
    config.watchGatewayPort > 0
      ? await startWatchIngest({
          database,
          port: config.watchGatewayPort,
          host: config.host,
          clock: deps.clock,
          log,
        }).catch((err: unknown) => {
          log.error({ err, port: config.watchGatewayPort }, 'watch gateway not started');
          return null;
        })
      : null;
  if (watchGateway) console.log(`手表终端接入（TCP）：端口 ${watchGateway.port}`);
  // Devices and vendor gateways publishing over MQTT: the broker MQTT_URL names, or an embedded one.
  const mqtt = await startMqtt({ config, database, clock: deps.clock, log: log.child({ part: 'mqtt' }) });
  if (mqtt?.broker) console.log(`设备接入（MQTT，内置服务）：端口 ${mqtt.broker.port}`);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down: finishing requests in flight');
    try {
      // Runs in flight finish first (a while at most); one still going is taken over after its lease.
      await scheduler.stop();
      // Devices reconnect and resend what was not answered; the database closes with the app.
      await watchGateway?.close();
      // The message being stored finishes first; one not yet acknowledged is redelivered by the broker.
      await mqtt?.close();
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
