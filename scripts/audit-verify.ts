// `npm run audit:verify`: recomputes the audit trail's seal chain in the configured database (./data
// or DATA_DIR, or DATABASE_URL) and prints the result; exit status 1 when the chain is broken, so a
// cron job or a 等保 check can run it. It only reads: no migration, no seal, no audit row. Run it with
// the server's own (non-owner) DATABASE_URL or a read-only one. With the embedded database the
// server must be stopped first (only one process may open the data directory).
import { loadConfig } from '../src/server/config.js';
import { openDatabase } from '../src/server/db/client.js';
import { verifyAudit } from '../src/server/modules/audit/audit-seal.js';
import { describeBreak } from '../src/core/audit/audit-chain.js';
import { formatLocalTime } from '../src/core/local-time.js';

const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  const v = await verifyAudit(database.db);
  const last = v.lastSealedAt ? `，最近封存于 ${formatLocalTime(new Date(v.lastSealedAt))}` : '';
  if (v.break) {
    console.error(describeBreak(v.break));
    console.error(`共 ${v.seals} 个封存、${v.rowsSealed} 条记录${last}。请保全数据库并核查该编号范围内的审计记录。`);
    process.exitCode = 1;
  } else {
    console.log(`审计链完整：${v.seals} 个封存，${v.rowsSealed} 条记录${last}。`);
    // Noted down outside the database, the last hash shows later that no seal was cut off the end.
    if (v.lastHash) console.log(`最新封存哈希：${v.lastHash}`);
  }
} finally {
  await database.close();
}
