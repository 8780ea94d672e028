import type { Db } from './db/client.js';
import type { Config } from './config.js';
import { DEFAULT_LOCKOUT_POLICY, type LockoutPolicy } from '../core/login-lockout.js';
import type { SessionPolicy } from '../core/session-expiry.js';

/** What feature modules need from the running server; tests pass their own clock. */
export interface Deps {
  db: Db;
  dbKind: 'pglite' | 'postgres';
  config: Config;
  clock: () => Date;
  sessionPolicy: SessionPolicy;
  lockoutPolicy: LockoutPolicy;
}

export function makeDeps(database: { db: Db; kind: 'pglite' | 'postgres' }, config: Config, clock: () => Date = () => new Date()): Deps {
  return {
    db: database.db,
    dbKind: database.kind,
    config,
    clock,
    sessionPolicy: { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours },
    lockoutPolicy: DEFAULT_LOCKOUT_POLICY,
  };
}
