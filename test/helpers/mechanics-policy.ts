// The home-care terms the order, ledger and call-centre tests price against. Those tests are about
// mechanics — idempotency, no overdraw, carry-over, settlement arithmetic — not about which
// place's rules a district follows, so they fix their own terms here instead of depending on the
// defaults, which follow the seed documents (test/unit/seed-rules.test.ts checks those): poor
// elders by disability get hours a day at 15 yuan, poor elders living alone 20 hours a month at
// 8 yuan, priority elders 10 hours, everyone else 60+ a 20% discount on the unified price.
import { eq } from 'drizzle-orm';
import type { Condition } from '../../src/core/policy/conditions.js';
import type { PolicyParams } from '../../src/core/policy/policy.js';
import { policyVersions } from '../../src/server/db/schema.js';
import type { TestApp } from './test-app.js';

const age = (n: number): Condition => ({ field: 'age', op: 'gte', value: n });
const cat = (value: 'sanwu' | 'dibao' | 'dibao_edge' | 'tekun' | 'youfu' | 'honour' | 'expert'): Condition => ({
  field: 'category',
  op: 'has',
  value,
});
const poor: Condition = { any: [cat('sanwu'), cat('dibao'), cat('dibao_edge'), cat('tekun')] };

export const MECHANICS_HOME_CARE: PolicyParams = {
  costShare: [
    { level: 'district', parts: 6 },
    { level: 'street', parts: 4 },
  ],
  noticeDays: 5,
  deadlines: { community: 3, street: 10, district: 10 },
  // Local residents, or non-local ones who have lived here 2 years or more.
  baseCondition: {
    all: [
      age(60),
      {
        any: [
          { field: 'hukou', op: 'eq', value: 'local' },
          { field: 'residenceYears', op: 'gte', value: 2 },
        ],
      },
    ],
  },
  classes: [
    {
      code: 'A1',
      label: '无偿·失能',
      condition: { all: [poor, { field: 'abilityGrade', op: 'in', value: ['severe', 'complete'] }] },
      benefit: { kind: 'hours', hoursPerMonth: null, hoursPerDay: 2, hourlyRateFen: 1500 },
    },
    {
      code: 'A2',
      label: '无偿·半失能',
      condition: { all: [poor, { field: 'abilityGrade', op: 'in', value: ['moderate'] }] },
      benefit: { kind: 'hours', hoursPerMonth: null, hoursPerDay: 1.5, hourlyRateFen: 1500 },
    },
    {
      code: 'A3',
      label: '无偿·困难独居空巢',
      condition: {
        all: [
          poor,
          {
            any: [
              { field: 'livingFlag', op: 'has', value: 'alone' },
              { field: 'livingFlag', op: 'has', value: 'empty_nest' },
            ],
          },
        ],
      },
      benefit: { kind: 'hours', hoursPerMonth: 20, hoursPerDay: null, hourlyRateFen: 800 },
    },
    {
      code: 'B',
      label: '低偿',
      condition: { any: [age(90), cat('honour'), cat('expert'), cat('youfu')] },
      benefit: { kind: 'hours', hoursPerMonth: 10, hoursPerDay: null, hourlyRateFen: 800 },
    },
    { code: 'C', label: '有偿', condition: age(60), benefit: { kind: 'discount', percentOff: 20 } },
  ],
};

/** Puts the mechanics terms in place of the home-care version(s) the installation started with. */
export async function useMechanicsPolicy(t: Pick<TestApp, 'database'>) {
  await t.database.db
    .update(policyVersions)
    .set({ params: MECHANICS_HOME_CARE })
    .where(eq(policyVersions.programme, 'home_care_subsidy'));
}
