import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from '../../../shared/zod.js';
import { IdParams, Problem } from '../../../shared/schemas/common.js';
import { BenefitSchema, CostShareSchema } from '../../../shared/schemas/policies.js';
import type { Deps } from '../../deps.js';
import { loadElder } from '../elders/elder-routes.js';
import { entitlementsOf } from './recompute.js';

const Entitlement = z.object({
  programme: z.string(),
  classCode: z.string(),
  classLabel: z.string(),
  benefit: BenefitSchema,
  costShare: CostShareSchema,
  validFrom: z.string(),
  validTo: z.string().nullable(),
});

export const entitlementRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/elders/:id/entitlements',
      {
        config: { permission: 'elder.read' },
        schema: {
          tags: ['待遇'],
          summary: '老人享有的待遇（按时段）',
          params: IdParams,
          response: { 200: z.array(Entitlement), 404: Problem },
        },
      },
      async (req) => {
        await loadElder(deps.db, req.principal!.scope, req.params.id);
        const rows = await entitlementsOf(deps.db, req.params.id);
        return rows.map((r) => ({ ...r, benefit: r.benefit as z.infer<typeof BenefitSchema> }));
      },
    );
  };
