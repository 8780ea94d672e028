import type { Db } from './db/client.js';
import type { Config } from './config.js';
import type { LockoutPolicy } from '../core/login-lockout.js';
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
