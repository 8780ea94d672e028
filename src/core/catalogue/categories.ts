// The eleven service categories of the district catalogue (DOMAIN.md §6) and the units an
// item is priced by.

export const SERVICE_CATEGORIES = [
  'daily_care',
  'medical',
  'rehab',
  'emotional',
  'legal',
  'housekeeping',
  'appliance',
  'recreation',
  'companionship',
  'hospice',
  'meals',
] as const;
export type ServiceCategory = (typeof SERVICE_CATEGORIES)[number];

export const SERVICE_UNITS = ['visit', 'hour', 'meal', 'item'] as const;
export type ServiceUnit = (typeof SERVICE_UNITS)[number];
