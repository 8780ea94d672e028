// The figures of the seed documents (DOMAIN.md §4) as the first policy versions. A district
// changes them by adding versions; these are only what a new installation starts with.
import type { Condition } from '../../../core/policy/conditions.js';
import type { PolicyParams, ProgrammeCode } from '../../../core/policy/policy.js';

const age = (n: number): Condition => ({ field: 'age', op: 'gte', value: n });
const cat = (
  value: 'sanwu' | 'dibao' | 'dibao_edge' | 'tekun' | 'youfu' | 'honour' | 'expert' | 'disability',
): Condition => ({ field: 'category', op: 'has', value });
const poor: Condition = { any: [cat('sanwu'), cat('dibao'), cat('dibao_edge'), cat('tekun')] };
// Local residents, or non-local ones who have lived here 2 years or more.
const resident: Condition = {
  any: [
    { field: 'hukou', op: 'eq', value: 'local' },
    { field: 'residenceYears', op: 'gte', value: 2 },
  ],
};
const common = {
  costShare: { district: 6, street: 4 },
  noticeDays: 5,
  deadlines: { community: 3, street: 10, district: 10 },
};

export interface DefaultProgramme {
  code: ProgrammeCode;
  name: string;
  description: string;
  versions: { effectiveFrom: string; effectiveTo: string | null; params: PolicyParams }[];
}

export const DEFAULT_PROGRAMMES: DefaultProgramme[] = [
  {
    code: 'home_care_subsidy',
    name: '居家养老服务补贴',
    description:
      '政府购买上门服务：无偿（A 类）按失能程度或困难情况给予服务时数，低偿（B 类）每月定额时数，有偿（C 类）按统一价优惠。',
    versions: [
      {
        effectiveFrom: '2025-01-01',
        effectiveTo: null,
        params: {
          ...common,
          baseCondition: { all: [age(60), resident] },
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
        },
      },
    ],
  },
  {
    code: 'service_voucher',
    name: '居家养老服务券',
    description: '按年发放服务券：一档（一、二级残疾或完全失能）每年 500 元，二档（重度失能）每年 300 元。',
    versions: [
      {
        effectiveFrom: '2025-01-01',
        effectiveTo: null,
        params: {
          ...common,
          baseCondition: { all: [age(60), resident] },
          classes: [
            {
              code: 'T1',
              label: '一档',
              condition: {
                any: [
                  { field: 'disabilityGrade', op: 'atMost', value: 2 },
                  { field: 'abilityGrade', op: 'in', value: ['complete'] },
                ],
              },
              benefit: { kind: 'voucher', valueFen: 50000, per: 'year' },
            },
            {
              code: 'T2',
              label: '二档',
              condition: { field: 'abilityGrade', op: 'in', value: ['severe'] },
              benefit: { kind: 'voucher', valueFen: 30000, per: 'year' },
            },
          ],
        },
      },
    ],
  },
  {
    code: 'visiting',
    name: '探访服务',
    description: '留守、80 岁以上独居、独居残疾老人每月至少探访 3 次，每次补贴 4 元。',
    versions: [
      {
        effectiveFrom: '2025-01-01',
        effectiveTo: null,
        params: {
          ...common,
          baseCondition: age(60),
          classes: [
            {
              code: 'V',
              label: '探访对象',
              condition: {
                any: [
                  { field: 'livingFlag', op: 'has', value: 'left_behind' },
                  { all: [age(80), { field: 'livingFlag', op: 'has', value: 'alone' }] },
                  { all: [cat('disability'), { field: 'livingFlag', op: 'has', value: 'alone' }] },
                ],
              },
              benefit: { kind: 'visits', visitsPerMonth: 3, feePerVisitFen: 400 },
            },
          ],
        },
      },
    ],
  },
  {
    code: 'old_age_allowance',
    name: '高龄津贴',
    description: '按年龄段每月发放：80-89 岁、90-99 岁、100 岁及以上。',
    versions: [
      {
        effectiveFrom: '2025-01-01',
        effectiveTo: null,
        params: {
          ...common,
          baseCondition: { all: [age(80), resident] },
          classes: [
            {
              code: '100+',
              label: '百岁及以上',
              condition: age(100),
              benefit: { kind: 'cash', amountFen: 30000, per: 'month', careShareFen: 0 },
            },
            {
              code: '90-99',
              label: '90-99 岁',
              condition: age(90),
              benefit: { kind: 'cash', amountFen: 10000, per: 'month', careShareFen: 0 },
            },
            {
              code: '80-89',
              label: '80-89 岁',
              condition: age(80),
              benefit: { kind: 'cash', amountFen: 3000, per: 'month', careShareFen: 0 },
            },
          ],
        },
      },
    ],
  },
  {
    code: 'tekun_support',
    name: '特困人员供养',
    description: '供养标准按当地农村低保标准的 1.6 倍，含基本生活和照料护理两部分。',
    versions: [
      {
        effectiveFrom: '2016-01-01',
        effectiveTo: '2016-12-31',
        params: {
          ...common,
          baseCondition: cat('tekun'),
          classes: [
            {
              code: 'S',
              label: '特困供养',
              condition: cat('tekun'),
              benefit: { kind: 'cash', amountFen: 102000, per: 'month', careShareFen: 10000 },
            },
          ],
        },
      },
      {
        effectiveFrom: '2017-01-01',
        effectiveTo: null,
        params: {
          ...common,
          baseCondition: cat('tekun'),
          classes: [
            {
              code: 'S',
              label: '特困供养',
              condition: cat('tekun'),
              benefit: { kind: 'cash', amountFen: 118400, per: 'month', careShareFen: 18400 },
            },
          ],
        },
      },
    ],
  },
  {
    code: 'care_subsidy',
    name: '特困人员护理补贴',
    description: '生活不能自理的特困人员：完全不能自理每月 1500 元，大部分不能自理每月 500 元。',
    versions: [
      {
        effectiveFrom: '2025-01-01',
        effectiveTo: null,
        params: {
          ...common,
          baseCondition: cat('tekun'),
          classes: [
            {
              code: 'full',
              label: '完全不能自理',
              condition: { field: 'abilityGrade', op: 'in', value: ['complete'] },
              benefit: { kind: 'cash', amountFen: 150000, per: 'month', careShareFen: 150000 },
            },
            {
              code: 'mostly',
              label: '大部分不能自理',
              condition: { field: 'abilityGrade', op: 'in', value: ['severe'] },
              benefit: { kind: 'cash', amountFen: 50000, per: 'month', careShareFen: 50000 },
            },
          ],
        },
      },
    ],
  },
];
