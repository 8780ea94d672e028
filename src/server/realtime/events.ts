// What servers tell each other's consoles, through PostgreSQL NOTIFY: sent inside the
// transaction that makes the change, so a console hears of it only once it is committed, and
// hears it whichever server it is connected to.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';

export const EVENTS_CHANNEL = 'yiyang_events';

export type LiveEvent =
  /** Something on the console's lists changed in a region: an order, a call-back, a complaint. */
  | { kind: 'console'; regionId: number }
  /** A call came in: the PBX's caller number, matched to elders, for one operator or all. */
  | {
      kind: 'call';
      callId: string;
      agent: string | null;
      caller: string;
      callerMasked: string;
      elders: { id: number; relation: string | null }[];
      at: string;
    }
  /** An alarm case was raised, repeated, acknowledged, escalated or closed in a region. */
  | { kind: 'alarm'; caseId: number; regionId: number | null; state: string; change: string; at: string };

export async function notify(tx: DbOrTx, event: LiveEvent) {
  await tx.execute(notifySql(event));
}
export const notifySql = (event: LiveEvent) => sql`select pg_notify(${EVENTS_CHANNEL}, ${JSON.stringify(event)})`;
