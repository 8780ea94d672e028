// Between the contract and the table: encrypts and indexes personal data, derives what the ID
// number encodes, and shapes rows back into what a caller may see (masked).
import type {
  CategoryEvidenceView,
  ElderDetail,
  ElderInput,
  ElderListItem,
  ElderUpdate,
} from '../../../shared/schemas/elders.js';
import { ageOn, birthYearOf, maskCertificateNo, maskIdNumber } from '../../../core/elders/idcard.js';
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

/**
 * A category as stored in the categories jsonb: the certificate number only as cipher and mask.
 * Files stored before certificate numbers were encrypted hold certificateNo in clear until the
 * start-up step converts them; reading copes with both.
 */
export type StoredCategory = Omit<CategoryEvidence, 'certificateNo'> & {
  certificateNoCipher?: string | null;
  certificateNoMasked?: string | null;
  /** Only in files not yet converted. */
  certificateNo?: string | null;
};

/** The stored categories, certificate numbers encrypted; an absent number keeps the stored one of that type. */
export function categoryColumns(
  categories: ElderUpdate['categories'],
  cipher: PersonalDataCipher,
  existing: StoredCategory[] = [],
): StoredCategory[] {
  return categories.map(({ certificateNo, ...c }) => {
    const kept = certificateNo === undefined ? existing.find((e) => e.type === c.type) : undefined;
    if (kept) return { ...c, ...sealedCertificate(kept, cipher) };
    return {
      ...c,
      certificateNoCipher: certificateNo ? cipher.encrypt(certificateNo) : null,
      certificateNoMasked: certificateNo ? maskCertificateNo(certificateNo) : null,
    };
  });
}

/** A stored category's certificate as cipher and mask, encrypting one still held in clear. */
export function sealedCertificate(c: StoredCategory, cipher: PersonalDataCipher) {
  if (c.certificateNo)
    return {
      certificateNoCipher: cipher.encrypt(c.certificateNo),
      certificateNoMasked: maskCertificateNo(c.certificateNo),
    };
  return { certificateNoCipher: c.certificateNoCipher ?? null, certificateNoMasked: c.certificateNoMasked ?? null };
}

/**
 * Rules across fields that a per-field schema cannot state. `existing`: on an edit, the stored
 * categories, whose certificate numbers a category sent without one keeps.
 */
export function crossFieldErrors(input: Pick<ElderInput, 'categories'>, existing: StoredCategory[] = []): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  input.categories.forEach((c, i) => {
    if (seen.has(c.type)) errors.push({ field: `categories.${i}.type`, message: M.duplicateCategory(c.type) });
    seen.add(c.type);
    const kept = c.certificateNo === undefined && hasCertificate(existing.find((e) => e.type === c.type));
    for (const f of missingEvidence({ ...c, ...(kept ? { certificateNo: '(kept)' } : {}) } as CategoryEvidence)) {
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

const hasCertificate = (c: StoredCategory | undefined) => !!(c?.certificateNoCipher || c?.certificateNo);

/** What a file shows of its categories: certificate numbers masked. */
export function categoryViews(stored: StoredCategory[]): CategoryEvidenceView[] {
  return stored.map(({ certificateNo, certificateNoCipher: _c, certificateNoMasked, ...c }) => ({
    ...c,
    certificateNoMasked: certificateNoMasked ?? (certificateNo ? maskCertificateNo(certificateNo) : null),
  }));
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
    categoryTypes: input.categories.map((c) => c.type),
    health: input.health,
  };
}

/** Every column a new file sets (status and ability have their own paths). */
export function rowValues(input: ElderInput, cipher: PersonalDataCipher, today: string) {
  return {
    ...commonColumns(input),
    categories: categoryColumns(input.categories, cipher),
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
    categories: categoryColumns(input.categories, cipher, existing.categories as StoredCategory[]),
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
    categories: categoryViews(r.categories as StoredCategory[]),
    contacts: (r.contacts as StoredContact[]).map(({ phoneCipher: _c, phoneHash: _h, ...c }) => c),
    health: r.health as ElderDetail['health'],
    abilityAssessedOn: r.abilityAssessedOn,
    abilityNextDue: r.abilityNextDue,
    deathDate: r.deathDate,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}
