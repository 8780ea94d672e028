// Turns the caregiver form's values (dayjs dates and times) into the API's shape.
import type dayjs from 'dayjs';
import type { FormValues } from '../../components/form-values.js';

const day = (d: dayjs.Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);

export function certificatePayload(c: FormValues) {
  return {
    kind: c.kind,
    level: c.kind === 'care_worker' ? c.level : null,
    number: c.number,
    issuer: c.issuer,
    issuedOn: day(c.issuedOn),
    validUntil: day(c.validUntil),
  };
}

export function caregiverPayload(v: FormValues) {
  const [start, end] = (v.hours ?? []) as dayjs.Dayjs[];
  return {
    ...(v.providerId ? { providerId: v.providerId } : {}),
    name: v.name,
    ...(v.idNumber ? { idNumber: v.idNumber } : {}),
    ...(v.phone ? { phone: v.phone } : {}),
    skills: v.skills ?? [],
    workDays: v.workDays ?? [],
    workStart: start?.format('HH:mm'),
    workEnd: end?.format('HH:mm'),
    homeAddress: v.homeAddress || null,
    homeLng: v.homeLng ?? null,
    homeLat: v.homeLat ?? null,
    joinedOn: day(v.joinedOn),
    ...(v.certificates ? { certificates: (v.certificates as FormValues[]).map(certificatePayload) } : {}),
  };
}
