// Seals the audit trail in batches and verifies the seals (README, Design, "Audit"). Hashing each
// row as it is written would make every audited transaction wait on one chain lock; instead the
// scheduled job 'audit-seal' hashes, every ten minutes, the rows that are old enough that no
// transaction can still add one below them, chaining each seal to the one before. Verification
// recomputes every seal from the rows now in its range. Neither writes to audit_log: the check must
// not feed itself, and the product's role may only insert there anyway.
import { and, asc, desc, gt, lt, lte, max, sql, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { auditLog, auditSeals } from '../../db/schema.js';
import {
  GENESIS_HASH,
  contentBreak,
  linkBreak,
  sealHasher,
  type AuditRowForHash,
  type SealBreak,
  type SealHeader,
} from '../../../core/audit/audit-chain.js';

/**
 * Only rows written at least this long ago are sealed. An audit row takes its id when inserted but
 * becomes visible only at commit, so a transaction still open could yet add a row below ids already
 * seen; one that holds an audited write open for five minutes is not expected (imports commit per
 * batch, requests are short). Were one to commit later inside a sealed range, verification would
 * report that range, which is the right thing to look at. `at` is the database's time and the
 * cut-off the server's, so their clocks must agree to well within this margin (NTP).
 */
export const SEAL_MARGIN_MS = 5 * 60_000;
/** Rows in one seal: bounds the memory of one seal and of one page of verification. */
export const ROWS_PER_SEAL = 10_000;
/** Seals per run: a long unsealed backlog (an installation from before sealing) catches up over a few runs. */
export const SEALS_PER_RUN = 20;
// One sealer at a time across servers and a manual run: two seals from the same predecessor would fork the chain.
const SEAL_LOCK = 0x41554449_54; // "AUDIT"

/** The columns a seal hashes; `at` as ISO text with the microseconds the database keeps. */
const hashedColumns = {
  id: auditLog.id,
  at: sql<string>`to_char(${auditLog.at} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
  userId: auditLog.userId,
  username: auditLog.username,
  ip: auditLog.ip,
  requestId: auditLog.requestId,
  action: auditLog.action,
  entityType: auditLog.entityType,
  entityId: auditLog.entityId,
  before: auditLog.before,
  after: auditLog.after,
};

function rowsPage(db: DbOrTx, where: SQL | undefined, limit: number): Promise<AuditRowForHash[]> {
  return db.select(hashedColumns).from(auditLog).where(where).orderBy(asc(auditLog.id)).limit(limit);
}

export interface SealResult {
  seals: number;
  rows: number;
}

/** Seals the rows older than the margin that no seal covers yet, in seals of at most ROWS_PER_SEAL rows. */
export async function sealAudit(db: Db, now: Date): Promise<SealResult> {
  const cutoff = new Date(now.getTime() - SEAL_MARGIN_MS);
  const done: SealResult = { seals: 0, rows: 0 };
  for (let i = 0; i < SEALS_PER_RUN; i++) {
    const sealed = await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${SEAL_LOCK}::bigint)`);
      const [last] = await tx.select().from(auditSeals).orderBy(desc(auditSeals.id)).limit(1);
      const afterId = last?.toId ?? 0;
      const [{ upTo }] = await tx
        .select({ upTo: max(auditLog.id) })
        .from(auditLog)
        .where(and(gt(auditLog.id, afterId), lt(auditLog.at, cutoff)));
      if (upTo == null) return 0;
      const rows = await rowsPage(tx, and(gt(auditLog.id, afterId), lte(auditLog.id, Number(upTo))), ROWS_PER_SEAL);
      const prevHash = last?.hash ?? GENESIS_HASH;
      const h = sealHasher(prevHash);
      rows.forEach((r) => h.add(r));
      const { hash, rowCount } = h.finish();
      await tx.insert(auditSeals).values({
        fromId: afterId + 1,
        toId: rows[rows.length - 1].id,
        rowCount,
        prevHash,
        hash,
        sealedAt: now,
      });
      return rowCount;
    });
    if (!sealed) break;
    done.seals++;
    done.rows += sealed;
  }
  return done;
}

export interface AuditVerification {
  ok: boolean;
  seals: number;
  rowsSealed: number;
  /** Rows read and hashed again by this check (all sealed rows unless only some seals were recomputed). */
  rowsRecomputed: number;
  lastSealedAt: string | null;
  /** The last seal's hash: written down outside the database, it shows later that no seal was cut off the end. */
  lastHash: string | null;
  break?: SealBreak;
}

/**
 * Audit rows with id in (afterId, toId] in id order, read a page at a time so memory stays at one
 * page however long the range; afterId null reads from the very first id (a row slipped in below
 * the first seal then counts against it).
 */
function rangeReader(db: Db, afterId: number | null, toId: number) {
  let page: AuditRowForHash[] = [];
  let pos = 0;
  let cursor = afterId;
  let exhausted = false;
  return {
    async peek(): Promise<AuditRowForHash | null> {
      if (pos < page.length) return page[pos];
      if (exhausted) return null;
      const upper = lte(auditLog.id, toId);
      page = await rowsPage(db, cursor == null ? upper : and(gt(auditLog.id, cursor), upper), ROWS_PER_SEAL);
      pos = 0;
      if (page.length < ROWS_PER_SEAL) exhausted = true;
      if (page.length) cursor = page[page.length - 1].id;
      return page[0] ?? null;
    },
    next() {
      pos++;
    },
  };
}

async function recompute(seal: SealHeader, rows: ReturnType<typeof rangeReader>) {
  const h = sealHasher(seal.prevHash);
  for (let r = await rows.peek(); r && r.id <= seal.toId; r = await rows.peek()) {
    h.add(r);
    rows.next();
  }
  return h.finish();
}

/**
 * Checks that every seal follows on from the one before and recomputes seals from the rows now in
 * their ranges, stopping at the first seal that fails either. By default every seal is recomputed
 * (the API and `npm run audit:verify`), the rows streamed alongside the seals; `recompute` limits
 * the hashing to some seals (the scheduled check, which goes round the whole trail in a day).
 */
export async function verifyAudit(
  db: Db,
  opts: { recompute?: (seal: SealHeader) => boolean } = {},
): Promise<AuditVerification> {
  const seals: (SealHeader & { sealedAt: Date })[] = await db.select().from(auditSeals).orderBy(asc(auditSeals.id));
  const last = seals.at(-1);
  const result: AuditVerification = {
    ok: true,
    seals: seals.length,
    rowsSealed: seals.reduce((sum, x) => sum + x.rowCount, 0),
    rowsRecomputed: 0,
    lastSealedAt: last ? last.sealedAt.toISOString() : null,
    lastHash: last?.hash ?? null,
  };
  if (!last) return result;
  const only = opts.recompute;
  const all = only
    ? null
    : rangeReader(
        db,
        null,
        seals.reduce((m, x) => Math.max(m, x.toId), 0),
      );

  let prev: SealHeader | null = null;
  for (const seal of seals) {
    const broken = linkBreak(prev, seal);
    if (broken) return { ...result, ok: false, break: broken };
    if (all || only!(seal)) {
      const actual = await recompute(seal, all ?? rangeReader(db, prev ? seal.fromId - 1 : null, seal.toId));
      result.rowsRecomputed += actual.rowCount;
      const changed = contentBreak(seal, actual);
      if (changed) return { ...result, ok: false, break: changed };
    }
    prev = seal;
  }
  return result;
}

/** Ten-minute slots in a day: the scheduled check recomputes each seal once in this many slots. */
export const RECOMPUTE_ROUND_SLOTS = 144;
const SLOT_MS = 10 * 60_000;

/**
 * The seals the scheduled check at this moment recomputes: those whose id falls to this ten-minute
 * slot of the day, so every seal is hashed again once a day while each run reads about a 144th of
 * the trail (hashing all of a trail of millions of rows every ten minutes would take minutes of
 * every ten). Every run still checks the links of all seals; the API and the command recompute all.
 */
export function recomputedInSlot(now: Date): (seal: SealHeader) => boolean {
  const slot = Math.floor(now.getTime() / SLOT_MS) % RECOMPUTE_ROUND_SLOTS;
  return (seal) => seal.id % RECOMPUTE_ROUND_SLOTS === slot;
}
