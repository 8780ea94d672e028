// The elder file's contract: the same rules validate the web form, the API and every row of an
// Excel import.
import { z } from '../zod.js';
import { CATEGORY_TYPES, DISABILITY_TYPES, LIVING_FLAGS } from '../../core/elders/categories.js';
import { parseIdNumber, type IdProblem } from '../../core/elders/idcard.js';
import { isValidPhone, normalizePhone } from '../../core/elders/phone.js';
import { GRADES } from '../../core/assessment/gb42195.js';
import { NEED_TYPES } from '../../core/needs/needs-summary.js';
import { PageQuery, pageOf, sortParam, IsoDate } from './common.js';
import { shanghaiDate } from '../today.js';

export const ID_PROBLEM_MESSAGES: Record<IdProblem, string> = {
  length: '身份证号应为 18 位',
  characters: '身份证号前 17 位应为数字，最后一位为数字或 X',
  region: '身份证号的地区代码不存在',
  birth_date: '身份证号中的出生日期无效',
  future_birth: '身份证号中的出生日期晚于今天',
  check_digit: '身份证号校验位不正确，请核对是否录错',
};

export const IdNumber = z
  .string()
  .trim()
  .toUpperCase()
  .superRefine((v, ctx) => {
    const r = parseIdNumber(v, shanghaiDate());
    if (!r.ok) ctx.addIssue({ code: 'custom', message: ID_PROBLEM_MESSAGES[r.problem] });
  });

export const Phone = z
  .string()
  .trim()
  .max(20, '电话号码过长')
  .transform(normalizePhone)
  .refine(isValidPhone, '电话号码格式不正确：手机为 11 位数字，座机如 0931-8123456');

export const CategoryEvidence = z
  .object({
    type: z.enum(CATEGORY_TYPES),
    certificateNo: z.string().trim().max(40).nullable().optional(),
    validUntil: IsoDate.nullable().optional(),
    supportMode: z.enum(['concentrated', 'dispersed']).nullable().optional(),
    disabilityGrade: z
      .union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)])
      .nullable()
      .optional(),
    disabilityType: z.enum(DISABILITY_TYPES).nullable().optional(),
    title: z.string().trim().max(60).nullable().optional(),
  })
  .strict();

/**
 * A category as a file shows it: the certificate number masked (it often contains the ID number);
 * the full number only through the audited reveal.
 */
export const CategoryEvidenceView = CategoryEvidence.omit({ certificateNo: true }).extend({
  certificateNoMasked: z.string().nullable(),
});
export type CategoryEvidenceView = z.infer<typeof CategoryEvidenceView>;

export const ContactInput = z
  .object({
    name: z.string().trim().min(1, '请填写联系人姓名').max(40),
    relation: z.string().trim().min(1, '请填写关系').max(20),
    phone: Phone.nullable().optional(),
    sameCommunity: z.boolean().default(false),
    canCare: z.boolean().default(false),
    emergencyOrder: z.number().int().min(1).max(9).nullable().optional(),
    guardian: z.boolean().default(false),
  })
  .strict();

export const HealthArchive = z
  .object({
    chronicConditions: z.array(z.string().trim().min(1).max(40)).max(30).default([]),
    allergies: z.array(z.string().trim().min(1).max(40)).max(30).default([]),
    medications: z.array(z.string().trim().min(1).max(60)).max(30).default([]),
    familyDoctor: z
      .object({
        name: z.string().trim().min(1).max(40),
        organization: z.string().trim().max(80).nullable().optional(),
        contractUntil: IsoDate.nullable().optional(),
      })
      .nullable()
      .optional(),
    checkups: z
      .array(z.object({ date: IsoDate, findings: z.string().trim().min(1).max(500) }))
      .max(50)
      .default([]),
  })
  .strict();

export const ElderInput = z
  .object({
    name: z
      .string()
      .trim()
      .min(2, '姓名至少 2 个字')
      .max(40)
      .regex(/^[\u3400-\u9fff·•a-zA-Z ]+$/, '姓名只能包含汉字、字母和间隔号'),
    idNumber: IdNumber,
    phone: Phone.nullable().optional(),
    regionId: z.number().int().positive(),
    address: z.string().trim().min(2).max(200),
    lng: z.number().min(73).max(136).nullable().optional(),
    lat: z.number().min(3).max(54).nullable().optional(),
    hukou: z.enum(['local', 'nonlocal']),
    residenceYears: z.number().int().min(0).max(120).nullable().optional(),
    livingFlags: z.array(z.enum(LIVING_FLAGS)).max(LIVING_FLAGS.length).default([]),
    categories: z.array(CategoryEvidence).max(10).default([]),
    contacts: z.array(ContactInput).max(10).default([]),
    health: HealthArchive.default({ chronicConditions: [], allergies: [], medications: [], checkups: [] }),
  })
  .strict();
export type ElderInput = z.infer<typeof ElderInput>;

/**
 * An edit sends what the form holds. Personal data the form only shows masked stays as it is
 * unless given: no idNumber keeps the ID, an absent phone keeps the phone (null clears it),
 * a contact without a phone but with keepPhone keeps that existing contact's phone, and a
 * category without certificateNo keeps the certificate number stored for that category (null clears it).
 */
export const ElderUpdate = ElderInput.extend({
  idNumber: IdNumber.optional(),
  contacts: z
    .array(ContactInput.extend({ keepPhone: z.number().int().min(0).max(9).optional() }).strict())
    .max(10)
    .default([]),
}).strict();
export type ElderUpdate = z.infer<typeof ElderUpdate>;

export const ElderStatus = z.enum(['active', 'suspended', 'moved_out', 'deceased']);

export const ElderListItem = z.object({
  id: z.number().int(),
  name: z.string(),
  sex: z.enum(['M', 'F']),
  // Age and year only: with the full date the masked ID needs just its hidden digits guessed.
  birthYear: z.number().int(),
  age: z.number().int(),
  idMasked: z.string(),
  phoneMasked: z.string().nullable(),
  regionId: z.number().int(),
  regionName: z.string(),
  address: z.string(),
  categoryTypes: z.array(z.string()),
  livingFlags: z.array(z.string()),
  abilityGrade: z.enum(GRADES).nullable(),
  status: ElderStatus,
  expiredEvidence: z.array(z.string()),
});
export type ElderListItem = z.infer<typeof ElderListItem>;
export const ElderPage = pageOf(ElderListItem);

export const Contact = ContactInput.omit({ phone: true }).extend({ phoneMasked: z.string().nullable() });

export const ElderDetail = ElderListItem.extend({
  /**
   * The full date only for roles that file and assess elders (those allowed to edit the file);
   * null for everyone else, who see the age and birth year.
   */
  birthDate: z.string().nullable(),
  lng: z.number().nullable(),
  lat: z.number().nullable(),
  hukou: z.enum(['local', 'nonlocal']),
  residenceYears: z.number().int().nullable(),
  categories: z.array(CategoryEvidenceView),
  contacts: z.array(Contact),
  health: HealthArchive,
  abilityAssessedOn: z.string().nullable(),
  abilityNextDue: z.string().nullable(),
  deathDate: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ElderDetail = z.infer<typeof ElderDetail>;

export const ElderQuery = PageQuery.extend({
  q: z.string().trim().max(40).optional(),
  regionId: z.coerce.number().int().positive().optional(),
  category: z.enum(CATEGORY_TYPES).optional(),
  flag: z.enum(LIVING_FLAGS).optional(),
  ageBand: z.enum(['60-69', '70-79', '80-89', '90+', '100+']).optional(),
  grade: z.enum([...GRADES, 'none']).optional(),
  status: z.enum(['current', 'active', 'suspended', 'moved_out', 'deceased', 'all']).default('current'),
  expired: z.enum(['true']).optional(),
  sort: sortParam(['name', 'birthDate', 'updatedAt'] as const, 'name'),
});
export type ElderQuery = z.infer<typeof ElderQuery>;

export const TransferBody = z
  .object({
    regionId: z.number().int().positive(),
    address: z.string().trim().min(2).max(200).optional(),
    reason: z.string().trim().min(2).max(200),
  })
  .strict();
export const StatusBody = z
  .object({
    status: ElderStatus,
    deathDate: IsoDate.nullable().optional(),
    reason: z.string().trim().min(2).max(200),
  })
  .strict();
export const RevealBody = z
  .object({
    field: z.enum(['idNumber', 'phone', 'contactPhone', 'certificate']),
    contactIndex: z.number().int().min(0).max(9).optional(),
    /** With field certificate: whose category's certificate number. */
    categoryType: z.enum(CATEGORY_TYPES).optional(),
    reason: z.string().trim().min(2).max(200),
  })
  .strict();

export const AssessmentInput = z
  .object({
    assessedOn: IsoDate,
    assessor: z.string().trim().min(2).max(40),
    reason: z.enum(['first', 'routine', 'change', 'review']),
    answers: z.record(z.string(), z.string().max(20)),
    dementiaOrMentalDisorder: z.boolean(),
    riskEventsLast30Days: z.number().int().min(0).max(100),
  })
  .strict();

export const Assessment = z.object({
  id: z.number().int(),
  standard: z.string(),
  assessedOn: z.string(),
  assessor: z.string(),
  reason: z.string(),
  answers: z.record(z.string(), z.string()),
  dementiaOrMentalDisorder: z.boolean(),
  riskEventsLast30Days: z.number().int(),
  dimensions: z.record(z.string(), z.number()),
  total: z.number().int(),
  preliminaryGrade: z.enum(GRADES),
  grade: z.enum(GRADES),
  adjustments: z.array(z.string()),
  nextDue: z.string(),
});

export const NeedsSurveyInput = z
  .object({
    surveyedOn: IsoDate,
    surveyor: z.string().trim().min(2).max(40),
    needs: z.array(z.enum(NEED_TYPES)).max(NEED_TYPES.length),
    notes: z.string().trim().max(500).nullable().optional(),
  })
  .strict();
export const NeedsSurvey = NeedsSurveyInput.extend({ id: z.number().int(), notes: z.string().nullable() });

const TallySchema = z.object({ elders: z.number().int(), needs: z.record(z.string(), z.number().int()) });
export const NeedsSummaryResponse = z.object({
  region: z.object({ id: z.number().int(), name: z.string(), level: z.string() }),
  groups: z.record(z.string(), z.object({ total: TallySchema, byAgeBand: z.record(z.string(), TallySchema) })),
  children: z.array(z.object({ regionId: z.number().int(), name: z.string(), tally: TallySchema })),
});
