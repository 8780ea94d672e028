import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { count, eq } from 'drizzle-orm';
import { z } from '../../../shared/zod.js';
import { IdParams, Ok, Problem } from '../../../shared/schemas/common.js';
import { Region, RegionCreate, RegionUpdate } from '../../../shared/schemas/regions.js';
import { checkRegionCode, childLevel } from '../../../core/region-code.js';
import { providers, regions, users } from '../../db/schema.js';
import type { DbOrTx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import { inRegionScope, regionInScope } from '../../auth/scope.js';
import { conflict, fieldError } from '../../http/problem.js';
import { actorOf, writeAudit } from '../audit/audit-writer.js';
import { REGION_MESSAGES as M } from './messages.js';

type Row = typeof regions.$inferSelect;
const toDto = (r: Row): Region => ({
  id: r.id,
  parentId: r.parentId,
  level: r.level,
  code: r.code,
  name: r.name,
  centerLng: r.centerLng,
  centerLat: r.centerLat,
  updatedAt: r.updatedAt.toISOString(),
});

async function assertCodeFree(db: DbOrTx, code: string, exceptId?: number) {
  const [other] = await db.select().from(regions).where(eq(regions.code, code));
  if (other && other.id !== exceptId)
    throw conflict(M.codeTaken(other.name), [{ field: 'code', message: M.codeTaken(other.name) }]);
}

function checkCoordinates(lng: number | null | undefined, lat: number | null | undefined) {
  if ((lng == null) !== (lat == null)) throw fieldError(lng == null ? 'centerLng' : 'centerLat', M.bothCoordinates);
}

export const regionRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    const tags = ['区域'];

    app.get(
      '/api/regions',
      {
        config: { permission: 'region.read' },
        schema: { tags, summary: '管辖范围内的区域（平铺，按代码排序）', response: { 200: z.array(Region) } },
      },
      async (req) => {
        const rows = await db
          .select()
          .from(regions)
          .where(inRegionScope(db, req.principal!.scope, regions.id))
          .orderBy(regions.code);
        return rows.map(toDto);
      },
    );

    app.get(
      '/api/regions/:id',
      {
        config: { permission: 'region.read' },
        schema: { tags, summary: '区域详情', params: IdParams, response: { 200: Region, 404: Problem } },
      },
      async (req) => toDto(await regionInScope(db, req.principal!.scope, req.params.id)),
    );

    app.post(
      '/api/regions',
      {
        config: { permission: 'region.write' },
        schema: {
          tags,
          summary: '新建下级区域',
          body: RegionCreate,
          response: { 201: Region, 400: Problem, 404: Problem, 409: Problem },
        },
      },
      async (req, reply) => {
        const b = req.body;
        checkCoordinates(b.centerLng, b.centerLat);
        const created = await db.transaction(async (tx) => {
          const parent = await regionInScope(
            tx,
            req.principal!.scope,
            b.parentId,
            '上级区域不存在或不在您的管辖范围内',
          );
          const level = childLevel(parent.level);
          if (!level) throw fieldError('parentId', M.noChildLevel);
          const problem = checkRegionCode(level, b.code, parent);
          if (problem) throw fieldError('code', M.codeProblem[problem]);
          await assertCodeFree(tx, b.code);
          const [row] = await tx
            .insert(regions)
            .values({
              parentId: parent.id,
              level,
              code: b.code,
              name: b.name,
              path: 'pending',
              centerLng: b.centerLng ?? null,
              centerLat: b.centerLat ?? null,
            })
            .returning();
          const [withPath] = await tx
            .update(regions)
            .set({ path: `${parent.path}${row.id}/` })
            .where(eq(regions.id, row.id))
            .returning();
          await writeAudit(tx, actorOf(req), {
            action: 'region.create',
            entityType: 'region',
            entityId: row.id,
            after: withPath,
          });
          return withPath;
        });
        return reply.status(201).send(toDto(created));
      },
    );

    app.patch(
      '/api/regions/:id',
      {
        config: { permission: 'region.write' },
        schema: {
          tags,
          summary: '修改区域',
          params: IdParams,
          body: RegionUpdate,
          response: { 200: Region, 400: Problem, 404: Problem, 409: Problem },
        },
      },
      async (req) => {
        const b = req.body;
        const updated = await db.transaction(async (tx) => {
          const before = await regionInScope(tx, req.principal!.scope, req.params.id);
          const lng = b.centerLng === undefined ? before.centerLng : b.centerLng;
          const lat = b.centerLat === undefined ? before.centerLat : b.centerLat;
          checkCoordinates(lng, lat);
          if (b.code !== undefined && b.code !== before.code) {
            const [{ n }] = await tx.select({ n: count() }).from(regions).where(eq(regions.parentId, before.id));
            if (n > 0) throw fieldError('code', M.codeLockedByChildren);
            const [parent] = before.parentId
              ? await tx.select().from(regions).where(eq(regions.id, before.parentId))
              : [null];
            const problem = checkRegionCode(before.level, b.code, parent ?? null);
            if (problem) throw fieldError('code', M.codeProblem[problem]);
            await assertCodeFree(tx, b.code, before.id);
          }
          const [after] = await tx
            .update(regions)
            .set({
              code: b.code ?? before.code,
              name: b.name ?? before.name,
              centerLng: lng,
              centerLat: lat,
              updatedAt: deps.clock(),
            })
            .where(eq(regions.id, before.id))
            .returning();
          await writeAudit(tx, actorOf(req), {
            action: 'region.update',
            entityType: 'region',
            entityId: before.id,
            before,
            after,
          });
          return after;
        });
        return toDto(updated);
      },
    );

    app.delete(
      '/api/regions/:id',
      {
        config: { permission: 'region.write' },
        schema: {
          tags,
          summary: '删除区域（无下级、无账户和机构时）',
          params: IdParams,
          response: { 200: Ok, 404: Problem, 409: Problem },
        },
      },
      async (req) => {
        await db.transaction(async (tx) => {
          const before = await regionInScope(tx, req.principal!.scope, req.params.id);
          const [{ n: children }] = await tx
            .select({ n: count() })
            .from(regions)
            .where(eq(regions.parentId, before.id));
          if (children > 0) throw conflict(M.hasChildren);
          const [{ n: u }] = await tx.select({ n: count() }).from(users).where(eq(users.regionId, before.id));
          const [{ n: p }] = await tx.select({ n: count() }).from(providers).where(eq(providers.regionId, before.id));
          if (u + p > 0) throw conflict(M.inUse(u + p));
          await tx.delete(regions).where(eq(regions.id, before.id));
          await writeAudit(tx, actorOf(req), {
            action: 'region.delete',
            entityType: 'region',
            entityId: before.id,
            before,
          });
        });
        return { ok: true as const };
      },
    );
  };
