// Between the contract and the table: encrypts and indexes personal data, derives what the ID
// number encodes, and shapes rows back into what a caller may see (masked).
import type { ElderDetail, ElderInput, ElderListItem } from '../../../shared/schemas/elders.js';
import { parseIdNumber, ageOn, maskIdNumber } from '../../../core/elders/idcard.js';
import { maskPhone } from '../../../core/elders/phone.js';
import { nameKeys } from '../../../core/elders/name-search.js';
import { expiredEvidence, missingEvidence, type CategoryEvidence } from '../../../core/elders/categories.js';
import type { PersonalDataCipher } from '../../security/personal-data.js';
import type { elders } from '../../db/schema.js';
import type { FieldError } from '../../http/problem-types.js';
import { ELDER_MESSAGES as M } from './messages.js';

type Row = typeof elders.$inferSelect;

export interface StoredContact {
  name: string; relation: string; phoneCipher: string | null; phoneMasked: string | null;
  sameCommunity: boolean; canCare: boolean; emergencyOrder: number | null; guardian: boolean;
}

/** Rules across fields that a per-field schema cannot state. */
export function crossFieldErrors(input: Pick<ElderInput, 'categories'>): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  input.categories.forEach((c, i) => {
    if (seen.has(c.type)) errors.push({ field: `categories.${i}.type`, message: M.duplicateCategory(c.type) });
    seen.add(c.type);
    for (const f of missingEvidence(c as CategoryEvidence)) {
      errors.push({ field: `categories.${i}.${f}`, message: M.evidenceMissing(c.type, f as never) });
    }
  });
  return errors;
}

/** The columns an input sets (everything but status and ability, which have their own paths). */
export function rowValues(input: ElderInput, cipher: PersonalDataCipher, today: string) {
  const parsed = parseIdNumber(input.idNumber, today);
  if (!parsed.ok) throw new Error('idNumber must be validated before rowValues');
  const keys = nameKeys(input.name);
  const contacts: StoredContact[] = input.contacts.map((c) => ({
    name: c.name, relation: c.relation,
    phoneCipher: c.phone ? cipher.encrypt(c.phone) : null, phoneMasked: c.phone ? maskPhone(c.phone) : null,
    sameCommunity: c.sameCommunity, canCare: c.canCare, emergencyOrder: c.emergencyOrder ?? null, guardian: c.guardian,
  }));
  return {
    regionId: input.regionId,
    name: input.name,
    namePinyin: keys.pinyin,
    nameInitials: keys.initials,
    idCipher: cipher.encrypt(input.idNumber),
    idHash: cipher.index(input.idNumber),
    idMasked: maskIdNumber(input.idNumber),
    birthDate: parsed.facts.birthDate,
    sex: parsed.facts.sex,
    phoneCipher: input.phone ? cipher.encrypt(input.phone) : null,
    phoneHash: input.phone ? cipher.index(input.phone) : null,
    phoneMasked: input.phone ? maskPhone(input.phone) : null,
    address: input.address,
    lng: input.lng ?? null,
    lat: input.lat ?? null,
    hukou: input.hukou,
    residenceYears: input.residenceYears ?? null,
    livingFlags: [...new Set(input.livingFlags)],
    categories: input.categories,
    categoryTypes: input.categories.map((c) => c.type),
    contacts,
    health: input.health,
  };
}

export function toListItem(r: Row & { regionName: string }, today: string): ElderListItem {
  return {
    id: r.id, name: r.name, sex: r.sex, birthDate: r.birthDate, age: ageOn(r.birthDate, today),
    idMasked: r.idMasked, phoneMasked: r.phoneMasked, regionId: r.regionId, regionName: r.regionName, address: r.address,
    categoryTypes: r.categoryTypes, livingFlags: r.livingFlags, abilityGrade: r.abilityGrade as ElderListItem['abilityGrade'],
    status: r.status, expiredEvidence: expiredEvidence(r.categories as CategoryEvidence[], today),
  };
}

export function toDetail(r: Row & { regionName: string }, today: string): ElderDetail {
  return {
    ...toListItem(r, today),
    lng: r.lng, lat: r.lat, hukou: r.hukou, residenceYears: r.residenceYears,
    categories: r.categories as ElderDetail['categories'],
    contacts: (r.contacts as StoredContact[]).map(({ phoneCipher: _c, ...c }) => c),
    health: r.health as ElderDetail['health'],
    abilityAssessedOn: r.abilityAssessedOn, abilityNextDue: r.abilityNextDue, deathDate: r.deathDate,
    createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(),
  };
}
