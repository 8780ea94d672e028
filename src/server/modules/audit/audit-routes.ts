import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { and, asc, count, desc, eq, gte, ilike, lte, type SQL } from 'drizzle-orm';
import { AuditPage, AuditQuery } from '../../../shared/schemas/audit.js';
import { Problem } from '../../../shared/schemas/common.js';
import { auditLog } from '../../db/schema.js';
import type { Deps } from '../../deps.js';
import type { Scope } from '../../auth/scope.js';
import { forbidden } from '../../http/problem.js';
import { z } from '../../../shared/zod.js';
import { verifyAudit } from './audit-seal.js';
import { containsPattern, prefixPattern } from '../../db/like-pattern.js';

const AuditVerifyResult = z.object({
  ok: z.boolean(),
  seals: z.number().int(),
  rowsSealed: z.number().int(),
  rowsRecomputed: z.number().int(),
  lastSealedAt: z.string().nullable(),
  lastHash: z.string().nullable(),
  break: z
    .object({ sealId: z.number().int(), fromId: z.number().int(), toId: z.number().int(), reason: z.string() })
    .optional(),
});

// Read-only by design: the product has no route that changes or removes audit rows, and the
// database refuses UPDATE/DELETE on the table (migration 0001).
/** Audit rows cover the whole installation: only district-wide accounts may read or verify them. */
function districtWideOnly(scope: Scope) {
  if (scope.kind !== 'region' || !scope.isRoot) throw forbidden();
}

export const auditRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    app.get(
      '/api/audit',
      {
        config: { permission: 'audit.read' },
        schema: {
          tags: ['审计'],
          summary: '审计日志查询',
          querystring: AuditQuery,
          response: { 200: AuditPage, 400: Problem, 403: Problem },
        },
      },
      async (req) => {
        districtWideOnly(req.principal!.scope);
        const q = req.query;
        const conds: SQL[] = [];
        if (q.username) conds.push(ilike(auditLog.username, containsPattern(q.username)));
        if (q.entityType) conds.push(eq(auditLog.entityType, q.entityType));
        if (q.entityId) conds.push(eq(auditLog.entityId, q.entityId));
        if (q.action) conds.push(ilike(auditLog.action, prefixPattern(q.action)));
        if (q.from) conds.push(gte(auditLog.at, new Date(q.from)));
        if (q.to) conds.push(lte(auditLog.at, new Date(q.to)));
        const where = conds.length ? and(...conds) : undefined;
        const order = q.sort === 'at' ? [asc(auditLog.at), asc(auditLog.id)] : [desc(auditLog.at), desc(auditLog.id)];
        const [rows, [{ total }]] = await Promise.all([
          db
            .select()
            .from(auditLog)
            .where(where)
            .orderBy(...order)
            .limit(q.pageSize)
            .offset((q.page - 1) * q.pageSize),
          db.select({ total: count() }).from(auditLog).where(where),
        ]);
        return {
          items: rows.map((r) => ({ ...r, at: r.at.toISOString(), before: r.before ?? null, after: r.after ?? null })),
          total,
          page: q.page,
          pageSize: q.pageSize,
        };
      },
    );
    app.get(
      '/api/audit/verify',
      {
        config: { permission: 'audit.read' },
        schema: {
          tags: ['审计'],
          summary: '审计链校验：重算每个封存的哈希，报告第一个断裂处',
          response: { 200: AuditVerifyResult, 403: Problem },
        },
      },
      async (req) => {
        districtWideOnly(req.principal!.scope);
        // Only reads: a check that wrote an audit row would change what it checks next time.
        const v = await verifyAudit(db);
        const b = v.break;
        return { ...v, break: b && { sealId: b.sealId, fromId: b.fromId, toId: b.toId, reason: b.reason } };
      },
    );
  };
