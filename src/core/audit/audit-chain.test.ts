import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../canonical-json.js';
import {
  GENESIS_HASH,
  canonicalRow,
  contentBreak,
  describeBreak,
  linkBreak,
  sealHash,
  sealHasher,
  type AuditRowForHash,
  type SealHeader,
} from './audit-chain.js';

const row = (id: number, over: Partial<AuditRowForHash> = {}): AuditRowForHash => ({
  id,
  at: `2026-11-29T08:00:0${id % 10}.123456Z`,
  userId: 1,
  username: 'admin',
  ip: '127.0.0.1',
  requestId: `req-${id}`,
  action: 'elder.update',
  entityType: 'elder',
  entityId: String(id),
  before: { name: '张三', tags: ['a', { y: 1, x: 2 }] },
  after: { name: '李四', tags: ['a', { x: 2, y: 1 }] },
  ...over,
});

const seal = (id: number, fromId: number, toId: number, prevHash: string, rows: AuditRowForHash[]): SealHeader => ({
  id,
  fromId,
  toId,
  rowCount: rows.length,
  prevHash,
  hash: sealHash(prevHash, rows),
});

describe('canonical serialisation', () => {
  it('does not depend on the order of object keys, at any depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [1, { y: 2, z: 1 }] }, b: 1 }),
    );
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });
  it('keeps array order and tells values apart', () => {
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
    expect(canonicalJson({ a: '1' })).not.toBe(canonicalJson({ a: 1 }));
    expect(canonicalJson({ a: null })).not.toBe(canonicalJson({}));
  });
  it('covers every column of the row', () => {
    const base = canonicalRow(row(1));
    const changes: Partial<AuditRowForHash>[] = [
      { at: '2026-11-29T08:00:01.123457Z' },
      { userId: 2 },
      { username: 'admin2' },
      { ip: '127.0.0.2' },
      { requestId: 'other' },
      { action: 'elder.create' },
      { entityType: 'user' },
      { entityId: '2' },
      { before: null },
      { after: { name: '王五' } },
    ];
    for (const c of changes) expect(canonicalRow(row(1, c)), JSON.stringify(c)).not.toBe(base);
    expect(canonicalRow(row(1, { before: { tags: ['a', { x: 2, y: 1 }], name: '张三' } }))).toBe(base);
  });
});

describe('seal hashes', () => {
  const rows = [row(1), row(2), row(3)];
  it('are SHA-256 hex, fixed for fixed rows, and the incremental hasher agrees', () => {
    const h = sealHash(GENESIS_HASH, rows);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(
      sealHash(
        GENESIS_HASH,
        rows.map((r) => ({ ...r })),
      ),
    ).toBe(h);
    const inc = sealHasher(GENESIS_HASH);
    rows.forEach((r) => inc.add(r));
    expect(inc.finish()).toEqual({ hash: h, rowCount: 3 });
  });
  it('chain to the previous hash', () => {
    expect(sealHash('a'.repeat(64), rows)).not.toBe(sealHash(GENESIS_HASH, rows));
  });
  it('change when a row changes, goes, is added or rows swap', () => {
    const h = sealHash(GENESIS_HASH, rows);
    expect(sealHash(GENESIS_HASH, [row(1), row(2, { after: { name: '赵六' } }), row(3)])).not.toBe(h);
    expect(sealHash(GENESIS_HASH, [row(1), row(3)])).not.toBe(h);
    expect(sealHash(GENESIS_HASH, [...rows, row(4)])).not.toBe(h);
    expect(sealHash(GENESIS_HASH, [row(2), row(1), row(3)])).not.toBe(h);
  });
});

describe('breaks', () => {
  const s1 = seal(1, 1, 3, GENESIS_HASH, [row(1), row(2), row(3)]);
  const s2 = seal(2, 4, 6, s1.hash, [row(4), row(6)]);
  it('none in a sound chain', () => {
    expect(linkBreak(null, s1)).toBeNull();
    expect(linkBreak(s1, s2)).toBeNull();
    expect(contentBreak(s2, sealHasher(s1.hash).finish())).toMatchObject({ kind: 'count' });
    const h = sealHasher(s1.hash);
    h.add(row(4));
    h.add(row(6));
    expect(contentBreak(s2, h.finish())).toBeNull();
  });
  it('a seal whose prev_hash is not the previous seal’s hash, or a first seal not after zeros', () => {
    expect(linkBreak(s1, { ...s2, prevHash: GENESIS_HASH })).toMatchObject({ sealId: 2, kind: 'chain' });
    expect(linkBreak(null, { ...s1, prevHash: s1.hash })).toMatchObject({ sealId: 1, kind: 'chain' });
  });
  it('ranges with a gap, an overlap, or a first seal not from 1', () => {
    expect(linkBreak(s1, { ...s2, fromId: 5 })).toMatchObject({
      kind: 'range',
      reason: expect.stringContaining('止于 3'),
    });
    expect(linkBreak(s1, { ...s2, fromId: 3 })).toMatchObject({ kind: 'range' });
    expect(linkBreak(null, { ...s1, fromId: 2 })).toMatchObject({ kind: 'range' });
    expect(linkBreak(s1, { ...s2, toId: 3 })).toMatchObject({ kind: 'range' });
  });
  it('a row deleted, inserted or changed', () => {
    expect(contentBreak(s1, { rowCount: 2, hash: s1.hash })?.reason).toContain('被删除');
    expect(contentBreak(s1, { rowCount: 4, hash: s1.hash })?.reason).toContain('被插入');
    const changed = contentBreak(s1, {
      rowCount: 3,
      hash: sealHash(GENESIS_HASH, [row(1), row(2, { ip: null }), row(3)]),
    });
    expect(changed).toMatchObject({ sealId: 1, fromId: 1, toId: 3, kind: 'content' });
    expect(describeBreak(changed!)).toBe(
      '审计链在封存 #1（记录编号 1–3）处断裂：记录内容与封存时不一致（有记录被修改）',
    );
  });
});
