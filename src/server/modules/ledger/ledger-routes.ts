// The ledger through the API: an elder's accounts with their balances and entries, and the
// month job run by hand (it also runs by itself when a month begins).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { asc, desc, eq, inArray } from 'drizzle-orm';
import { z } from '../../../shared/zod.js';
import { IdParams, Problem } from '../../../shared/schemas/common.js';
import { LedgerAccountDto, LedgerMonth, LedgerMonthResult } from '../../../shared/schemas/ledger.js';
import { ledgerAccounts, ledgerEntries, programmes } from '../../db/schema.js';
import type { Deps } from '../../deps.js';
import { fieldError } from '../../http/problem.js';
import { actorOf } from '../audit/audit-writer.js';
import { loadElder } from '../elders/elder-routes.js';
import { shanghaiDate } from '../../../shared/today.js';
import { runLedgerMonth } from './run-month.js';

export const ledgerRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    const tags = ['台账'];

    app.get(
      '/api/elders/:id/ledger',
      {
        config: { permission: 'elder.read' },
        schema: {
          tags,
          summary: '老人的待遇台账：各项目的账户、余额与分录（发放、使用、作废、冲正）',
          params: IdParams,
          response: { 200: z.array(LedgerAccountDto), 404: Problem },
        },
      },
      async (req) => {
        const elder = await loadElder(db, req.principal!.scope, req.params.id);
        const accounts = await db
          .select({ a: ledgerAccounts, name: programmes.name, balance: ledgerAccounts.balance })
          .from(ledgerAccounts)
          .innerJoin(programmes, eq(programmes.code, ledgerAccounts.programme))
          .where(eq(ledgerAccounts.elderId, elder.id))
          .orderBy(asc(ledgerAccounts.programme), asc(ledgerAccounts.unit));
        const entries = accounts.length
          ? await db
              .select()
              .from(ledgerEntries)
              .where(
                inArray(
                  ledgerEntries.accountId,
                  accounts.map((a) => a.a.id),
                ),
              )
              .orderBy(desc(ledgerEntries.id))
              .limit(500)
          : [];
        return accounts.map(({ a, name, balance }) => ({
          id: a.id,
          programme: a.programme,
          programmeName: name,
          unit: a.unit,
          balance,
          entries: entries
            .filter((e) => e.accountId === a.id)
            .map((e) => ({
              id: e.id,
              kind: e.kind,
              amount: e.amount,
              period: e.period,
              orderId: e.orderId,
              reverses: e.reverses,
              note: e.note,
              createdAt: e.createdAt.toISOString(),
            })),
        }));
      },
    );

    app.post(
      '/api/ledger/months',
      {
        config: { permission: 'policy.write' },
        schema: {
          tags,
          summary: '月度发放：上月未用完的按规则作废，本月的服务时数和服务券按待遇发放（可重复运行，只发一次）',
          body: LedgerMonth,
          response: { 200: LedgerMonthResult, 400: Problem },
        },
      },
      async (req) => {
        const thisMonth = shanghaiDate(deps.clock()).slice(0, 7);
        if (req.body.month > thisMonth)
          throw fieldError('month', `不能提前发放 ${req.body.month} 的待遇（本月为 ${thisMonth}）`);
        return runLedgerMonth(db, req.body.month, actorOf(req));
      },
    );
  };
