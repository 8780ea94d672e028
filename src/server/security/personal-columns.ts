// The stored form of an ID number and a phone, the same for elders and caregivers: cipher for
// the value, keyed hash for exact search, masked text for display, and what the ID encodes.
import { maskIdNumber, parseIdNumber } from '../../core/elders/idcard.js';
import { maskPhone } from '../../core/elders/phone.js';
import type { PersonalDataCipher } from './personal-data.js';

export function identityColumns(idNumber: string, cipher: PersonalDataCipher, today: string) {
  const parsed = parseIdNumber(idNumber, today);
  if (!parsed.ok) throw new Error('idNumber must be validated before it is stored');
  return {
    idCipher: cipher.encrypt(idNumber),
    idHash: cipher.index(idNumber),
    idMasked: maskIdNumber(idNumber),
    birthDate: parsed.facts.birthDate,
    sex: parsed.facts.sex,
  };
}

export const phoneColumns = (phone: string, cipher: PersonalDataCipher) => ({
  phoneCipher: cipher.encrypt(phone),
  phoneHash: cipher.index(phone),
  phoneMasked: maskPhone(phone),
});
