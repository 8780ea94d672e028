import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { and, asc, count, desc, eq, gte, ilike, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { z } from '../../../shared/zod.js';
import { IdParams, Ok, Problem } from '../../../shared/schemas/common.js';
import {
  CategoryDto,
  ItemCreate,
  ItemDetail,
  ItemPage,
  ItemQuery,
  ItemUpdate,
  PriceCreate,
  PriceVersionDto,
  type ItemDto,
} from '../../../shared/schemas/catalogue.js';
import { discountedPriceFen, placeNewPrice } from '../../../core/catalogue/prices.js';
import { SERVICE_CATEGORIES, type ServiceCategory } from '../../../core/catalogue/categories.js';
import { addDays } from '../../../core/calendar/working-days.js';
import { coversDate } from '../../../core/dated.js';
import { serviceCategories, serviceItems, servicePrices } from '../../db/schema.js';
import type { DbOrTx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import { conflict, fieldError, notFound } from '../../http/problem.js';
import { actorOf, writeAudit } from '../audit/audit-writer.js';
import { shanghaiDate } from '../../../shared/today.js';
import { paidDiscountOn } from './paid-discount.js';
import { itemCode } from './catalogue-seeds.js';
import { CATALOGUE_MESSAGES as M } from './messages.js';
import { containsPattern, prefixPattern } from '../../db/like-pattern.js';

type ItemRow = typeof serviceItems.$inferSelect;
type PriceRow = typeof servicePrices.$inferSelect;

/** The price row in effect on a date, joined to an item. */
const priceOnJoin = (date: string) =>
  and(
    eq(servicePrices.itemId, serviceItems.id),
    lte(servicePrices.effectiveFrom, date),
    or(isNull(servicePrices.effectiveTo), gte(servicePrices.effectiveTo, date)),
  );

function selectItems(db: DbOrTx, date: string) {
  return db
    .select({
      item: serviceItems,
      priceFen: servicePrices.priceFen,
      priceFrom: servicePrices.effectiveFrom,
      next: sql<
        string | null
      >`(select p.effective_from::text || ':' || p.price_fen from service_prices p where p.item_id = ${serviceItems.id} and p.effective_from > ${date}::date order by p.effective_from limit 1)`,
      providerCount: sql<number>`(select count(*)::int from provider_items pi where pi.item_id = ${serviceItems.id})`,
    })
    .from(serviceItems)
    .leftJoin(servicePrices, priceOnJoin(date));
}

function toDto(
  r: { item: ItemRow; priceFen: number | null; priceFrom: string | null; next: string | null; providerCount: number },
  discount: number | null,
): ItemDto {
  const [nextFrom, nextFen] = r.next ? r.next.split(':') : [null, null];
  return {
    id: r.item.id,
    code: r.item.code,
    categoryCode: r.item.categoryCode as ServiceCategory,
    name: r.item.name,
    content: r.item.content,
    unit: r.item.unit,
    durationMinutes: r.item.durationMinutes,
    requiredSkills: r.item.requiredSkills as ItemDto['requiredSkills'],
    requiredCertificates: r.item.requiredCertificates as ItemDto['requiredCertificates'],
    subsidyEligible: r.item.subsidyEligible,
    active: r.item.active,
    priceFen: r.priceFen,
    paidPriceFen:
      r.priceFen === null ? null : discount === null ? r.priceFen : discountedPriceFen(r.priceFen, discount),
    discountPercent: discount,
    priceFrom: r.priceFrom,
    nextPrice: nextFrom ? { effectiveFrom: nextFrom, priceFen: Number(nextFen) } : null,
    providerCount: Number(r.providerCount),
  };
}

const priceDto = (p: PriceRow, today: string) => ({
  id: p.id,
  effectiveFrom: p.effectiveFrom,
  effectiveTo: p.effectiveTo,
  priceFen: p.priceFen,
  note: p.note,
  inEffect: coversDate(p, today),
  createdAt: p.createdAt.toISOString(),
});

const SORT = {
  code: serviceItems.code,
  name: serviceItems.name,
  durationMinutes: serviceItems.durationMinutes,
  priceFen: servicePrices.priceFen,
} as const;

export const catalogueRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    const tags = ['服务目录'];
    const today = () => shanghaiDate(deps.clock());

    async function loadDetail(tx: DbOrTx, id: number, date: string) {
      const [row] = await selectItems(tx, date).where(eq(serviceItems.id, id));
      if (!row) throw notFound(M.itemNotFound);
      const prices = await tx
        .select()
        .from(servicePrices)
        .where(eq(servicePrices.itemId, id))
        .orderBy(desc(servicePrices.effectiveFrom));
      return { ...toDto(row, await paidDiscountOn(tx, date)), prices: prices.map((p) => priceDto(p, today())) };
    }

    app.get(
      '/api/catalogue/categories',
      {
        config: { permission: 'catalogue.read' },
        schema: { tags, summary: '服务类别及项目数', response: { 200: z.array(CategoryDto) } },
      },
      async () => {
        const rows = await db
          .select({
            code: serviceCategories.code,
            name: serviceCategories.name,
            itemCount: sql<number>`count(${serviceItems.id})::int`,
            activeCount: sql<number>`count(${serviceItems.id}) filter (where ${serviceItems.active})::int`,
          })
          .from(serviceCategories)
          .leftJoin(serviceItems, eq(serviceItems.categoryCode, serviceCategories.code))
          .groupBy(serviceCategories.code)
          .orderBy(asc(serviceCategories.sortOrder));
        return rows.map((r) => ({ ...r, code: r.code as ServiceCategory }));
      },
    );

    app.get(
      '/api/catalogue/items',
      {
        config: { permission: 'catalogue.read' },
        schema: {
          tags,
          summary: '服务项目（按日期取统一价，并按政策折扣算出有偿价）',
          querystring: ItemQuery,
          response: { 200: ItemPage, 400: Problem },
        },
      },
      async (req) => {
        const q = req.query;
        const date = q.date ?? today();
        const conds: SQL[] = [];
        if (q.q)
          conds.push(
            or(
              ilike(serviceItems.name, containsPattern(q.q)),
              ilike(serviceItems.code, prefixPattern(q.q)),
              ilike(serviceItems.content, containsPattern(q.q)),
            )!,
          );
        if (q.category) conds.push(eq(serviceItems.categoryCode, q.category));
        if (q.unit) conds.push(eq(serviceItems.unit, q.unit));
        if (q.subsidy) conds.push(eq(serviceItems.subsidyEligible, q.subsidy === 'true'));
        if (q.active !== 'all') conds.push(eq(serviceItems.active, q.active === 'true'));
        const where = conds.length ? and(...conds) : undefined;
        const col = SORT[q.sort.replace(/^-/, '') as keyof typeof SORT];
        const [rows, [{ total }], discount] = await Promise.all([
          selectItems(db, date)
            .where(where)
            .orderBy(
              q.sort.startsWith('-') ? sql`${col} desc nulls last` : sql`${col} asc nulls last`,
              asc(serviceItems.id),
            )
            .limit(q.pageSize)
            .offset((q.page - 1) * q.pageSize),
          db.select({ total: count() }).from(serviceItems).where(where),
          paidDiscountOn(db, date),
        ]);
        return { items: rows.map((r) => toDto(r, discount)), total, page: q.page, pageSize: q.pageSize };
      },
    );

    app.get(
      '/api/catalogue/items/:id',
      {
        config: { permission: 'catalogue.read' },
        schema: {
          tags,
          summary: '服务项目详情与历次价格',
          params: IdParams,
          response: { 200: ItemDetail, 404: Problem },
        },
      },
      async (req) => loadDetail(db, req.params.id, today()),
    );

    app.post(
      '/api/catalogue/items',
      {
        config: { permission: 'catalogue.write' },
        schema: {
          tags,
          summary: '新增服务项目（含首个统一价）',
          body: ItemCreate,
          response: { 201: ItemDetail, 400: Problem, 409: Problem },
        },
      },
      async (req, reply) => {
        const b = req.body;
        const t = today();
        if (b.priceFrom < t) throw fieldError('priceFrom', M.price.starts_in_past);
        const id = await db.transaction(async (tx) => {
          const [dup] = await tx
            .select({ id: serviceItems.id })
            .from(serviceItems)
            .where(and(eq(serviceItems.categoryCode, b.categoryCode), eq(serviceItems.name, b.name)));
          if (dup) throw conflict(M.duplicateName, [{ field: 'name', message: M.duplicateName }]);
          // Codes run on within a category; locking the category row keeps two creations apart.
          await tx.execute(sql`select 1 from service_categories where code = ${b.categoryCode} for update`);
          const [{ n }] = await tx
            .select({ n: count() })
            .from(serviceItems)
            .where(eq(serviceItems.categoryCode, b.categoryCode));
          const ci = SERVICE_CATEGORIES.indexOf(b.categoryCode);
          let k = n + 1;
          while (
            (
              await tx
                .select({ id: serviceItems.id })
                .from(serviceItems)
                .where(eq(serviceItems.code, itemCode(ci, k)))
            ).length
          )
            k++;
          const [item] = await tx
            .insert(serviceItems)
            .values({
              code: itemCode(ci, k),
              categoryCode: b.categoryCode,
              name: b.name,
              content: b.content,
              unit: b.unit,
              durationMinutes: b.durationMinutes,
              requiredSkills: b.requiredSkills,
              requiredCertificates: b.requiredCertificates,
              subsidyEligible: b.subsidyEligible,
            })
            .returning();
          const [price] = await tx
            .insert(servicePrices)
            .values({
              itemId: item.id,
              effectiveFrom: b.priceFrom,
              priceFen: b.priceFen,
              note: '首个统一价',
              createdBy: req.principal!.userId,
            })
            .returning();
          await writeAudit(tx, actorOf(req), {
            action: 'catalogue.item_create',
            entityType: 'service_item',
            entityId: item.id,
            after: { ...item, price },
          });
          return item.id;
        });
        return reply.status(201).send(await loadDetail(db, id, t));
      },
    );

    app.patch(
      '/api/catalogue/items/:id',
      {
        config: { permission: 'catalogue.write' },
        schema: {
          tags,
          summary: '修改服务项目（内容、单位、时长、技能与证书要求、可否补贴、停用）；价格另行新增版本',
          params: IdParams,
          body: ItemUpdate,
          response: { 200: ItemDetail, 400: Problem, 404: Problem, 409: Problem },
        },
      },
      async (req) => {
        await db.transaction(async (tx) => {
          const [before] = await tx.select().from(serviceItems).where(eq(serviceItems.id, req.params.id)).for('update');
          if (!before) throw notFound(M.itemNotFound);
          const b = req.body;
          if (b.name !== undefined || b.categoryCode !== undefined) {
            const [dup] = await tx
              .select({ id: serviceItems.id })
              .from(serviceItems)
              .where(
                and(
                  eq(serviceItems.categoryCode, b.categoryCode ?? before.categoryCode),
                  eq(serviceItems.name, b.name ?? before.name),
                ),
              );
            if (dup && dup.id !== before.id)
              throw conflict(M.duplicateName, [{ field: 'name', message: M.duplicateName }]);
          }
          const [after] = await tx
            .update(serviceItems)
            .set({ ...b, updatedAt: deps.clock() })
            .where(eq(serviceItems.id, before.id))
            .returning();
          await writeAudit(tx, actorOf(req), {
            action: 'catalogue.item_update',
            entityType: 'service_item',
            entityId: before.id,
            before,
            after,
          });
        });
        return loadDetail(db, req.params.id, today());
      },
    );

    app.post(
      '/api/catalogue/items/:id/prices',
      {
        config: { permission: 'catalogue.write' },
        schema: {
          tags,
          summary: '新增价格版本（明天或以后生效，有效期不得与已有版本重叠）',
          params: IdParams,
          body: PriceCreate,
          response: { 201: PriceVersionDto, 400: Problem, 404: Problem, 409: Problem },
        },
      },
      async (req, reply) => {
        const b = req.body;
        const t = today();
        const row = await db.transaction(async (tx) => {
          const [item] = await tx.select().from(serviceItems).where(eq(serviceItems.id, req.params.id)).for('update');
          if (!item) throw notFound(M.itemNotFound);
          const existing = await tx
            .select()
            .from(servicePrices)
            .where(eq(servicePrices.itemId, item.id))
            .orderBy(asc(servicePrices.effectiveFrom));
          const placed = placeNewPrice(
            existing,
            { effectiveFrom: b.effectiveFrom, effectiveTo: b.effectiveTo ?? null },
            t,
            (d) => addDays(d, -1),
          );
          if (!placed.ok) {
            const field = placed.problem === 'ends_before_start' ? 'effectiveTo' : 'effectiveFrom';
            const message =
              placed.problem === 'overlaps' && placed.with
                ? M.overlapsWith(placed.with.effectiveFrom, placed.with.effectiveTo)
                : M.price[placed.problem];
            if (placed.problem === 'overlaps') throw conflict(message, [{ field, message }]);
            throw fieldError(field, message);
          }
          if (placed.close)
            await tx
              .update(servicePrices)
              .set({ effectiveTo: addDays(b.effectiveFrom, -1) })
              .where(eq(servicePrices.id, placed.close.id!));
          const [created] = await tx
            .insert(servicePrices)
            .values({
              itemId: item.id,
              effectiveFrom: b.effectiveFrom,
              effectiveTo: b.effectiveTo ?? null,
              priceFen: b.priceFen,
              note: b.note ?? null,
              createdBy: req.principal!.userId,
            })
            .returning();
          await writeAudit(tx, actorOf(req), {
            action: 'catalogue.price_create',
            entityType: 'service_item',
            entityId: item.id,
            before: placed.close ? { priceId: placed.close.id, effectiveTo: placed.close.effectiveTo } : null,
            after: created,
          });
          return created;
        });
        return reply.status(201).send(priceDto(row, t));
      },
    );

    app.delete(
      '/api/catalogue/prices/:id',
      {
        config: { permission: 'catalogue.write' },
        schema: {
          tags,
          summary: '删除尚未生效的价格版本（前一版本随之延续）',
          params: IdParams,
          response: { 200: Ok, 404: Problem, 409: Problem },
        },
      },
      async (req) => {
        await db.transaction(async (tx) => {
          const [p] = await tx.select().from(servicePrices).where(eq(servicePrices.id, req.params.id)).for('update');
          if (!p) throw notFound(M.priceNotFound);
          if (p.effectiveFrom <= today()) throw conflict(M.priceInEffect);
          await tx.delete(servicePrices).where(eq(servicePrices.id, p.id));
          const [prev] = await tx
            .select()
            .from(servicePrices)
            .where(
              and(eq(servicePrices.itemId, p.itemId), eq(servicePrices.effectiveTo, addDays(p.effectiveFrom, -1))),
            );
          if (prev)
            await tx.update(servicePrices).set({ effectiveTo: p.effectiveTo }).where(eq(servicePrices.id, prev.id));
          await writeAudit(tx, actorOf(req), {
            action: 'catalogue.price_delete',
            entityType: 'service_item',
            entityId: p.itemId,
            before: p,
          });
        });
        return { ok: true as const };
      },
    );
  };
