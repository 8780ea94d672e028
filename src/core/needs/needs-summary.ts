// The needs-survey summary (养老服务需求调查汇总): counts of each need by age band, and the
// separate summaries for elders living alone or in empty nests, poor, disabled and centenarian.

export const NEED_TYPES = [
  'meals',
  'cleaning',
  'bathing',
  'medical',
  'rehabilitation',
  'companionship',
  'emergency',
  'day_care',
  'shopping',
  'repair',
  'legal',
] as const;
export type NeedType = (typeof NEED_TYPES)[number];

export const AGE_BAND_KEYS = ['60-69', '70-79', '80-89', '90+'] as const;
export type AgeBandKey = (typeof AGE_BAND_KEYS)[number];

export const SUMMARY_GROUPS = ['all', 'alone_or_empty_nest', 'poor', 'disabled', 'centenarian'] as const;
export type SummaryGroup = (typeof SUMMARY_GROUPS)[number];

export interface SurveyedElder {
  age: number;
  livingFlags: readonly string[];
  categoryTypes: readonly string[];
  abilityGrade: string | null;
  needs: readonly string[];
  /** The child region of the summarised region this elder belongs to. */
  childRegionId: number | null;
}

export interface Tally {
  elders: number;
  needs: Record<NeedType, number>;
}
const emptyTally = (): Tally => ({
  elders: 0,
  needs: Object.fromEntries(NEED_TYPES.map((n) => [n, 0])) as Record<NeedType, number>,
});

export function ageBandOf(age: number): AgeBandKey | null {
  if (age < 60) return null;
  if (age < 70) return '60-69';
  if (age < 80) return '70-79';
  if (age < 90) return '80-89';
  return '90+';
}

const POOR = new Set(['sanwu', 'dibao', 'dibao_edge', 'tekun']);
const DISABLED_GRADES = new Set(['moderate', 'severe', 'complete']);

export function groupsOf(e: SurveyedElder): SummaryGroup[] {
  const g: SummaryGroup[] = ['all'];
  if (e.livingFlags.includes('alone') || e.livingFlags.includes('empty_nest')) g.push('alone_or_empty_nest');
  if (e.categoryTypes.some((c) => POOR.has(c))) g.push('poor');
  if (e.categoryTypes.includes('disability') || (e.abilityGrade !== null && DISABLED_GRADES.has(e.abilityGrade)))
    g.push('disabled');
  if (e.age >= 100) g.push('centenarian');
  return g;
}

export interface NeedsSummary {
  groups: Record<SummaryGroup, { total: Tally; byAgeBand: Record<AgeBandKey, Tally> }>;
  byChildRegion: Record<number, Tally>;
}

export function summarizeNeeds(elders: Iterable<SurveyedElder>): NeedsSummary {
  const groups = Object.fromEntries(
    SUMMARY_GROUPS.map((g) => [
      g,
      {
        total: emptyTally(),
        byAgeBand: Object.fromEntries(AGE_BAND_KEYS.map((b) => [b, emptyTally()])) as Record<AgeBandKey, Tally>,
      },
    ]),
  ) as NeedsSummary['groups'];
  const byChildRegion: Record<number, Tally> = {};
  const add = (t: Tally, needs: readonly string[]) => {
    t.elders++;
    for (const n of needs) if (n in t.needs) t.needs[n as NeedType]++;
  };
  for (const e of elders) {
    const band = ageBandOf(e.age);
    if (!band) continue;
    for (const g of groupsOf(e)) {
      add(groups[g].total, e.needs);
      add(groups[g].byAgeBand[band], e.needs);
    }
    if (e.childRegionId !== null) add((byChildRegion[e.childRegionId] ??= emptyTally()), e.needs);
  }
  return { groups, byChildRegion };
}
