// The facts of an elder's file that eligibility and entitlements are decided on.
import type { elders } from '../../db/schema.js';
import type { ElderFacts } from '../../../core/policy/conditions.js';

export const elderFacts = (e: typeof elders.$inferSelect): ElderFacts => ({
  birthDate: e.birthDate,
  deathDate: e.deathDate,
  status: e.status,
  hukou: e.hukou,
  residenceYears: e.residenceYears,
  livingFlags: e.livingFlags,
  categories: e.categories as ElderFacts['categories'],
  abilityGrade: e.abilityGrade as ElderFacts['abilityGrade'],
  contacts: e.contacts as ElderFacts['contacts'],
});
