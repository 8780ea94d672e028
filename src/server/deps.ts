import type { Database, Db } from './db/client.js';
import type { Config } from './config.js';
import { DEFAULT_LOCKOUT_POLICY, type LockoutPolicy } from '../core/login-lockout.js';
import type { SessionPolicy } from '../core/session-expiry.js';
import type { PersonalDataCipher } from './security/personal-data.js';
import { EventHub } from './realtime/hub.js';
import { makeSmsGateway, type SmsGateway } from './modules/sms/sms-gateway.js';

/** What feature modules need from the running server; tests pass their own clock. */
export interface Deps {
  db: Db;
  bulk: Database['bulk'];
  dbKind: 'pglite' | 'postgres';
  config: Config;
  clock: () => Date;
  sessionPolicy: SessionPolicy;
  lockoutPolicy: LockoutPolicy;
  cipher: PersonalDataCipher;
  /** Live console streams on this server, fed by PostgreSQL NOTIFY from every server. */
  events: EventHub;
  sms: SmsGateway;
}

export function makeDeps(
  database: Database,
  config: Config,
  cipher: PersonalDataCipher,
  clock: () => Date = () => new Date(),
): Deps {
  return {
    db: database.db,
    bulk: (fn) => database.bulk(fn),
    dbKind: database.kind,
    config,
    clock,
    sessionPolicy: { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours },
    lockoutPolicy: DEFAULT_LOCKOUT_POLICY,
    cipher,
    events: new EventHub(database.listen),
    sms: makeSmsGateway(config),
  };
}
