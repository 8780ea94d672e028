import { checkDigit } from '../../src/core/elders/idcard.js';

/** A valid ID number for a birth date (YYYYMMDD) and a sequence; odd sequences are men. */
export function idFor(birth: string, seq = 1, region = '620102'): string {
  const first17 = `${region}${birth}${String(seq).padStart(3, '0')}`;
  return first17 + checkDigit(first17);
}

export function elderBody(regionId: number, over: Record<string, unknown> = {}) {
  return {
    name: '张三',
    idNumber: idFor('19450315', 11),
    phone: '13812345678',
    regionId,
    address: '和平路 1 号',
    hukou: 'local',
    residenceYears: 40,
    livingFlags: ['alone'],
    categories: [],
    contacts: [],
    ...over,
  };
}
