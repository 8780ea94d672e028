import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { and, eq, gte, lte } from 'drizzle-orm';
import { z } from '../../../shared/zod.js';
import { IsoDate, Ok, Problem } from '../../../shared/schemas/common.js';
import { CalendarDay, CalendarDayInput, CalendarYear, WorkingDaysQuery } from '../../../shared/schemas/calendar.js';
import { addWorkingDays, workingDaysBetween } from '../../../core/calendar/working-days.js';
import { calendarDays } from '../../db/schema.js';
import type { Deps } from '../../deps.js';
import { badRequest, fieldError, notFound } from '../../http/problem.js';
import { actorOf, writeAudit } from '../audit/audit-writer.js';
import { loadWorkCalendar } from './calendar-store.js';

// Days that exist: Date.parse takes 2026-02-30 (as 2 March), the database does not and failed the
// request with a 500.
const DayParams = z.object({ day: IsoDate });
const WorkingDaysDates = WorkingDaysQuery.extend({ from: IsoDate, to: IsoDate.optional() });

const isWeekend = (day: string) => [0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay());

export const calendarRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    const tags = ['工作日历'];

    app.get(
      '/api/calendar',
      {
        schema: {
          tags,
          summary: '某年的节假日与调休上班日',
          querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100) }),
          response: { 200: CalendarYear, 400: Problem },
        },
      },
      async (req) => {
        const y = req.query.year;
        const days = await db
          .select({ day: calendarDays.day, kind: calendarDays.kind, name: calendarDays.name })
          .from(calendarDays)
          .where(and(gte(calendarDays.day, `${y}-01-01`), lte(calendarDays.day, `${y}-12-31`)))
          .orderBy(calendarDays.day);
        return { year: y, days };
      },
    );

    app.get(
      '/api/calendar/working-days',
      {
        schema: {
          tags,
          summary: '工作日推算：from 之后第 add 个工作日，或 （from， to] 之间的工作日数',
          querystring: WorkingDaysDates,
          response: {
            200: z.object({ date: z.string().optional(), count: z.number().int().optional() }),
            400: Problem,
          },
        },
      },
      async (req) => {
        const { from, add, to } = req.query;
        if (add === undefined && to === undefined)
          throw badRequest('请给出 add（推算天数）或 to（截止日期）', [{ field: 'add', message: '必填其一' }]);
        const cal = await loadWorkCalendar(db);
        return {
          ...(add !== undefined ? { date: addWorkingDays(from, add, cal) } : {}),
          ...(to !== undefined ? { count: workingDaysBetween(from, to, cal) } : {}),
        };
      },
    );

    app.put(
      '/api/calendar/:day',
      {
        config: { permission: 'calendar.write' },
        schema: {
          tags,
          summary: '设置某天为节假日（工作日放假）或调休上班日（周末上班）',
          params: DayParams,
          body: CalendarDayInput,
          response: { 200: CalendarDay, 400: Problem },
        },
      },
      async (req) => {
        const { day } = req.params;
        const { kind, name } = req.body;
        if (kind === 'holiday' && isWeekend(day)) throw fieldError('kind', '周末本就休息，无须设为节假日');
        if (kind === 'workday' && !isWeekend(day)) throw fieldError('kind', '只有周末才能设为调休上班日');
        return db.transaction(async (tx) => {
          const [before] = await tx.select().from(calendarDays).where(eq(calendarDays.day, day));
          const [after] = await tx
            .insert(calendarDays)
            .values({ day, kind, name, updatedAt: deps.clock() })
            .onConflictDoUpdate({ target: calendarDays.day, set: { kind, name, updatedAt: deps.clock() } })
            .returning();
          await writeAudit(tx, actorOf(req), {
            action: 'calendar.set',
            entityType: 'calendar',
            entityId: day,
            before: before ?? null,
            after,
          });
          return { day: after.day, kind: after.kind, name: after.name };
        });
      },
    );

    app.delete(
      '/api/calendar/:day',
      {
        config: { permission: 'calendar.write' },
        schema: { tags, summary: '恢复为普通日', params: DayParams, response: { 200: Ok, 400: Problem, 404: Problem } },
      },
      async (req) => {
        await db.transaction(async (tx) => {
          const [before] = await tx.delete(calendarDays).where(eq(calendarDays.day, req.params.day)).returning();
          if (!before) throw notFound('这一天不是节假日或调休上班日');
          await writeAudit(tx, actorOf(req), {
            action: 'calendar.clear',
            entityType: 'calendar',
            entityId: req.params.day,
            before,
          });
        });
        return { ok: true as const };
      },
    );
  };
