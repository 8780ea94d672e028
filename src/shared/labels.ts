// Chinese names of enumerations, shared by server messages and the web UI.
import type { RegionLevel, Role } from '../core/roles.js';

export const ROLE_LABELS: Record<Role, string> = {
  district_admin: '区民政局管理员',
  street_staff: '街道（乡镇）工作人员',
  community_worker: '社区（村）工作人员',
  operator: '话务员',
  provider_admin: '服务机构管理员',
  caregiver: '服务人员',
  nursing_home_admin: '敬老院院长',
  auditor: '监督员',
};

export const REGION_LEVEL_LABELS: Record<RegionLevel, string> = {
  district: '区/县',
  street: '街道/乡镇',
  community: '社区/村',
  grid: '网格',
};
