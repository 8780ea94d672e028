// A terminal's status as the lists show it, from when it was last heard and what it last said of
// its battery: silent for longer than the offline hours is offline (as the console's device lists
// judge it), a battery below the threshold is low.

export const DEVICE_KINDS = ['watch', 'home_box', 'fall', 'door', 'bed'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];
export const DEVICE_PROTOCOLS = ['watch', 'mqtt', 'webhook'] as const;

/** The figures status is judged by: the call-centre rules' deviceOfflineHours and lowBatteryPercent. */
export interface DeviceThresholds {
  /** Silent this many hours counts as offline. */
  offlineHours: number;
  /** Battery below this percent is low. */
  lowBatteryPercent: number;
}

/** never: registered and not heard from yet (offline once the offline hours have passed since). */
export type DeviceStatus = 'retired' | 'offline' | 'never' | 'low_battery' | 'online';

export interface StatusFacts {
  lastSeenAt: Date | null;
  /** A device never heard from counts its silence from when it was registered. */
  createdAt: Date;
  battery: number | null;
  retiredAt: Date | null;
}

export const offlineCutoff = (now: Date, t: DeviceThresholds) => new Date(now.getTime() - t.offlineHours * 3_600_000);

export function deviceStatus(d: StatusFacts, now: Date, t: DeviceThresholds): DeviceStatus {
  if (d.retiredAt) return 'retired';
  if ((d.lastSeenAt ?? d.createdAt) <= offlineCutoff(now, t)) return 'offline';
  if (!d.lastSeenAt) return 'never';
  if (d.battery !== null && d.battery < t.lowBatteryPercent) return 'low_battery';
  return 'online';
}
