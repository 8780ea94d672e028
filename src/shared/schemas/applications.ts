import { z } from '../zod.js';
import { APP_ACTIONS, APP_STATES } from '../../core/applications/workflow.js';
import { PROGRAMMES } from '../../core/policy/policy.js';
import { DOCUMENT_KINDS } from '../../core/applications/document-type.js';
import { PageQuery, pageOf, IsoDate } from './common.js';

export const NewApplication = z
  .object({
    elderId: z.number().int().positive(),
    programme: z.enum(['home_care_subsidy', 'service_voucher', 'visiting', 'tekun_support', 'care_subsidy']),
    kind: z.enum(['new', 'change']).default('new'),
    opinion: z.string().trim().min(2, '请填写受理意见').max(500),
  })
  .strict();

export const ActionBody = z
  .object({
    action: z.enum(APP_ACTIONS),
    opinion: z.string().trim().max(500).default(''),
    noticeFrom: IsoDate.optional(),
    noticeTo: IsoDate.optional(),
    review: z
      .object({
        reviewDate: IsoDate,
        participants: z.number().int().min(1).max(10_000),
        votesFor: z.number().int().min(0),
        votesAgainst: z.number().int().min(0),
      })
      .strict()
      .optional(),
  })
  .strict();

export const AgreementInput = z
  .object({
    villagerGroup: z.string().trim().min(2).max(60),
    villageCommittee: z.string().trim().min(2).max(60),
    townshipOffice: z.string().trim().min(2).max(60),
    carer: z.string().trim().max(60).nullable().optional(),
    contractedLandMu: z.number().min(0).max(10_000),
    homesteadSqm: z.number().min(0).max(100_000),
    houseRooms: z.number().int().min(0).max(100),
    houseSqm: z
      .number({ error: '请填写房屋面积（平方米）' })
      .min(0, '房屋面积不能为负')
      .max(10_000, '房屋面积不超过 10000 平方米'),
    propertyNotes: z.string().trim().max(500).nullable().optional(),
    signedOn: IsoDate,
  })
  .strict();
export const Agreement = AgreementInput.extend({
  id: z.number().int(),
  carer: z.string().nullable(),
  houseSqm: z.number().nullable(),
  propertyNotes: z.string().nullable(),
  /** When the district took it on file (报区民政局备案), and who. */
  filedAt: z.string().nullable(),
  filedByName: z.string().nullable(),
});

export const Step = z.object({
  id: z.number().int(),
  action: z.string(),
  fromState: z.string().nullable(),
  toState: z.string(),
  actorName: z.string(),
  opinion: z.string(),
  data: z.unknown().nullable(),
  at: z.string(),
});
export const ApplicationDto = z.object({
  id: z.number().int(),
  elderId: z.number().int(),
  elderName: z.string(),
  idMasked: z.string(),
  regionName: z.string(),
  programme: z.enum(PROGRAMMES),
  programmeName: z.string(),
  kind: z.enum(['new', 'change']),
  state: z.enum(APP_STATES),
  submittedOn: z.string(),
  deadline: z.string().nullable(),
  overdue: z.boolean(),
  owner: z.enum(['community', 'street', 'district']).nullable(),
  noticeFrom: z.string().nullable(),
  noticeTo: z.string().nullable(),
  openObjections: z.number().int(),
  effectiveFrom: z.string().nullable(),
});
export const Document = z.object({
  id: z.number().int(),
  kind: z.enum(DOCUMENT_KINDS),
  filename: z.string(),
  mime: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  uploadedAt: z.string(),
});
export const ApplicationDetail = ApplicationDto.extend({
  steps: z.array(Step),
  allowedActions: z.array(z.enum(APP_ACTIONS)),
  documents: z.array(Document),
  missingDocuments: z.array(z.enum(DOCUMENT_KINDS)),
  agreement: Agreement.nullable(),
});
export const ApplicationPage = pageOf(ApplicationDto);
export const ApplicationQuery = PageQuery.extend({
  todo: z.enum(['true']).optional(),
  state: z.enum(APP_STATES).optional(),
  overdue: z.enum(['true']).optional(),
});
