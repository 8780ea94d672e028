// The terminal registry: list, detail, register, edit, bind to an elder (with history), unbind
// and retire. Every write is one transaction with its audit row; jurisdiction through deviceScope.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { and, asc, count, eq, gt, isNotNull, isNull, like, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { IdParams, Problem } from '../../../shared/schemas/common.js';
import {
  BindBody,
  DeviceCreate,
  DeviceDetail,
  DevicePage,
  DeviceQuery,
  DeviceUpdate,
  ElderDevices,
  ReasonBody,
} from '../../../shared/schemas/devices.js';
import { deviceBindings, devices, elders } from '../../db/schema.js';
import type { DbOrTx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import { regionInScope, regionSubtree, inRegionScope, type Scope } from '../../auth/scope.js';
import { badRequest, conflict, fieldError, notFound } from '../../http/problem.js';
import { actorOf, writeAudit } from '../audit/audit-writer.js';
import { prefixPattern } from '../../db/like-pattern.js';
import { offlineCutoff } from '../../../core/devices/device-status.js';
import { deviceThresholdsOn } from './device-thresholds.js';
import { bindingsWhere, deviceScope, loadDevice, selectDevices, toListItem } from './device-records.js';
import { REGISTRY_MESSAGES as M } from './registry-messages.js';

/** Silence counts from the last report, or from registration for a device never heard from. */
const heardOrRegistered = sql<Date>`coalesce(${devices.lastSeenAt}, ${devices.createdAt})`;

const SORT = {
  deviceKey: devices.deviceKey,
  lastSeenAt: devices.lastSeenAt,
  battery: devices.battery,
  createdAt: devices.createdAt,
  elderName: elders.namePinyin,
} as const;

// A device passed to someone else (or taken back) starts without a position: the last fix was
// the previous holder's, and must not show — or be sent to grid workers — under another name.
const NO_LAST_FIX = { lastLat: null, lastLng: null, lastFixAt: null, lastAccuracy: null };

export const deviceRegistryRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    const tags = ['终端设备'];

    async function detail(tx: DbOrTx, scope: Scope, id: number) {
      const row = await loadDevice(tx, scope, id);
      const bindings = await bindingsWhere(tx, eq(deviceBindings.deviceId, id));
      const now = deps.clock();
      const t = await deviceThresholdsOn(tx, now);
      return { ...toListItem(row, now, t), bindings, offlineHours: t.offlineHours };
    }

    /** An elder the caller may see, locked, who can still be given a device. */
    async function bindableElder(tx: DbOrTx, scope: Scope, elderId: number) {
      const [e] = await tx
        .select()
        .from(elders)
        .where(and(eq(elders.id, elderId), inRegionScope(tx, scope, elders.regionId)))
        .for('update');
      if (!e) throw fieldError('elderId', M.elderNotFound);
      if (e.status === 'deceased' || e.status === 'moved_out') throw fieldError('elderId', M.elderGone);
      return e;
    }

    async function closeOpenBinding(tx: DbOrTx, deviceId: number, userId: number, now: Date, reason?: string | null) {
      return tx
        .update(deviceBindings)
        .set({ unboundAt: now, unboundBy: userId, ...(reason ? { reason } : {}) })
        .where(and(eq(deviceBindings.deviceId, deviceId), isNull(deviceBindings.unboundAt)))
        .returning();
    }

    app.get(
      '/api/devices',
      {
        config: { permission: 'device.read' },
        schema: {
          tags,
          summary: '终端设备列表（按编号、IMEI、SIM 卡号或老人姓名查找；按类型、状态、区域筛选）',
          querystring: DeviceQuery,
          response: { 200: DevicePage, 400: Problem, 404: Problem },
        },
      },
      async (req) => {
        const q = req.query;
        const now = deps.clock();
        const scope = req.principal!.scope;
        const conds: SQL[] = [deviceScope(db, scope)];
        if (q.regionId) {
          const narrowed = regionSubtree(await regionInScope(db, scope, q.regionId));
          conds.push(deviceScope(db, narrowed));
        }
        if (q.q) {
          const p = prefixPattern(q.q);
          conds.push(
            or(like(devices.deviceKey, p), like(devices.imei, p), like(devices.simNumber, p), like(elders.name, p))!,
          );
        }
        if (q.kind) conds.push(eq(devices.kind, q.kind));
        const t = await deviceThresholdsOn(db, now);
        const cutoff = offlineCutoff(now, t);
        if (q.status === 'retired') conds.push(isNotNull(devices.retiredAt));
        else conds.push(isNull(devices.retiredAt));
        if (q.status === 'online') conds.push(gt(devices.lastSeenAt, cutoff));
        if (q.status === 'offline') conds.push(lte(heardOrRegistered, cutoff));
        if (q.status === 'low_battery')
          conds.push(gt(devices.lastSeenAt, cutoff), lt(devices.battery, t.lowBatteryPercent));
        if (q.status === 'never') conds.push(isNull(devices.lastSeenAt), gt(heardOrRegistered, cutoff));
        if (q.status === 'unbound') conds.push(isNull(devices.elderId));
        const where = and(...conds);
        const col = SORT[q.sort.replace(/^-/, '') as keyof typeof SORT];
        const [rows, [{ total }]] = await Promise.all([
          selectDevices(db)
            .where(where)
            .orderBy(q.sort.startsWith('-') ? sql`${col} desc nulls last` : sql`${col} asc nulls last`, asc(devices.id))
            .limit(q.pageSize)
            .offset((q.page - 1) * q.pageSize),
          db.select({ total: count() }).from(devices).leftJoin(elders, eq(elders.id, devices.elderId)).where(where),
        ]);
        return {
          items: rows.map((r) => toListItem(r, now, t)),
          total,
          page: q.page,
          pageSize: q.pageSize,
          offlineHours: t.offlineHours,
        };
      },
    );

    app.get(
      '/api/devices/:id',
      {
        config: { permission: 'device.read' },
        schema: {
          tags,
          summary: '终端设备详情（状态、最后定位、绑定历史）',
          params: IdParams,
          response: { 200: DeviceDetail, 404: Problem },
        },
      },
      async (req) => detail(db, req.principal!.scope, req.params.id),
    );

    app.post(
      '/api/devices',
      {
        config: { permission: 'device.write' },
        schema: {
          tags,
          summary: '登记终端设备（同一接入协议下设备编号唯一）',
          body: DeviceCreate,
          response: { 201: DeviceDetail, 400: Problem, 404: Problem, 409: Problem },
        },
      },
      async (req, reply) => {
        const b = req.body;
        const scope = req.principal!.scope;
        const id = await db.transaction(async (tx) => {
          await regionInScope(tx, scope, b.regionId, M.regionLevel).catch(() => {
            throw fieldError('regionId', M.regionLevel);
          });
          const [row] = await tx
            .insert(devices)
            .values({
              kind: b.kind,
              protocol: b.protocol,
              deviceKey: b.deviceKey,
              vendor: b.vendor || null,
              imei: b.imei || null,
              simNumber: b.simNumber || null,
              regionId: b.regionId,
              createdAt: deps.clock(),
            })
            .onConflictDoNothing()
            .returning();
          if (!row)
            throw conflict(M.duplicateKey(b.deviceKey), [{ field: 'deviceKey', message: M.duplicateKey(b.deviceKey) }]);
          await writeAudit(tx, actorOf(req), {
            action: 'device.register',
            entityType: 'device',
            entityId: row.id,
            after: row,
          });
          return row.id;
        });
        return reply.status(201).send(await detail(db, scope, id));
      },
    );

    app.patch(
      '/api/devices/:id',
      {
        config: { permission: 'device.write' },
        schema: {
          tags,
          summary: '修改终端设备（类型、厂商、IMEI、SIM 卡号、所属区域）',
          params: IdParams,
          body: DeviceUpdate,
          response: { 200: DeviceDetail, 400: Problem, 404: Problem, 409: Problem },
        },
      },
      async (req) => {
        const scope = req.principal!.scope;
        const b = req.body;
        await db.transaction(async (tx) => {
          const { d: before } = await loadDevice(tx, scope, req.params.id, { lock: true });
          if (before.retiredAt) throw conflict(M.retired);
          if (b.regionId)
            await regionInScope(tx, scope, b.regionId).catch(() => {
              throw fieldError('regionId', M.regionLevel);
            });
          const set = {
            ...(b.kind ? { kind: b.kind } : {}),
            ...(b.vendor !== undefined ? { vendor: b.vendor || null } : {}),
            ...(b.imei !== undefined ? { imei: b.imei || null } : {}),
            ...(b.simNumber !== undefined ? { simNumber: b.simNumber || null } : {}),
            ...(b.regionId ? { regionId: b.regionId } : {}),
          };
          if (Object.keys(set).length === 0) throw badRequest('没有要修改的内容');
          const [after] = await tx.update(devices).set(set).where(eq(devices.id, before.id)).returning();
          await writeAudit(tx, actorOf(req), {
            action: 'device.update',
            entityType: 'device',
            entityId: before.id,
            before,
            after,
          });
        });
        return detail(db, scope, req.params.id);
      },
    );

    app.post(
      '/api/devices/:id/bind',
      {
        config: { permission: 'device.write' },
        schema: {
          tags,
          summary: '绑定老人（原有绑定自动结束，留下历史）',
          params: IdParams,
          body: BindBody,
          response: { 200: DeviceDetail, 400: Problem, 404: Problem, 409: Problem },
        },
      },
      async (req) => {
        const scope = req.principal!.scope;
        const userId = req.principal!.userId;
        const now = deps.clock();
        await db.transaction(async (tx) => {
          const { d } = await loadDevice(tx, scope, req.params.id, { lock: true });
          if (d.retiredAt) throw conflict(M.retired);
          if (d.elderId === req.body.elderId) throw conflict(M.alreadyBound);
          const elder = await bindableElder(tx, scope, req.body.elderId);
          const closed = await closeOpenBinding(tx, d.id, userId, now);
          const [binding] = await tx
            .insert(deviceBindings)
            .values({
              deviceId: d.id,
              elderId: elder.id,
              boundAt: now,
              boundBy: userId,
              reason: req.body.reason || null,
            })
            .returning();
          await tx
            .update(devices)
            .set({ elderId: elder.id, ...NO_LAST_FIX })
            .where(eq(devices.id, d.id));
          await writeAudit(tx, actorOf(req), {
            action: 'device.bind',
            entityType: 'device',
            entityId: d.id,
            before: { elderId: d.elderId, closed },
            after: { elderId: elder.id, elderName: elder.name, binding },
          });
        });
        return detail(db, scope, req.params.id);
      },
    );

    app.post(
      '/api/devices/:id/unbind',
      {
        config: { permission: 'device.write' },
        schema: {
          tags,
          summary: '解除绑定',
          params: IdParams,
          body: ReasonBody,
          response: { 200: DeviceDetail, 404: Problem, 409: Problem },
        },
      },
      async (req) => {
        const scope = req.principal!.scope;
        await db.transaction(async (tx) => {
          const { d } = await loadDevice(tx, scope, req.params.id, { lock: true });
          if (!d.elderId) throw conflict(M.notBound);
          const closed = await closeOpenBinding(tx, d.id, req.principal!.userId, deps.clock(), req.body.reason);
          await tx
            .update(devices)
            .set({ elderId: null, ...NO_LAST_FIX })
            .where(eq(devices.id, d.id));
          await writeAudit(tx, actorOf(req), {
            action: 'device.unbind',
            entityType: 'device',
            entityId: d.id,
            before: { elderId: d.elderId },
            after: { elderId: null, closed },
          });
        });
        return detail(db, scope, req.params.id);
      },
    );

    app.post(
      '/api/devices/:id/retire',
      {
        config: { permission: 'device.write' },
        schema: {
          tags,
          summary: '停用设备（结束绑定；停用后不再接收其数据）',
          params: IdParams,
          body: ReasonBody,
          response: { 200: DeviceDetail, 404: Problem, 409: Problem },
        },
      },
      async (req) => {
        const scope = req.principal!.scope;
        const now = deps.clock();
        await db.transaction(async (tx) => {
          const { d } = await loadDevice(tx, scope, req.params.id, { lock: true });
          if (d.retiredAt) throw conflict(M.retired);
          const closed = await closeOpenBinding(tx, d.id, req.principal!.userId, now, req.body.reason);
          const [after] = await tx
            .update(devices)
            .set({ retiredAt: now, elderId: null, ...NO_LAST_FIX })
            .where(eq(devices.id, d.id))
            .returning();
          await writeAudit(tx, actorOf(req), {
            action: 'device.retire',
            entityType: 'device',
            entityId: d.id,
            before: d,
            after: { ...after, closed, reason: req.body.reason ?? null },
          });
        });
        return detail(db, scope, req.params.id);
      },
    );

    app.get(
      '/api/elders/:id/devices',
      {
        config: { permission: 'device.read' },
        schema: {
          tags,
          summary: '老人的终端设备和绑定历史',
          params: IdParams,
          response: { 200: ElderDevices, 404: Problem },
        },
      },
      async (req) => {
        const scope = req.principal!.scope;
        const [e] = await db
          .select({ id: elders.id })
          .from(elders)
          .where(and(eq(elders.id, req.params.id), inRegionScope(db, scope, elders.regionId)));
        if (!e) throw notFound(M.elderNotFound);
        const now = deps.clock();
        const t = await deviceThresholdsOn(db, now);
        const rows = await selectDevices(db).where(eq(devices.elderId, e.id)).orderBy(asc(devices.id));
        return {
          devices: rows.map((r) => toListItem(r, now, t)),
          bindings: await bindingsWhere(db, eq(deviceBindings.elderId, e.id)),
        };
      },
    );
  };
