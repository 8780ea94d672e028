import { describe, expect, it } from 'vitest';
import {
  evaluate,
  splitCost,
  versionOn,
  type PolicyVersion,
  type ProgrammeCode,
} from '../../src/core/policy/policy.js';
import type { ElderFacts } from '../../src/core/policy/conditions.js';
import { DEFAULT_PROGRAMMES } from '../../src/server/modules/policies/default-policies.js';

const DATE = '2026-11-23';
const version = (code: ProgrammeCode, date = DATE): PolicyVersion => {
  const p = DEFAULT_PROGRAMMES.find((x) => x.code === code)!;
  const v = versionOn(p.versions, date)!;
  return { id: p.versions.indexOf(v) + 1, programme: code, ...v };
};
const elder = (over: Partial<ElderFacts> = {}): ElderFacts => ({
  birthDate: '1950-01-01',
  deathDate: null,
  status: 'active',
  hukou: 'local',
  residenceYears: 30,
  livingFlags: [],
  categories: [],
  abilityGrade: null,
  contacts: [],
  ...over,
});
/** Someone who turns `age` on the evaluation date (or is one day short of it). */
const born = (age: number, shortByOneDay = false) => `${2026 - age}-11-${shortByOneDay ? '24' : '23'}`;

describe('old-age allowance', () => {
  it.each([
    [79, false, null],
    [80, true, null],
    [80, false, '80-89'],
    [89, false, '80-89'],
    [90, true, '80-89'],
    [90, false, '90-99'],
    [100, true, '90-99'],
    [100, false, '100+'],
  ] as const)('age %i (one day short: %s) → %s', (age, short, cls) => {
    const r = evaluate(elder({ birthDate: born(age, short) }), version('old_age_allowance'), DATE);
    expect(r.classCode).toBe(cls);
    expect(r.eligible).toBe(cls !== null);
  });
  it('says why in Chinese', () => {
    const r = evaluate(elder({ birthDate: '1948-06-01' }), version('old_age_allowance'), DATE);
    expect(r.reasons.join()).toContain('年龄 78 岁，未满 80 岁');
  });
  it('a non-local resident needs 2 years here', () => {
    const one = evaluate(
      elder({ birthDate: born(85), hukou: 'nonlocal', residenceYears: 1 }),
      version('old_age_allowance'),
      DATE,
    );
    const two = evaluate(
      elder({ birthDate: born(85), hukou: 'nonlocal', residenceYears: 2 }),
      version('old_age_allowance'),
      DATE,
    );
    expect(one.eligible).toBe(false);
    expect(one.reasons.join()).toContain('本地居住 1 年，不满 2 年');
    expect(two.eligible).toBe(true);
  });
  it('ends on the date of death', () => {
    expect(
      evaluate(
        elder({ birthDate: born(92), deathDate: '2026-11-01', status: 'deceased' }),
        version('old_age_allowance'),
        DATE,
      ).eligible,
    ).toBe(false);
    expect(
      evaluate(
        elder({ birthDate: born(92), deathDate: '2026-11-01', status: 'deceased' }),
        version('old_age_allowance'),
        '2026-10-31',
      ).eligible,
    ).toBe(true);
  });
});

describe('home-care subsidy classes', () => {
  const dibao = { type: 'dibao', certificateNo: 'DB1', validUntil: '2027-12-31' };
  it('poor and completely disabled: free, 2 hours a day', () => {
    const r = evaluate(elder({ categories: [dibao], abilityGrade: 'complete' }), version('home_care_subsidy'), DATE);
    expect(r).toMatchObject({ eligible: true, classCode: 'A1', benefit: { hoursPerDay: 2, hourlyRateFen: 1500 } });
  });
  it('poor, partly disabled: 1.5 hours a day; poor living alone: 20 hours a month', () => {
    expect(
      evaluate(elder({ categories: [dibao], abilityGrade: 'moderate' }), version('home_care_subsidy'), DATE).classCode,
    ).toBe('A2');
    expect(
      evaluate(elder({ categories: [dibao], livingFlags: ['alone'] }), version('home_care_subsidy'), DATE).classCode,
    ).toBe('A3');
  });
  it('expired 低保 evidence no longer makes the class', () => {
    const r = evaluate(
      elder({ categories: [{ ...dibao, validUntil: '2026-06-30' }], abilityGrade: 'complete' }),
      version('home_care_subsidy'),
      DATE,
    );
    expect(r.classCode).toBe('C');
    expect(r.reasons.join()).toContain('低保证明已于 2026-06-30 过期');
  });
  it('90+ or honour holders are low-cost, everyone else 60+ pays with a discount', () => {
    expect(evaluate(elder({ birthDate: born(90) }), version('home_care_subsidy'), DATE).classCode).toBe('B');
    expect(evaluate(elder({ categories: [{ type: 'honour' }] }), version('home_care_subsidy'), DATE).classCode).toBe(
      'B',
    );
    expect(evaluate(elder(), version('home_care_subsidy'), DATE)).toMatchObject({
      classCode: 'C',
      benefit: { kind: 'discount', percentOff: 20 },
    });
    expect(evaluate(elder({ birthDate: born(59) }), version('home_care_subsidy'), DATE).eligible).toBe(false);
  });
});

describe('the other programmes', () => {
  it('vouchers by disability or grade', () => {
    expect(
      evaluate(elder({ categories: [{ type: 'disability', disabilityGrade: 2 }] }), version('service_voucher'), DATE),
    ).toMatchObject({ classCode: 'T1', benefit: { valueFen: 50000, per: 'year' } });
    expect(
      evaluate(elder({ categories: [{ type: 'disability', disabilityGrade: 3 }] }), version('service_voucher'), DATE)
        .eligible,
    ).toBe(false);
    expect(evaluate(elder({ abilityGrade: 'severe' }), version('service_voucher'), DATE).classCode).toBe('T2');
  });
  it('visits for 80+ living alone, not for 79', () => {
    expect(evaluate(elder({ birthDate: born(80), livingFlags: ['alone'] }), version('visiting'), DATE).eligible).toBe(
      true,
    );
    expect(evaluate(elder({ birthDate: born(79), livingFlags: ['alone'] }), version('visiting'), DATE).eligible).toBe(
      false,
    );
    expect(evaluate(elder({ livingFlags: ['left_behind'] }), version('visiting'), DATE).benefit).toMatchObject({
      visitsPerMonth: 3,
      feePerVisitFen: 400,
    });
  });
  it('特困 support uses the rule of its year', () => {
    const tekun = elder({ categories: [{ type: 'tekun', supportMode: 'dispersed' }] });
    expect(evaluate(tekun, version('tekun_support', '2016-03-15'), '2016-03-15').benefit).toMatchObject({
      amountFen: 102000,
      careShareFen: 10000,
    });
    expect(evaluate(tekun, version('tekun_support'), DATE).benefit).toMatchObject({
      amountFen: 118400,
      careShareFen: 18400,
    });
  });
  it('care subsidy for 特困 elders who cannot care for themselves', () => {
    const tekun = { type: 'tekun', supportMode: 'concentrated' };
    expect(
      evaluate(elder({ categories: [tekun], abilityGrade: 'complete' }), version('care_subsidy'), DATE).benefit,
    ).toMatchObject({ amountFen: 150000 });
    expect(
      evaluate(elder({ categories: [tekun], abilityGrade: 'severe' }), version('care_subsidy'), DATE).benefit,
    ).toMatchObject({ amountFen: 50000 });
    expect(evaluate(elder({ abilityGrade: 'complete' }), version('care_subsidy'), DATE).eligible).toBe(false);
  });
});

describe('cost sharing', () => {
  it('splits 6 : 4 to the fen, parts adding up', () => {
    expect(splitCost(1500, { district: 6, street: 4 })).toEqual({ districtFen: 900, streetFen: 600 });
    const odd = splitCost(1001, { district: 6, street: 4 });
    expect(odd.districtFen + odd.streetFen).toBe(1001);
  });
});

describe('the bulk path agrees with the explained one', () => {
  it('classOn picks the class evaluate picks, for many elders and dates (property)', async () => {
    const fc = (await import('fast-check')).default;
    const { classOn } = await import('../../src/core/policy/policy.js');
    const codes = [
      'home_care_subsidy',
      'service_voucher',
      'visiting',
      'old_age_allowance',
      'tekun_support',
      'care_subsidy',
    ] as const;
    fc.assert(
      fc.property(
        fc.integer({ min: 55, max: 105 }),
        fc.subarray(['alone', 'empty_nest', 'left_behind']),
        fc.subarray(['dibao', 'tekun', 'honour', 'disability', 'sanwu']),
        fc.constantFrom(null, 'intact', 'mild', 'moderate', 'severe', 'complete'),
        fc.constantFrom('local', 'nonlocal'),
        fc.integer({ min: 0, max: 5 }),
        fc.constantFrom(...codes),
        (age, flags, cats, grade, hukou, years, code) => {
          const e = elder({
            birthDate: born(age),
            livingFlags: flags,
            abilityGrade: grade as never,
            hukou: hukou as never,
            residenceYears: years,
            categories: cats.map((c) => ({
              type: c,
              validUntil: c === 'dibao' ? '2026-06-30' : null,
              disabilityGrade: c === 'disability' ? 2 : null,
              supportMode: c === 'tekun' ? 'dispersed' : null,
            })),
          });
          const v = version(code);
          expect(classOn(e, v, DATE)?.code ?? null).toBe(evaluate(e, v, DATE).classCode);
        },
      ),
    );
  });
});
