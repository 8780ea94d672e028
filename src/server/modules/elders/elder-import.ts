// Runs an import job: validates every row with the form's own rules, then writes valid rows in
// batches through the bulk upsert. "All or nothing" validates the whole file first and writes
// only if no row failed. Progress and errors go to the job row, where any server can read them.
// Each batch commits with its audit row and the job's count of rows done, so a job whose server
// dies mid-way says exactly what is in; it is marked interrupted and can be resumed from there.
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { and, eq, inArray, isNotNull, lt, or, sql } from 'drizzle-orm';
import { ElderInput } from '../../../shared/schemas/elders.js';
import { elders, importJobs, regions } from '../../db/schema.js';
import type { Db, RawQuery, Tx } from '../../db/client.js';
import { rawQueryOf } from '../../db/raw-query.js';
import type { Deps } from '../../deps.js';
import { isEncryptedBytes, type PersonalDataCipher } from '../../security/personal-data.js';
import { SERVER_ID } from '../../server-identity.js';
import { inRegionScope, type Scope } from '../../auth/scope.js';
import { shanghaiDate } from '../../../shared/today.js';
import { systemActor, writeAudit, type AuditActor } from '../audit/audit-writer.js';
import { crossFieldErrors, rowValues } from './elder-records.js';
import { registryRulesOn } from '../providers/rule-store.js';
import { registryAgeProblem } from '../../../core/elders/registry-age.js';
import { parseIdNumber } from '../../../core/elders/idcard.js';
import { upsertElders, type ElderRowValues } from './elder-bulk.js';
import { ELDER_MESSAGES as M } from './messages.js';
import {
  ROSTER_COLUMNS,
  columnForCategoryField,
  columnForField,
  rosterToInput,
  type RosterKey,
  type RosterRow,
} from './roster-columns.js';
import { countDataRows, readSheetRows, type Cell } from './roster-reader.js';
import type { CategoryType } from '../../../core/elders/categories.js';
import { recomputeIn } from '../entitlements/recompute.js';

export const MAX_STORED_ERRORS = 20_000;
const BATCH = 1_000;
const HEADER_BY_KEY = new Map(ROSTER_COLUMNS.map((c) => [c.key, c.header]));

export interface RowError {
  row: number;
  column: string;
  message: string;
}

/** Checks the header row; returns the column positions or what is wrong with them. */
export function mapHeader(
  cells: Cell[],
): { ok: true; positions: Map<RosterKey, number> } | { ok: false; problems: string[] } {
  const byHeader = new Map(ROSTER_COLUMNS.map((c) => [c.header as string, c.key]));
  const positions = new Map<RosterKey, number>();
  const problems: string[] = [];
  cells.forEach((c, i) => {
    if (!c.text) return;
    const key = byHeader.get(c.text);
    if (!key) problems.push(`无法识别的列「${c.text.slice(0, 30)}」`);
    else if (positions.has(key)) problems.push(`列「${c.text}」重复`);
    else positions.set(key, i);
  });
  for (const col of ROSTER_COLUMNS)
    if ('required' in col && col.required && !positions.has(col.key)) problems.push(`缺少必填列「${col.header}」`);
  return problems.length ? { ok: false, problems } : { ok: true, positions };
}

export async function readHeader(file: Buffer) {
  for await (const row of readSheetRows(file)) return mapHeader(row.cells);
  return { ok: false as const, problems: ['工作表是空的'] };
}

/** A running job whose heartbeat is older than this has lost its server. */
export const HEARTBEAT_STALE_MS = 2 * 60_000;
// Well inside the threshold, so a slow batch or a long count never looks like a dead server.
const HEARTBEAT_EVERY_MS = 20_000;

/** Test hooks: a crash is simulated by throwing inside a batch's transaction. */
export interface ImportHooks {
  /** Inside batch n's transaction (1-based, counting batches written by this run), before it commits. */
  inBatch?: (n: number) => unknown;
  /** After batch n committed. */
  afterBatch?: (n: number) => unknown;
}

interface JobContext {
  deps: Deps;
  scope: Scope;
  actor: AuditActor;
  jobId: number;
  mode: 'valid_rows' | 'all_or_nothing';
  file: Buffer;
  batchSize?: number;
  hooks?: ImportHooks;
}

/** The job was marked interrupted (or resumed elsewhere) while this server still ran it. */
class JobTakenOver extends Error {
  constructor(jobId: number) {
    super(`import job ${jobId} is no longer run by this server`);
  }
}

/** Only the server that runs a job writes its progress; a swept or resumed job is left alone. */
const ownedRunning = (jobId: number) =>
  and(eq(importJobs.id, jobId), eq(importJobs.status, 'running'), eq(importJobs.serverId, SERVER_ID));

/**
 * Runs (or resumes) the job. The job row must be 'running' with this server's SERVER_ID. Its
 * processed_rows, inserted and updated are what earlier runs committed: a resumed job checks
 * those rows again (for their errors and duplicates) without writing them.
 */
export async function runImport(ctx: JobContext) {
  const { deps, jobId } = ctx;
  const beat = async () => {
    await deps.db.update(importJobs).set({ heartbeatAt: deps.clock() }).where(ownedRunning(jobId));
  };
  const timer = setInterval(() => void beat().catch(() => {}), HEARTBEAT_EVERY_MS);
  timer.unref();
  try {
    await importFile(ctx);
  } catch (err) {
    if (!(err instanceof JobTakenOver))
      await deps.db
        .update(importJobs)
        .set({
          status: 'failed',
          message: '导入过程中出错，已写入的批次保留，请检查后重新导入',
          finishedAt: deps.clock(),
        })
        .where(ownedRunning(jobId));
    throw err;
  } finally {
    clearInterval(timer);
  }
}

/**
 * Marks 'interrupted' the running jobs whose server is gone: heartbeat older than
 * HEARTBEAT_STALE_MS, or, with soleServer (PGlite: only one process can open the data directory),
 * any job not run by this process. Called at start-up and periodically. Returns the job ids.
 */
export async function sweepInterruptedImports(db: Db, now: Date, opts: { soleServer?: boolean } = {}) {
  const staleBefore = new Date(now.getTime() - HEARTBEAT_STALE_MS);
  const stale = sql`coalesce(${importJobs.heartbeatAt}, ${importJobs.createdAt}) < ${staleBefore.toISOString()}`;
  const notMine = sql`${importJobs.serverId} is distinct from ${SERVER_ID}`;
  return db.transaction(async (tx) => {
    // A job whose batch is being written holds its row: its server is alive, so skip it.
    const dead = await tx
      .select({
        id: importJobs.id,
        serverId: importJobs.serverId,
        heartbeatAt: importJobs.heartbeatAt,
        processedRows: importJobs.processedRows,
        totalRows: importJobs.totalRows,
        inserted: importJobs.inserted,
        updated: importJobs.updated,
      })
      .from(importJobs)
      .where(and(eq(importJobs.status, 'running'), opts.soleServer ? or(stale, notMine) : stale))
      .for('update', { skipLocked: true });
    for (const job of dead) {
      await tx
        .update(importJobs)
        .set({ status: 'interrupted', message: interruptedMessage(job), finishedAt: now })
        .where(eq(importJobs.id, job.id));
      await writeAudit(tx, systemActor(), {
        action: 'elder.import_interrupted',
        entityType: 'import',
        entityId: job.id,
        after: {
          serverId: job.serverId,
          heartbeatAt: job.heartbeatAt,
          processedRows: job.processedRows,
          totalRows: job.totalRows,
        },
      });
    }
    return dead.map((j) => j.id);
  });
}

function interruptedMessage(job: { processedRows: number; totalRows: number; inserted: number; updated: number }) {
  const of = job.totalRows ? `（共 ${job.totalRows} 行）` : '';
  return (
    `导入中断（服务器停止）：前 ${job.processedRows} 行数据${of}已处理并保存，新建 ${job.inserted} 人、更新 ${job.updated} 人。` +
    '点击“继续导入”从中断处接着导入；也可重新上传同一文件，已导入的老人按身份证号更新，不会重复建档'
  );
}

/**
 * Takes an interrupted job back for this server (only one caller wins) and records who resumed
 * it. Returns the job row, or null when it is not interrupted (any more).
 */
export async function claimForResume(deps: Deps, jobId: number, actor: AuditActor) {
  return deps.db.transaction(async (tx) => {
    const [job] = await tx
      .update(importJobs)
      .set({ status: 'running', serverId: SERVER_ID, heartbeatAt: deps.clock(), message: null, finishedAt: null })
      .where(and(eq(importJobs.id, jobId), eq(importJobs.status, 'interrupted')))
      .returning();
    if (!job) return null;
    await writeAudit(tx, actor, {
      action: 'elder.import_resume',
      entityType: 'import',
      entityId: jobId,
      after: { processedRows: job.processedRows },
    });
    return job;
  });
}

/**
 * Called inside each batch's transaction with the ids of the elders the batch wrote, so that
 * whatever follows from those rows commits with them or not at all.
 */
async function afterRowsWritten(tx: Tx, _q: RawQuery, today: string, elderIds: number[]) {
  // Entitlements of the written rows are computed here, in the batch's transaction: an elder
  // imported today is on this month's lists without waiting for the daily run.
  await recomputeIn(tx, today, elderIds);
}

type Pending = { rowNumber: number; values: ElderRowValues };

async function importFile(ctx: JobContext) {
  const { deps, scope, jobId, mode, file } = ctx;
  const db = deps.db;
  const size = ctx.batchSize ?? BATCH;
  const today = shanghaiDate(deps.clock());
  const [job] = await db
    .select({ processedRows: importJobs.processedRows, inserted: importJobs.inserted, updated: importJobs.updated })
    .from(importJobs)
    .where(ownedRunning(jobId));
  if (!job) throw new JobTakenOver(jobId);
  // Rows an earlier run of this job committed: checked again, not written again.
  const committed = job.processedRows;
  const totals = { rows: 0, inserted: job.inserted, updated: job.updated };
  const totalRows = await countDataRows(file);
  const [counted] = await db
    .update(importJobs)
    .set({ totalRows, heartbeatAt: deps.clock() })
    .where(ownedRunning(jobId))
    .returning({ id: importJobs.id });
  if (!counted) throw new JobTakenOver(jobId);
  // Until finish() sets 100, the job is not done, whatever the rows say.
  const progressAt = (from: number, to: number, rows: number) =>
    Math.min(99, Math.floor(from + ((to - from) * rows) / Math.max(totalRows, 1)));

  // Every region, to know each elder's community; codes only of the caller's own.
  const all = await db
    .select({ id: regions.id, code: regions.code, level: regions.level, parentId: regions.parentId })
    .from(regions);
  const mine = new Set(
    (
      await db
        .select({ id: regions.id })
        .from(regions)
        .where(inRegionScope(db, scope, regions.id))
    ).map((r) => r.id),
  );
  const byId = new Map(all.map((r) => [r.id, r]));
  const communityOf = (id: number) => {
    const r = byId.get(id)!;
    return r.level === 'grid' ? r.parentId! : r.id;
  };
  const regionIdByCode = new Map(
    all.filter((r) => mine.has(r.id) && (r.level === 'community' || r.level === 'grid')).map((r) => [r.code, r.id]),
  );
  const communityName = new Map(
    (await db.select({ id: regions.id, name: regions.name }).from(regions)).map((r) => [r.id, r.name]),
  );

  const errors: RowError[] = [];
  let errorCount = 0;
  const addError = (e: RowError) => {
    errorCount++;
    if (errors.length < MAX_STORED_ERRORS) errors.push(e);
  };
  const seenInFile = new Map<string, number>();
  // The district's minimum age on the server's date (60 by default, 000 范文3 L129), as on the form.
  const registry = await registryRulesOn(db, today);
  let batchesWritten = 0;

  const pass = async (write: boolean, progressFrom: number, progressTo: number) => {
    let positions: Map<RosterKey, number> | null = null;
    let batch: Pending[] = [];
    let rowsSeen = 0;
    // One batch is written while the next is being read and checked: on PostgreSQL the
    // database works while this process parses.
    let writing: Promise<void> = Promise.resolve();
    let writeError: unknown = null;
    const flush = async () => {
      await writing;
      if (writeError) throw writeError;
      if (batch.length === 0) return;
      const current = batch;
      batch = [];
      // The data rows dealt with once this batch is written: what a resumed run skips.
      const through = rowsSeen;
      writing = writeBatch(current, through, write && through > committed).catch((err) => {
        writeError = err;
      });
    };
    const writeBatch = async (batch: Pending[], through: number, toWrite: boolean) => {
      // Same ID already filed in another community: refuse the row, do not move the elder.
      const existing = await db
        .select({ idHash: elders.idHash, regionId: elders.regionId })
        .from(elders)
        .where(
          inArray(
            elders.idHash,
            batch.map((b) => b.values.idHash),
          ),
        );
      const where = new Map(existing.map((e) => [e.idHash, e.regionId]));
      const ok = batch.filter((b) => {
        const current = where.get(b.values.idHash);
        if (current !== undefined && communityOf(current) !== communityOf(b.values.regionId)) {
          addError({
            row: b.rowNumber,
            column: '身份证号',
            // The community is named only inside the caller's jurisdiction (no existence oracle).
            message: mine.has(current)
              ? `该身份证号已在「${communityName.get(communityOf(current))}」建档，请由原社区办理转移`
              : M.duplicateElsewhere,
          });
          return false;
        }
        return true;
      });
      if (!toWrite) {
        // A checking pass, or rows an earlier run committed: only the progress moves.
        if (write) return;
        const [owned] = await db
          .update(importJobs)
          .set({ progress: progressAt(progressFrom, progressTo, through), errorCount, heartbeatAt: deps.clock() })
          .where(ownedRunning(jobId))
          .returning({ id: importJobs.id });
        if (!owned) throw new JobTakenOver(jobId);
        return;
      }
      const n = ++batchesWritten;
      // The rows, their audit row and the job's progress commit together: after a crash the job
      // says exactly which rows are in, and no written row lacks its record.
      const r = await db.transaction(async (tx) => {
        const q = rawQueryOf(tx);
        const res = await upsertElders(
          q,
          ok.map((b) => b.values),
        );
        await afterRowsWritten(tx, q, today, res.ids);
        if (ok.length)
          await writeAudit(tx, ctx.actor, {
            action: 'elder.import_batch',
            entityType: 'import',
            entityId: jobId,
            after: { rows: ok.map((b) => b.rowNumber), elderIds: res.ids },
          });
        const [owned] = await tx
          .update(importJobs)
          .set({
            processedRows: through,
            progress: progressAt(progressFrom, progressTo, through),
            errorCount,
            inserted: totals.inserted + res.inserted,
            updated: totals.updated + res.updated,
            heartbeatAt: deps.clock(),
            serverId: SERVER_ID,
          })
          .where(ownedRunning(jobId))
          .returning({ id: importJobs.id });
        if (!owned) throw new JobTakenOver(jobId);
        await ctx.hooks?.inBatch?.(n);
        return res;
      });
      totals.inserted += r.inserted;
      totals.updated += r.updated;
      await ctx.hooks?.afterBatch?.(n);
    };

    for await (const { rowNumber, cells } of readSheetRows(file)) {
      if (!positions) {
        const h = mapHeader(cells);
        if (!h.ok) throw new Error('header changed between passes');
        positions = h.positions;
        continue;
      }
      if (cells.every((c) => !c.text)) continue;
      rowsSeen++;
      const row: RosterRow = {};
      let imprecise = false;
      for (const [key, pos] of positions) {
        const cell = cells[pos];
        if (!cell) continue;
        row[key] = cell.text;
        if (key === 'idNumber' && cell.imprecise) imprecise = true;
      }
      const rowErrors: RowError[] = [];
      if (imprecise)
        rowErrors.push({
          row: rowNumber,
          column: '身份证号',
          message: '身份证号被存成了数字，末几位已丢失；请把该列设为文本格式后重新录入',
        });
      const parsed = rosterToInput(row, (code) => regionIdByCode.get(code));
      for (const e of parsed.errors)
        rowErrors.push({ row: rowNumber, column: HEADER_BY_KEY.get(e.column)!, message: e.message });
      const result = ElderInput.safeParse(parsed.input);
      const input = result.success ? result.data : null;
      if (!result.success) {
        for (const issue of result.error.issues) {
          const [head, index, sub] = issue.path.map(String);
          // A number-typed ID is already explained; its failed check digit would only confuse.
          if (imprecise && head === 'idNumber') continue;
          let col: RosterKey | null = columnForField(issue.path.join('.'));
          if (head === 'categories') {
            const type = (parsed.input as { categories: { type: CategoryType }[] }).categories[Number(index)]?.type;
            col = type ? columnForCategoryField(type, sub ?? '') : 'categories';
          }
          // A value that could not be mapped (unknown code or label) was already explained.
          if (parsed.errors.some((e) => e.column === col)) continue;
          rowErrors.push({ row: rowNumber, column: HEADER_BY_KEY.get(col ?? 'name')!, message: issue.message });
        }
      } else {
        for (const e of crossFieldErrors(input!)) {
          const [, index, sub] = e.field.split('.');
          rowErrors.push({
            row: rowNumber,
            column: HEADER_BY_KEY.get(columnForCategoryField(input!.categories[Number(index)].type, sub))!,
            message: e.message,
          });
        }
      }
      if (input && rowErrors.length === 0) {
        const id = parseIdNumber(input.idNumber, today);
        const tooYoung = id.ok ? registryAgeProblem(id.facts.birthDate, today, registry) : null;
        // The birth date is read from the ID number: the row's error names that column.
        if (tooYoung) rowErrors.push({ row: rowNumber, column: '身份证号', message: tooYoung });
      }
      if (input && rowErrors.length === 0) {
        const first = seenInFile.get(input.idNumber);
        if (first !== undefined && first !== rowNumber) {
          rowErrors.push({ row: rowNumber, column: '身份证号', message: `与第 ${first} 行的身份证号重复` });
        } else seenInFile.set(input.idNumber, rowNumber);
      }
      if (rowErrors.length) {
        // Each error is reported once, even when the file is read twice.
        if (!write || mode === 'valid_rows') rowErrors.forEach(addError);
      } else {
        batch.push({ rowNumber, values: rowValues(input!, deps.cipher, today) });
      }
      // A batch never spans the committed rows and the rest: the first is checked, the second written.
      if (batch.length >= size || (write && rowsSeen === committed)) await flush();
      else if (rowsSeen % 500 === 0) await yieldToEventLoop();
      if (writeError) throw writeError;
    }
    await flush();
    await writing;
    if (writeError) throw writeError;
    totals.rows = rowsSeen;
  };

  if (mode === 'all_or_nothing') {
    await pass(false, 0, 50);
    if (errorCount > 0)
      return finish(ctx, totals, errors, errorCount, `有 ${errorCount} 处错误，未导入任何数据（全部成功才导入）`);
    seenInFile.clear();
    await pass(true, 50, 100);
  } else {
    await pass(true, 0, 100);
  }
  return finish(ctx, totals, errors, errorCount, null);
}

async function finish(
  ctx: JobContext,
  totals: { rows: number; inserted: number; updated: number },
  errors: RowError[],
  errorCount: number,
  message: string | null,
) {
  const { deps, jobId } = ctx;
  errors.sort((a, b) => a.row - b.row);
  await deps.db.transaction(async (tx) => {
    const [owned] = await tx
      .update(importJobs)
      .set({
        status: 'done',
        totalRows: totals.rows,
        processedRows: totals.rows,
        progress: 100,
        inserted: totals.inserted,
        updated: totals.updated,
        errorCount,
        errors,
        message,
        heartbeatAt: deps.clock(),
        finishedAt: deps.clock(),
      })
      .where(ownedRunning(jobId))
      .returning({ id: importJobs.id });
    if (!owned) throw new JobTakenOver(jobId);
    await writeAudit(tx, ctx.actor, {
      action: 'elder.import',
      entityType: 'import',
      entityId: jobId,
      after: {
        mode: ctx.mode,
        rows: totals.rows,
        inserted: totals.inserted,
        updated: totals.updated,
        errors: errorCount,
      },
    });
  });
  // Fresh statistics after a bulk load; the embedded database has no autovacuum to do it.
  if (totals.inserted > 1000) await deps.db.execute(sql`analyze elders`);
}

/** The roster as stored: its bytes hold ID numbers and phones, so only ciphertext is kept. */
export const sealRoster = (cipher: PersonalDataCipher, file: Buffer) => cipher.encryptBytes(file);

/** The stored roster's bytes; one stored before rosters were encrypted (an .xlsx as it came) is read as it is. */
export const openRoster = (cipher: PersonalDataCipher, stored: Buffer) =>
  isEncryptedBytes(stored) ? cipher.decryptBytes(stored) : stored;

/**
 * Deletes uploaded rosters `retentionDays` after their job ended: done and failed jobs from when
 * they finished, interrupted ones from their interruption (until then they can be resumed). The
 * job row, its counts and row errors stay; the error file can no longer be made. Returns job ids.
 */
export async function purgeRosterFiles(db: Db, now: Date, retentionDays: number) {
  const cutoff = new Date(now.getTime() - retentionDays * 24 * 60 * 60 * 1000);
  return db.transaction(async (tx) => {
    const purged = await tx
      .update(importJobs)
      .set({ file: null })
      .where(
        and(
          isNotNull(importJobs.file),
          inArray(importJobs.status, ['done', 'failed', 'interrupted']),
          lt(importJobs.finishedAt, cutoff),
        ),
      )
      .returning({ id: importJobs.id });
    const ids = purged.map((j) => j.id);
    if (ids.length)
      await writeAudit(tx, systemActor(), {
        action: 'elder.import_files_purged',
        entityType: 'import',
        after: { jobs: ids, retentionDays },
      });
    return ids;
  });
}
