// The caregivers' contract: the record, certificates, status, and what the list shows.
import { z } from '../zod.js';
import { CERTIFICATE_KINDS, SKILLS } from '../../core/caregivers/certificates.js';
import { IdNumber, Phone } from './elders.js';
import { IsoDate } from './catalogue.js';
import { PageQuery, pageOf, sortParam } from './common.js';
import { ArchiveBody, ArchivedDto } from './providers.js';

const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:MM');

export const CertificateInput = z
  .object({
    kind: z.enum(CERTIFICATE_KINDS),
    level: z.number().int().min(1).max(5).nullable().optional(),
    number: z.string().trim().min(4, '证书编号至少 4 个字符').max(60),
    issuer: z.string().trim().min(2).max(60),
    issuedOn: IsoDate,
    validUntil: IsoDate.nullable().optional(),
  })
  .strict();
export type CertificateInput = z.infer<typeof CertificateInput>;

const Fields = {
  providerId: z.number().int().positive(),
  name: z
    .string()
    .trim()
    .min(2, '姓名至少 2 个字')
    .max(40)
    .regex(/^[\u3400-\u9fff·•a-zA-Z ]+$/, '姓名只能包含汉字、字母和间隔号'),
  idNumber: IdNumber,
  phone: Phone,
  skills: z.array(z.enum(SKILLS)).max(22).default([]),
  workDays: z.array(z.number().int().min(1).max(7)).min(1, '至少选择一个工作日').max(7),
  workStart: Time,
  workEnd: Time,
  homeAddress: z.string().trim().max(200).nullable().optional(),
  homeLng: z.number().min(73).max(136).nullable().optional(),
  homeLat: z.number().min(3).max(54).nullable().optional(),
  joinedOn: IsoDate,
};

const hoursOrdered = (c: { workStart?: string; workEnd?: string }) =>
  !c.workStart || !c.workEnd || c.workStart < c.workEnd;

export const CaregiverCreate = z
  .object({ ...Fields, certificates: z.array(CertificateInput).max(12).default([]) })
  .strict()
  .refine(hoursOrdered, { message: '下班时间应晚于上班时间', path: ['workEnd'] });
export type CaregiverCreate = z.infer<typeof CaregiverCreate>;

/** An edit keeps the stored ID number and phone unless new ones are given. */
export const CaregiverUpdate = z
  .object({ ...Fields, idNumber: IdNumber.optional(), phone: Phone.optional() })
  .omit({ providerId: true })
  .strict()
  .refine(hoursOrdered, { message: '下班时间应晚于上班时间', path: ['workEnd'] });

export const CaregiverStatusBody = z
  .object({ status: z.enum(['active', 'suspended', 'left']), reason: z.string().trim().min(2, '请填写原因').max(200) })
  .strict();

export const CertificateDto = CertificateInput.extend({
  id: z.number().int(),
  level: z.number().int().nullable(),
  validUntil: z.string().nullable(),
  expiry: z.enum(['expired', 'expiring', 'valid']),
});
export const ArchivedCertificateDto = CertificateDto.omit({ expiry: true }).extend(ArchivedDto.shape);
export { ArchiveBody };

export const CaregiverListItem = z.object({
  id: z.number().int(),
  providerId: z.number().int(),
  providerName: z.string(),
  name: z.string(),
  sex: z.enum(['M', 'F']),
  age: z.number().int(),
  idMasked: z.string(),
  phoneMasked: z.string(),
  skills: z.array(z.enum(SKILLS)),
  status: z.enum(['active', 'suspended', 'left']),
  healthValidUntil: z.string().nullable(),
  healthExpiry: z.enum(['expired', 'expiring', 'valid', 'missing']),
  qualification: z.string().nullable(),
  dispatchable: z.boolean(),
  blockers: z.array(z.string()),
  hasPhoto: z.boolean(),
  joinedOn: z.string(),
});
export type CaregiverListItem = z.infer<typeof CaregiverListItem>;
export const CaregiverPage = pageOf(CaregiverListItem);

export const CaregiverDetail = CaregiverListItem.extend({
  // The year only: beside even a masked ID number, the full birth date narrows it to a handful.
  birthYear: z.number().int(),
  workDays: z.array(z.number().int()),
  workStart: z.string(),
  workEnd: z.string(),
  homeAddress: z.string().nullable(),
  homeLng: z.number().nullable(),
  homeLat: z.number().nullable(),
  statusReason: z.string().nullable(),
  username: z.string().nullable(),
  /** Certificates on file; archived ones (kept, never deleted) count for nothing. */
  certificates: z.array(CertificateDto),
  archivedCertificates: z.array(ArchivedCertificateDto),
  updatedAt: z.string(),
});
export type CaregiverDetail = z.infer<typeof CaregiverDetail>;

export const CaregiverQuery = PageQuery.extend({
  q: z.string().trim().max(40).optional(),
  providerId: z.coerce.number().int().positive().optional(),
  status: z.enum(['active', 'suspended', 'left', 'all']).default('active'),
  skill: z.enum(SKILLS).optional(),
  health: z.enum(['expired', 'expiring', 'missing', 'problem']).optional(),
  qualified: z.enum(['true', 'false']).optional(),
  sort: sortParam(['name', 'joinedOn', 'healthValidUntil'] as const, 'name'),
});

export const RevealCaregiverBody = z
  .object({ field: z.enum(['idNumber', 'phone']), reason: z.string().trim().min(2, '请填写查看原因').max(200) })
  .strict();
