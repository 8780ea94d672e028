// The free-terminal programme's list: elders the district's condition entitles (evaluated as any
// eligibility condition is, with its Chinese reasons) and whether each has a terminal bound.
// A query narrows by what the condition certainly asks (an age, a living flag, a category)
// before the exact evaluation, so a district of 100k elders does not load every file.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { and, arrayContains, eq, inArray, isNull, like, lte, type SQL } from 'drizzle-orm';
import { Problem } from '../../../shared/schemas/common.js';
import { FreeTerminalPage, FreeTerminalQuery } from '../../../shared/schemas/devices.js';
import { devices, elders } from '../../db/schema.js';
import type { Deps } from '../../deps.js';
import { inRegionScope, regionInScope, regionSubtree } from '../../auth/scope.js';
import { rulesOn } from '../providers/rule-store.js';
import { elderFacts } from '../elders/elder-facts.js';
import { selectEldersWithRegion } from '../elders/elder-query.js';
import { prefixPattern } from '../../db/like-pattern.js';
import { evaluateCondition } from '../../../core/policy/conditions.js';
import { ageOn, birthDateRangeForAges } from '../../../core/elders/idcard.js';
import { freeTerminalRulesOf, necessaryFacts } from '../../../core/devices/free-terminal.js';
import { shanghaiDate } from '../../../shared/today.js';

export const freeTerminalRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;

    app.get(
      '/api/free-terminals',
      {
        config: { permission: 'device.read' },
        schema: {
          tags: ['终端设备'],
          summary: '免费终端：按区里设定的条件（默认 70 岁以上独居，示例值）列出应配发的老人及是否已配发',
          querystring: FreeTerminalQuery,
          response: { 200: FreeTerminalPage, 400: Problem, 404: Problem },
        },
      },
      async (req) => {
        const q = req.query;
        const scope = req.principal!.scope;
        const today = shanghaiDate(deps.clock());
        const rules = freeTerminalRulesOf((await rulesOn(db, today)).params);
        const need = necessaryFacts(rules.condition);
        const conds: SQL[] = [
          inRegionScope(db, scope, elders.regionId),
          inArray(elders.status, ['active', 'suspended']),
        ];
        if (q.regionId)
          conds.push(inRegionScope(db, regionSubtree(await regionInScope(db, scope, q.regionId)), elders.regionId));
        if (q.q) conds.push(like(elders.name, prefixPattern(q.q)));
        if (need.minAge !== null) conds.push(lte(elders.birthDate, birthDateRangeForAges(need.minAge, null, today).to));
        if (need.flags.length) conds.push(arrayContains(elders.livingFlags, need.flags));
        if (need.categories.length) conds.push(arrayContains(elders.categoryTypes, need.categories));
        const [rows, held] = await Promise.all([
          selectEldersWithRegion(db).where(and(...conds)),
          db
            .select({ id: devices.id, kind: devices.kind, deviceKey: devices.deviceKey, elderId: devices.elderId })
            .from(devices)
            .innerJoin(elders, eq(elders.id, devices.elderId))
            .where(and(isNull(devices.retiredAt), inRegionScope(db, scope, elders.regionId))),
        ]);
        const byElder = new Map<number, { id: number; kind: (typeof held)[number]['kind']; deviceKey: string }[]>();
        for (const d of held) byElder.set(d.elderId!, [...(byElder.get(d.elderId!) ?? []), d]);
        const entitled = rows
          .map((r) => ({ r, result: evaluateCondition(rules.condition, elderFacts(r.elder), today) }))
          .filter((x) => x.result.pass)
          .map(({ r, result }) => ({
            id: r.elder.id,
            name: r.elder.name,
            pinyin: r.elder.namePinyin,
            age: ageOn(r.elder.birthDate, today),
            regionName: r.regionName,
            address: r.elder.address,
            livingFlags: r.elder.livingFlags,
            reasons: result.reasons,
            devices: (byElder.get(r.elder.id) ?? []).map(({ id, kind, deviceKey }) => ({ id, kind, deviceKey })),
          }));
        const withDevice = entitled.filter((e) => e.devices.length > 0).length;
        const shown = entitled.filter((e) => !q.has || (q.has === 'yes') === e.devices.length > 0);
        const desc = q.sort.startsWith('-') ? -1 : 1;
        shown.sort((a, b) =>
          q.sort.endsWith('age')
            ? desc * (a.age - b.age) || a.id - b.id
            : desc * a.pinyin.localeCompare(b.pinyin) || a.id - b.id,
        );
        return {
          items: shown.slice((q.page - 1) * q.pageSize, q.page * q.pageSize).map(({ pinyin: _p, ...e }) => e),
          total: shown.length,
          page: q.page,
          pageSize: q.pageSize,
          condition: rules.condition,
          example: rules.example,
          entitled: entitled.length,
          withDevice,
        };
      },
    );
  };
