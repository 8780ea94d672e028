// Between the contract and the table: encrypts and indexes personal data, derives what the ID
// number encodes, and shapes rows back into what a caller may see (masked).
import type { ElderDetail, ElderInput, ElderListItem, ElderUpdate } from '../../../shared/schemas/elders.js';
import { ageOn, birthYearOf, maskIdNumber } from '../../../core/elders/idcard.js';
import { identityColumns, phoneColumns } from '../../security/personal-columns.js';
import { maskPhone } from '../../../core/elders/phone.js';
import { nameKeys } from '../../../core/elders/name-search.js';
import { expiredEvidence, missingEvidence, type CategoryEvidence } from '../../../core/elders/categories.js';
import type { PersonalDataCipher } from '../../security/personal-data.js';
import type { elders } from '../../db/schema.js';
import type { FieldError } from '../../http/problem-types.js';
import { ELDER_MESSAGES as M } from './messages.js';

type Row = typeof elders.$inferSelect;

export interface StoredContact {
  name: string;
  relation: string;
  phoneCipher: string | null;
  phoneMasked: string | null;
  /** Absent on contacts stored before the screen-pop matched family members' numbers. */
  phoneHash?: string | null;
  sameCommunity: boolean;
  canCare: boolean;
  emergencyOrder: number | null;
  guardian: boolean;
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

/** An elder may have no phone; the columns are then empty. */
function optionalPhoneColumns(phone: string | null, cipher: PersonalDataCipher) {
  return phone ? phoneColumns(phone, cipher) : { phoneCipher: null, phoneHash: null, phoneMasked: null };
}

function contactColumns(
  contacts: ElderUpdate['contacts'],
  cipher: PersonalDataCipher,
  existing: StoredContact[] = [],
): StoredContact[] {
  return contacts.map((c) => {
    const kept = c.phone === undefined && c.keepPhone !== undefined ? existing[c.keepPhone] : undefined;
    return {
      name: c.name,
      relation: c.relation,
      phoneCipher: kept ? kept.phoneCipher : c.phone ? cipher.encrypt(c.phone) : null,
      phoneMasked: kept ? kept.phoneMasked : c.phone ? maskPhone(c.phone) : null,
      // For the screen-pop: a family member's call finds the elder too.
      phoneHash: kept ? (kept.phoneHash ?? null) : c.phone ? cipher.index(c.phone) : null,
      sameCommunity: c.sameCommunity,
      canCare: c.canCare,
      emergencyOrder: c.emergencyOrder ?? null,
      guardian: c.guardian,
    };
  });
}

function commonColumns(input: ElderInput | ElderUpdate) {
  const keys = nameKeys(input.name);
  return {
    regionId: input.regionId,
    name: input.name,
    namePinyin: keys.pinyin,
    nameInitials: keys.initials,
    address: input.address,
    lng: input.lng ?? null,
    lat: input.lat ?? null,
    hukou: input.hukou,
    residenceYears: input.residenceYears ?? null,
    livingFlags: [...new Set(input.livingFlags)],
    categories: input.categories,
    categoryTypes: input.categories.map((c) => c.type),
    health: input.health,
  };
}

/** Every column a new file sets (status and ability have their own paths). */
export function rowValues(input: ElderInput, cipher: PersonalDataCipher, today: string) {
  return {
    ...commonColumns(input),
    ...identityColumns(input.idNumber, cipher, today),
    ...optionalPhoneColumns(input.phone ?? null, cipher),
    contacts: contactColumns(input.contacts, cipher),
  };
}

/** The columns an edit changes; personal data not sent again stays as stored. */
export function updateValues(input: ElderUpdate, existing: Row, cipher: PersonalDataCipher, today: string) {
  const sameId = input.idNumber !== undefined && cipher.index(input.idNumber) === existing.idHash;
  const samePhone =
    input.phone !== undefined && input.phone !== null && cipher.index(input.phone) === existing.phoneHash;
  return {
    ...commonColumns(input),
    // Re-encrypting an unchanged value would show as a change in the audit trail.
    ...(input.idNumber !== undefined && !sameId ? identityColumns(input.idNumber, cipher, today) : {}),
    ...(input.phone !== undefined && !samePhone ? optionalPhoneColumns(input.phone, cipher) : {}),
    contacts: contactColumns(input.contacts, cipher, existing.contacts as StoredContact[]),
  };
}

export function toListItem(r: Row & { regionName: string }, today: string): ElderListItem {
  return {
    id: r.id,
    name: r.name,
    sex: r.sex,
    birthYear: birthYearOf(r.birthDate),
    age: ageOn(r.birthDate, today),
    // Re-masked on read: rows stored before the 1 + 1 mask hold the old, completable form.
    idMasked: maskIdNumber(r.idMasked),
    phoneMasked: r.phoneMasked,
    regionId: r.regionId,
    regionName: r.regionName,
    address: r.address,
    categoryTypes: r.categoryTypes,
    livingFlags: r.livingFlags,
    abilityGrade: r.abilityGrade as ElderListItem['abilityGrade'],
    status: r.status,
    expiredEvidence: expiredEvidence(r.categories as CategoryEvidence[], today),
  };
}

/**
 * `fullBirthDate`: whether the caller's work needs the date itself (filing, assessing); others get
 * null and see the age and birth year of the list.
 */
export function toDetail(
  r: Row & { regionName: string },
  today: string,
  opts: { fullBirthDate: boolean },
): ElderDetail {
  return {
    ...toListItem(r, today),
    birthDate: opts.fullBirthDate ? r.birthDate : null,
    lng: r.lng,
    lat: r.lat,
    hukou: r.hukou,
    residenceYears: r.residenceYears,
    categories: r.categories as ElderDetail['categories'],
    contacts: (r.contacts as StoredContact[]).map(({ phoneCipher: _c, phoneHash: _h, ...c }) => c),
    health: r.health as ElderDetail['health'],
    abilityAssessedOn: r.abilityAssessedOn,
    abilityNextDue: r.abilityNextDue,
    deathDate: r.deathDate,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}
