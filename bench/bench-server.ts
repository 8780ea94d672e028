// A server for benchmarks, in its own process so the load generator does not share its CPU:
// fresh database (PGlite in memory, or a throwaway PostgreSQL database), demo data, no logging.
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import { migrateDatabase } from '../src/server/db/client.js';
import { loadDemoDistrict } from '../src/server/demo/demo-district.js';
import crypto from 'node:crypto';
import { makeDeps } from '../src/server/deps.js';
import { createCipher } from '../src/server/security/personal-data.js';
import { openTestDatabase } from '../test/helpers/test-app.js';

const { database, drop } = await openTestDatabase();
await migrateDatabase(database);
const config = { ...loadConfig({}), webDir: '/nonexistent' };
const cipher = createCipher(crypto.randomBytes(32));
await loadDemoDistrict(database, {
  cipher,
  elders: Number(process.env.BENCH_ELDERS ?? 0),
  orders: process.env.BENCH_DEMO_ORDERS === '1',
});
const app = await buildApp(makeDeps(database, config, cipher));
const address = await app.listen({ port: 0, host: '127.0.0.1' });
process.send?.({ address });
const stop = async () => {
  await app.close();
  await database.close();
  await drop();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
