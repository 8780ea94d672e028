// The providers' contract: registration, review, agreements, licences, offered items, service
// points and areas, the rules, alerts and the published registry.
import { z } from '../zod.js';
import { checkCreditCode, normalizeCreditCode, type CreditCodeProblem } from '../../core/providers/credit-code.js';
import { polygonProblem, type PolygonProblem } from '../../core/geo/geo.js';
import { SATISFACTION_LEVELS } from '../../core/providers/rules.js';
import { HOTLINE_PATTERN } from '../../core/orders/call-centre-rules.js';
import { SERVICE_CATEGORIES } from '../../core/catalogue/categories.js';
import { AGREEMENT_STATES, LICENCE_KINDS, PROVIDER_KINDS } from '../service-labels.js';
import { isValidPhone, normalizePhone } from '../../core/elders/phone.js';
import { IsoDate } from './catalogue.js';
import { ConditionSchema } from './policies.js';
import { PageQuery, pageOf, sortParam } from './common.js';

export const CREDIT_CODE_MESSAGES: Record<CreditCodeProblem, string> = {
  length: '统一社会信用代码应为 18 位',
  characters: '统一社会信用代码只含数字和大写字母（不含 I、O、Z、S、V）',
  department: '第 1 位登记管理部门代码不正确',
  category: '第 2 位机构类别代码与登记管理部门不符',
  region: '第 3-8 位行政区划码不正确',
  org_check: '第 9-17 位组织机构代码的校验位不正确，请核对',
  check: '第 18 位校验码不正确，请核对是否录错',
};

export const CreditCode = z
  .string()
  .transform(normalizeCreditCode)
  .superRefine((v, ctx) => {
    const p = checkCreditCode(v);
    if (p) ctx.addIssue({ code: 'custom', message: CREDIT_CODE_MESSAGES[p] });
  });

export const BusinessPhone = z
  .string()
  .trim()
  .max(20, '电话号码过长')
  .transform(normalizePhone)
  .refine(isValidPhone, '电话号码格式不正确：手机为 11 位数字，座机如 0931-8123456');

export const POLYGON_MESSAGES: Record<PolygonProblem, string> = {
  too_few_points: '多边形至少需要 3 个不同的顶点（首尾相同共 4 个点）',
  not_closed: '多边形未闭合：最后一个点应与第一个点相同',
  self_intersecting: '多边形的边相互交叉，请按顺序描出边界',
  zero_area: '多边形面积为零',
  out_of_range: '坐标超出范围（经度 73-136，纬度 3-54）',
};

const Lng = z.number().min(73, '经度应在 73 到 136 之间').max(136, '经度应在 73 到 136 之间');
const Lat = z.number().min(3, '纬度应在 3 到 54 之间').max(54, '纬度应在 3 到 54 之间');

export const LicenceInput = z
  .object({
    kind: z.enum(LICENCE_KINDS),
    number: z.string().trim().min(4).max(60),
    issuer: z.string().trim().min(2).max(60),
    validFrom: IsoDate,
    validUntil: IsoDate.nullable().optional(),
  })
  .strict()
  .refine((l) => !l.validUntil || l.validUntil >= l.validFrom, {
    message: '有效期至不能早于发证日期',
    path: ['validUntil'],
  });

const ProviderFields = {
  name: z.string().trim().min(4, '机构名称至少 4 个字').max(120),
  kind: z.enum(PROVIDER_KINDS),
  creditCode: CreditCode,
  legalRepresentative: z.string().trim().min(2).max(40),
  contactName: z.string().trim().min(2).max(40),
  contactPhone: BusinessPhone,
  address: z.string().trim().min(4).max(200),
  lng: Lng.nullable().optional(),
  lat: Lat.nullable().optional(),
  regionId: z.number().int().positive(),
  description: z.string().trim().max(500).nullable().optional(),
  parentId: z.number().int().positive().nullable().optional(),
};

export const ProviderCreate = z
  .object({
    ...ProviderFields,
    licences: z.array(LicenceInput).min(1, '至少登记一项证照（营业执照或登记证书）').max(10),
  })
  .strict();
export const ProviderUpdate = z.object(ProviderFields).partial().strict();
export type ProviderCreate = z.infer<typeof ProviderCreate>;

export const ReviewBody = z
  .object({ decision: z.enum(['approve', 'reject']), note: z.string().trim().min(2, '请填写审核意见').max(500) })
  .strict();

/** Approving or rejecting a pending change of a provider's registration data. */
export const ChangeDecisionBody = z
  .object({
    decision: z.enum(['approve', 'reject'], { error: '请选择批准或驳回' }),
    note: z.string({ error: '请填写审核意见' }).trim().min(2, '审核意见至少 2 个字').max(500, '审核意见最多 500 个字'),
  })
  .strict();

/** Archiving a licence or a certificate: it stays on file, with the reason. */
export const ArchiveBody = z
  .object({
    reason: z
      .string({ error: '请填写归档原因' })
      .trim()
      .min(2, '归档原因至少 2 个字')
      .max(200, '归档原因最多 200 个字'),
  })
  .strict();

export const AgreementCreate = z
  .object({
    number: z.string().trim().min(4).max(40),
    signedOn: IsoDate,
    startDate: IsoDate,
    endDate: IsoDate,
  })
  .strict()
  .refine((a) => a.endDate >= a.startDate, { message: '协议结束日期不能早于开始日期', path: ['endDate'] });

export const AgreementStatusBody = z
  .object({
    status: z.enum(['active', 'suspended', 'terminated']),
    reason: z.string().trim().min(2, '请填写原因').max(500),
  })
  .strict();

export const ProviderItemsBody = z.object({ itemIds: z.array(z.number().int().positive()).max(500) }).strict();

export const AreaInput = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('radius'),
      // The district's rules narrow this further; these bounds only keep out nonsense.
      radiusM: z
        .number()
        .int('半径以米为单位，须为整数')
        .positive('服务半径必须大于 0')
        .max(200_000, '服务半径不能超过 200 公里'),
    })
    .strict(),
  z
    .object({
      kind: z.literal('polygon'),
      ring: z
        .array(z.tuple([z.number(), z.number()]))
        .max(500, '多边形最多 500 个点')
        .superRefine((ring, ctx) => {
          const p = polygonProblem(ring);
          if (p) ctx.addIssue({ code: 'custom', message: POLYGON_MESSAGES[p] });
        }),
    })
    .strict(),
]);

export const ServicePointInput = z
  .object({
    name: z.string().trim().min(2).max(60),
    address: z.string().trim().min(4).max(200),
    regionId: z.number().int().positive().nullable().optional(),
    lng: Lng,
    lat: Lat,
    area: AreaInput,
  })
  .strict();

export const LicenceDto = z.object({
  id: z.number().int(),
  kind: z.enum(LICENCE_KINDS),
  number: z.string(),
  issuer: z.string(),
  validFrom: z.string(),
  validUntil: z.string().nullable(),
  expiry: z.enum(['expired', 'expiring', 'valid']),
});

/** Who took a document off file, when and why. */
export const ArchivedDto = z.object({
  archivedAt: z.string(),
  archivedByName: z.string().nullable(),
  archiveReason: z.string(),
});
export const ArchivedLicenceDto = LicenceDto.omit({ expiry: true }).extend(ArchivedDto.shape);

export const PROVIDER_CHANGE_STATES = ['pending', 'approved', 'rejected', 'withdrawn'] as const;
export const ProviderChangeDto = z.object({
  id: z.number().int(),
  state: z.enum(PROVIDER_CHANGE_STATES),
  fields: z.array(
    z.object({
      field: z.string(),
      /** The field's Chinese name. */
      label: z.string(),
      from: z.unknown(),
      to: z.unknown(),
      /** The values as a person reads them (a region's or a provider's name, a kind's label). */
      fromText: z.string(),
      toText: z.string(),
    }),
  ),
  requestedById: z.number().int(),
  requestedByName: z.string(),
  requestedAt: z.string(),
  decidedByName: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
});
export type ProviderChangeDto = z.infer<typeof ProviderChangeDto>;

export const AgreementDto = z.object({
  id: z.number().int(),
  number: z.string(),
  signedOn: z.string(),
  startDate: z.string(),
  endDate: z.string(),
  stored: z.enum(['active', 'suspended', 'terminated']),
  state: z.enum(AGREEMENT_STATES),
  statusReason: z.string().nullable(),
  daysLeft: z.number().int().nullable(),
  /** Who signed for the government side: the district, or a street for its own area (002 第5篇 L295). */
  signedByRegionId: z.number().int().nullable(),
  signedByLevel: z.enum(['district', 'street']),
  signedBy: z.string(),
});

export const ServicePointDto = z.object({
  id: z.number().int(),
  name: z.string(),
  address: z.string(),
  regionId: z.number().int().nullable(),
  regionName: z.string().nullable(),
  lng: z.number(),
  lat: z.number(),
  areaKind: z.enum(['radius', 'polygon']),
  agreedRadiusM: z.number().int().nullable(),
  radiusM: z.number().int().nullable(),
  polygon: z.array(z.tuple([z.number(), z.number()])).nullable(),
  active: z.boolean(),
});

export const EvaluationDto = z.object({
  id: z.number().int(),
  quarter: z.string(),
  score: z.number().nullable(),
  reason: z.string(),
  factor: z.number(),
  inputs: z.object({
    ratings: z.record(z.enum(SATISFACTION_LEVELS), z.number().int()),
    verifiedOrders: z.number().int(),
    upheldComplaints: z.number().int(),
  }),
  points: z.array(
    z.object({ pointId: z.number().int(), name: z.string(), before: z.number().int(), after: z.number().int() }),
  ),
  createdAt: z.string(),
});

export const CertificationDto = z.object({
  active: z.number().int(),
  qualified: z.number().int(),
  percent: z.number().nullable(),
  meetsTarget: z.boolean().nullable(),
  targetPercent: z.number(),
});

export const ProviderListItem = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: z.enum(PROVIDER_KINDS),
  creditCode: z.string().nullable(),
  regionId: z.number().int(),
  regionName: z.string(),
  status: z.enum(['pending', 'approved', 'rejected']),
  agreementState: z.enum(AGREEMENT_STATES).nullable(),
  agreementEnd: z.string().nullable(),
  parentId: z.number().int().nullable(),
  parentName: z.string().nullable(),
  rating: z.number().nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  caregiverCount: z.number().int(),
  pointCount: z.number().int(),
  itemCount: z.number().int(),
  /** A change of its registration data waits for review. */
  pendingChange: z.boolean(),
  createdAt: z.string(),
});
export type ProviderListItem = z.infer<typeof ProviderListItem>;
export const ProviderPage = pageOf(ProviderListItem);

export const ProviderDetail = ProviderListItem.extend({
  legalRepresentative: z.string().nullable(),
  address: z.string().nullable(),
  lng: z.number().nullable(),
  lat: z.number().nullable(),
  description: z.string().nullable(),
  reviewNote: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  /** Licences on file; archived ones are in archivedLicences. */
  licences: z.array(LicenceDto),
  archivedLicences: z.array(ArchivedLicenceDto),
  /** The change of registration data waiting for review, and the changes decided before it. */
  pendingChange: ProviderChangeDto.nullable(),
  changes: z.array(ProviderChangeDto),
  agreements: z.array(AgreementDto),
  items: z.array(
    z.object({ id: z.number().int(), code: z.string(), name: z.string(), categoryCode: z.enum(SERVICE_CATEGORIES) }),
  ),
  points: z.array(ServicePointDto),
  affiliates: z.array(
    z.object({ id: z.number().int(), name: z.string(), status: z.enum(['pending', 'approved', 'rejected']) }),
  ),
  certification: CertificationDto,
  evaluations: z.array(EvaluationDto),
});
export type ProviderDetail = z.infer<typeof ProviderDetail>;

export const ProviderQuery = PageQuery.extend({
  q: z.string().trim().max(60).optional(),
  kind: z.enum(PROVIDER_KINDS).optional(),
  status: z.enum(['pending', 'approved', 'rejected']).optional(),
  agreement: z.enum(AGREEMENT_STATES).optional(),
  regionId: z.coerce.number().int().positive().optional(),
  parentId: z.coerce.number().int().positive().optional(),
  pendingChange: z.enum(['true', 'false']).optional(),
  sort: sortParam(['name', 'createdAt', 'rating'] as const, 'name'),
});

export const ProviderRulesParams = z
  .object({
    levelScores: z
      .object(
        Object.fromEntries(SATISFACTION_LEVELS.map((l) => [l, z.number().min(0).max(100)])) as Record<
          (typeof SATISFACTION_LEVELS)[number],
          z.ZodNumber
        >,
      )
      .strict(),
    complaintPenalty: z.number().min(0).max(100),
    minRatings: z.number().int().min(0).max(10_000),
    radiusBands: z
      .array(z.object({ minScore: z.number().min(0).max(100), factor: z.number().min(0.1).max(5) }).strict())
      .min(1)
      .max(10),
    radiusMinM: z.number().int().min(100, '最小半径不能小于 100 米').max(100_000),
    radiusMaxM: z.number().int().min(100).max(100_000, '最大半径不能超过 100 公里'),
    alertDays: z.number().int().min(1).max(365),
    certificationTargetPercent: z.number().min(0).max(100),
    qualificationKinds: z.array(z.string().min(1)).min(1).max(12),
    acceptMinutes: z.number().int().min(1, '至少 1 分钟').max(240, '最多 240 分钟').optional(),
    callCentre: z
      .object({
        verification: z
          .object({
            maxDistanceM: z.number().int().min(20, '核验距离至少 20 米').max(5000, '核验距离不超过 5000 米'),
            minDurationShare: z.number().min(0, '时长比例在 0 到 1 之间').max(1, '时长比例在 0 到 1 之间'),
            // The check-in window around the booked start; a version without them gets 30 and 60.
            checkInEarlyMinutes: z
              .number()
              .int('可提前签到的分钟数须为整数')
              .min(0, '可提前签到的分钟数在 0 到 720 之间')
              .max(720, '可提前签到的分钟数在 0 到 720 之间')
              .optional(),
            checkInLateMinutes: z
              .number()
              .int('可迟到签到的分钟数须为整数')
              .min(0, '可迟到签到的分钟数在 0 到 720 之间')
              .max(720, '可迟到签到的分钟数在 0 到 720 之间')
              .optional(),
          })
          .strict()
          .optional(),
        callbackSamplePercent: z
          .number()
          .min(0, '回访比例在 0 到 100 之间')
          .max(100, '回访比例在 0 到 100 之间')
          .optional(),
        callbackAfterHours: z.number().int().min(0).max(168, '最多 168 小时').optional(),
        smsRating: z.boolean().optional(),
        checkInGraceMinutes: z.number().int().min(0).max(240, '最多 240 分钟').optional(),
        complaintWorkingDays: z.number().int().min(1, '至少 1 个工作日').max(60, '最多 60 个工作日').optional(),
        replacement: z
          .object({
            complaintsPerMonth: z.number().int().min(1).max(31),
            consecutiveUnsatisfied: z.number().int().min(1).max(10),
            withinDays: z.number().int().min(1).max(90),
            // Block the caregiver as soon as a case opens, before the street verifies; off by default.
            blockOnOpen: z.boolean().optional(),
          })
          .strict()
          .optional(),
        planHorizonDays: z.number().int().min(1, '至少提前 1 天').max(60, '最多提前 60 天').optional(),
        // Plan orders start confirmed, without the operator's call to the elder; off by default.
        autoConfirmPlanOrders: z.boolean().optional(),
        maxVisitHours: z.number().int().min(1, '至少 1 小时').max(24, '最多 24 小时').optional(),
        bookingHorizonDays: z.number().int().min(1, '至少 1 天').max(365, '最多 365 天').optional(),
        // 000 范文3 L111 「965885」 (Lanzhou), 001 L194 / 002 L423 「12349」: a version without it gets 12349.
        hotline: z
          .string()
          .trim()
          .regex(HOTLINE_PATTERN, '服务热线须为 3 到 20 位数字或连字符（如 12349、0931-965885）')
          .optional(),
        // Alarm cases (issue 17): escalation, acknowledgement targets, the console's device lists.
        alarmAckSeconds: z.number().int().min(10, '接警时限至少 10 秒').max(3600, '接警时限最多 3600 秒').optional(),
        alarmAck60TargetPercent: z.number().min(0, '目标在 0 到 100 之间').max(100, '目标在 0 到 100 之间').optional(),
        alarmAck180TargetPercent: z.number().min(0, '目标在 0 到 100 之间').max(100, '目标在 0 到 100 之间').optional(),
        deviceOfflineHours: z.number().int().min(1, '至少 1 小时').max(720, '最多 720 小时').optional(),
        lowBatteryPercent: z.number().int().min(1, '在 1 到 99 之间').max(99, '在 1 到 99 之间').optional(),
      })
      .strict()
      .optional(),
    // The elder registry: no file below the minimum age (60 per 000 L129, 002 L211); a version without it gets 60.
    registry: z
      .object({
        minAge: z
          .number()
          .int('建档最低年龄须为整数')
          .min(50, '建档最低年龄在 50 到 100 周岁之间')
          .max(100, '建档最低年龄在 50 到 100 周岁之间')
          .optional(),
      })
      .strict()
      .optional(),
    // The free-terminal programme's condition (issue 17); a version without it gets 70+ living alone, an example.
    freeTerminal: z.object({ condition: ConditionSchema, example: z.boolean().optional() }).strict().optional(),
    settlement: z
      .object({
        complaintDeductionFen: z.number().int('扣款须为整数分').min(0, '扣款不能为负').max(10_000_000).optional(),
        withheldPercent: z.number().min(0, '暂扣比例在 0 到 100 之间').max(100, '暂扣比例在 0 到 100 之间').optional(),
        fullReleasePercent: z.number().min(0).max(100, '满意率在 0 到 100 之间').optional(),
        floorPercent: z.number().min(0).max(100, '满意率在 0 到 100 之间').optional(),
      })
      .strict()
      .refine(
        (s) =>
          s.fullReleasePercent === undefined || s.floorPercent === undefined || s.floorPercent < s.fullReleasePercent,
        { message: '全额返还的满意率须高于不返还的满意率', path: ['floorPercent'] },
      )
      .optional(),
  })
  .strict();

export const RuleVersionDto = z.object({
  id: z.number().int(),
  effectiveFrom: z.string(),
  effectiveTo: z.string().nullable(),
  params: ProviderRulesParams,
  note: z.string().nullable(),
  inEffect: z.boolean(),
});
export const RuleVersionCreate = z
  .object({
    effectiveFrom: IsoDate,
    params: ProviderRulesParams,
    note: z.string().trim().max(200).nullable().optional(),
  })
  .strict();

export const AlertDto = z.object({
  kind: z.enum(['agreement', 'licence', 'certificate']),
  state: z.enum(['expired', 'expiring']),
  providerId: z.number().int(),
  providerName: z.string(),
  subject: z.string(),
  caregiverId: z.number().int().nullable(),
  validUntil: z.string(),
  daysLeft: z.number().int(),
});
export const AlertsResponse = z.object({ alertDays: z.number().int(), items: z.array(AlertDto) });

export const CertificationReport = z.object({
  targetPercent: z.number(),
  items: z.array(CertificationDto.extend({ providerId: z.number().int(), providerName: z.string() })),
  total: CertificationDto,
});

export const QuarterInputs = z
  .object({
    quarter: z.string().regex(/^\d{4}Q[1-4]$/, '季度格式如 2026Q3'),
    inputs: z
      .array(
        z
          .object({
            providerId: z.number().int().positive(),
            ratings: z
              .object(
                Object.fromEntries(SATISFACTION_LEVELS.map((l) => [l, z.number().int().min(0)])) as Record<
                  (typeof SATISFACTION_LEVELS)[number],
                  z.ZodNumber
                >,
              )
              .strict(),
            verifiedOrders: z.number().int().min(0),
            upheldComplaints: z.number().int().min(0),
          })
          .strict(),
      )
      .max(5000)
      .optional(),
  })
  .strict();

export const RegistryResponse = z.object({
  /** The call centre's number: the district's dated setting (call-centre rules' `hotline`). */
  hotline: z.string(),
  communities: z.array(z.object({ id: z.number().int(), name: z.string(), streetName: z.string() })),
  community: z.object({ id: z.number().int(), name: z.string(), streetName: z.string() }).nullable(),
  providers: z.array(
    z.object({
      id: z.number().int(),
      name: z.string(),
      kind: z.enum(PROVIDER_KINDS),
      address: z.string().nullable(),
      contactPhone: z.string().nullable(),
      rating: z.number().nullable(),
      categories: z.array(z.enum(SERVICE_CATEGORIES)),
      itemCount: z.number().int(),
      agreementEnd: z.string(),
      nearestPointM: z.number().int().nullable(),
    }),
  ),
});
