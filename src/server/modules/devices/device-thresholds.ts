// The offline hours and the low-battery percent in force today: the call centre's dated rules
// (deviceOfflineHours, lowBatteryPercent), the same figures the console's device lists use.
import type { DbOrTx } from '../../db/client.js';
import { rulesOn } from '../providers/rule-store.js';
import { callCentreRulesOf } from '../../../core/orders/call-centre-rules.js';
import type { DeviceThresholds } from '../../../core/devices/device-status.js';
import { shanghaiDate } from '../../../shared/today.js';

export async function deviceThresholdsOn(db: DbOrTx, now: Date): Promise<DeviceThresholds> {
  const rules = callCentreRulesOf((await rulesOn(db, shanghaiDate(now))).params);
  return { offlineHours: rules.deviceOfflineHours, lowBatteryPercent: rules.lowBatteryPercent };
}
