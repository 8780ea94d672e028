// An elder's payee account is changed by two people (four eyes): whoever keeps the file asks —
// registering a first account or changing one — and a second person at street level or above,
// not the one who asked, approves. Only the approval writes payee_accounts, which the next
// payment list and bank file read; it is audited with the old and new account masked, and the
// elder is told by SMS so that a change they did not ask for comes to light.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { and, asc, count, desc, eq, like, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { IdParams, Problem } from '../../../shared/schemas/common.js';
import {
  PayeeChangeDecision,
  PayeeChangeDto,
  PayeeChangePage,
  PayeeChangeQuery,
  PayeeChangeRequest,
  PayeeView,
} from '../../../shared/schemas/cash.js';
import { elders, payeeAccounts, payeeChanges, regions, users } from '../../db/schema.js';
import type { DbOrTx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import { inRegionScope, narrowedScope, type Scope } from '../../auth/scope.js';
import { prefixPattern } from '../../db/like-pattern.js';
import { shanghaiDate } from '../../../shared/today.js';
import { conflict, forbidden, notFound } from '../../http/problem.js';
import { actorOf, writeAudit } from '../audit/audit-writer.js';
import { communityOf, loadElder } from '../elders/elder-routes.js';
import { parentRegion, regionLabel } from '../elders/elder-query.js';
import { enqueueSms } from '../sms/sms-outbox.js';
import { PAYEE_MESSAGES as M } from './messages.js';
import type { z } from '../../../shared/zod.js';

/** First four and last four digits: what any page, list, audit row or message shows of an account. */
export const maskAccount = (account: string) => `${account.slice(0, 4)} **** ${account.slice(-4)}`;

const requester = alias(users, 'requester');
const decider = alias(users, 'decider');

/** Change requests with the elder, where they live, who asked and decided, and the account paid to now. */
function selectChanges(db: DbOrTx) {
  return db
    .select({
      c: payeeChanges,
      elderName: elders.name,
      regionName: regionLabel,
      requestedByName: requester.displayName,
      decidedByName: decider.displayName,
      current: payeeAccounts,
    })
    .from(payeeChanges)
    .innerJoin(elders, eq(elders.id, payeeChanges.elderId))
    .innerJoin(regions, eq(regions.id, elders.regionId))
    .leftJoin(parentRegion, eq(parentRegion.id, regions.parentId))
    .innerJoin(requester, eq(requester.id, payeeChanges.requestedBy))
    .leftJoin(decider, eq(decider.id, payeeChanges.decidedBy))
    .leftJoin(payeeAccounts, eq(payeeAccounts.elderId, payeeChanges.elderId));
}
type ChangeRow = Awaited<ReturnType<ReturnType<typeof selectChanges>['where']>>[number];

const toDto = (r: ChangeRow): z.infer<typeof PayeeChangeDto> => ({
  id: r.c.id,
  elderId: r.c.elderId,
  elderName: r.elderName,
  regionName: r.regionName,
  payeeKind: r.c.payeeKind,
  payeeName: r.c.payeeName,
  bankName: r.c.bankName,
  accountMasked: r.c.accountMasked,
  reason: r.c.reason,
  state: r.c.state,
  requestedBy: r.c.requestedBy,
  requestedByName: r.requestedByName,
  requestedAt: r.c.requestedAt.toISOString(),
  decidedByName: r.decidedByName,
  decidedAt: r.c.decidedAt?.toISOString() ?? null,
  decisionNote: r.c.decisionNote,
  current: r.current
    ? {
        payeeKind: r.current.payeeKind,
        payeeName: r.current.payeeName,
        bankName: r.current.bankName,
        accountMasked: r.current.accountMasked,
      }
    : null,
});

/** One request, if its elder is in the caller's jurisdiction; otherwise as if it did not exist. */
async function loadChange(db: DbOrTx, scope: Scope, id: number) {
  const [row] = await selectChanges(db).where(and(eq(payeeChanges.id, id), inRegionScope(db, scope, elders.regionId)));
  if (!row) throw notFound(M.changeNotFound);
  return row;
}

/** What the audit trail keeps of an account: the payee and the masked number, never the number. */
const auditView = (p: { payeeKind: string; payeeName: string; bankName: string; accountMasked: string } | null) =>
  p ? { payeeKind: p.payeeKind, payeeName: p.payeeName, bankName: p.bankName, account: p.accountMasked } : null;

export const payeeChangeRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db, cipher } = deps;
    const tags = ['现金发放'];

    app.get(
      '/api/elders/:id/payee',
      {
        config: { permission: 'elder.read' },
        schema: {
          tags,
          summary: '老人的收款账户（账号脱敏）及待审核的变更申请',
          params: IdParams,
          response: { 200: PayeeView, 404: Problem },
        },
      },
      async (req) => {
        const elder = await loadElder(db, req.principal!.scope, req.params.id);
        const [p] = await db.select().from(payeeAccounts).where(eq(payeeAccounts.elderId, elder.id));
        const [pending] = await selectChanges(db).where(
          and(eq(payeeChanges.elderId, elder.id), eq(payeeChanges.state, 'pending')),
        );
        return {
          current: p
            ? {
                elderId: p.elderId,
                payeeKind: p.payeeKind,
                payeeName: p.payeeName,
                bankName: p.bankName,
                accountMasked: p.accountMasked,
                updatedAt: p.updatedAt.toISOString(),
              }
            : null,
          pending: pending ? toDto(pending) : null,
        };
      },
    );

    app.post(
      '/api/elders/:id/payee-changes',
      {
        config: { permission: 'elder.write' },
        schema: {
          tags,
          summary: '申请登记或变更老人的收款账户（须街道另一位工作人员审核批准后生效；账号加密保存，审计只记脱敏账号）',
          params: IdParams,
          body: PayeeChangeRequest,
          response: { 201: PayeeChangeDto, 400: Problem, 404: Problem, 409: Problem },
        },
      },
      async (req, reply) => {
        const me = req.principal!;
        const b = req.body;
        const out = await db.transaction(async (tx) => {
          // The elder's row lock puts two requests for one elder in a line; the partial unique
          // index is the backstop.
          const elder = await loadElder(tx, me.scope, req.params.id, { lock: true });
          const [open] = await selectChanges(tx).where(
            and(eq(payeeChanges.elderId, elder.id), eq(payeeChanges.state, 'pending')),
          );
          if (open) throw conflict(M.alreadyPending(open.requestedByName, shanghaiDate(open.c.requestedAt)));
          const [current] = await tx.select().from(payeeAccounts).where(eq(payeeAccounts.elderId, elder.id));
          const [c] = await tx
            .insert(payeeChanges)
            .values({
              elderId: elder.id,
              payeeKind: b.payeeKind,
              payeeName: b.payeeName,
              bankName: b.bankName,
              accountCipher: cipher.encrypt(b.accountNo),
              accountMasked: maskAccount(b.accountNo),
              reason: b.reason,
              requestedBy: me.userId,
              requestedAt: deps.clock(),
            })
            .returning();
          await writeAudit(tx, actorOf(req), {
            action: 'payee.change_request',
            entityType: 'elder',
            entityId: elder.id,
            before: auditView(current ?? null),
            after: { changeId: c.id, ...auditView(c), reason: c.reason },
          });
          return toDto((await selectChanges(tx).where(eq(payeeChanges.id, c.id)))[0]);
        });
        return reply.status(201).send(out);
      },
    );

    app.get(
      '/api/payee-changes',
      {
        config: { permission: 'payee.approve' },
        schema: {
          tags,
          summary: '收款账户变更申请（本辖区；默认待审核，按提交时间排序）',
          querystring: PayeeChangeQuery,
          response: { 200: PayeeChangePage, 400: Problem, 404: Problem },
        },
      },
      async (req) => {
        const q = req.query;
        const scope = await narrowedScope(db, req.principal!.scope, q.regionId);
        const conds: SQL[] = [inRegionScope(db, scope, elders.regionId)];
        if (q.state !== 'all') conds.push(eq(payeeChanges.state, q.state));
        if (q.q) conds.push(like(elders.name, prefixPattern(q.q)));
        const where = and(...conds);
        const order = q.sort === '-requestedAt' ? desc : asc;
        const [rows, [{ total }]] = await Promise.all([
          selectChanges(db)
            .where(where)
            .orderBy(order(payeeChanges.requestedAt), order(payeeChanges.id))
            .limit(q.pageSize)
            .offset((q.page - 1) * q.pageSize),
          db
            .select({ total: count() })
            .from(payeeChanges)
            .innerJoin(elders, eq(elders.id, payeeChanges.elderId))
            .where(where),
        ]);
        return { items: rows.map(toDto), total, page: q.page, pageSize: q.pageSize };
      },
    );

    app.post(
      '/api/payee-changes/:id/decision',
      {
        config: { permission: 'payee.approve' },
        schema: {
          tags,
          summary:
            '审核收款账户变更：批准后写入收款账户（下一份发放名单起生效）并短信告知老人；驳回须说明理由。不能审核本人提交的申请',
          params: IdParams,
          body: PayeeChangeDecision,
          response: { 200: PayeeChangeDto, 400: Problem, 403: Problem, 404: Problem, 409: Problem },
        },
      },
      async (req) => {
        const me = req.principal!;
        const { decision, note } = req.body;
        return db.transaction(async (tx) => {
          const found = await loadChange(tx, me.scope, req.params.id);
          // Lock the elder: a decision, a new request and another decision for one elder go in a line.
          const elder = await loadElder(tx, me.scope, found.c.elderId, { lock: true });
          if (found.c.requestedBy === me.userId) throw forbidden(M.ownRequest);
          const now = deps.clock();
          // Compare-and-set: of two clicks, or two reviewers, one decides; the other is told.
          const [c] = await tx
            .update(payeeChanges)
            .set({
              state: decision === 'approve' ? 'approved' : 'rejected',
              decidedBy: me.userId,
              decidedAt: now,
              decisionNote: note || null,
            })
            .where(and(eq(payeeChanges.id, found.c.id), eq(payeeChanges.state, 'pending')))
            .returning();
          if (!c) {
            const [{ state }] = await tx
              .select({ state: payeeChanges.state })
              .from(payeeChanges)
              .where(eq(payeeChanges.id, found.c.id));
            throw conflict(M.decided(state));
          }
          const who = { changeId: c.id, requestedBy: found.requestedByName, decidedBy: me.username };
          if (decision === 'reject') {
            await writeAudit(tx, actorOf(req), {
              action: 'payee.change_reject',
              entityType: 'elder',
              entityId: elder.id,
              after: { ...who, ...auditView(c), note: c.decisionNote },
            });
          } else {
            const [before] = await tx.select().from(payeeAccounts).where(eq(payeeAccounts.elderId, elder.id));
            const values = {
              payeeKind: c.payeeKind,
              payeeName: c.payeeName,
              bankName: c.bankName,
              accountCipher: c.accountCipher,
              accountMasked: c.accountMasked,
              updatedBy: me.userId,
              updatedAt: now,
            };
            await tx
              .insert(payeeAccounts)
              .values({ elderId: elder.id, ...values })
              .onConflictDoUpdate({ target: payeeAccounts.elderId, set: values });
            // The elder hears of it on their own phone: a change they did not ask for comes to light.
            let smsTo: string | null = null;
            if (elder.phoneCipher && elder.phoneHash && elder.phoneMasked) {
              const community = await communityOf(tx, elder.regionId);
              await enqueueSms(
                tx,
                {
                  kind: 'notice',
                  elderId: elder.id,
                  phone: { phoneCipher: elder.phoneCipher, phoneHash: elder.phoneHash, phoneMasked: elder.phoneMasked },
                  body: M.approvedSms(c.bankName, c.accountMasked.slice(-4), community.name),
                },
                now,
              );
              smsTo = elder.phoneMasked;
            }
            await writeAudit(tx, actorOf(req), {
              action: 'payee.update',
              entityType: 'elder',
              entityId: elder.id,
              before: auditView(before ?? null),
              after: { ...auditView(c), ...who },
            });
            await writeAudit(tx, actorOf(req), {
              action: 'payee.change_approve',
              entityType: 'elder',
              entityId: elder.id,
              after: {
                ...who,
                ...auditView(c),
                note: c.decisionNote,
                // Masked; none when the file has no phone (the elder could not be told).
                smsTo: smsTo ?? M.noPhone,
              },
            });
          }
          return toDto((await selectChanges(tx).where(eq(payeeChanges.id, c.id)))[0]);
        });
      },
    );

    app.post(
      '/api/payee-changes/:id/withdraw',
      {
        config: { permission: 'elder.write' },
        schema: {
          tags,
          summary: '撤回待审核的收款账户变更申请',
          params: IdParams,
          response: { 200: PayeeChangeDto, 403: Problem, 404: Problem, 409: Problem },
        },
      },
      async (req) => {
        const me = req.principal!;
        return db.transaction(async (tx) => {
          const found = await loadChange(tx, me.scope, req.params.id);
          await loadElder(tx, me.scope, found.c.elderId, { lock: true });
          const [c] = await tx
            .update(payeeChanges)
            .set({ state: 'withdrawn', decidedBy: me.userId, decidedAt: deps.clock() })
            .where(and(eq(payeeChanges.id, found.c.id), eq(payeeChanges.state, 'pending')))
            .returning();
          if (!c) {
            const [{ state }] = await tx
              .select({ state: payeeChanges.state })
              .from(payeeChanges)
              .where(eq(payeeChanges.id, found.c.id));
            throw conflict(M.decided(state));
          }
          await writeAudit(tx, actorOf(req), {
            action: 'payee.change_withdraw',
            entityType: 'elder',
            entityId: c.elderId,
            after: { changeId: c.id, requestedBy: found.requestedByName, ...auditView(c) },
          });
          return toDto((await selectChanges(tx).where(eq(payeeChanges.id, c.id)))[0]);
        });
      },
    );
  };
