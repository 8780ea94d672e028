// The audit trail's tamper evidence end to end: the 'audit-seal' job seals rows once they are old
// enough, GET /api/audit/verify recomputes the chain, and tampering as the table's owner could
// (triggers disabled, replication role) is reported at the seal it touched, also as a failed job
// run. On PostgreSQL, a role set up as the migration sets up yiyang_app cannot change the trail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import pg from 'pg';
import { and, asc, desc, eq, isNotNull, lte, sql } from 'drizzle-orm';
import { makeTestApp, type TestApp } from '../helpers/test-app.js';
import { auditLog, auditSeals, jobRuns } from '../../src/server/db/schema.js';
import { GENESIS_HASH } from '../../src/core/audit/audit-chain.js';
import {
  RECOMPUTE_ROUND_SLOTS,
  SEAL_MARGIN_MS,
  recomputedInSlot,
  sealAudit,
} from '../../src/server/modules/audit/audit-seal.js';

const SLOT_MS = 10 * 60_000;

let t: TestApp;
let admin: string;
const onPostgres = process.env.TEST_DB === 'postgres';

interface Verify {
  ok: boolean;
  seals: number;
  rowsSealed: number;
  lastSealedAt: string | null;
  lastHash: string | null;
  break?: { sealId: number; fromId: number; toId: number; reason: string };
}
const verify = async (): Promise<Verify> => {
  const res = await t.app.inject({ url: '/api/audit/verify', headers: { cookie: admin } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
// Any audited action: a failed login writes an audit row.
const auditedAction = async () => {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: `nobody-${crypto.randomBytes(3).toString('hex')}`, password: 'wrong-password-1' },
  });
  expect(res.statusCode).toBe(401);
};
const seals = () => t.database.db.select().from(auditSeals).orderBy(asc(auditSeals.id));
const lastRun = async () =>
  (
    await t.database.db.select().from(jobRuns).where(eq(jobRuns.job, 'audit-seal')).orderBy(desc(jobRuns.id)).limit(1)
  )[0];
// Moves the clock to the next ten-minute slot (and past the margin) and runs the jobs.
const nextSlot = async () => {
  t.advance(10);
  admin = await t.login('admin');
  await t.scheduler.tick();
};
// Moves the clock to the next slot whose scheduled check recomputes this seal, and runs the jobs.
const slotRecomputing = async (sealId: number) => {
  let slot = Math.floor(t.deps.clock().getTime() / SLOT_MS) + 1;
  while (slot % RECOMPUTE_ROUND_SLOTS !== sealId % RECOMPUTE_ROUND_SLOTS) slot++;
  t.setNow(new Date(slot * SLOT_MS + 60_000));
  admin = await t.login('admin');
  await t.scheduler.tick();
};
const exec = (q: string) => t.database.db.execute(sql.raw(q));

beforeAll(async () => {
  t = await makeTestApp();
  admin = await t.login('admin');
});
afterAll(() => t.close());

describe('sealing and verifying the audit trail', () => {
  it('is sound with nothing sealed, and seals nothing younger than the margin', async () => {
    expect(await verify()).toMatchObject({ ok: true, seals: 0, rowsSealed: 0, lastSealedAt: null });
    await auditedAction();
    expect(await sealAudit(t.database.db, new Date(Date.now() + SEAL_MARGIN_MS - 60_000))).toEqual({
      seals: 0,
      rows: 0,
    });
  });

  it('seals by the job once rows are older than the margin, and verifies', async () => {
    await auditedAction();
    const [newest] = await t.database.db.select({ id: auditLog.id }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
    t.setNow(new Date(Date.now() + SEAL_MARGIN_MS + 60_000));
    admin = await t.login('admin');
    await t.scheduler.tick();
    const run = await lastRun();
    expect(run).toMatchObject({ state: 'done', error: null });
    const [s1] = await seals();
    expect(s1).toMatchObject({ fromId: 1, prevHash: GENESIS_HASH });
    // Everything written so far is older than the margin on the moved clock, so all of it is sealed.
    expect(s1.toId).toBeGreaterThanOrEqual(newest.id);
    const written = await t.database.db.select({ id: auditLog.id }).from(auditLog).where(lte(auditLog.id, s1.toId));
    expect(s1.rowCount).toBe(written.length);
    expect(run.result).toMatchObject({ sealed: written.length, seals: 1 });
    expect(await verify()).toMatchObject({ ok: true, seals: 1, rowsSealed: written.length, lastHash: s1.hash });

    // Rows written since (the login just now among them) go into the next seal, chained to the first.
    await auditedAction();
    await nextSlot();
    const all = await seals();
    expect(all).toHaveLength(2);
    expect(all[1]).toMatchObject({ fromId: s1.toId + 1, prevHash: s1.hash });
    const v = await verify();
    expect(v).toMatchObject({ ok: true, seals: 2, lastHash: all[1].hash });
    const [{ n }] = await t.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditLog)
      .where(lte(auditLog.id, all[1].toId));
    expect(v.rowsSealed).toBe(n);
    expect((await lastRun()).state).toBe('done');
  });

  it('reports a row changed with the trigger disabled, at its seal, and fails the job run', async () => {
    const [s1] = await seals();
    const [target] = await t.database.db
      .select({ id: auditLog.id, after: sql<string>`${auditLog.after}::text` })
      .from(auditLog)
      .where(and(lte(auditLog.id, s1.toId), isNotNull(auditLog.after)))
      .orderBy(desc(auditLog.id))
      .limit(1);
    // The table's owner can switch the append-only trigger off; the seal still shows the change.
    await exec('ALTER TABLE audit_log DISABLE TRIGGER USER');
    await exec(`UPDATE audit_log SET after = '{"reason":"edited"}' WHERE id = ${target.id}`);
    const v = await verify();
    expect(v.ok).toBe(false);
    expect(v.break).toMatchObject({ sealId: s1.id, fromId: 1, toId: s1.toId });
    expect(v.break!.reason).toContain('被修改');

    // The scheduled check links every seal each run but hashes each seal again once a day, in its slot.
    await nextSlot();
    if (!recomputedInSlot(t.deps.clock())(s1)) expect((await lastRun()).state).toBe('done');
    await slotRecomputing(s1.id);
    const run = await lastRun();
    expect(run.state).toBe('failed');
    expect(run.error).toContain(`封存 #${s1.id}（记录编号 1–${s1.toId}）`);
    const jobs = (await t.app.inject({ url: '/api/jobs', headers: { cookie: admin } })).json().items as {
      name: string;
      health: string;
    }[];
    expect(jobs.find((j) => j.name === 'audit-seal')!.health).toBe('failed');

    // Put back exactly as it was, the chain is whole again: the seal depends on content, nothing else.
    await exec(`UPDATE audit_log SET after = '${target.after.replaceAll("'", "''")}' WHERE id = ${target.id}`);
    await exec('ALTER TABLE audit_log ENABLE TRIGGER USER');
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('reports a row deleted under the replication role, and one slipped into a sealed range', async () => {
    const [s1, s2] = await seals();
    const [victim] = await t.database.db
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(lte(auditLog.id, s2.toId))
      .orderBy(desc(auditLog.id))
      .limit(1);
    await exec(`CREATE TABLE audit_copy AS SELECT * FROM audit_log WHERE id = ${victim.id}`);
    // One transaction, so the setting and the DELETE share a connection.
    await t.database.db.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL session_replication_role = replica`);
      await tx.execute(sql`DELETE FROM audit_log WHERE id = ${victim.id}`);
    });
    let v = await verify();
    expect(v.break).toMatchObject({ sealId: s2.id, fromId: s1.toId + 1, toId: s2.toId });
    expect(v.break!.reason).toContain('被删除');

    await exec('INSERT INTO audit_log SELECT * FROM audit_copy');
    expect(await verify()).toMatchObject({ ok: true });

    // A row forged below the first seal's first id counts against the first seal.
    await exec(`INSERT INTO audit_log (id, action, entity_type) VALUES (0, 'user.create', 'user')`);
    v = await verify();
    expect(v.break).toMatchObject({ sealId: s1.id });
    expect(v.break!.reason).toContain('被插入');
    await t.database.db.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL session_replication_role = replica`);
      await tx.execute(sql`DELETE FROM audit_log WHERE id = 0`);
    });
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('reports a seal removed from the chain', async () => {
    const [s1, s2] = await seals();
    await t.database.db.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL session_replication_role = replica`);
      await tx.execute(sql`DELETE FROM audit_seals WHERE id = ${s1.id}`);
    });
    const v = await verify();
    expect(v.break).toMatchObject({ sealId: s2.id });
    expect(v.break!.reason).toContain('首个封存');
    // A broken link fails the scheduled check in any slot.
    await nextSlot();
    const run = await lastRun();
    expect(run.state).toBe('failed');
    expect(run.error).toContain(`封存 #${s2.id}`);
  });

  it('seals are append-only and the check is for district-wide readers only', async () => {
    await expect(exec('DELETE FROM audit_seals')).rejects.toThrow();
    await expect(exec(`UPDATE audit_seals SET hash = '${GENESIS_HASH}'`)).rejects.toThrow();
    for (const user of ['provider', 'street']) {
      const res = await t.app.inject({ url: '/api/audit/verify', headers: { cookie: await t.login(user) } });
      expect(res.statusCode, user).toBe(403);
    }
    // The auditor reads the whole district's trail, and so its check.
    const res = await t.app.inject({ url: '/api/audit/verify', headers: { cookie: await t.login('auditor') } });
    expect(res.statusCode).toBe(200);
  });
});

describe('the scheduled check’s share of the seals', () => {
  it('recomputes every seal in exactly one ten-minute slot of any day', () => {
    const start = Date.UTC(2026, 10, 29, 7, 3);
    const slots = Array.from({ length: RECOMPUTE_ROUND_SLOTS }, (_, i) =>
      recomputedInSlot(new Date(start + i * SLOT_MS)),
    );
    for (const id of [1, 2, 143, 144, 145, 10_000]) {
      const seal = { id, fromId: 1, toId: 1, rowCount: 1, prevHash: '', hash: '' };
      expect(
        slots.filter((inSlot) => inSlot(seal)),
        String(id),
      ).toHaveLength(1);
    }
  });
});

describe.skipIf(!onPostgres)('the product running as a role that does not own the audit tables', () => {
  it('may read and insert audit rows but not change, remove, or switch off the trigger', async () => {
    const role = `yiyang_app_test_${crypto.randomBytes(4).toString('hex')}`;
    const c = new pg.Client({ connectionString: t.databaseUrl });
    await c.connect();
    try {
      await c.query(`CREATE ROLE ${role} NOLOGIN`);
      await c.query('SELECT audit_restrict_role($1)', [role]);
      await c.query(`SET ROLE ${role}`);
      await c.query(`INSERT INTO audit_log (action, entity_type) VALUES ('user.create', 'user')`);
      await c.query('SELECT count(*) FROM audit_log');
      await c.query(`INSERT INTO audit_seals (from_id, to_id, row_count, prev_hash, hash) VALUES (0, 0, 0, '', '')`);
      const refused = async (q: string, message: RegExp) => {
        await expect(c.query(q)).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(message) });
      };
      await refused(`UPDATE audit_log SET action = 'x'`, /permission denied for table audit_log/);
      await refused('DELETE FROM audit_log', /permission denied for table audit_log/);
      await refused('TRUNCATE audit_log', /permission denied for table audit_log/);
      await refused(`UPDATE audit_seals SET hash = 'x'`, /permission denied for table audit_seals/);
      await refused('DELETE FROM audit_seals', /permission denied for table audit_seals/);
      await refused('ALTER TABLE audit_log DISABLE TRIGGER ALL', /must be owner of table audit_log/);
      await refused('SET session_replication_role = replica', /permission denied to set parameter/);
    } finally {
      await c.query('RESET ROLE');
      await c.query(`DROP OWNED BY ${role}`).catch(() => {});
      await c.query(`DROP ROLE IF EXISTS ${role}`);
      await c.end();
    }
  });
});
