// Excel in and out: the roster template, uploads that become import jobs, the job's progress
// and error file, and export of any filtered list (masked, with the filter in its header).
import { PassThrough } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import ExcelJS from '../../lib/exceljs.js';
import { and, asc, count, eq, gt } from 'drizzle-orm';
import { z } from '../../../shared/zod.js';
import { IdParams, Problem } from '../../../shared/schemas/common.js';
import { ElderQuery } from '../../../shared/schemas/elders.js';
import { elders, importJobs, regions } from '../../db/schema.js';
import type { Deps } from '../../deps.js';
import { inRegionScope } from '../../auth/scope.js';
import { ProblemError, badRequest, conflict, notFound } from '../../http/problem.js';
import { attachment } from '../../http/attachment.js';
import { actorOf, writeAudit } from '../audit/audit-writer.js';
import { shanghaiDate } from '../../../shared/today.js';
import { formatLocalTime } from '../../../core/local-time.js';
import {
  ABILITY_GRADE_LABELS,
  CATEGORY_LABELS,
  ELDER_STATUS_LABELS,
  LIVING_FLAG_LABELS,
  SEX_LABELS,
} from '../../../shared/elder-labels.js';
import { ageOn, birthYearOf, maskIdNumber } from '../../../core/elders/idcard.js';
import { expiredEvidence, type CategoryEvidence } from '../../../core/elders/categories.js';
import { ALLOWED_VALUES, ROSTER_COLUMNS } from './roster-columns.js';
import { looksLikeXlsx, readSheetRows, XLSX_MIME } from './roster-reader.js';
import { claimForResume, openRoster, readHeader, runImport, sealRoster, type RowError } from './elder-import.js';
import { SERVER_ID } from '../../server-identity.js';
import { elderConditions, selectEldersWithRegion, type ElderFilter } from './elder-query.js';

const MAX_UPLOAD_BYTES = 64 * 1024 * 1024;
const ImportJob = z.object({
  id: z.number().int(),
  filename: z.string(),
  mode: z.enum(['valid_rows', 'all_or_nothing']),
  status: z.enum(['running', 'done', 'failed', 'interrupted']),
  totalRows: z.number().int(),
  processedRows: z.number().int(),
  progress: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  errorCount: z.number().int(),
  errors: z.array(z.object({ row: z.number().int(), column: z.string(), message: z.string() })),
  message: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
type JobRow = typeof importJobs.$inferSelect;
const jobDto = (j: JobRow) => ({
  id: j.id,
  filename: j.filename,
  mode: j.mode,
  status: j.status,
  totalRows: j.totalRows,
  processedRows: j.processedRows,
  progress: j.progress,
  inserted: j.inserted,
  updated: j.updated,
  errorCount: j.errorCount,
  errors: (j.errors as RowError[]).slice(0, 500),
  message: j.message,
  createdAt: j.createdAt.toISOString(),
  finishedAt: j.finishedAt?.toISOString() ?? null,
});

const FILTER_LABELS: Record<string, (v: string) => string> = {
  q: (v) => `关键词「${v}」`,
  category: (v) => `类别：${CATEGORY_LABELS[v as keyof typeof CATEGORY_LABELS] ?? v}`,
  flag: (v) => `居住情况：${LIVING_FLAG_LABELS[v as keyof typeof LIVING_FLAG_LABELS] ?? v}`,
  ageBand: (v) => `年龄段：${v} 岁`,
  grade: (v) => `能力等级：${v === 'none' ? '未评估' : ABILITY_GRADE_LABELS[v as keyof typeof ABILITY_GRADE_LABELS]}`,
  status: (v) =>
    `状态：${v === 'current' ? '在册及暂停' : v === 'all' ? '全部' : ELDER_STATUS_LABELS[v as keyof typeof ELDER_STATUS_LABELS]}`,
  expired: () => '证明已过期',
};

export const elderExcelRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    const tags = ['老人档案 Excel'];
    for (const type of [XLSX_MIME, 'application/octet-stream']) {
      app.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES }, (_req, body, done) =>
        done(null, body),
      );
    }

    app.get(
      '/api/elders/import-template',
      {
        config: { permission: 'elder.write' },
        schema: { tags, summary: '下载导入模板（含可选值和可用社区代码）' },
      },
      async (req, reply) => {
        const wb = new ExcelJS.Workbook();
        const sheet = wb.addWorksheet('老人名册');
        sheet.columns = ROSTER_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
        sheet.getRow(1).font = { bold: true };
        // ID and phone numbers must stay text, or Excel turns 18 digits into a rounded number.
        for (const key of ['idNumber', 'phone', 'regionCode', 'contactPhone', 'disabilityNo'] as const)
          sheet.getColumn(key).numFmt = '@';
        const scoped = await db
          .select()
          .from(regions)
          .where(and(inRegionScope(db, req.principal!.scope, regions.id)))
          .orderBy(regions.code);
        const example = scoped.find((r) => r.level === 'community');
        sheet.addRow({
          name: '张三',
          idNumber: '示例：11010519491231002X',
          phone: '13800000000',
          regionCode: example?.code ?? '',
          address: '和平路 1 号 2 栋 301 室',
          hukou: '本地户籍',
          residenceYears: '30',
          living: '独居',
          categories: '低保',
          dibaoNo: 'DB0000001',
          dibaoUntil: '2027-12-31',
          contactName: '张小明',
          contactRelation: '儿子',
          contactPhone: '13900000000',
        });
        const allowed = wb.addWorksheet('可选值');
        allowed.columns = [
          ...ALLOWED_VALUES.map(([title]) => ({ header: title, width: 20 })),
          { header: '社区或网格代码', width: 18 },
          { header: '名称', width: 16 },
        ];
        allowed.getRow(1).font = { bold: true };
        const places = scoped.filter((r) => r.level === 'community' || r.level === 'grid');
        const height = Math.max(...ALLOWED_VALUES.map(([, v]) => v.length), places.length);
        for (let i = 0; i < height; i++) {
          allowed.addRow([
            ...ALLOWED_VALUES.map(([, v]) => v[i] ?? null),
            places[i]?.code ?? null,
            places[i]?.name ?? null,
          ]);
        }
        const buffer = Buffer.from(await wb.xlsx.writeBuffer());
        return reply
          .type(XLSX_MIME)
          .header('content-disposition', attachment('老人名册导入模板.xlsx', 'roster.xlsx'))
          .send(buffer);
      },
    );

    app.post(
      '/api/elders/imports',
      {
        config: { permission: 'elder.write' },
        bodyLimit: MAX_UPLOAD_BYTES,
        schema: {
          tags,
          summary: '上传名册（.xlsx 文件作为请求体）；返回导入任务',
          querystring: z.object({
            mode: z.enum(['valid_rows', 'all_or_nothing']).default('valid_rows'),
            filename: z.string().trim().min(1).max(200).default('名册.xlsx'),
          }),
          response: { 202: ImportJob, 400: Problem, 413: Problem, 415: Problem },
        },
      },
      async (req, reply) => {
        const file = req.body as Buffer | undefined;
        if (!Buffer.isBuffer(file) || file.length === 0)
          throw badRequest('请选择要上传的 .xlsx 文件', [{ field: 'file', message: '未收到文件' }]);
        if (!looksLikeXlsx(file))
          throw new ProblemError(
            415,
            '文件格式不正确',
            '上传的文件不是 Excel（.xlsx）文件；如是 .xls 或 .csv，请在 Excel 中另存为 .xlsx',
            [{ field: 'file', message: '不是 .xlsx 文件' }],
          );
        let header;
        try {
          header = await readHeader(file);
        } catch {
          throw new ProblemError(415, '文件格式不正确', '无法读取这个 Excel 文件，文件可能已损坏', [
            { field: 'file', message: '无法读取' },
          ]);
        }
        if (!header.ok)
          throw badRequest(
            `表头与模板不符：${header.problems.join('；')}。请下载模板核对列名`,
            header.problems.map((message) => ({ field: 'file', message })),
          );
        const [job] = await db
          .insert(importJobs)
          .values({
            createdBy: req.principal!.userId,
            filename: req.query.filename,
            mode: req.query.mode,
            status: 'running',
            // At rest only as ciphertext: the workbook holds ID numbers and phones in clear.
            file: sealRoster(deps.cipher, file),
            // This server runs it; the heartbeat tells the others it still does.
            serverId: SERVER_ID,
            heartbeatAt: deps.clock(),
          })
          .returning();
        const actor = actorOf(req);
        // The job continues after the response; its progress is read from the job row.
        void runImport({ deps, scope: req.principal!.scope, actor, jobId: job.id, mode: req.query.mode, file }).catch(
          (err) => req.log.error({ err, jobId: job.id }, 'import failed'),
        );
        return reply.status(202).send(jobDto(job));
      },
    );

    async function loadJob(userId: number, id: number) {
      const [job] = await db
        .select()
        .from(importJobs)
        .where(and(eq(importJobs.id, id), eq(importJobs.createdBy, userId)));
      if (!job) throw notFound('导入任务不存在');
      return job;
    }

    app.get(
      '/api/elders/imports/:id',
      {
        config: { permission: 'elder.write' },
        schema: {
          tags,
          summary: '导入任务进度与结果（前 500 条错误）',
          params: IdParams,
          response: { 200: ImportJob, 404: Problem },
        },
      },
      async (req) => jobDto(await loadJob(req.principal!.userId, req.params.id)),
    );

    app.post(
      '/api/elders/imports/:id/resume',
      {
        config: { permission: 'elder.write' },
        schema: {
          tags,
          summary: '继续中断的导入任务：已保存的行只校验不重写，其余的行接着导入',
          params: IdParams,
          response: { 202: ImportJob, 404: Problem, 409: Problem },
        },
      },
      async (req, reply) => {
        const found = await loadJob(req.principal!.userId, req.params.id);
        if (found.status !== 'interrupted' || !found.file)
          throw conflict(
            found.status === 'running' ? '该导入任务正在进行，无需继续' : '只有中断的导入任务可以继续；请重新上传文件',
          );
        const actor = actorOf(req);
        const job = await claimForResume(deps, found.id, actor);
        if (!job) throw conflict('该导入任务已在继续，请刷新查看进度');
        void runImport({
          deps,
          scope: req.principal!.scope,
          actor,
          jobId: job.id,
          mode: job.mode,
          file: openRoster(deps.cipher, job.file!),
        }).catch((err) => req.log.error({ err, jobId: job.id }, 'import failed'));
        return reply.status(202).send(jobDto(job));
      },
    );

    app.get(
      '/api/elders/imports/:id/error-file',
      {
        config: { permission: 'elder.write' },
        schema: { tags, summary: '下载带“错误说明”列的原文件', params: IdParams },
      },
      async (req, reply) => {
        const job = await loadJob(req.principal!.userId, req.params.id);
        if (!job.file)
          throw new ProblemError(
            410,
            '原文件已删除',
            `上传的名册在任务结束 ${deps.config.rosterRetentionDays} 天后删除，无法再生成错误说明文件；错误行仍可在任务结果中查看`,
          );
        const file = openRoster(deps.cipher, job.file);
        const byRow = new Map<number, string[]>();
        for (const e of job.errors as RowError[])
          byRow.set(e.row, [...(byRow.get(e.row) ?? []), `${e.column}:${e.message}`]);
        const out = new PassThrough();
        const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
        const sheet = wb.addWorksheet('老人名册');
        void (async () => {
          let width = 0;
          for await (const { rowNumber, cells } of readSheetRows(file)) {
            // Rows end at their last filled cell; pad them so the error column lines up.
            if (rowNumber === 1) width = cells.length;
            const texts = [...cells.map((c) => c.text), ...Array<string>(Math.max(0, width - cells.length)).fill('')];
            const row = sheet.addRow([
              ...texts,
              rowNumber === 1 ? '错误说明' : (byRow.get(rowNumber) ?? []).join('；'),
            ]);
            if (byRow.has(rowNumber)) row.getCell(texts.length + 1).font = { color: { argb: 'FFC00000' } };
            row.commit();
          }
          sheet.commit();
          await wb.commit();
        })().catch((err) => out.destroy(err));
        return reply
          .type(XLSX_MIME)
          .header('content-disposition', attachment(`错误说明-${job.filename}`, 'roster.xlsx'))
          .send(out);
      },
    );

    app.get(
      '/api/elders/export',
      {
        config: { permission: 'elder.read' },
        schema: {
          tags,
          summary: '按筛选条件导出 Excel（证件号、电话为掩码；记入审计）',
          querystring: ElderQuery.omit({ page: true, pageSize: true }),
        },
      },
      async (req, reply) => {
        const { sort: _sort, ...filter } = req.query;
        const today = shanghaiDate(deps.clock());
        const where = await elderConditions(db, req.principal!.scope, filter as ElderFilter, deps.cipher, today);
        const filterText = Object.entries(filter)
          .filter(([, v]) => v !== undefined && v !== '')
          .map(([k, v]) => (k === 'regionId' ? null : (FILTER_LABELS[k]?.(String(v)) ?? null)))
          .filter(Boolean);
        if (filter.regionId) {
          const [r] = await db.select().from(regions).where(eq(regions.id, filter.regionId));
          if (r) filterText.unshift(`区域：${r.name}`);
        }
        const out = new PassThrough();
        const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
        const sheet = wb.addWorksheet('老人名册');
        const headers = [
          '姓名',
          '性别',
          // Birth year, not the date: beside the masked ID the date is most of the number.
          '出生年份',
          '年龄',
          '身份证号（掩码）',
          '电话（掩码）',
          '所属',
          '住址',
          '类别',
          '居住情况',
          '能力等级',
          '状态',
          '证明过期',
        ];
        sheet.columns = headers.map((h, i) => ({
          key: `c${i}`,
          width: [10, 6, 10, 6, 22, 14, 14, 30, 18, 12, 10, 10, 12][i],
        }));
        sheet.addRow(['老人名册导出']).font = { bold: true, size: 14 };
        sheet.addRow([`筛选条件：${filterText.length ? filterText.join('；') : '无（管辖范围内全部）'}`]);
        sheet.addRow([
          `导出人：${req.principal!.username}  导出时间：${formatLocalTime(deps.clock())}  个人信息已掩码`,
        ]);
        sheet.addRow(headers).font = { bold: true };
        // The export is recorded before any row leaves the server.
        const [{ n }] = await db.select({ n: count() }).from(elders).where(where);
        await writeAudit(db, actorOf(req), {
          action: 'elder.export',
          entityType: 'elder',
          after: { filter: filterText, rows: n },
        });
        const writeRows = async () => {
          // Keyset pages keep memory flat however many elders match.
          let lastId = 0;
          for (;;) {
            const rows = await selectEldersWithRegion(db)
              .where(and(where, gt(elders.id, lastId)))
              .orderBy(asc(elders.id))
              .limit(2000);
            if (rows.length === 0) break;
            for (const { elder: e, regionName } of rows) {
              sheet
                .addRow([
                  e.name,
                  SEX_LABELS[e.sex],
                  birthYearOf(e.birthDate),
                  ageOn(e.birthDate, today),
                  maskIdNumber(e.idMasked),
                  e.phoneMasked ?? '',
                  regionName,
                  e.address,
                  e.categoryTypes.map((c) => CATEGORY_LABELS[c as keyof typeof CATEGORY_LABELS]).join('、'),
                  e.livingFlags.map((f) => LIVING_FLAG_LABELS[f as keyof typeof LIVING_FLAG_LABELS]).join('、'),
                  e.abilityGrade ? ABILITY_GRADE_LABELS[e.abilityGrade as keyof typeof ABILITY_GRADE_LABELS] : '未评估',
                  ELDER_STATUS_LABELS[e.status],
                  expiredEvidence(e.categories as CategoryEvidence[], today)
                    .map((c) => CATEGORY_LABELS[c])
                    .join('、'),
                ])
                .commit();
            }
            lastId = rows[rows.length - 1].elder.id;
          }
          sheet.commit();
          await wb.commit();
        };
        void writeRows().catch((err) => {
          req.log.error({ err }, 'export failed');
          out.destroy(err);
        });
        return reply
          .type(XLSX_MIME)
          .header('content-disposition', attachment(`老人名册-${today}.xlsx`, 'roster.xlsx'))
          .send(out);
      },
    );
  };
