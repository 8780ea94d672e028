// Paper vouchers: printed from an elder's voucher balance (each one a draw on the ledger, so the
// balance cannot be printed twice over), redeemed once by a provider — scanned by its own staff
// or at the street office — and voided (the draw reversed) when lost. A refused redemption is
// answered 409 and kept, with who tried, for the street to follow up.
import crypto from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { and, asc, between, count, desc, eq, or, sql, type SQL } from 'drizzle-orm';
import { z } from '../../../shared/zod.js';
import { IdParams, Problem } from '../../../shared/schemas/common.js';
import {
  VoucherDto,
  VoucherPage,
  VoucherPrint,
  VoucherQuery,
  VoucherRedeem,
  VoucherRefusalDto,
  VoucherVoid,
} from '../../../shared/schemas/vouchers.js';
import {
  elders,
  ledgerAccounts,
  ledgerEntries,
  paperVouchers,
  providers,
  regions,
  users,
  voucherRefusals,
} from '../../db/schema.js';
import type { DbOrTx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import { inProviderScope, inRegionScope, narrowedScope, type Scope } from '../../auth/scope.js';
import { normaliseVoucherCode, voucherCode } from '../../../core/vouchers/voucher-code.js';
import { monthEnd } from '../../../core/calendar/months.js';
import { conflict, fieldError, notFound } from '../../http/problem.js';
import { actorOf, writeAudit } from '../audit/audit-writer.js';
import { loadElder } from '../elders/elder-routes.js';
import { parentRegion, regionLabel } from '../elders/elder-query.js';
import { shanghaiDate } from '../../../shared/today.js';
import { VOUCHER_MESSAGES as M } from './messages.js';

const PROGRAMME = 'service_voucher';

/** Vouchers the caller may see: a region user those of its elders, a provider those it redeemed. */
function inVoucherScope(db: DbOrTx, scope: Scope): SQL {
  return scope.kind === 'region'
    ? inRegionScope(db, scope, paperVouchers.regionId)
    : inProviderScope(db, scope, paperVouchers.redeemedProviderId);
}

function listQuery(db: DbOrTx) {
  return db
    .select({ v: paperVouchers, elderName: elders.name, regionName: regionLabel, providerName: providers.name })
    .from(paperVouchers)
    .innerJoin(elders, eq(elders.id, paperVouchers.elderId))
    .innerJoin(regions, eq(regions.id, elders.regionId))
    .leftJoin(parentRegion, eq(parentRegion.id, regions.parentId))
    .leftJoin(providers, eq(providers.id, paperVouchers.redeemedProviderId));
}
type Row = Awaited<ReturnType<ReturnType<typeof listQuery>['execute']>>[number];
const dto = (r: Row): z.infer<typeof VoucherDto> => ({
  id: r.v.id,
  code: r.v.code,
  elderId: r.v.elderId,
  elderName: r.elderName,
  regionName: r.regionName,
  programme: r.v.programme,
  valueFen: r.v.valueFen,
  state: r.v.state,
  issuedAt: r.v.issuedAt.toISOString(),
  redeemedProviderId: r.v.redeemedProviderId,
  providerName: r.providerName,
  redeemedAt: r.v.redeemedAt?.toISOString() ?? null,
  redeemedChannel: r.v.redeemedChannel,
});

/** Prints vouchers from the elder's voucher balance: one draw per voucher, refused beyond the balance. */
export async function printVouchers(
  tx: DbOrTx,
  elder: { id: number; regionId: number },
  n: number,
  valueFen: number,
  userId: number,
  now: Date,
) {
  const [account] = await tx
    .select()
    .from(ledgerAccounts)
    .where(
      and(
        eq(ledgerAccounts.elderId, elder.id),
        eq(ledgerAccounts.programme, PROGRAMME),
        eq(ledgerAccounts.unit, 'fen'),
      ),
    )
    .for('update');
  if (!account) throw conflict(M.noProgramme);
  if (account.balance < n * valueFen)
    throw conflict(M.short(account.balance, n * valueFen), [
      { field: 'count', message: M.short(account.balance, n * valueFen) },
    ]);
  const codes = Array.from({ length: n }, () => voucherCode(crypto.randomBytes(12)));
  const draws = await tx
    .insert(ledgerEntries)
    .values(
      codes.map((code) => ({
        accountId: account.id,
        kind: 'draw' as const,
        amount: -valueFen,
        period: shanghaiDate(now).slice(0, 7),
        note: `印制纸质券 ${code}`,
        createdBy: userId,
      })),
    )
    .returning({ id: ledgerEntries.id });
  return tx
    .insert(paperVouchers)
    .values(
      codes.map((code, i) => ({
        code,
        elderId: elder.id,
        regionId: elder.regionId,
        programme: PROGRAMME,
        valueFen,
        drawEntryId: draws[i].id,
        issuedBy: userId,
        issuedAt: now,
      })),
    )
    .returning({ id: paperVouchers.id, code: paperVouchers.code });
}

export const voucherRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    const tags = ['服务券'];

    app.post(
      '/api/elders/:id/vouchers',
      {
        config: { permission: 'voucher.issue' },
        schema: {
          tags,
          summary: '从老人的服务券余额印制纸质券（每张一笔使用分录；余额不足则不印）',
          params: IdParams,
          body: VoucherPrint,
          response: { 201: z.array(VoucherDto), 400: Problem, 404: Problem, 409: Problem },
        },
      },
      async (req, reply) => {
        const me = req.principal!;
        const { count: n, valueFen } = req.body;
        const now = deps.clock();
        const ids = await db.transaction(async (tx) => {
          const elder = await loadElder(tx, me.scope, req.params.id);
          const made = await printVouchers(tx, elder, n, valueFen, me.userId, now);
          await writeAudit(tx, actorOf(req), {
            action: 'voucher.print',
            entityType: 'elder',
            entityId: elder.id,
            after: { count: n, valueFen, codes: made.map((m) => m.code) },
          });
          return made.map((m) => m.id);
        });
        const rows = await listQuery(db)
          .where(
            sql`${paperVouchers.id} in (${sql.join(
              ids.map((i) => sql`${i}`),
              sql`, `,
            )})`,
          )
          .orderBy(asc(paperVouchers.id));
        return reply.status(201).send(rows.map(dto));
      },
    );

    app.get(
      '/api/vouchers',
      {
        config: { permission: 'voucher.read' },
        schema: {
          tags,
          summary: '纸质服务券：按状态、老人、兑付机构、兑付月份查询',
          querystring: VoucherQuery,
          response: { 200: VoucherPage, 400: Problem, 404: Problem },
        },
      },
      async (req) => {
        const q = req.query;
        const scope = await narrowedScope(db, req.principal!.scope, q.regionId);
        const conds: SQL[] = [inVoucherScope(db, scope)];
        if (q.state) conds.push(eq(paperVouchers.state, q.state));
        if (q.elderId) conds.push(eq(paperVouchers.elderId, q.elderId));
        if (q.providerId) conds.push(eq(paperVouchers.redeemedProviderId, q.providerId));
        if (q.month)
          conds.push(
            between(
              sql`(${paperVouchers.redeemedAt} at time zone 'Asia/Shanghai')::date`,
              `${q.month}-01`,
              monthEnd(q.month),
            ),
          );
        const where = and(...conds);
        const [rows, [{ total }]] = [
          await listQuery(db)
            .where(where)
            .orderBy(desc(paperVouchers.id))
            .limit(q.pageSize)
            .offset((q.page - 1) * q.pageSize),
          await db.select({ total: count() }).from(paperVouchers).where(where),
        ];
        return { items: rows.map(dto), total, page: q.page, pageSize: q.pageSize };
      },
    );

    app.post(
      '/api/vouchers/redeem',
      {
        config: { permission: 'voucher.redeem' },
        schema: {
          tags,
          summary: '兑付一张纸质券（扫码或街道窗口）；同一券码第二次兑付被拒绝并记录',
          body: VoucherRedeem,
          response: { 200: VoucherDto, 400: Problem, 404: Problem, 409: Problem },
        },
      },
      async (req) => {
        const me = req.principal!;
        const b = req.body;
        const code = normaliseVoucherCode(b.code);
        if (!code) throw fieldError('code', M.badCode);
        let providerId: number;
        if (me.scope.kind === 'region') {
          if (!b.providerId) throw fieldError('providerId', M.providerNeeded);
          // Any registered provider may present vouchers at a street office; the voucher itself must
          // belong to one of the street's elders (below).
          const [p] = await db.select({ id: providers.id }).from(providers).where(eq(providers.id, b.providerId));
          if (!p) throw fieldError('providerId', '服务机构不存在');
          providerId = p.id;
        } else {
          if (b.providerId && b.providerId !== me.scope.providerId) throw fieldError('providerId', M.notYourProvider);
          providerId = me.scope.providerId;
        }
        const now = deps.clock();
        const outcome = await db.transaction(async (tx) => {
          // Compare-and-set: of two redemptions at once exactly one finds the voucher still issued.
          const [done] = await tx
            .update(paperVouchers)
            .set({
              state: 'redeemed',
              redeemedProviderId: providerId,
              redeemedBy: me.userId,
              redeemedAt: now,
              redeemedChannel: b.channel,
            })
            .where(
              and(
                eq(paperVouchers.code, code),
                eq(paperVouchers.state, 'issued'),
                me.scope.kind === 'region' ? inRegionScope(tx, me.scope, paperVouchers.regionId) : undefined,
              ),
            )
            .returning({ id: paperVouchers.id });
          if (done) {
            await writeAudit(tx, actorOf(req), {
              action: 'voucher.redeem',
              entityType: 'voucher',
              entityId: done.id,
              after: { code, providerId, channel: b.channel },
            });
            return { ok: true as const, id: done.id };
          }
          const [v] = await listQuery(tx).where(
            and(
              eq(paperVouchers.code, code),
              me.scope.kind === 'region' ? inRegionScope(tx, me.scope, paperVouchers.regionId) : undefined,
            ),
          );
          const reason = !v
            ? M.unknown
            : v.v.state === 'void'
              ? M.voided
              : M.redeemed(
                  v.v.redeemedAt!.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }),
                  v.providerName ?? '',
                );
          // Kept even though the redemption fails: a second presentation of a code is what the street follows up.
          await tx
            .insert(voucherRefusals)
            .values({ code, voucherId: v?.v.id ?? null, providerId, userId: me.userId, reason, at: now });
          await writeAudit(tx, actorOf(req), {
            action: 'voucher.refused',
            entityType: 'voucher',
            entityId: v?.v.id ?? code,
            after: { code, providerId, reason },
          });
          return { ok: false as const, reason, known: !!v };
        });
        if (!outcome.ok)
          throw outcome.known
            ? conflict(outcome.reason, [{ field: 'code', message: outcome.reason }])
            : notFound(outcome.reason);
        const [row] = await listQuery(db).where(eq(paperVouchers.id, outcome.id));
        return dto(row);
      },
    );

    app.post(
      '/api/vouchers/:id/void',
      {
        config: { permission: 'voucher.issue' },
        schema: {
          tags,
          summary: '作废一张未兑付的纸质券（如遗失），面值冲回老人的服务券余额',
          params: IdParams,
          body: VoucherVoid,
          response: { 200: VoucherDto, 400: Problem, 404: Problem, 409: Problem },
        },
      },
      async (req) => {
        const me = req.principal!;
        await db.transaction(async (tx) => {
          const [v] = await tx
            .select()
            .from(paperVouchers)
            .where(and(eq(paperVouchers.id, req.params.id), inVoucherScope(tx, me.scope)))
            .for('update');
          if (!v) throw notFound(M.notFound);
          if (v.state !== 'issued') throw conflict(M.notIssued);
          const [draw] = await tx.select().from(ledgerEntries).where(eq(ledgerEntries.id, v.drawEntryId));
          await tx.update(paperVouchers).set({ state: 'void' }).where(eq(paperVouchers.id, v.id));
          await tx.insert(ledgerEntries).values({
            accountId: draw.accountId,
            kind: 'reverse',
            amount: -draw.amount,
            period: draw.period,
            reverses: draw.id,
            note: `作废纸质券 ${v.code}：${req.body.reason}`,
            createdBy: me.userId,
          });
          await writeAudit(tx, actorOf(req), {
            action: 'voucher.void',
            entityType: 'voucher',
            entityId: v.id,
            before: { state: v.state },
            after: { state: 'void', reason: req.body.reason },
          });
        });
        const [row] = await listQuery(db).where(eq(paperVouchers.id, req.params.id));
        return dto(row);
      },
    );

    app.get(
      '/api/vouchers/refusals',
      {
        config: { permission: 'voucher.issue' },
        schema: {
          tags,
          summary: '被拒绝的兑付（重复兑付、作废券、无此券码），供街道核查',
          response: { 200: z.array(VoucherRefusalDto) },
        },
      },
      async (req) => {
        const me = req.principal!;
        const rows = await db
          .select({ r: voucherRefusals, providerName: providers.name, username: users.username })
          .from(voucherRefusals)
          .innerJoin(users, eq(users.id, voucherRefusals.userId))
          .leftJoin(providers, eq(providers.id, voucherRefusals.providerId))
          .leftJoin(paperVouchers, eq(paperVouchers.id, voucherRefusals.voucherId))
          // The street sees attempts on its elders' vouchers and those of the providers it oversees.
          .where(
            me.scope.kind === 'region'
              ? or(
                  inRegionScope(db, me.scope, paperVouchers.regionId),
                  inProviderScope(db, me.scope, voucherRefusals.providerId),
                )
              : inProviderScope(db, me.scope, voucherRefusals.providerId),
          )
          .orderBy(desc(voucherRefusals.id))
          .limit(200);
        return rows.map((x) => ({
          id: x.r.id,
          code: x.r.code,
          providerName: x.providerName,
          username: x.username,
          reason: x.r.reason,
          at: x.r.at.toISOString(),
        }));
      },
    );
  };
