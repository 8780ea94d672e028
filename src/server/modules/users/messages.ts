import { ROLE_LABELS } from '../../../shared/labels.js';
import type { Role } from '../../../core/roles.js';

export const USER_MESSAGES = {
  usernameTaken: '用户名已存在',
  regionRequired: (role: Role) => `「${ROLE_LABELS[role]}」须指定所属区域`,
  providerRequired: (role: Role) => `「${ROLE_LABELS[role]}」须指定所属服务机构`,
  regionLevel: (role: Role, levels: string) => `「${ROLE_LABELS[role]}」的所属区域应为：${levels}`,
  regionNotAllowed: (role: Role) => `「${ROLE_LABELS[role]}」不绑定区域，请只选择服务机构`,
  providerNotAllowed: (role: Role) => `「${ROLE_LABELS[role]}」不绑定服务机构，请只选择区域`,
  providerNotFound: '服务机构不存在或不在您的管辖范围内',
  notFound: '账户不存在或不在您的管辖范围内',
  selfDeactivate: '不能停用自己的账户',
  selfRole: '不能修改自己的角色',
} as const;
