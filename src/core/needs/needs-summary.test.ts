import { describe, expect, it } from 'vitest';
import { ageBandOf, groupsOf, summarizeNeeds, type SurveyedElder } from './needs-summary.js';

const e = (over: Partial<SurveyedElder>): SurveyedElder => ({
  age: 72,
  livingFlags: [],
  categoryTypes: [],
  abilityGrade: null,
  needs: [],
  childRegionId: 1,
  ...over,
});

describe('needs summary', () => {
  it('bands ages at 60, 70, 80 and 90', () => {
    expect([59, 60, 69, 70, 79, 80, 89, 90, 104].map(ageBandOf)).toEqual([
      null,
      '60-69',
      '60-69',
      '70-79',
      '70-79',
      '80-89',
      '80-89',
      '90+',
      '90+',
    ]);
  });
  it('puts an elder in every group that applies', () => {
    expect(groupsOf(e({ age: 101, livingFlags: ['alone'], categoryTypes: ['dibao'], abilityGrade: 'severe' }))).toEqual(
      ['all', 'alone_or_empty_nest', 'poor', 'disabled', 'centenarian'],
    );
    expect(groupsOf(e({ abilityGrade: 'mild' }))).toEqual(['all']);
  });
  it('counts elders and needs per group, band and child region, and the parts add up', () => {
    const s = summarizeNeeds([
      e({ age: 65, needs: ['meals', 'cleaning'], childRegionId: 1 }),
      e({ age: 85, needs: ['meals'], livingFlags: ['empty_nest'], childRegionId: 2 }),
      e({ age: 92, needs: ['medical'], categoryTypes: ['disability'], childRegionId: 2 }),
      e({ age: 55, needs: ['meals'] }),
    ]);
    expect(s.groups.all.total.elders).toBe(3);
    expect(s.groups.all.total.needs.meals).toBe(2);
    expect(s.groups.all.byAgeBand['80-89'].needs.meals).toBe(1);
    expect(s.groups.alone_or_empty_nest.total.elders).toBe(1);
    expect(s.groups.disabled.byAgeBand['90+'].needs.medical).toBe(1);
    const bandSum = Object.values(s.groups.all.byAgeBand).reduce((a, t) => a + t.elders, 0);
    expect(bandSum).toBe(s.groups.all.total.elders);
    expect(s.byChildRegion[2].elders).toBe(2);
  });
});
