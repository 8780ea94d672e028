// Roles and their permissions. Shared by server (enforcement) and web (menus), so a
// role's abilities are defined exactly once.

export const ROLES = [
  'district_admin',
  'street_staff',
  'community_worker',
  'operator',
  'provider_admin',
  'caregiver',
  'nursing_home_admin',
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'region.read',
  'region.write',
  'user.read',
  'user.write',
  'audit.read',
  'elder.read',
  'elder.write',
  'elder.reveal',
  'calendar.write',
  'policy.read',
  'policy.write',
  'application.act',
  'catalogue.read',
  'catalogue.write',
  'provider.read',
  'provider.register',
  'provider.review',
  // Signing a service agreement with a provider for an area: the district for the whole
  // district, a street for its own (002 第5篇: streets contract the service organisations).
  'agreement.sign',
  'provider.manage',
  'caregiver.read',
  'caregiver.write',
  'order.read',
  'order.create',
  'order.act',
  'callback.act',
  // Call-backs, complaints and replacement cases: what elders said about caregivers by name.
  'feedback.read',
  'complaint.act',
  'visit.review',
  'plan.write',
  'bill.collect',
  'voucher.read',
  'voucher.issue',
  'voucher.redeem',
  'settlement.read',
  'settlement.act',
  'money.report',
  'cash.act',
  // Approving a request to register or change an elder's payee account: a second person, at
  // street level or above, before any money goes to it.
  'payee.approve',
  'job.manage',
  // Terminals (watches, one-key boxes, sensors), their positions and status.
  'device.read',
  'device.write',
  // Alarm cases: seeing them (street, community and grid workers are notified), and handling
  // them at the call centre (acknowledge, act, close).
  'alarm.read',
  'alarm.handle',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export type RegionLevel = 'district' | 'street' | 'community' | 'grid';

/**
 * What a user of a role is bound to. Region-bound roles see the subtree of their home
 * region; provider-bound roles see only their provider's (or their own) records.
 */
export interface RoleDefinition {
  permissions: readonly Permission[];
  binding: 'region' | 'provider';
  /** Region levels a user of this role may be assigned to (region-bound roles only). */
  regionLevels: readonly RegionLevel[];
}

export const ROLE_DEFINITIONS: Record<Role, RoleDefinition> = {
  district_admin: {
    permissions: [
      'policy.read',
      'feedback.read',
      'voucher.read',
      'region.read',
      'region.write',
      'user.read',
      'user.write',
      'audit.read',
      'elder.read',
      'elder.write',
      'elder.reveal',
      'calendar.write',
      'policy.write',
      'application.act',
      'catalogue.read',
      'catalogue.write',
      'provider.read',
      'provider.register',
      'provider.review',
      'agreement.sign',
      'provider.manage',
      'caregiver.read',
      'caregiver.write',
      'order.read',
      'order.create',
      'order.act',
      'callback.act',
      'complaint.act',
      'visit.review',
      'plan.write',
      'bill.collect',
      'voucher.issue',
      'voucher.redeem',
      'settlement.read',
      'settlement.act',
      'money.report',
      'cash.act',
      'payee.approve',
      'job.manage',
      'device.read',
      'device.write',
      'alarm.read',
      'alarm.handle',
    ],
    binding: 'region',
    regionLevels: ['district'],
  },
  street_staff: {
    permissions: [
      'policy.read',
      'feedback.read',
      'voucher.read',
      'region.read',
      'user.read',
      'elder.read',
      'elder.write',
      'elder.reveal',
      'application.act',
      'catalogue.read',
      'provider.read',
      'provider.register',
      'agreement.sign',
      'caregiver.read',
      'order.read',
      'order.act',
      'complaint.act',
      'visit.review',
      'plan.write',
      'bill.collect',
      'voucher.issue',
      'voucher.redeem',
      'settlement.read',
      'settlement.act',
      'money.report',
      'payee.approve',
      'device.read',
      'device.write',
      'alarm.read',
    ],
    binding: 'region',
    regionLevels: ['street'],
  },
  community_worker: {
    permissions: [
      'policy.read',
      'feedback.read',
      'voucher.read',
      'region.read',
      'elder.read',
      'elder.write',
      'elder.reveal',
      'application.act',
      'catalogue.read',
      'order.read',
      'device.read',
      'alarm.read',
    ],
    binding: 'region',
    regionLevels: ['community', 'grid'],
  },
  operator: {
    permissions: [
      'policy.read',
      'feedback.read',
      'voucher.read',
      'region.read',
      'elder.read',
      'elder.reveal',
      'catalogue.read',
      'provider.read',
      'caregiver.read',
      'order.read',
      'order.create',
      'order.act',
      'callback.act',
      'complaint.act',
      'plan.write',
      'bill.collect',
      'device.read',
      'alarm.read',
      'alarm.handle',
    ],
    binding: 'region',
    regionLevels: ['district'],
  },
  // A provider admin manages its own provider's points, items and caregivers; the scope keeps
  // it to them. A caregiver reads only its own record.
  provider_admin: {
    permissions: [
      'feedback.read',
      'voucher.read',
      'catalogue.read',
      'provider.read',
      'provider.manage',
      'caregiver.read',
      'caregiver.write',
      'order.read',
      'order.act',
      'complaint.act',
      'visit.review',
      'voucher.redeem',
      'settlement.read',
    ],
    binding: 'provider',
    regionLevels: [],
  },
  caregiver: {
    permissions: ['catalogue.read', 'caregiver.read', 'order.read', 'order.act'],
    binding: 'provider',
    regionLevels: [],
  },
  // Until the home's own records exist, the head of a nursing home reads only what is public
  // to every service partner: the catalogue and the policies — no elder files of the township.
  nursing_home_admin: {
    permissions: ['catalogue.read', 'policy.read'],
    binding: 'region',
    regionLevels: ['street', 'community'],
  },
  auditor: {
    permissions: [
      'policy.read',
      'feedback.read',
      'voucher.read',
      'region.read',
      'user.read',
      'audit.read',
      'elder.read',
      'catalogue.read',
      'provider.read',
      'caregiver.read',
      'order.read',
      'settlement.read',
      'money.report',
      'device.read',
      'alarm.read',
    ],
    binding: 'region',
    regionLevels: ['district'],
  },
};

export function hasPermission(role: Role, permission: Permission): boolean {
  return ROLE_DEFINITIONS[role].permissions.includes(permission);
}
