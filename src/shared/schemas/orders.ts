// The work orders' contract.
import { z } from '../zod.js';
import { ORDER_ACTIONS, ORDER_STATES } from '../../core/orders/workflow.js';
import { EXCEPTION_CODES, REASON_CODES } from '../../core/visits/verification.js';
import { IsoDate, PageQuery, pageOf, sortParam } from './common.js';

const Instant = z.string().datetime({ offset: true, message: '时间格式应为 ISO 8601，如 2026-11-24T09:00:00+08:00' });

export const OrderCreate = z
  .object({
    elderId: z.number().int().positive(),
    channel: z.enum(['phone', 'walk_in', 'family', 'plan', 'web']),
    lines: z
      .array(
        z
          .object({
            itemId: z.number().int().positive(),
            quantity: z.number().int().min(1, '数量至少为 1').max(20, '数量最多 20'),
          })
          .strict(),
      )
      .min(1, '至少选择一个服务项目')
      .max(10, '一张工单最多 10 个项目'),
    startAt: Instant,
    endAt: Instant,
    address: z.string().trim().min(2).max(200).optional(),
    lng: z.number().min(73).max(136).optional(),
    lat: z.number().min(3).max(54).optional(),
    notes: z.string().trim().max(500).nullable().optional(),
  })
  .strict()
  .refine((o) => Date.parse(o.endAt) > Date.parse(o.startAt), { message: '结束时间应晚于开始时间', path: ['endAt'] });
export type OrderCreate = z.infer<typeof OrderCreate>;

export const OrderAction = z
  .object({
    action: z.enum(ORDER_ACTIONS),
    reason: z.string().trim().max(300).nullable().optional(),
    caregiverId: z.number().int().positive().optional(),
    lng: z.number().min(-180).max(180).optional(),
    lat: z.number().min(-90).max(90).optional(),
  })
  .strict();

const Breakdown = z.object({
  hours: z.array(z.object({ programme: z.string(), minutes: z.number().int(), fen: z.number().int() })),
  coveredByHoursFen: z.number().int(),
  vouchers: z.array(z.object({ programme: z.string(), fen: z.number().int() })),
  selfPayListFen: z.number().int(),
  selfPayFen: z.number().int(),
});

export const OrderDto = z.object({
  id: z.number().int(),
  elderId: z.number().int(),
  elderName: z.string(),
  regionName: z.string(),
  channel: z.string(),
  state: z.enum(ORDER_STATES),
  serviceDate: z.string(),
  startAt: z.string(),
  endAt: z.string(),
  address: z.string(),
  lng: z.number().nullable(),
  lat: z.number().nullable(),
  notes: z.string().nullable(),
  providerId: z.number().int().nullable(),
  providerName: z.string().nullable(),
  caregiverId: z.number().int().nullable(),
  caregiverName: z.string().nullable(),
  listFen: z.number().int(),
  programmeFen: z.number().int(),
  selfPayFen: z.number().int(),
  classCode: z.string().nullable(),
  verification: z.enum(['verified', 'exception', 'explained', 'accepted', 'rejected']).nullable(),
  planId: z.number().int().nullable(),
  lines: z.array(
    z.object({
      itemId: z.number().int(),
      name: z.string(),
      quantity: z.number().int(),
      unitPriceFen: z.number().int(),
      listFen: z.number().int(),
      minutes: z.number().int(),
      breakdown: Breakdown,
    }),
  ),
  createdAt: z.string(),
});
export type OrderDto = z.infer<typeof OrderDto>;
export const OrderDetail = OrderDto.extend({
  reviews: z.array(
    z.object({
      decision: z.string(),
      reasonCode: z.string().nullable(),
      resolutionCode: z.string().nullable(),
      note: z.string(),
      byLevel: z.string(),
      username: z.string().nullable(),
      at: z.string(),
    }),
  ),
  events: z.array(
    z.object({
      action: z.string(),
      fromState: z.string().nullable(),
      toState: z.string(),
      actor: z.string(),
      username: z.string().nullable(),
      caregiverId: z.number().int().nullable(),
      reason: z.string().nullable(),
      data: z.unknown(),
      at: z.string(),
    }),
  ),
});
/** What the caregiver's phone is told right after a check-in or a check-out. */
export const VisitNotice = z.object({
  stage: z.enum(['check_in', 'check_out']),
  /** Null at check-in: the check-in is recorded and only warned of; the visit is verified at check-out. */
  verified: z.boolean().nullable(),
  exceptions: z.array(z.object({ code: z.enum(EXCEPTION_CODES), message: z.string() })),
  /** The same, in the caregiver's words ("您不在老人家附近（距离约 5.0 公里，允许 200 米）"). */
  notices: z.array(z.string()),
  /** When check-in is allowed by the service date's rules. */
  checkInFrom: z.string(),
  checkInTo: z.string(),
});
export type VisitNotice = z.infer<typeof VisitNotice>;
/** The answer to a step: the order, and for a check-in or check-out what the phone says of it. */
export const OrderActionResult = OrderDetail.extend({ visit: VisitNotice.optional() });
export type OrderActionResult = z.infer<typeof OrderActionResult>;
export const OrderPage = pageOf(OrderDto);
export const OrderQuery = PageQuery.extend({
  state: z.enum(ORDER_STATES).optional(),
  elderId: z.coerce.number().int().positive().optional(),
  date: IsoDate.optional(),
  regionId: z.coerce.number().int().positive().optional(),
  /** "open": exceptions not yet settled (to review). */
  verification: z.enum(['verified', 'exception', 'explained', 'accepted', 'rejected', 'open']).optional(),
  planId: z.coerce.number().int().positive().optional(),
  sort: sortParam(['startAt', 'createdAt'] as const, '-createdAt'),
});

export const CandidateDto = z.object({
  caregiverId: z.number().int(),
  caregiverName: z.string(),
  providerId: z.number().int(),
  providerName: z.string(),
  distanceM: z.number().int(),
  score: z.number(),
  continuity: z.boolean(),
});

export const VisitReview = z
  .object({
    decision: z.enum(['explain', 'accept', 'reject']),
    reasonCode: z.string().max(30).nullable().optional(),
    resolutionCode: z.string().max(30).nullable().optional(),
    note: z.string().trim().min(2, '请填写说明（至少 2 个字）').max(500),
  })
  .strict();

/** A service date's verification rules: what the caregiver's phone shows as the allowed check-in time. */
export const VisitRulesDto = z.object({
  maxDistanceM: z.number().int(),
  minDurationShare: z.number(),
  checkInEarlyMinutes: z.number().int(),
  checkInLateMinutes: z.number().int(),
});

/** The caregiver's own explanation of her visit's exception, with the provider's reason codes. */
export const VisitExplain = z
  .object({
    reasonCode: z.enum(REASON_CODES, { error: '请选择异常原因' }),
    note: z.string().trim().min(2, '请填写说明（至少 2 个字）').max(500),
  })
  .strict();

export const BatchDispatch = z
  .object({
    date: IsoDate,
    regionId: z.number().int().positive(),
  })
  .strict();
export const BatchDispatchResult = z.object({
  orders: z.number().int(),
  assigned: z.number().int(),
  unassigned: z.array(z.number().int()),
  totalDistanceM: z.number().int(),
  greedyDistanceM: z.number().int(),
});
