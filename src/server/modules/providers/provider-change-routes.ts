// Deciding on and withdrawing a change of an approved provider's registration data. The change
// was recorded by PATCH /api/providers/:id; it takes effect only when someone with review rights
// other than who asked approves it, after the same checks the request passed.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { and, eq } from 'drizzle-orm';
import { z } from '../../../shared/zod.js';
import { Problem } from '../../../shared/schemas/common.js';
import { ChangeDecisionBody, ProviderDetail } from '../../../shared/schemas/providers.js';
import { providerChanges, providers } from '../../db/schema.js';
import type { DbOrTx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import type { Scope } from '../../auth/scope.js';
import { conflict, forbidden, notFound } from '../../http/problem.js';
import { actorOf, writeAudit } from '../audit/audit-writer.js';
import { shanghaiDate } from '../../../shared/today.js';
import { loadProvider, providerDetailToday } from './provider-query.js';
import { changeValues, loadChange, REVIEWED_FIELDS, type ChangeFields } from './provider-changes.js';
import { assertCodeFree, checkParent, checkRegion } from './provider-checks.js';
import { PROVIDER_MESSAGES as M } from './messages.js';

const ChangeParams = z.object({
  id: z.coerce.number().int().positive(),
  changeId: z.coerce.number().int().positive(),
});
const WithdrawBody = z
  .object({ note: z.string().trim().max(500, '说明最多 500 个字').nullable().optional() })
  .strict()
  .optional();

export const providerChangeRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    const tags = ['服务机构'];
    const today = () => shanghaiDate(deps.clock());
    const detail = (tx: DbOrTx, scope: Scope, id: number) => providerDetailToday(tx, scope, id, deps.clock);

    app.post(
      '/api/providers/:id/changes/:changeId/decision',
      {
        config: { permission: 'provider.review' },
        schema: {
          tags,
          summary: '审核机构登记信息变更（批准后生效；不能审核自己提交的变更）',
          params: ChangeParams,
          body: ChangeDecisionBody,
          response: { 200: ProviderDetail, 400: Problem, 403: Problem, 404: Problem, 409: Problem },
        },
      },
      async (req) => {
        const me = req.principal!;
        const { decision, note } = req.body;
        await db.transaction(async (tx) => {
          const { p } = await loadProvider(tx, me.scope, req.params.id, today());
          const change = await loadChange(tx, p.id, req.params.changeId);
          if (!change) throw notFound(M.changeNotFound);
          if (change.requestedBy === me.userId) throw forbidden(M.changeOwn);
          // Compare-and-set on the state: two reviewers clicking at once decide it once.
          const [decided] = await tx
            .update(providerChanges)
            .set({
              state: decision === 'approve' ? 'approved' : 'rejected',
              decidedBy: me.userId,
              decidedAt: deps.clock(),
              decisionNote: note,
            })
            .where(and(eq(providerChanges.id, change.id), eq(providerChanges.state, 'pending')))
            .returning();
          if (!decided) throw conflict(M.changeDecided);
          const fields = change.fields as ChangeFields;
          if (decision === 'reject') {
            await writeAudit(tx, actorOf(req), {
              action: 'provider.change_reject',
              entityType: 'provider',
              entityId: p.id,
              before: { changeId: change.id, state: 'pending', fields },
              after: { changeId: change.id, state: 'rejected', note },
            });
            return;
          }
          const [before] = await tx.select().from(providers).where(eq(providers.id, p.id)).for('update');
          // What was true when it was asked for is checked again now.
          for (const f of REVIEWED_FIELDS)
            if (fields[f] && (before[f] ?? null) !== (fields[f].from ?? null)) throw conflict(M.changeStale);
          const values = changeValues(fields);
          if (values.creditCode) await assertCodeFree(tx, values.creditCode, p.id);
          if (values.regionId) await checkRegion(tx, me.scope, values.regionId);
          if (values.parentId) await checkParent(tx, me.scope, values.parentId, p.id);
          const [after] = await tx
            .update(providers)
            .set({ ...values, updatedAt: deps.clock() })
            .where(eq(providers.id, p.id))
            .returning();
          await writeAudit(tx, actorOf(req), {
            action: 'provider.change_approve',
            entityType: 'provider',
            entityId: p.id,
            before,
            after: { ...after, changeId: change.id, note },
          });
        });
        return detail(db, me.scope, req.params.id);
      },
    );

    app.post(
      '/api/providers/:id/changes/:changeId/withdraw',
      {
        config: { permission: 'provider.read' },
        schema: {
          tags,
          summary: '撤回待审核的登记信息变更（提交人或本辖区登记人员）',
          params: ChangeParams,
          body: WithdrawBody,
          response: { 200: ProviderDetail, 400: Problem, 403: Problem, 404: Problem, 409: Problem },
        },
      },
      async (req) => {
        const me = req.principal!;
        await db.transaction(async (tx) => {
          const { p } = await loadProvider(tx, me.scope, req.params.id, today());
          const change = await loadChange(tx, p.id, req.params.changeId);
          if (!change) throw notFound(M.changeNotFound);
          if (change.requestedBy !== me.userId && !me.permissions.includes('provider.register'))
            throw forbidden(M.changeWithdrawOthers);
          const note = req.body?.note ?? null;
          const [withdrawn] = await tx
            .update(providerChanges)
            .set({ state: 'withdrawn', decidedBy: me.userId, decidedAt: deps.clock(), decisionNote: note })
            .where(and(eq(providerChanges.id, change.id), eq(providerChanges.state, 'pending')))
            .returning();
          if (!withdrawn) throw conflict(M.changeDecided);
          await writeAudit(tx, actorOf(req), {
            action: 'provider.change_withdraw',
            entityType: 'provider',
            entityId: p.id,
            before: { changeId: change.id, state: 'pending', fields: change.fields },
            after: { changeId: change.id, state: 'withdrawn', note },
          });
        });
        return detail(db, me.scope, req.params.id);
      },
    );
  };
