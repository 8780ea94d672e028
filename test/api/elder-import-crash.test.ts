// Imports that survive a crash: each batch commits with its audit row and the job's progress,
// a job whose server is gone is marked interrupted and can be resumed without duplicating
// anyone, and the progress never says 100 before the job is done.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq, inArray } from 'drizzle-orm';
import { makeTestApp, type TestApp } from '../helpers/test-app.js';
import { rosterGrids, writeRoster } from '../helpers/roster-file.js';
import { auditLog, elders, entitlements, importJobs, regions, users } from '../../src/server/db/schema.js';
import { runImport, sweepInterruptedImports, type ImportHooks } from '../../src/server/modules/elders/elder-import.js';
import { SERVER_ID } from '../../src/server/server-identity.js';
import type { AuditActor } from '../../src/server/modules/audit/audit-writer.js';
import type { Scope } from '../../src/server/auth/scope.js';
import { shanghaiDate } from '../../src/shared/today.js';
import { recomputeEntitlements } from '../../src/server/modules/entitlements/recompute.js';

let t: TestApp;
let cookie: string;
let scope: Scope;
let actor: AuditActor;
let roster: Buffer;
const ROWS = 10;
const BATCH = 4;

beforeAll(async () => {
  t = await makeTestApp();
  cookie = await t.login('admin');
  const db = t.deps.db;
  const [admin] = await db.select().from(users).where(eq(users.username, 'admin'));
  actor = { userId: admin.id, username: 'admin', ip: null, requestId: null };
  const [district] = await db.select().from(regions).where(eq(regions.level, 'district'));
  scope = { kind: 'region', regionId: district.id, path: district.path, isRoot: true };
  const grids = await rosterGrids(db);
  const file = path.join(os.tmpdir(), `crash-roster-${process.pid}.xlsx`);
  await writeRoster(file, ROWS, grids, shanghaiDate(t.deps.clock()));
  roster = fs.readFileSync(file);
  fs.rmSync(file);
});
afterAll(() => t.close());

const elderCount = async () => (await t.deps.db.select({ n: count() }).from(elders))[0].n;
const jobRow = async (id: number) => (await t.deps.db.select().from(importJobs).where(eq(importJobs.id, id)))[0];
const batchAudits = async (jobId: number) =>
  (
    await t.deps.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'elder.import_batch'), eq(auditLog.entityId, String(jobId))))
  ).map((a) => a.after as { rows: number[]; elderIds: number[] });

/** A job row as the upload route makes it, run by this server. */
async function newJob(mode: 'valid_rows' | 'all_or_nothing' = 'valid_rows') {
  const [job] = await t.deps.db
    .insert(importJobs)
    .values({
      createdBy: actor.userId!,
      filename: '名册.xlsx',
      mode,
      status: 'running',
      file: roster,
      serverId: SERVER_ID,
      heartbeatAt: t.deps.clock(),
    })
    .returning();
  return job.id;
}
const run = (jobId: number, hooks?: ImportHooks, mode: 'valid_rows' | 'all_or_nothing' = 'valid_rows') =>
  runImport({ deps: t.deps, scope, actor, jobId, mode, file: roster, batchSize: BATCH, hooks });

async function clearElders() {
  // The audit trail is append-only; the elders the previous test wrote (and the entitlements
  // their import computed) are removed.
  await t.deps.db.delete(entitlements);
  await t.deps.db.delete(elders);
}

describe('import batches and crashes', () => {
  it('writes each batch with its audit row, and processed_rows counts the rows committed', async () => {
    await clearElders();
    const jobId = await newJob();
    const seen: { status: string; progress: number; processedRows: number; totalRows: number }[] = [];
    await run(jobId, { afterBatch: async () => void seen.push(await jobRow(jobId)) });

    const job = await jobRow(jobId);
    expect(job).toMatchObject({ status: 'done', progress: 100, processedRows: ROWS, totalRows: ROWS, inserted: ROWS });
    expect(await elderCount()).toBe(ROWS);
    const audits = await batchAudits(jobId);
    expect(audits.map((a) => a.rows.length)).toEqual([4, 4, 2]);
    const ids = audits.flatMap((a) => a.elderIds);
    const written = await t.deps.db.select({ id: elders.id }).from(elders);
    expect(new Set(ids)).toEqual(new Set(written.map((e) => e.id)));
    // After each commit the job names exactly the rows in, out of a total known from the start.
    expect(seen.map((s) => s.processedRows)).toEqual([4, 8, 10]);
    expect(seen.every((s) => s.totalRows === ROWS)).toBe(true);
    // Each batch computed its elders' entitlements: the daily run finds nothing to change.
    expect((await t.deps.db.select({ n: count() }).from(entitlements))[0].n).toBeGreaterThan(0);
    expect(await recomputeEntitlements(t.database, shanghaiDate(t.deps.clock()))).toBe(0);
  });

  it('never reports 100 while running, and progress follows the committed rows', async () => {
    await clearElders();
    const jobId = await newJob();
    const seen: { status: string; progress: number }[] = [];
    await run(jobId, { afterBatch: async () => void seen.push(await jobRow(jobId)) });
    expect(seen.map((s) => s.status)).toEqual(['running', 'running', 'running']);
    expect(seen.map((s) => s.progress)).toEqual([40, 80, 99]);
    expect((await jobRow(jobId)).progress).toBe(100);

    // All or nothing: the check pass takes 0–50, the writing pass 50–99.
    await clearElders();
    const aon = await newJob('all_or_nothing');
    const aonSeen: number[] = [];
    await run(aon, { afterBatch: async () => void aonSeen.push((await jobRow(aon)).progress) }, 'all_or_nothing');
    expect(aonSeen).toEqual([70, 90, 99]);
  });

  it('a crash in batch 2 leaves batch 1 with its audit row, and the job says 4 rows', async () => {
    await clearElders();
    const jobId = await newJob();
    await expect(
      run(jobId, {
        inBatch: (n) => {
          if (n === 2) throw new Error('simulated crash while batch 2 commits');
        },
      }),
    ).rejects.toThrow('simulated crash');

    expect(await elderCount()).toBe(BATCH);
    const audits = await batchAudits(jobId);
    expect(audits).toHaveLength(1);
    const written = await t.deps.db.select({ id: elders.id }).from(elders);
    expect(new Set(audits[0].elderIds)).toEqual(new Set(written.map((e) => e.id)));
    const job = await jobRow(jobId);
    expect(job).toMatchObject({ processedRows: BATCH, inserted: BATCH, progress: 40 });
  });

  it('marks a job of a silent server interrupted, and resuming finishes it without duplicates', async () => {
    const before = await elderCount();
    const [crashed] = await t.deps.db
      .select()
      .from(importJobs)
      .where(and(eq(importJobs.processedRows, BATCH), eq(importJobs.status, 'failed')));
    // As kill -9 leaves it: still 'running', its server gone, its heartbeat old.
    const old = new Date(t.deps.clock().getTime() - 10 * 60_000);
    await t.deps.db
      .update(importJobs)
      .set({ status: 'running', serverId: 'gone-host:4242:deadbeef', heartbeatAt: old, message: null })
      .where(eq(importJobs.id, crashed.id));
    // A job whose server still beats is left alone; so is this server's own.
    const alive = await newJob();
    await t.deps.db
      .update(importJobs)
      .set({ serverId: 'other-host:1:cafe0000', heartbeatAt: t.deps.clock() })
      .where(eq(importJobs.id, alive));
    const mine = await newJob();

    expect(await sweepInterruptedImports(t.deps.db, t.deps.clock())).toEqual([crashed.id]);
    const swept = await jobRow(crashed.id);
    expect(swept.status).toBe('interrupted');
    expect(swept.message).toContain(`前 ${BATCH} 行数据（共 ${ROWS} 行）已处理并保存`);
    expect(swept.message).toContain('不会重复建档');
    expect((await jobRow(alive)).status).toBe('running');
    // On PGlite only this process can hold the data, so any other server's running job is dead.
    expect(await sweepInterruptedImports(t.deps.db, t.deps.clock(), { soleServer: true })).toEqual([alive]);
    expect((await jobRow(mine)).status).toBe('running');
    await t.deps.db.delete(importJobs).where(inArray(importJobs.id, [alive, mine]));

    const shown = (await t.app.inject({ url: `/api/elders/imports/${crashed.id}`, headers: { cookie } })).json();
    expect(shown.status).toBe('interrupted');

    const res = await t.app.inject({
      method: 'POST',
      url: `/api/elders/imports/${crashed.id}/resume`,
      headers: { cookie },
    });
    expect(res.statusCode).toBe(202);
    expect(res.json().status).toBe('running');
    let job = res.json();
    for (let i = 0; i < 200 && job.status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      job = (await t.app.inject({ url: `/api/elders/imports/${crashed.id}`, headers: { cookie } })).json();
    }
    expect(job).toMatchObject({
      status: 'done',
      processedRows: ROWS,
      inserted: ROWS,
      updated: 0,
      errorCount: 0,
      progress: 100,
    });
    expect(await elderCount()).toBe(before + ROWS - BATCH);
    expect(await elderCount()).toBe(ROWS);
    const ids = (await batchAudits(crashed.id)).flatMap((a) => a.elderIds);
    expect(ids).toHaveLength(ROWS);
    expect(new Set(ids).size).toBe(ROWS);

    const again = await t.app.inject({
      method: 'POST',
      url: `/api/elders/imports/${crashed.id}/resume`,
      headers: { cookie },
    });
    expect(again.statusCode).toBe(409);
  });
});
