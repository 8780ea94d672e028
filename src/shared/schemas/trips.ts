// Trip tracking: the caregiver's phone reports positions while an order is under way; the
// order keeps its trail; the console sees caregivers, today's homes and who will be late.
import { z } from '../zod.js';

export const TripPositionIn = z
  .object({
    lat: z.number().min(3, '纬度应在 3 到 54 之间（WGS-84）').max(54, '纬度应在 3 到 54 之间（WGS-84）'),
    lng: z.number().min(73, '经度应在 73 到 136 之间（WGS-84）').max(136, '经度应在 73 到 136 之间（WGS-84）'),
    accuracy: z.number().min(0, '精度不能为负数').max(100_000, '精度不合理').nullable().optional(),
    /** When the phone took the fix (ISO instant); the server's time when absent or implausible. */
    at: z.string().datetime({ offset: true, message: '时间应为 ISO 格式' }).optional(),
  })
  .strict();
export type TripPositionIn = z.infer<typeof TripPositionIn>;

export const TripPoint = z.object({
  lat: z.number(),
  lng: z.number(),
  accuracy: z.number().nullable(),
  at: z.string(),
});
export type TripPoint = z.infer<typeof TripPoint>;

export const TripAccepted = z.object({
  at: z.string(),
  /** The earliest time the next position is taken. */
  nextAfter: z.string(),
});

export const LatLng = z.object({ lat: z.number(), lng: z.number() });

export const OrderTrip = z.object({
  orderId: z.number().int(),
  state: z.string(),
  caregiverId: z.number().int().nullable(),
  home: LatLng.nullable(),
  points: z.array(TripPoint),
});
export type OrderTrip = z.infer<typeof OrderTrip>;

export const LiveCaregiver = z.object({
  orderId: z.number().int(),
  caregiverId: z.number().int(),
  caregiverName: z.string(),
  elderName: z.string(),
  state: z.string(),
  startAt: z.string(),
  position: TripPoint,
  /** Road distance to the elder's home from the last position, metres (null: no home position). */
  distanceM: z.number().nullable(),
  /** The earliest plausible arrival (not yet checked in), else null. */
  eta: z.string().nullable(),
  /** Start + grace. */
  deadline: z.string(),
  /** Cannot reach the elder by start + grace at a plausible speed. */
  atRisk: z.boolean(),
  lateMinutes: z.number().int(),
});
export type LiveCaregiver = z.infer<typeof LiveCaregiver>;

export const LiveHome = z.object({
  orderId: z.number().int(),
  elderId: z.number().int(),
  elderName: z.string(),
  state: z.string(),
  startAt: z.string(),
  lat: z.number(),
  lng: z.number(),
});
export type LiveHome = z.infer<typeof LiveHome>;

export const TripsLive = z.object({
  at: z.string(),
  caregivers: z.array(LiveCaregiver),
  homes: z.array(LiveHome),
  /** More of today's orders than a map can show: the earliest starts are given. */
  homesTruncated: z.boolean(),
  /** The settings used: speed (km/h), detour factor, grace (minutes). */
  speedKmh: z.number(),
  graceMinutes: z.number(),
});
export type TripsLive = z.infer<typeof TripsLive>;

export const TripsLiveQuery = z.object({
  /** One street (or community) of the caller's jurisdiction. */
  regionId: z.coerce.number().int().positive().optional(),
});
