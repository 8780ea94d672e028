import { describe, expect, it } from 'vitest';
import { computeEntitlements } from '../../src/core/policy/entitlements.js';
import type { PolicyVersion } from '../../src/core/policy/policy.js';
import type { ElderFacts } from '../../src/core/policy/conditions.js';
import { DEFAULT_PROGRAMMES } from '../../src/server/modules/policies/default-policies.js';

let nextId = 1;
const versionsOf = (code: string): PolicyVersion[] =>
  DEFAULT_PROGRAMMES.find((p) => p.code === code)!.versions.map((v) => ({
    id: nextId++,
    programme: code as PolicyVersion['programme'],
    ...v,
  }));
const elder = (over: Partial<ElderFacts> = {}): ElderFacts => ({
  birthDate: '1937-03-10',
  deathDate: null,
  status: 'active',
  hukou: 'local',
  residenceYears: 40,
  livingFlags: [],
  categories: [],
  abilityGrade: null,
  contacts: [],
  ...over,
});

describe('entitlements', () => {
  it('follow the age bands: an allowance rises on the 90th birthday', () => {
    const periods = computeEntitlements(elder(), versionsOf('old_age_allowance'), new Map(), '2026-11-23');
    expect(periods.map((p) => [p.classCode, p.validFrom, p.validTo])).toEqual([
      ['80-89', '2026-11-23', '2027-03-09'],
      ['90-99', '2027-03-10', null],
    ]);
  });
  it('split at a policy change in the middle of a month, the old amount up to the day before', () => {
    const [v2025] = versionsOf('old_age_allowance');
    const raised: PolicyVersion = structuredClone({
      ...v2025,
      id: 999,
      effectiveFrom: '2027-01-16',
      effectiveTo: null,
    });
    raised.params.classes.find((c) => c.code === '80-89')!.benefit = {
      kind: 'cash',
      amountFen: 5000,
      per: 'month',
      careShareFen: 0,
    };
    const periods = computeEntitlements(
      elder({ birthDate: '1940-06-01' }),
      [{ ...v2025, effectiveTo: '2027-01-15' }, raised],
      new Map(),
      '2026-12-01',
    );
    expect(periods.map((p) => [p.validFrom, p.validTo, (p.benefit as { amountFen: number }).amountFen])).toEqual([
      ['2026-12-01', '2027-01-15', 3000],
      ['2027-01-16', '2030-05-31', 5000],
      ['2030-06-01', null, 5000], // 90th birthday: 004 模板3's 90–99 band, also 50 yuan
    ]);
  });
  it('end on the date of death', () => {
    const periods = computeEntitlements(
      elder({ birthDate: '1930-01-01', deathDate: '2027-02-14', status: 'deceased' }),
      versionsOf('old_age_allowance'),
      new Map(),
      '2026-11-23',
    );
    expect(periods.at(-1)!.validTo).toBe('2027-02-14');
  });
  it('need an approved application for the home-care subsidy, from its start date', () => {
    const poor = elder({
      categories: [{ type: 'dibao', validUntil: '2030-12-31' }],
      abilityGrade: 'complete',
      birthDate: '1950-05-05',
    });
    expect(computeEntitlements(poor, versionsOf('home_care_subsidy'), new Map(), '2026-11-23')).toEqual([]);
    const periods = computeEntitlements(
      poor,
      versionsOf('home_care_subsidy'),
      new Map([['home_care_subsidy', '2027-01-01']]),
      '2026-11-23',
    );
    // The 低保 certificate runs to 2030-12-31: from the next day the elder is in no class of 002
    // 第5篇's programme (it has no self-pay class) and the entitlement ends.
    expect(periods).toMatchObject([
      {
        classCode: 'A1',
        validFrom: '2027-01-01',
        validTo: '2030-12-31',
        costShare: [
          { level: 'district', parts: 6 },
          { level: 'street', parts: 4 },
        ],
      },
    ]);
    expect(periods).toHaveLength(1);
  });
  it('use the 特困 standard of each year, from the approval (001 L30 「申请、民主评议、公示、审核和审批」)', () => {
    const tekun = elder({ categories: [{ type: 'tekun', supportMode: 'dispersed' }] });
    // The category alone gives nothing: 特困 support follows an approved application.
    expect(computeEntitlements(tekun, versionsOf('tekun_support'), new Map(), '2016-06-01')).toEqual([]);
    const periods = computeEntitlements(
      tekun,
      versionsOf('tekun_support'),
      new Map([['tekun_support', '2016-04-01']]),
      '2016-06-01',
    );
    expect(periods.map((p) => [p.validFrom, p.validTo, (p.benefit as { amountFen: number }).amountFen])).toEqual([
      ['2016-06-01', '2016-12-31', 102000],
      ['2017-01-01', null, 118400],
    ]);
  });
});
