// The audit trail's tamper evidence, as pure rules: a seal hashes the audit rows of one id range
// together with the hash of the seal before it, so a row changed, removed or slipped into a sealed
// range, or a seal changed or removed from the middle, no longer recomputes. The server reads rows
// and seals and writes seals; everything that decides what a hash is or what counts as a break is
// here, so the sealing job, the API and `npm run audit:verify` cannot disagree. See README, "Audit".
import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonical-json.js';

/** The first seal's prev_hash: there is nothing before it. */
export const GENESIS_HASH = '0'.repeat(64);

/** One audit row as the seal hashes it; `at` is the database's time as ISO text (microseconds kept). */
export interface AuditRowForHash {
  id: number;
  at: string;
  userId: number | null;
  username: string | null;
  ip: string | null;
  requestId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
}

/** A seal as stored: rows with id in [fromId, toId], prevHash the previous seal's hash. */
export interface SealHeader {
  id: number;
  fromId: number;
  toId: number;
  rowCount: number;
  prevHash: string;
  hash: string;
}

/** One row's fixed serialisation: every column in a fixed order, before/after with sorted keys. */
export function canonicalRow(r: AuditRowForHash): string {
  return canonicalJson([
    r.id,
    r.at,
    r.userId,
    r.username,
    r.ip,
    r.requestId,
    r.action,
    r.entityType,
    r.entityId,
    r.before ?? null,
    r.after ?? null,
  ]);
}

/**
 * Hashes one seal's rows incrementally (the server feeds them page by page): SHA-256 over the
 * previous hash and each row's serialisation in id order, one per line.
 */
export function sealHasher(prevHash: string) {
  const h = createHash('sha256').update(prevHash).update('\n');
  let rowCount = 0;
  return {
    add(row: AuditRowForHash) {
      h.update(canonicalRow(row)).update('\n');
      rowCount++;
    },
    finish(): { hash: string; rowCount: number } {
      return { hash: h.digest('hex'), rowCount };
    },
  };
}

/** The hash of a seal over these rows (in id order) after prevHash. */
export function sealHash(prevHash: string, rows: readonly AuditRowForHash[]): string {
  const h = sealHasher(prevHash);
  for (const r of rows) h.add(r);
  return h.finish().hash;
}

export type SealBreakKind = 'chain' | 'range' | 'count' | 'content';

export interface SealBreak {
  sealId: number;
  fromId: number;
  toId: number;
  kind: SealBreakKind;
  /** What the district admin reads, in Chinese. */
  reason: string;
}

const breakOf = (s: SealHeader, kind: SealBreakKind, reason: string): SealBreak => ({
  sealId: s.id,
  fromId: s.fromId,
  toId: s.toId,
  kind,
  reason,
});

/**
 * Whether a seal follows on from the one before it (null for the first): its prev_hash is that
 * seal's hash and its range starts right after that seal's, so no seal was removed or forged between.
 */
export function linkBreak(prev: SealHeader | null, seal: SealHeader): SealBreak | null {
  const expectedPrev = prev ? prev.hash : GENESIS_HASH;
  if (seal.prevHash !== expectedPrev)
    return breakOf(seal, 'chain', prev ? `与上一封存（#${prev.id}）的哈希不衔接` : '首个封存的前序哈希不是全零');
  const expectedFrom = prev ? prev.toId + 1 : 1;
  if (seal.fromId !== expectedFrom || seal.toId < seal.fromId)
    return breakOf(
      seal,
      'range',
      prev
        ? `编号范围不连续：上一封存（#${prev.id}）止于 ${prev.toId}，本封存为 ${seal.fromId}–${seal.toId}`
        : `首个封存的编号范围 ${seal.fromId}–${seal.toId} 不从 1 开始`,
    );
  return null;
}

/** Whether the rows now in a seal's range still give its row count and hash. */
export function contentBreak(seal: SealHeader, actual: { hash: string; rowCount: number }): SealBreak | null {
  if (actual.rowCount !== seal.rowCount)
    return breakOf(
      seal,
      'count',
      actual.rowCount < seal.rowCount
        ? `记录条数不符：封存时 ${seal.rowCount} 条，现有 ${actual.rowCount} 条（有记录被删除）`
        : `记录条数不符：封存时 ${seal.rowCount} 条，现有 ${actual.rowCount} 条（有记录被插入）`,
    );
  if (actual.hash !== seal.hash) return breakOf(seal, 'content', '记录内容与封存时不一致（有记录被修改）');
  return null;
}

/** The break in words for a job's error, the command's output and the page: which seal, which rows. */
export function describeBreak(b: SealBreak): string {
  return `审计链在封存 #${b.sealId}（记录编号 ${b.fromId}–${b.toId}）处断裂：${b.reason}`;
}
