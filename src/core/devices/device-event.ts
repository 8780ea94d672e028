// One event model for every terminal, whichever path it came by (the watch protocol over TCP,
// MQTT, a vendor cloud's webhook): a position, an alarm, a heartbeat or a health reading, with
// the device's own time and the server's time of receipt. Positions are WGS-84 as devices send
// them; conversion to GCJ-02/BD-09 happens only where a map tile layer needs it.

export const ALARM_TYPES = ['sos', 'fall', 'low_battery', 'geofence', 'offline', 'removed', 'other'] as const;
export type AlarmType = (typeof ALARM_TYPES)[number];

export const HEALTH_KINDS = ['heart_rate', 'blood_pressure', 'temperature', 'spo2'] as const;
export type HealthKind = (typeof HEALTH_KINDS)[number];

export interface Fix {
  /** WGS-84 degrees. */
  lat: number;
  lng: number;
  /** Whether the device says the fix is valid (the watch protocol's A; V is not valid). */
  valid: boolean;
  /** Metres, where known. */
  accuracy?: number | null;
  speedKmh?: number | null;
  course?: number | null;
  satellites?: number | null;
}

interface Base {
  /** The device's identity as it reports it: the watch protocol's device id, an IMEI or a serial. */
  deviceKey: string;
  /** When the device says it happened (ISO 8601), or null where the frame carries no time. */
  at: string | null;
  /** The device's own report of battery (percent) and signal (0–100), where the frame carries them. */
  battery?: number | null;
  signal?: number | null;
}

export type DeviceEvent =
  | (Base & { kind: 'heartbeat'; steps?: number | null })
  | (Base & { kind: 'position'; fix: Fix })
  | (Base & { kind: 'alarm'; alarm: AlarmType; fix: Fix | null; detail?: string | null })
  | (Base & {
      kind: 'health';
      reading: HealthKind;
      /** heart_rate: bpm; blood_pressure: [systolic, diastolic] mmHg; temperature: °C; spo2: %. */
      value: number | [number, number];
    });
