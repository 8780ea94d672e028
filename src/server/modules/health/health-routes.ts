import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'drizzle-orm';
import { z } from '../../../shared/zod.js';
import type { Deps } from '../../deps.js';
import { migrationStatus } from '../../db/client.js';

const Health = z.object({
  status: z.enum(['ok', 'unavailable']),
  database: z.object({ reachable: z.boolean(), kind: z.enum(['pglite', 'postgres']) }),
  migrations: z
    .object({ version: z.string().nullable(), applied: z.number().int(), known: z.number().int() })
    .nullable(),
});

export const healthRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/health',
      {
        config: { public: true },
        schema: { tags: ['系统'], summary: '健康检查：数据库可达性与结构版本', response: { 200: Health, 503: Health } },
      },
      async (_req, reply) => {
        try {
          await deps.db.execute(sql`select 1`);
          const migrations = await migrationStatus(deps.db);
          return { status: 'ok' as const, database: { reachable: true, kind: deps.dbKind }, migrations };
        } catch {
          return reply.status(503).send({
            status: 'unavailable' as const,
            database: { reachable: false, kind: deps.dbKind },
            migrations: null,
          });
        }
      },
    );

    // No database, no session: the ceiling of the HTTP stack, used as the benchmark baseline.
    app.get(
      '/api/health/live',
      {
        config: { public: true },
        schema: { tags: ['系统'], summary: '进程存活', response: { 200: z.object({ ok: z.literal(true) }) } },
      },
      async () => ({ ok: true as const }),
    );
  };
