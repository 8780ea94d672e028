// Terminals, their bindings to elders, their positions and the elders' safe zones: the shapes the
// server and the web share. Field messages are Chinese; the registry's numbers are checked here.
import { z } from '../zod.js';
import { PageQuery, pageOf, sortParam } from './common.js';
import { ConditionSchema } from './policies.js';
import { imeiProblem, simValid } from '../../core/devices/identifiers.js';
import { DEVICE_KINDS, DEVICE_PROTOCOLS } from '../../core/devices/device-status.js';
import { GEOFENCE_RADIUS_LIMITS } from '../../core/devices/geofence.js';

export const DeviceKind = z.enum(DEVICE_KINDS, { error: '设备类型无效' });
export const DeviceProtocol = z.enum(DEVICE_PROTOCOLS, { error: '接入协议应为手表协议、MQTT 或云平台推送' });
export const DeviceStatus = z.enum(['retired', 'offline', 'never', 'low_battery', 'online']);

const Imei = z
  .string()
  .trim()
  .superRefine((v, ctx) => {
    const p = imeiProblem(v);
    if (p === 'length') ctx.addIssue({ code: 'custom', message: 'IMEI 应为 15 位数字' });
    if (p === 'check_digit') ctx.addIssue({ code: 'custom', message: 'IMEI 校验位不正确，请核对设备标签' });
  });
const Sim = z.string().trim().refine(simValid, 'SIM 卡号应为 11 位手机号或 13 位物联网卡号');

const DeviceFields = {
  kind: DeviceKind,
  vendor: z.string().trim().max(40, '厂商最多 40 个字').nullable().optional(),
  imei: Imei.nullable().optional(),
  simNumber: Sim.nullable().optional(),
  regionId: z.number().int().positive('请选择所属区域'),
};

export const DeviceCreate = z
  .object({
    ...DeviceFields,
    protocol: DeviceProtocol,
    deviceKey: z
      .string()
      .trim()
      .min(1, '请填写设备编号')
      .max(40, '设备编号最多 40 个字符')
      .regex(/^[A-Za-z0-9_.:-]+$/, '设备编号只能含字母、数字和 _ . : -'),
  })
  .strict();
export type DeviceCreate = z.infer<typeof DeviceCreate>;
export const DeviceUpdate = z.object(DeviceFields).partial().strict();

export const DeviceQuery = PageQuery.extend({
  q: z.string().trim().max(40).optional(),
  kind: DeviceKind.optional(),
  status: z.enum(['online', 'offline', 'never', 'low_battery', 'unbound', 'retired']).optional(),
  regionId: z.coerce.number().int().positive().optional(),
  sort: sortParam(['deviceKey', 'lastSeenAt', 'battery', 'createdAt', 'elderName'] as const, '-createdAt'),
});
export type DeviceQuery = z.infer<typeof DeviceQuery>;

export const LastFix = z.object({
  lat: z.number(),
  lng: z.number(),
  at: z.string(),
  accuracy: z.number().nullable(),
  ageMinutes: z.number().int(),
});
export type LastFix = z.infer<typeof LastFix>;

export const DeviceListItem = z.object({
  id: z.number().int(),
  kind: DeviceKind,
  protocol: DeviceProtocol,
  vendor: z.string().nullable(),
  deviceKey: z.string(),
  imei: z.string().nullable(),
  simNumber: z.string().nullable(),
  regionId: z.number().int().nullable(),
  regionName: z.string().nullable(),
  elderId: z.number().int().nullable(),
  elderName: z.string().nullable(),
  status: DeviceStatus,
  lastSeenAt: z.string().nullable(),
  battery: z.number().int().nullable(),
  signal: z.number().int().nullable(),
  lastFix: LastFix.nullable(),
  retiredAt: z.string().nullable(),
  createdAt: z.string(),
});
export type DeviceListItem = z.infer<typeof DeviceListItem>;
export const DevicePage = pageOf(DeviceListItem).extend({ offlineHours: z.number() });

export const Binding = z.object({
  id: z.number().int(),
  deviceId: z.number().int(),
  deviceKey: z.string(),
  kind: DeviceKind,
  elderId: z.number().int(),
  elderName: z.string(),
  boundAt: z.string(),
  boundBy: z.string().nullable(),
  unboundAt: z.string().nullable(),
  unboundBy: z.string().nullable(),
  reason: z.string().nullable(),
});
export type Binding = z.infer<typeof Binding>;

export const DeviceDetail = DeviceListItem.extend({ bindings: z.array(Binding), offlineHours: z.number() });
export type DeviceDetail = z.infer<typeof DeviceDetail>;

export const BindBody = z
  .object({
    elderId: z.number().int().positive('请选择老人'),
    reason: z.string().trim().max(200).nullable().optional(),
  })
  .strict();
export const ReasonBody = z.object({ reason: z.string().trim().max(200).nullable().optional() }).strict();

export const ElderDevices = z.object({ devices: z.array(DeviceListItem), bindings: z.array(Binding) });

export const TrailQuery = z.object({
  from: z.iso.datetime({ offset: true, error: '起始时间格式应为 ISO 8601' }).optional(),
  to: z.iso.datetime({ offset: true, error: '结束时间格式应为 ISO 8601' }).optional(),
});
export const TrailPoint = z.object({
  lat: z.number(),
  lng: z.number(),
  at: z.string(),
  accuracy: z.number().nullable(),
});
export type TrailPoint = z.infer<typeof TrailPoint>;
export const Trail = z.object({
  deviceId: z.number().int(),
  from: z.string(),
  to: z.string(),
  points: z.array(TrailPoint),
  /** More positions than the cap in the range: the earliest are shown, narrow the range. */
  truncated: z.boolean(),
});

export const GeofenceInput = z
  .object({
    name: z.string().trim().min(1, '请填写名称').max(40, '名称最多 40 个字'),
    lat: z.number().min(3, '纬度不在中国境内').max(54, '纬度不在中国境内'),
    lng: z.number().min(73, '经度不在中国境内').max(136, '经度不在中国境内'),
    radiusM: z
      .number()
      .int('半径须为整数米')
      .min(GEOFENCE_RADIUS_LIMITS.min, `半径在 ${GEOFENCE_RADIUS_LIMITS.min} 到 ${GEOFENCE_RADIUS_LIMITS.max} 米之间`)
      .max(GEOFENCE_RADIUS_LIMITS.max, `半径在 ${GEOFENCE_RADIUS_LIMITS.min} 到 ${GEOFENCE_RADIUS_LIMITS.max} 米之间`),
  })
  .strict();
export const Geofence = GeofenceInput.extend({ id: z.number().int(), createdAt: z.string() });
export type Geofence = z.infer<typeof Geofence>;
export const GeofenceParams = z.object({
  id: z.coerce.number().int().positive(),
  fenceId: z.coerce.number().int().positive(),
});

export const ElderLocation = z.object({
  elderId: z.number().int(),
  home: z.object({ lat: z.number(), lng: z.number(), address: z.string() }).nullable(),
  /** Flagged with dementia (the latest assessment): leaving every safe zone raises an alert. */
  dementia: z.boolean(),
  devices: z.array(
    z.object({
      id: z.number().int(),
      kind: DeviceKind,
      deviceKey: z.string(),
      status: DeviceStatus,
      battery: z.number().int().nullable(),
      lastFix: LastFix.nullable(),
    }),
  ),
  geofences: z.array(Geofence),
  /** The safe zone the page offers: home and the default radius; null without a home position. */
  suggestedZone: GeofenceInput.nullable(),
  openCase: z.object({ id: z.number().int(), type: z.string(), raisedAt: z.string() }).nullable(),
});
export type ElderLocation = z.infer<typeof ElderLocation>;

export const ShareBody = z
  .object({
    phones: z
      .array(
        z
          .string()
          .trim()
          .regex(/^1[3-9]\d{9}$/, '请填写 11 位手机号'),
      )
      .min(1, '至少填写一个手机号')
      .max(5, '最多 5 个手机号'),
    note: z.string().trim().max(100, '补充说明最多 100 个字').nullable().optional(),
  })
  .strict();
export const ShareResult = z.object({ queued: z.number().int(), body: z.string() });

export const FreeTerminalQuery = PageQuery.extend({
  q: z.string().trim().max(40).optional(),
  regionId: z.coerce.number().int().positive().optional(),
  has: z.enum(['yes', 'no']).optional(),
  sort: sortParam(['name', 'age'] as const, 'name'),
});
export const FreeTerminalItem = z.object({
  id: z.number().int(),
  name: z.string(),
  age: z.number().int(),
  regionName: z.string(),
  address: z.string(),
  livingFlags: z.array(z.string()),
  reasons: z.array(z.string()),
  devices: z.array(z.object({ id: z.number().int(), kind: DeviceKind, deviceKey: z.string() })),
});
export type FreeTerminalItem = z.infer<typeof FreeTerminalItem>;
export const FreeTerminalPage = pageOf(FreeTerminalItem).extend({
  condition: ConditionSchema,
  example: z.boolean(),
  entitled: z.number().int(),
  withDevice: z.number().int(),
});
