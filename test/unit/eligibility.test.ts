import { describe, expect, it } from 'vitest';
import { evaluate, versionOn, type PolicyVersion, type ProgrammeCode } from '../../src/core/policy/policy.js';
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

describe('every programme', () => {
  it('ends on the date of death', () => {
    const dead = elder({ birthDate: born(92), deathDate: '2026-11-01', status: 'deceased' });
    expect(evaluate(dead, version('old_age_allowance'), DATE).eligible).toBe(false);
    expect(evaluate(dead, version('old_age_allowance'), '2026-10-31').eligible).toBe(true);
  });
  it('says why in Chinese', () => {
    const r = evaluate(elder({ birthDate: '1948-06-01' }), version('old_age_allowance'), DATE);
    expect(r.reasons.join()).toContain('年龄 78 岁，未满 80 岁');
  });
  it('expired 低保 evidence no longer proves the category', () => {
    const dibao = { type: 'dibao', certificateNo: 'DB1', validUntil: '2026-06-30' };
    const r = evaluate(elder({ categories: [dibao], abilityGrade: 'complete' }), version('home_care_subsidy'), DATE);
    expect(r.eligible).toBe(false);
    expect(r.reasons.join()).toContain('低保证明已于 2026-06-30 过期');
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
        fc.subarray(['alone', 'empty_nest', 'left_behind', 'with_disabled_kin']),
        fc.subarray(['dibao', 'dibao_edge', 'tekun', 'honour', 'disability', 'sanwu', 'risk_illness', 'recognised']),
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
