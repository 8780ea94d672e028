import { z } from '../zod.js';
import { ROLES } from '../../core/roles.js';
import { PageQuery, pageOf, sortParam } from './common.js';

export const RoleEnum = z.enum(ROLES);

export const User = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: RoleEnum,
  regionId: z.number().int().nullable(),
  regionName: z.string().nullable(),
  providerId: z.number().int().nullable(),
  providerName: z.string().nullable(),
  active: z.boolean(),
  mustChangePassword: z.boolean(),
  lockedUntil: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});
export type User = z.infer<typeof User>;
export const UserPage = pageOf(User);

const Username = z
  .string()
  .trim()
  .regex(/^[a-zA-Z][a-zA-Z0-9_.-]{2,31}$/, '用户名为 3-32 位字母、数字、下划线、点或连字符，以字母开头');

export const UserCreate = z
  .object({
    username: Username,
    displayName: z.string().trim().min(2).max(40),
    role: RoleEnum,
    regionId: z.number().int().positive().nullable().optional(),
    providerId: z.number().int().positive().nullable().optional(),
    password: z.string().min(1).max(256),
  })
  .strict();

export const UserUpdate = z
  .object({
    displayName: z.string().trim().min(2).max(40).optional(),
    role: RoleEnum.optional(),
    regionId: z.number().int().positive().nullable().optional(),
    providerId: z.number().int().positive().nullable().optional(),
    active: z.boolean().optional(),
  })
  .strict();

export const ResetPasswordBody = z.object({ password: z.string().min(1).max(256) }).strict();

export const UserQuery = PageQuery.extend({
  q: z.string().trim().max(64).optional(),
  role: RoleEnum.optional(),
  regionId: z.coerce.number().int().positive().optional(),
  active: z.enum(['true', 'false']).optional(),
  sort: sortParam(['username', 'displayName', 'role', 'createdAt', 'lastLoginAt'] as const, 'username'),
});

export const Provider = z.object({ id: z.number().int(), name: z.string() });
