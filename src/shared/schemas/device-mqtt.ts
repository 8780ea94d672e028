// The JSON devices and vendor gateways publish over MQTT, and vendor clouds post to the webhook:
// one event or a list of them, each becoming a DeviceEvent (src/core/devices/device-event.ts).
// The device's identity is not in the event: the MQTT topic or the webhook's envelope names it.
import { z } from '../zod.js';
import { ALARM_TYPES, HEALTH_KINDS, type DeviceEvent } from '../../core/devices/device-event.js';

/** Events one message or one device's webhook entry may carry (a watch's blind-spot backlog fits). */
export const MAX_EVENTS_PER_MESSAGE = 200;
/** Devices one webhook post may carry. */
export const MAX_WEBHOOK_DEVICES = 500;

/** What a device key may look like: it is also a topic level, so no / + # or spaces. */
export const DeviceKey = z.string().regex(/^[A-Za-z0-9_.:-]{1,40}$/, '设备标识应为 1-40 位字母、数字或 _ . : -');

export const FixPayload = z.object({
  /** WGS-84 degrees, as the device measured them. */
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  /** The device's own judgement of the fix (a watch's A/V); absent means valid. */
  valid: z.boolean().default(true),
  /** Metres. */
  accuracy: z.number().min(0).max(100_000).nullish(),
  speedKmh: z.number().min(0).max(2_000).nullish(),
  course: z.number().min(0).max(360).nullish(),
  satellites: z.number().int().min(0).max(200).nullish(),
});

// The time is required: the same reading sent twice is recognised by what it says, so two
// heartbeats without a time would look like one.
const base = {
  /** When it happened on the device: ISO 8601 with a zone (Z or +08:00). */
  at: z.iso.datetime({ offset: true, error: '应为带时区的 ISO 8601 时间，例如 2026-05-01T08:30:00+08:00' }),
  battery: z.number().int().min(0).max(100).nullish(),
  signal: z.number().int().min(0).max(100).nullish(),
};

export const DeviceEventPayload = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('heartbeat'), ...base, steps: z.number().int().min(0).nullish() }),
    z.object({ kind: z.literal('position'), ...base, fix: FixPayload }),
    z.object({
      kind: z.literal('alarm'),
      ...base,
      alarm: z.enum(ALARM_TYPES),
      fix: FixPayload.nullish(),
      detail: z.string().max(200).nullish(),
    }),
    z.object({
      kind: z.literal('health'),
      ...base,
      reading: z.enum(HEALTH_KINDS),
      value: z.union([z.number(), z.tuple([z.number(), z.number()])]),
    }),
  ])
  .superRefine((e, ctx) => {
    if (e.kind !== 'health') return;
    const pair = Array.isArray(e.value);
    if (e.reading === 'blood_pressure' && !pair)
      ctx.addIssue({ code: 'custom', path: ['value'], message: '血压应为 [收缩压, 舒张压]' });
    if (e.reading !== 'blood_pressure' && pair)
      ctx.addIssue({ code: 'custom', path: ['value'], message: '应为一个数值' });
  });
export type DeviceEventPayload = z.infer<typeof DeviceEventPayload>;

const PayloadEvents = z.array(DeviceEventPayload).min(1).max(MAX_EVENTS_PER_MESSAGE);

/** An MQTT message on yiyang/v1/devices/{deviceKey}/events: one event, or a list. */
export const MqttEventsPayload = z.union([DeviceEventPayload, PayloadEvents]);

/** A message's events, checked against the one of the two shapes it has so a refusal names the field. */
export function parseMqttEvents(
  json: unknown,
): { success: true; data: DeviceEventPayload[] } | { success: false; error: z.ZodError } {
  if (Array.isArray(json)) return PayloadEvents.safeParse(json);
  const one = DeviceEventPayload.safeParse(json);
  return one.success ? { success: true, data: [one.data] } : { success: false, error: one.error };
}

/** Where the webhook looks the device up: the registry keys devices by protocol and key. */
export const WebhookProtocol = z.enum(['webhook', 'mqtt', 'watch']);

/**
 * A vendor cloud's post: one device ({ deviceKey, events }) or a batch ({ devices: [...] }).
 * `protocol` says under which registered protocol the keys are (default webhook).
 */
export const DeviceWebhookBody = z
  .object({
    protocol: WebhookProtocol.default('webhook'),
    deviceKey: DeviceKey.optional(),
    events: PayloadEvents.optional(),
    devices: z
      .array(z.object({ deviceKey: DeviceKey, events: PayloadEvents }))
      .min(1)
      .max(MAX_WEBHOOK_DEVICES)
      .optional(),
  })
  .superRefine((b, ctx) => {
    const single = b.deviceKey !== undefined || b.events !== undefined;
    if (single && b.devices !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['devices'],
        message: '单台设备（deviceKey、events）与批量（devices）只能二选一',
      });
    else if (!single && b.devices === undefined)
      ctx.addIssue({ code: 'custom', path: ['devices'], message: '应给出 deviceKey 与 events，或 devices' });
    else if (single && b.deviceKey === undefined)
      ctx.addIssue({ code: 'custom', path: ['deviceKey'], message: '必填' });
    else if (single && b.events === undefined) ctx.addIssue({ code: 'custom', path: ['events'], message: '必填' });
  });
export type DeviceWebhookBody = z.infer<typeof DeviceWebhookBody>;

export const DeviceWebhookResult = z.object({
  /** Devices in the post, and those the registry does not know (nothing stored for them). */
  devices: z.number().int(),
  unknownDevices: z.array(z.string()),
  stored: z.number().int(),
  /** Events already stored before (a retried post): harmless. */
  duplicates: z.number().int(),
  /** Alarm cases raised or joined. */
  alarmCaseIds: z.array(z.number().int()),
});
export type DeviceWebhookResult = z.infer<typeof DeviceWebhookResult>;

/** The device's list of events as the one event model has them; the time as UTC ISO. */
export function toDeviceEvents(deviceKey: string, events: readonly DeviceEventPayload[]): DeviceEvent[] {
  return events.map((e): DeviceEvent => {
    const b = {
      deviceKey,
      at: new Date(e.at).toISOString(),
      battery: e.battery ?? null,
      signal: e.signal ?? null,
    };
    const fix = (f: z.infer<typeof FixPayload>) => ({
      lat: f.lat,
      lng: f.lng,
      valid: f.valid,
      accuracy: f.accuracy ?? null,
      speedKmh: f.speedKmh ?? null,
      course: f.course ?? null,
      satellites: f.satellites ?? null,
    });
    switch (e.kind) {
      case 'heartbeat':
        return { ...b, kind: 'heartbeat', steps: e.steps ?? null };
      case 'position':
        return { ...b, kind: 'position', fix: fix(e.fix) };
      case 'alarm':
        return { ...b, kind: 'alarm', alarm: e.alarm, fix: e.fix ? fix(e.fix) : null, detail: e.detail ?? null };
      case 'health':
        return { ...b, kind: 'health', reading: e.reading, value: e.value };
    }
  });
}
