// Alarm cases (警情, issue 17): raised by a device (ingest), seen on every console of the
// district, acknowledged by one operator, worked with recorded actions, closed with an outcome;
// the list, one case, and the centre's figures against its targets.
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { and, asc, count, desc, eq, gte, isNotNull, isNull, like, lt, ne, or, type SQL } from 'drizzle-orm';
import { IdParams, Problem } from '../../../shared/schemas/common.js';
import {
  AlarmActionDto,
  AlarmActionInput,
  AlarmClose,
  AlarmDetail,
  AlarmPage,
  AlarmQuery,
  AlarmStats,
  AlarmStatsQuery,
  DeviceAlerts,
  DeviceAlertsQuery,
} from '../../../shared/schemas/alarms.js';
import { alarmCases, elders } from '../../db/schema.js';
import type { Deps } from '../../deps.js';
import { inAlarmScope, alarmDto, selectAlarms } from './alarm-query.js';
import { alarmDetail } from './alarm-detail.js';
import { acknowledgeAlarm, closeAlarm, recordAlarmAction } from './alarm-service.js';
import { deviceAlerts } from './device-alerts.js';
import { inRegionScope, narrowedScope } from '../../auth/scope.js';
import { actorOf } from '../audit/audit-writer.js';
import { alarmFigures } from '../../../core/alarms/alarm-case.js';
import { callCentreRulesOf } from '../../../core/orders/call-centre-rules.js';
import { rulesOn } from '../providers/rule-store.js';
import { fieldError } from '../../http/problem.js';
import { ALARM_MESSAGES as M } from './messages.js';

const DAY_MS = 86_400_000;
/** The first instant of a Shanghai calendar day. */
const dayStart = (d: string) => new Date(`${d}T00:00:00+08:00`);

const SORT = {
  raisedAt: alarmCases.raisedAt,
  acknowledgedAt: alarmCases.acknowledgedAt,
  closedAt: alarmCases.closedAt,
} as const;

export const alarmRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    const tags = ['警情'];

    app.get(
      '/api/alarms',
      {
        config: { permission: 'alarm.read' },
        schema: {
          tags,
          summary: '警情列表（按状态、类型、区域、日期筛选，按老人姓名搜索，排序、分页）',
          querystring: AlarmQuery,
          response: { 200: AlarmPage, 400: Problem, 404: Problem },
        },
      },
      async (req) => {
        const q = req.query;
        const scope = await narrowedScope(db, req.principal!.scope, q.regionId);
        const conds: SQL[] = [q.regionId ? inRegionScope(db, scope, alarmCases.regionId) : inAlarmScope(db, scope)];
        if (q.state === 'active') conds.push(ne(alarmCases.state, 'closed'));
        else if (q.state) conds.push(eq(alarmCases.state, q.state));
        if (q.type) conds.push(eq(alarmCases.type, q.type));
        if (q.from) conds.push(gte(alarmCases.raisedAt, dayStart(q.from)));
        if (q.to) conds.push(lt(alarmCases.raisedAt, new Date(dayStart(q.to).getTime() + DAY_MS)));
        if (q.escalated)
          conds.push(q.escalated === 'true' ? isNotNull(alarmCases.escalatedAt) : isNull(alarmCases.escalatedAt));
        if (q.q) {
          const s = q.q.toLowerCase();
          conds.push(
            or(like(elders.name, `%${q.q}%`), like(elders.namePinyin, `${s}%`), like(elders.nameInitials, `${s}%`))!,
          );
        }
        const where = and(...conds);
        const col = SORT[q.sort.replace(/^-/, '') as keyof typeof SORT];
        const order = q.sort.startsWith('-') ? desc(col) : asc(col);
        const [rows, [{ total }]] = await Promise.all([
          selectAlarms(db)
            .where(where)
            // The console's panel: escalated cases first, then unacknowledged, then the rest.
            .orderBy(
              ...(q.state === 'active' ? [asc(alarmCases.state), desc(isNotNull(alarmCases.escalatedAt))] : []),
              order,
              desc(alarmCases.id),
            )
            .limit(q.pageSize)
            .offset((q.page - 1) * q.pageSize),
          db
            .select({ total: count() })
            .from(alarmCases)
            .leftJoin(elders, eq(elders.id, alarmCases.elderId))
            .where(where),
        ]);
        return { items: rows.map(alarmDto), total, page: q.page, pageSize: q.pageSize };
      },
    );

    app.get(
      '/api/alarms/stats',
      {
        config: { permission: 'alarm.read' },
        schema: {
          tags,
          summary: '接警指标：60 秒、180 秒内接警率（对照目标）、接警和结案用时中位数、按结果和类型计数',
          querystring: AlarmStatsQuery,
          response: { 200: AlarmStats, 400: Problem, 404: Problem },
        },
      },
      async (req) => {
        const { from, to, regionId } = req.query;
        if (from > to) throw fieldError('to', M.rangeOrder);
        if (dayStart(to).getTime() - dayStart(from).getTime() > 366 * DAY_MS) throw fieldError('to', M.rangeTooLong);
        const scope = await narrowedScope(db, req.principal!.scope, regionId);
        const rows = await db
          .select({
            raisedAt: alarmCases.raisedAt,
            acknowledgedAt: alarmCases.acknowledgedAt,
            closedAt: alarmCases.closedAt,
            escalatedAt: alarmCases.escalatedAt,
            outcome: alarmCases.outcome,
            type: alarmCases.type,
          })
          .from(alarmCases)
          .where(
            and(
              regionId ? inRegionScope(db, scope, alarmCases.regionId) : inAlarmScope(db, scope),
              gte(alarmCases.raisedAt, dayStart(from)),
              lt(alarmCases.raisedAt, new Date(dayStart(to).getTime() + DAY_MS)),
            ),
          );
        // The targets in force at the end of the period.
        const rules = callCentreRulesOf((await rulesOn(db, to)).params);
        const tally = (key: 'outcome' | 'type') => {
          const out: Record<string, number> = {};
          for (const r of rows) if (r[key]) out[r[key]!] = (out[r[key]!] ?? 0) + 1;
          return out;
        };
        return {
          from,
          to,
          ...alarmFigures(rows, {
            target60Percent: rules.alarmAck60TargetPercent,
            target180Percent: rules.alarmAck180TargetPercent,
          }),
          escalated: rows.filter((r) => r.escalatedAt).length,
          byOutcome: tally('outcome'),
          byType: tally('type'),
        };
      },
    );

    app.get(
      '/api/alarms/device-alerts',
      {
        config: { permission: 'device.read' },
        schema: {
          tags,
          summary: '调度台设备提醒：超过规定时长未上报（离线）与电量低于阈值的终端',
          querystring: DeviceAlertsQuery,
          response: { 200: DeviceAlerts, 400: Problem, 404: Problem },
        },
      },
      async (req) => deviceAlerts(db, await narrowedScope(db, req.principal!.scope, req.query.regionId), deps.clock()),
    );

    app.get(
      '/api/alarms/:id',
      {
        config: { permission: 'alarm.read' },
        schema: {
          tags,
          summary: '警情详情：老人档案摘要、设备与最后定位、附近可派服务人员、处置记录',
          params: IdParams,
          response: { 200: AlarmDetail, 404: Problem },
        },
      },
      async (req) => alarmDetail(db, req.principal!.scope, req.params.id, deps.clock()),
    );

    const operator = (req: FastifyRequest) => ({ userId: req.principal!.userId, scope: req.principal!.scope });

    app.post(
      '/api/alarms/:id/acknowledge',
      {
        config: { permission: 'alarm.handle' },
        schema: {
          tags,
          summary: '接警（只有一位话务员能接；已被他人接警时返回 409 并说明是谁）',
          params: IdParams,
          response: { 200: AlarmDetail, 404: Problem, 409: Problem },
        },
      },
      async (req) => {
        await acknowledgeAlarm(db, operator(req), req.params.id, actorOf(req), deps.clock());
        return alarmDetail(db, req.principal!.scope, req.params.id, deps.clock());
      },
    );

    app.post(
      '/api/alarms/:id/actions',
      {
        config: { permission: 'alarm.handle' },
        schema: {
          tags,
          summary:
            '记录处置：致电老人、致电联系人、短信通知社区/网格员（经短信发件箱）、派服务人员（生成紧急工单）、呼叫 120、备注',
          params: IdParams,
          body: AlarmActionInput,
          response: { 201: AlarmActionDto, 400: Problem, 404: Problem, 409: Problem },
        },
      },
      async (req, reply) => {
        const row = await recordAlarmAction(
          db,
          operator(req),
          req.params.id,
          req.body,
          { cipher: deps.cipher },
          actorOf(req),
          deps.clock(),
        );
        return reply.status(201).send({
          id: row.id,
          kind: row.kind,
          at: row.at.toISOString(),
          byName: req.principal!.username,
          orderId: row.orderId,
          note: row.note,
        });
      },
    );

    app.post(
      '/api/alarms/:id/close',
      {
        config: { permission: 'alarm.handle' },
        schema: {
          tags,
          summary: '结案：须选择处置结果（误报、居家处置、送医、死亡、其他）；已结案的警情不再变更',
          params: IdParams,
          body: AlarmClose,
          response: { 200: AlarmDetail, 400: Problem, 404: Problem, 409: Problem },
        },
      },
      async (req) => {
        await closeAlarm(db, operator(req), req.params.id, req.body, actorOf(req), deps.clock());
        return alarmDetail(db, req.principal!.scope, req.params.id, deps.clock());
      },
    );
  };
