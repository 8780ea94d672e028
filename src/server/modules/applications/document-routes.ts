// Documents handed in with an application: checked by content (PDF, JPEG, PNG), size-limited,
// stored under the data directory by checksum, listed with the application, downloaded with
// the checksum verified. Uploads and downloads are audited: they hold personal data.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { and, eq } from 'drizzle-orm';
import { z } from '../../../shared/zod.js';
import { Problem } from '../../../shared/schemas/common.js';
import { DOCUMENT_KINDS, sniffDocument } from '../../../core/applications/document-type.js';
import { applicationDocuments, applications } from '../../db/schema.js';
import type { Deps } from '../../deps.js';
import { inRegionScope } from '../../auth/scope.js';
import { ProblemError, badRequest, conflict, notFound } from '../../http/problem.js';
import { actorOf, writeAudit } from '../audit/audit-writer.js';
import { EXTENSIONS, documentStore } from './document-files.js';
import { attachment } from '../../http/attachment.js';

export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

export const DocumentDto = z.object({
  id: z.number().int(),
  kind: z.enum(DOCUMENT_KINDS),
  filename: z.string(),
  mime: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  uploadedAt: z.string(),
});

export const documentRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    for (const type of ['application/pdf', 'image/jpeg', 'image/png', 'application/octet-stream']) {
      app.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: MAX_DOCUMENT_BYTES }, (_req, body, done) =>
        done(null, body),
      );
    }
    const store = documentStore(deps.config.dataDir);

    async function applicationInScope(
      req: { principal: { scope: Parameters<typeof inRegionScope>[1] } | null },
      id: number,
    ) {
      const [a] = await db
        .select()
        .from(applications)
        .where(and(eq(applications.id, id), inRegionScope(db, req.principal!.scope, applications.regionId)));
      if (!a) throw notFound('申请不存在或不在您的管辖范围内');
      return a;
    }

    app.post(
      '/api/applications/:id/documents',
      {
        config: { permission: 'application.act' },
        bodyLimit: MAX_DOCUMENT_BYTES,
        schema: {
          tags: ['申请审批'],
          summary: '上传申请材料（PDF、JPEG 或 PNG，请求体为文件本身，不超过 10 MB）',
          params: z.object({ id: z.coerce.number().int().positive() }),
          querystring: z.object({ kind: z.enum(DOCUMENT_KINDS), filename: z.string().trim().min(1).max(200) }),
          response: { 201: DocumentDto, 400: Problem, 404: Problem, 409: Problem, 413: Problem, 415: Problem },
        },
      },
      async (req, reply) => {
        const a = await applicationInScope(req, req.params.id);
        if (['approved', 'rejected', 'cancelled'].includes(a.state)) throw conflict('申请已办结，不能再上传材料');
        const body = req.body as Buffer | undefined;
        if (!Buffer.isBuffer(body) || body.length === 0)
          throw badRequest('请选择要上传的文件', [{ field: 'file', message: '未收到文件' }]);
        const mime = sniffDocument(body.subarray(0, 16));
        if (!mime)
          throw new ProblemError(415, '文件格式不正确', '只接受 PDF、JPEG 或 PNG 文件（按文件内容判断，不看扩展名）', [
            { field: 'file', message: '不是 PDF、JPEG 或 PNG' },
          ]);
        const sha256 = store.put(body, mime);
        const row = await db.transaction(async (tx) => {
          const [doc] = await tx
            .insert(applicationDocuments)
            .values({
              applicationId: a.id,
              kind: req.query.kind,
              filename: req.query.filename,
              mime,
              size: body.length,
              sha256,
              uploadedBy: req.principal!.userId,
            })
            .returning();
          await writeAudit(tx, actorOf(req), {
            action: 'application.document_upload',
            entityType: 'application',
            entityId: a.id,
            after: { documentId: doc.id, kind: doc.kind, filename: doc.filename, size: doc.size, sha256 },
          });
          return doc;
        });
        return reply.status(201).send({
          ...row,
          kind: row.kind as (typeof DOCUMENT_KINDS)[number],
          uploadedAt: row.uploadedAt.toISOString(),
        });
      },
    );

    app.get(
      '/api/applications/:id/documents/:docId',
      {
        config: { permission: 'elder.read' },
        schema: {
          tags: ['申请审批'],
          summary: '下载申请材料（校验后返回；记入审计）',
          params: z.object({ id: z.coerce.number().int().positive(), docId: z.coerce.number().int().positive() }),
        },
      },
      async (req, reply) => {
        const a = await applicationInScope(req, req.params.id);
        const [doc] = await db
          .select()
          .from(applicationDocuments)
          .where(and(eq(applicationDocuments.id, req.params.docId), eq(applicationDocuments.applicationId, a.id)));
        if (!doc) throw notFound('材料不存在');
        const stored = store.read(doc.sha256, doc.mime as keyof typeof EXTENSIONS);
        if (!stored.ok && stored.reason === 'missing')
          throw new ProblemError(500, '材料文件缺失', '材料文件在存储中找不到，请联系管理员从备份恢复');
        if (!stored.ok)
          throw new ProblemError(500, '材料校验失败', '材料文件已损坏（校验值不符），请联系管理员从备份恢复');
        const bytes = stored.bytes;
        await writeAudit(db, actorOf(req), {
          action: 'application.document_download',
          entityType: 'application',
          entityId: a.id,
          after: { documentId: doc.id, kind: doc.kind },
        });
        // Always a download, never shown inline: a file can be a PDF and an HTML page at once (a
        // polyglot), and shown from our origin its script would run with the user's session.
        return reply
          .type(doc.mime)
          .header('x-content-type-options', 'nosniff')
          .header(
            'content-disposition',
            attachment(doc.filename, `document.${EXTENSIONS[doc.mime as keyof typeof EXTENSIONS] ?? 'bin'}`),
          )
          .send(bytes);
      },
    );
  };
