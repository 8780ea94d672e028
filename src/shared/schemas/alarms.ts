// Alarm cases' contract (issue 17): the list, the case as the console's pop shows it, the
// operator's acknowledgement, actions and closing, the centre's figures, and the console's lists
// of silent and flat terminals.
import { z } from '../zod.js';
import { IsoDate, PageQuery, pageOf, sortParam } from './common.js';
import { HealthArchive, Phone } from './elders.js';
import { ALARM_TYPES } from '../../core/devices/device-event.js';
import { ALARM_ACTION_KINDS, ALARM_OUTCOMES, ALARM_STATES } from '../../core/alarms/alarm-case.js';

export const AlarmQuery = PageQuery.extend({
  /** `active`: every case not yet closed (the console's panel). */
  state: z.enum([...ALARM_STATES, 'active']).optional(),
  type: z.enum(ALARM_TYPES).optional(),
  regionId: z.coerce.number().int().positive().optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  escalated: z.enum(['true', 'false']).optional(),
  q: z.string().trim().max(40).optional(),
  sort: sortParam(['raisedAt', 'acknowledgedAt', 'closedAt'], '-raisedAt'),
});
export type AlarmQuery = z.infer<typeof AlarmQuery>;

export const AlarmListItem = z.object({
  id: z.number().int(),
  type: z.string(),
  state: z.enum(ALARM_STATES),
  raisedAt: z.string(),
  repeats: z.number().int(),
  lastRepeatAt: z.string().nullable(),
  elderId: z.number().int().nullable(),
  elderName: z.string().nullable(),
  regionId: z.number().int().nullable(),
  regionName: z.string().nullable(),
  deviceId: z.number().int().nullable(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedByName: z.string().nullable(),
  escalatedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  closedByName: z.string().nullable(),
  outcome: z.enum(ALARM_OUTCOMES).nullable(),
  /** Seconds from raised to acknowledged, where acknowledged. */
  ackSeconds: z.number().nullable(),
  note: z.string().nullable(),
  /** Where the console's map shows the case: the alarm's own fix, else the elder's home. */
  place: z.object({ lat: z.number(), lng: z.number() }).nullable(),
});
export type AlarmListItem = z.infer<typeof AlarmListItem>;
export const AlarmPage = pageOf(AlarmListItem);

export const AlarmActionDto = z.object({
  id: z.number().int(),
  kind: z.string(),
  at: z.string(),
  byName: z.string().nullable(),
  orderId: z.number().int().nullable(),
  note: z.string().nullable(),
});

export const AlarmDetail = AlarmListItem.extend({
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  elder: z
    .object({
      id: z.number().int(),
      name: z.string(),
      sex: z.enum(['M', 'F']),
      age: z.number().int(),
      address: z.string(),
      regionName: z.string(),
      phoneMasked: z.string().nullable(),
      status: z.string(),
      abilityGrade: z.string().nullable(),
      livingFlags: z.array(z.string()),
      health: HealthArchive,
      /** Index into the elder's contacts: the reveal and the SMS name a contact by it. */
      contacts: z.array(
        z.object({
          index: z.number().int(),
          name: z.string(),
          relation: z.string(),
          phoneMasked: z.string().nullable(),
          emergencyOrder: z.number().int().nullable(),
          guardian: z.boolean(),
        }),
      ),
      home: z.object({ lat: z.number(), lng: z.number() }).nullable(),
    })
    .nullable(),
  device: z
    .object({
      id: z.number().int(),
      kind: z.string(),
      vendor: z.string().nullable(),
      deviceKey: z.string(),
      battery: z.number().nullable(),
      lastSeenAt: z.string().nullable(),
      lastFix: z
        .object({ lat: z.number(), lng: z.number(), at: z.string(), accuracy: z.number().nullable() })
        .nullable(),
    })
    .nullable(),
  /** Metres from the elder's home to the alarm's position, where both are known. */
  distanceFromHomeM: z.number().nullable(),
  /** Caregivers free and at work now, nearest first (the dispatch's own ranking). */
  nearby: z.array(
    z.object({
      caregiverId: z.number().int(),
      name: z.string(),
      providerName: z.string(),
      distanceM: z.number(),
      /** Where she would set out from (her last booking's place, else her base), for the map. */
      lat: z.number(),
      lng: z.number(),
    }),
  ),
  actions: z.array(AlarmActionDto),
});
export type AlarmDetail = z.infer<typeof AlarmDetail>;

const Note = z.string().trim().max(300, '备注最多 300 个字');

export const AlarmActionInput = z
  .object({
    kind: z.enum(ALARM_ACTION_KINDS, { error: '请选择处置类型' }),
    note: Note.nullable().optional(),
    /** called_contact / notified_community: which of the elder's contacts. */
    contactIndex: z.number().int().min(0).max(9).optional(),
    /** notified_community: the community or grid worker's phone, when not a contact. */
    phone: Phone.optional(),
    /** dispatched: the service item of the urgent order, and optionally the caregiver. */
    itemId: z.number().int().positive().optional(),
    caregiverId: z.number().int().positive().optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.kind === 'notified_community' && b.contactIndex === undefined && !b.phone)
      ctx.addIssue({ code: 'custom', path: ['phone'], message: '请填写社区或网格员的手机号，或选择联系人' });
    if (b.kind === 'dispatched' && b.itemId === undefined)
      ctx.addIssue({ code: 'custom', path: ['itemId'], message: '请选择派单的服务项目' });
    if (b.kind === 'note' && !b.note) ctx.addIssue({ code: 'custom', path: ['note'], message: '请填写备注内容' });
  });
export type AlarmActionInput = z.infer<typeof AlarmActionInput>;

export const AlarmClose = z
  .object({
    outcome: z.enum(ALARM_OUTCOMES, { error: '请选择处置结果' }),
    note: Note.nullable().optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.outcome === 'other' && !b.note)
      ctx.addIssue({ code: 'custom', path: ['note'], message: '结果为“其他”时请说明情况' });
  });
export type AlarmClose = z.infer<typeof AlarmClose>;

export const AlarmStatsQuery = z.object({
  from: IsoDate,
  to: IsoDate,
  regionId: z.coerce.number().int().positive().optional(),
});

export const AlarmStats = z.object({
  from: z.string(),
  to: z.string(),
  count: z.number().int(),
  acknowledged: z.number().int(),
  closed: z.number().int(),
  escalated: z.number().int(),
  within60Percent: z.number().nullable(),
  within180Percent: z.number().nullable(),
  target60Percent: z.number(),
  target180Percent: z.number(),
  meets60: z.boolean().nullable(),
  meets180: z.boolean().nullable(),
  medianAckSeconds: z.number().nullable(),
  medianCloseSeconds: z.number().nullable(),
  byOutcome: z.record(z.string(), z.number().int()),
  byType: z.record(z.string(), z.number().int()),
});
export type AlarmStats = z.infer<typeof AlarmStats>;

const DeviceAlertItem = z.object({
  id: z.number().int(),
  kind: z.string(),
  deviceKey: z.string(),
  elderId: z.number().int().nullable(),
  elderName: z.string().nullable(),
  regionName: z.string().nullable(),
  lastSeenAt: z.string().nullable(),
  battery: z.number().nullable(),
});
export const DeviceAlerts = z.object({
  offlineHours: z.number().int(),
  lowBatteryPercent: z.number().int(),
  offline: z.object({ total: z.number().int(), items: z.array(DeviceAlertItem) }),
  lowBattery: z.object({ total: z.number().int(), items: z.array(DeviceAlertItem) }),
});
export type DeviceAlerts = z.infer<typeof DeviceAlerts>;
export const DeviceAlertsQuery = z.object({ regionId: z.coerce.number().int().positive().optional() });
