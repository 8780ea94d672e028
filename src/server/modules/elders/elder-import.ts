// Runs an import job: validates every row with the form's own rules, then writes valid rows in
// batches through the bulk upsert. "All or nothing" validates the whole file first and writes
// only if no row failed. Progress and errors go to the job row, where any server can read them.
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { eq, inArray, sql } from 'drizzle-orm';
import { ElderInput } from '../../../shared/schemas/elders.js';
import { elders, importJobs, regions } from '../../db/schema.js';
import type { Deps } from '../../deps.js';
import { inRegionScope, type Scope } from '../../auth/scope.js';
import { shanghaiDate } from '../../../shared/today.js';
import { writeAudit, type AuditActor } from '../audit/audit-writer.js';
import { crossFieldErrors, rowValues } from './elder-records.js';
import { upsertElders, type ElderRowValues } from './elder-bulk.js';
import {
  ROSTER_COLUMNS,
  columnForCategoryField,
  columnForField,
  rosterToInput,
  type RosterKey,
  type RosterRow,
} from './roster-columns.js';
import { readSheetRows, type Cell } from './roster-reader.js';
import type { CategoryType } from '../../../core/elders/categories.js';

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

interface JobContext {
  deps: Deps;
  scope: Scope;
  actor: AuditActor;
  jobId: number;
  mode: 'valid_rows' | 'all_or_nothing';
  file: Buffer;
}

export async function runImport(ctx: JobContext) {
  const { deps, jobId } = ctx;
  try {
    await importFile(ctx);
  } catch (err) {
    await deps.db
      .update(importJobs)
      .set({
        status: 'failed',
        message: '导入过程中出错，已写入的批次保留，请检查后重新导入',
        finishedAt: deps.clock(),
      })
      .where(eq(importJobs.id, jobId));
    throw err;
  }
}

async function importFile(ctx: JobContext) {
  const { deps, scope, jobId, mode, file } = ctx;
  const db = deps.db;
  const today = shanghaiDate(deps.clock());
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
  const totals = { rows: 0, inserted: 0, updated: 0 };

  const pass = async (write: boolean, progressFrom: number, progressTo: number) => {
    let positions: Map<RosterKey, number> | null = null;
    let bytes = 0;
    let batch: { rowNumber: number; values: ElderRowValues }[] = [];
    let rowsSeen = 0;
    // One batch is written while the next is being read and checked: on PostgreSQL the
    // database works while this process parses.
    let writing: Promise<void> = Promise.resolve();
    let writeError: unknown = null;
    const flush = async () => {
      await writing;
      if (batch.length === 0) return;
      const current = batch;
      batch = [];
      writing = writeBatch(current).catch((err) => {
        writeError = err;
      });
    };
    const writeBatch = async (batch: { rowNumber: number; values: ElderRowValues }[]) => {
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
            message: `该身份证号已在「${communityName.get(communityOf(current))}」建档，请由原社区办理转移`,
          });
          return false;
        }
        return true;
      });
      if (write && ok.length) {
        const r = await deps.bulk(async (q) => {
          const res = await upsertElders(
            q,
            ok.map((b) => b.values),
          );
          return res;
        });
        totals.inserted += r.inserted;
        totals.updated += r.updated;
        await writeAudit(db, ctx.actor, {
          action: 'elder.import_batch',
          entityType: 'import',
          entityId: jobId,
          after: { rows: ok.map((b) => b.rowNumber), elderIds: r.ids },
        });
      }
      const progress = Math.round(progressFrom + (progressTo - progressFrom) * (bytes / file.length));
      await db
        .update(importJobs)
        .set({ processedRows: rowsSeen, progress, errorCount, inserted: totals.inserted, updated: totals.updated })
        .where(eq(importJobs.id, jobId));
    };

    for await (const { rowNumber, cells } of readSheetRows(file, (b) => {
      bytes = b;
    })) {
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
      if (batch.length >= BATCH) await flush();
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
    await tx
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
        finishedAt: deps.clock(),
      })
      .where(eq(importJobs.id, jobId));
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
