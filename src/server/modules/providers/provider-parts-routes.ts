// What hangs off a provider: licences, service agreements, the catalogue items it offers, and
// its service points with their areas.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { z } from '../../../shared/zod.js';
import { IdParams, Problem } from '../../../shared/schemas/common.js';
import {
  AgreementCreate,
  AgreementStatusBody,
  ArchiveBody,
  LicenceInput,
  ProviderDetail,
  ProviderItemsBody,
  ServicePointInput,
} from '../../../shared/schemas/providers.js';
import {
  providerAgreements,
  providerItems,
  providerLicences,
  providers,
  regions,
  serviceItems,
  servicePoints,
} from '../../db/schema.js';
import type { DbOrTx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import { regionInScope, type Scope } from '../../auth/scope.js';
import { conflict, fieldError, forbidden, notFound } from '../../http/problem.js';
import { actorOf, writeAudit } from '../audit/audit-writer.js';
import { shanghaiDate } from '../../../shared/today.js';
import { agreementState, overlappingAgreement } from '../../../core/providers/agreements.js';
import { radiusProblem } from '../../../core/providers/rules.js';
import { loadProvider, providerDetailToday } from './provider-query.js';
import { rulesOn } from './rule-store.js';
import { PROVIDER_MESSAGES as M } from './messages.js';

const ProviderPart = z.object({ id: z.coerce.number().int().positive(), partId: z.coerce.number().int().positive() });

export const providerPartRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    const tags = ['服务机构'];
    const today = () => shanghaiDate(deps.clock());
    const detail = (tx: DbOrTx, scope: Scope, id: number) => providerDetailToday(tx, scope, id, deps.clock);

    app.post(
      '/api/providers/:id/licences',
      {
        config: { permission: 'provider.manage' },
        schema: {
          tags,
          summary: '登记证照（营业执照、许可证等）及有效期',
          params: IdParams,
          body: LicenceInput,
          response: { 200: ProviderDetail, 400: Problem, 404: Problem },
        },
      },
      async (req) => {
        await db.transaction(async (tx) => {
          const { p } = await loadProvider(tx, req.principal!.scope, req.params.id, today());
          const [row] = await tx
            .insert(providerLicences)
            .values({ ...req.body, validUntil: req.body.validUntil ?? null, providerId: p.id })
            .returning();
          await writeAudit(tx, actorOf(req), {
            action: 'provider.licence_add',
            entityType: 'provider',
            entityId: p.id,
            after: row,
          });
        });
        return detail(db, req.principal!.scope, req.params.id);
      },
    );

    app.post(
      '/api/providers/:id/licences/:partId/archive',
      {
        config: { permission: 'provider.manage' },
        schema: {
          tags,
          summary: '归档证照（登记错误、已注销或已换证；留档，不再计入到期提醒，须填原因）',
          params: ProviderPart,
          body: ArchiveBody,
          response: { 200: ProviderDetail, 400: Problem, 404: Problem, 409: Problem },
        },
      },
      async (req) => {
        await db.transaction(async (tx) => {
          const { p } = await loadProvider(tx, req.principal!.scope, req.params.id, today());
          const [before] = await tx
            .select()
            .from(providerLicences)
            .where(and(eq(providerLicences.id, req.params.partId), eq(providerLicences.providerId, p.id)))
            .for('update');
          if (!before) throw notFound(M.licenceNotFound);
          if (before.archivedAt) throw conflict(M.licenceArchived);
          const [after] = await tx
            .update(providerLicences)
            .set({ archivedAt: deps.clock(), archivedBy: req.principal!.userId, archiveReason: req.body.reason })
            .where(and(eq(providerLicences.id, before.id), isNull(providerLicences.archivedAt)))
            .returning();
          if (!after) throw conflict(M.licenceArchived);
          await writeAudit(tx, actorOf(req), {
            action: 'provider.licence_archive',
            entityType: 'provider',
            entityId: p.id,
            before,
            after,
          });
        });
        return detail(db, req.principal!.scope, req.params.id);
      },
    );

    const AGREEMENT_SIGNING = {
      signerRegion: '服务协议由区民政局或街道签订',
      otherSigner: '该协议不是本街道签订的，只能由签订方或区民政局变更',
    } as const;
    // Streets contract the providers for their area — 「各街道要与养老服务组织或家政服务公司签订服务协议」
    // (002 第5篇 L295) — and the district for any. The signer's home region is the signing party:
    // a street signs only with a provider in its jurisdiction (another street's is not found).
    const signerOf = async (tx: DbOrTx, scope: Scope) => {
      if (scope.kind !== 'region') throw forbidden(AGREEMENT_SIGNING.signerRegion);
      const [r] = await tx
        .select({ id: regions.id, level: regions.level, path: regions.path })
        .from(regions)
        .where(eq(regions.id, scope.regionId));
      return r;
    };

    app.post(
      '/api/providers/:id/agreements',
      {
        config: { permission: 'agreement.sign' },
        schema: {
          tags,
          summary: '签订服务协议（区民政局，或街道为本街道的机构签订；机构须已批准，期限不得与未终止的协议重叠）',
          params: IdParams,
          body: AgreementCreate,
          response: { 200: ProviderDetail, 400: Problem, 403: Problem, 404: Problem, 409: Problem },
        },
      },
      async (req) => {
        const b = req.body;
        await db.transaction(async (tx) => {
          const signer = await signerOf(tx, req.principal!.scope);
          const { p } = await loadProvider(tx, req.principal!.scope, req.params.id, today());
          if (p.status !== 'approved') throw conflict(M.notApproved);
          // One provider's agreements are checked and written one at a time.
          await tx.select({ id: providers.id }).from(providers).where(eq(providers.id, p.id)).for('update');
          const existing = await tx.select().from(providerAgreements).where(eq(providerAgreements.providerId, p.id));
          const clash = overlappingAgreement(existing, b);
          if (clash)
            throw conflict(M.agreementOverlap(clash.number), [
              { field: 'startDate', message: M.agreementOverlap(clash.number) },
            ]);
          const [dup] = await tx
            .select({ id: providerAgreements.id })
            .from(providerAgreements)
            .where(eq(providerAgreements.number, b.number));
          if (dup) throw conflict(M.agreementNumberTaken, [{ field: 'number', message: M.agreementNumberTaken }]);
          const [row] = await tx
            .insert(providerAgreements)
            .values({
              ...b,
              providerId: p.id,
              status: 'active',
              signedByRegionId: signer.id,
              createdBy: req.principal!.userId,
            })
            .returning();
          await writeAudit(tx, actorOf(req), {
            action: 'provider.agreement_sign',
            entityType: 'provider',
            entityId: p.id,
            after: row,
          });
        });
        return detail(db, req.principal!.scope, req.params.id);
      },
    );

    app.post(
      '/api/providers/:id/agreements/:partId/status',
      {
        config: { permission: 'agreement.sign' },
        schema: {
          tags,
          summary: '暂停、恢复或终止协议（须填原因；终止不可撤销；街道只能变更本街道签订的协议）',
          params: ProviderPart,
          body: AgreementStatusBody,
          response: { 200: ProviderDetail, 400: Problem, 403: Problem, 404: Problem, 409: Problem },
        },
      },
      async (req) => {
        await db.transaction(async (tx) => {
          const signer = await signerOf(tx, req.principal!.scope);
          const { p } = await loadProvider(tx, req.principal!.scope, req.params.id, today());
          const [a] = await tx
            .select()
            .from(providerAgreements)
            .where(and(eq(providerAgreements.id, req.params.partId), eq(providerAgreements.providerId, p.id)))
            .for('update');
          if (!a) throw notFound(M.agreementNotFound);
          // The party that signed changes it, or the district above it; an agreement with no
          // signer recorded was the district's.
          if (signer.level !== 'district') {
            const [party] = a.signedByRegionId
              ? await tx.select({ path: regions.path }).from(regions).where(eq(regions.id, a.signedByRegionId))
              : [];
            if (!party || !party.path.startsWith(signer.path)) throw forbidden(AGREEMENT_SIGNING.otherSigner);
          }
          const state = agreementState(a, today());
          if (a.status === 'terminated') throw conflict(M.agreementTerminated);
          if (state === 'expired' && req.body.status !== 'terminated') throw conflict(M.agreementExpired);
          if (a.status === req.body.status) throw conflict(M.agreementSame(state));
          const [after] = await tx
            .update(providerAgreements)
            .set({ status: req.body.status, statusReason: req.body.reason, updatedAt: deps.clock() })
            .where(eq(providerAgreements.id, a.id))
            .returning();
          await writeAudit(tx, actorOf(req), {
            action: `provider.agreement_${req.body.status}`,
            entityType: 'provider',
            entityId: p.id,
            before: a,
            after,
          });
        });
        return detail(db, req.principal!.scope, req.params.id);
      },
    );

    app.put(
      '/api/providers/:id/items',
      {
        config: { permission: 'provider.manage' },
        schema: {
          tags,
          summary: '设置机构提供的服务项目（目录中启用的项目）',
          params: IdParams,
          body: ProviderItemsBody,
          response: { 200: ProviderDetail, 400: Problem, 404: Problem },
        },
      },
      async (req) => {
        const ids = [...new Set(req.body.itemIds)];
        await db.transaction(async (tx) => {
          const { p } = await loadProvider(tx, req.principal!.scope, req.params.id, today());
          const found = ids.length
            ? await tx
                .select({ id: serviceItems.id })
                .from(serviceItems)
                .where(and(inArray(serviceItems.id, ids), eq(serviceItems.active, true)))
            : [];
          const unknown = ids.filter((id) => !found.some((f) => f.id === id));
          if (unknown.length) throw fieldError('itemIds', M.itemUnknown(unknown));
          const before = (
            await tx
              .select({ itemId: providerItems.itemId })
              .from(providerItems)
              .where(eq(providerItems.providerId, p.id))
          ).map((r) => r.itemId);
          await tx.delete(providerItems).where(eq(providerItems.providerId, p.id));
          if (ids.length) await tx.insert(providerItems).values(ids.map((itemId) => ({ providerId: p.id, itemId })));
          await writeAudit(tx, actorOf(req), {
            action: 'provider.items',
            entityType: 'provider',
            entityId: p.id,
            before: { itemIds: before.sort((a, b) => a - b) },
            after: { itemIds: ids.sort((a, b) => a - b) },
          });
        });
        return detail(db, req.principal!.scope, req.params.id);
      },
    );

    async function pointValues(tx: DbOrTx, scope: Scope, body: z.infer<typeof ServicePointInput>) {
      if (body.regionId) {
        // A provider is not bound to a region, so its admin may name any community; region-bound
        // callers only one in their jurisdiction.
        const region =
          scope.kind === 'region'
            ? await regionInScope(tx, scope, body.regionId).catch(() => null)
            : (await tx.select().from(regions).where(eq(regions.id, body.regionId)))[0];
        if (!region || region.level === 'district') throw fieldError('regionId', M.pointRegion);
      }
      if (body.area.kind === 'radius') {
        const { params } = await rulesOn(tx, today());
        const problem = radiusProblem(body.area.radiusM, params);
        if (problem)
          throw fieldError(
            'area.radiusM',
            problem === 'too_small' ? M.radiusTooSmall(params.radiusMinM) : M.radiusTooLarge(params.radiusMaxM),
          );
      }
      return {
        name: body.name,
        address: body.address,
        regionId: body.regionId ?? null,
        lng: body.lng,
        lat: body.lat,
        areaKind: body.area.kind,
        agreedRadiusM: body.area.kind === 'radius' ? body.area.radiusM : null,
        radiusM: body.area.kind === 'radius' ? body.area.radiusM : null,
        polygon: body.area.kind === 'polygon' ? body.area.ring : null,
      };
    }

    app.post(
      '/api/providers/:id/points',
      {
        config: { permission: 'provider.manage' },
        schema: {
          tags,
          summary: '新增服务网点及服务区域（半径或多边形）',
          params: IdParams,
          body: ServicePointInput,
          response: { 200: ProviderDetail, 400: Problem, 404: Problem },
        },
      },
      async (req) => {
        await db.transaction(async (tx) => {
          const { p } = await loadProvider(tx, req.principal!.scope, req.params.id, today());
          const values = await pointValues(tx, req.principal!.scope, req.body);
          const [row] = await tx
            .insert(servicePoints)
            .values({ ...values, providerId: p.id })
            .returning();
          await writeAudit(tx, actorOf(req), {
            action: 'provider.point_add',
            entityType: 'provider',
            entityId: p.id,
            after: row,
          });
        });
        return detail(db, req.principal!.scope, req.params.id);
      },
    );

    app.put(
      '/api/providers/:id/points/:partId',
      {
        config: { permission: 'provider.manage' },
        schema: {
          tags,
          summary: '修改服务网点及区域（修改半径即改约定半径）',
          params: ProviderPart,
          body: ServicePointInput,
          response: { 200: ProviderDetail, 400: Problem, 404: Problem },
        },
      },
      async (req) => {
        await db.transaction(async (tx) => {
          const { p } = await loadProvider(tx, req.principal!.scope, req.params.id, today());
          const [before] = await tx
            .select()
            .from(servicePoints)
            .where(and(eq(servicePoints.id, req.params.partId), eq(servicePoints.providerId, p.id)))
            .for('update');
          if (!before) throw notFound(M.pointNotFound);
          const values = await pointValues(tx, req.principal!.scope, req.body);
          const [after] = await tx
            .update(servicePoints)
            .set({ ...values, updatedAt: deps.clock() })
            .where(eq(servicePoints.id, before.id))
            .returning();
          await writeAudit(tx, actorOf(req), {
            action: 'provider.point_update',
            entityType: 'provider',
            entityId: p.id,
            before,
            after,
          });
        });
        return detail(db, req.principal!.scope, req.params.id);
      },
    );

    app.post(
      '/api/providers/:id/points/:partId/active',
      {
        config: { permission: 'provider.manage' },
        schema: {
          tags,
          summary: '停用或启用服务网点',
          params: ProviderPart,
          body: z.object({ active: z.boolean() }).strict(),
          response: { 200: ProviderDetail, 404: Problem },
        },
      },
      async (req) => {
        await db.transaction(async (tx) => {
          const { p } = await loadProvider(tx, req.principal!.scope, req.params.id, today());
          const [after] = await tx
            .update(servicePoints)
            .set({ active: req.body.active, updatedAt: deps.clock() })
            .where(and(eq(servicePoints.id, req.params.partId), eq(servicePoints.providerId, p.id)))
            .returning();
          if (!after) throw notFound(M.pointNotFound);
          await writeAudit(tx, actorOf(req), {
            action: req.body.active ? 'provider.point_enable' : 'provider.point_disable',
            entityType: 'provider',
            entityId: p.id,
            after: { pointId: after.id, active: after.active },
          });
        });
        return detail(db, req.principal!.scope, req.params.id);
      },
    );
  };
