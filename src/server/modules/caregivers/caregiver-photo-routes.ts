// A caregiver's photo (for the badge and so elders know who is at the door): JPEG or PNG by
// content, at most 2 MB, stored under the data directory by its SHA-256.
import path from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { eq } from 'drizzle-orm';
import { IdParams, Problem } from '../../../shared/schemas/common.js';
import { z } from '../../../shared/zod.js';
import { sniffDocument } from '../../../core/applications/document-type.js';
import { caregivers } from '../../db/schema.js';
import type { Deps } from '../../deps.js';
import { ProblemError, badRequest, notFound } from '../../http/problem.js';
import { actorOf, writeAudit } from '../audit/audit-writer.js';
import { contentStore } from '../../lib/content-store.js';
import { loadCaregiver } from './caregiver-routes.js';
import { CAREGIVER_MESSAGES as M } from './messages.js';

export const MAX_PHOTO_BYTES = 2 * 1024 * 1024;
const EXT = { 'image/jpeg': 'jpg', 'image/png': 'png' } as const;

export const caregiverPhotoRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    const dir = path.join(deps.config.dataDir, 'photos');
    for (const type of ['image/jpeg', 'image/png', 'application/octet-stream']) {
      // A larger limit than the photo's, so that an oversize photo gets our own message.
      app.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: MAX_PHOTO_BYTES * 2 }, (_req, body, done) =>
        done(null, body),
      );
    }
    const store = contentStore(dir, EXT);

    app.put(
      '/api/caregivers/:id/photo',
      {
        config: { permission: 'caregiver.write' },
        bodyLimit: MAX_PHOTO_BYTES * 2,
        schema: {
          tags: ['服务人员'],
          summary: '上传照片（JPEG 或 PNG，不超过 2 MB，请求体为图片本身）',
          params: IdParams,
          response: { 200: z.object({ ok: z.literal(true) }), 400: Problem, 404: Problem, 413: Problem, 415: Problem },
        },
      },
      async (req) => {
        const body = req.body as Buffer | undefined;
        if (!Buffer.isBuffer(body) || body.length === 0)
          throw badRequest(M.noFile, [{ field: 'photo', message: M.noFile }]);
        if (body.length > MAX_PHOTO_BYTES)
          throw new ProblemError(413, '文件过大', M.photoSize, [{ field: 'photo', message: M.photoSize }]);
        const mime = sniffDocument(body.subarray(0, 16));
        if (mime !== 'image/jpeg' && mime !== 'image/png')
          throw new ProblemError(415, '文件格式不正确', M.photoType, [{ field: 'photo', message: M.photoType }]);
        await db.transaction(async (tx) => {
          // The caregiver must exist and be in the caller's scope before anything reaches the disk:
          // a refused upload leaves no file behind.
          const { c } = await loadCaregiver(tx, req.principal!.scope, req.params.id);
          const sha = store.put(body, mime);
          await tx
            .update(caregivers)
            .set({ photoSha256: sha, photoMime: mime, updatedAt: deps.clock() })
            .where(eq(caregivers.id, c.id));
          await writeAudit(tx, actorOf(req), {
            action: 'caregiver.photo',
            entityType: 'caregiver',
            entityId: c.id,
            before: { photoSha256: c.photoSha256 },
            after: { photoSha256: sha, size: body.length },
          });
        });
        return { ok: true as const };
      },
    );

    app.get(
      '/api/caregivers/:id/photo',
      {
        config: { permission: 'caregiver.read' },
        schema: { tags: ['服务人员'], summary: '照片', params: IdParams },
      },
      async (req, reply) => {
        const { c } = await loadCaregiver(db, req.principal!.scope, req.params.id);
        if (!c.photoSha256 || !c.photoMime) throw notFound(M.photoMissing);
        const stored = store.read(c.photoSha256, c.photoMime as keyof typeof EXT);
        if (!stored.ok) throw notFound(M.photoMissing);
        // Shown in the page as an image, so inline; its type is sniffed JPEG or PNG when stored, and
        // nosniff keeps a browser from reading it as anything else. Not cached: it is personal data.
        return reply
          .type(c.photoMime)
          .header('x-content-type-options', 'nosniff')
          .header('content-disposition', 'inline')
          .send(stored.bytes);
      },
    );
  };
