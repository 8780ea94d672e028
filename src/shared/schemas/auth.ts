import { z } from '../zod.js';
import { PERMISSIONS, ROLES } from '../../core/roles.js';

export const LoginBody = z.object({
  username: z.string().trim().min(1, '请输入用户名').max(64),
  password: z.string().min(1, '请输入密码').max(256),
});

export const Me = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  permissions: z.array(z.enum(PERMISSIONS)),
  region: z.object({ id: z.number().int(), name: z.string(), level: z.string(), code: z.string() }).nullable(),
  provider: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  mustChangePassword: z.boolean(),
});
export type Me = z.infer<typeof Me>;

export const ChangePasswordBody = z.object({
  currentPassword: z.string().min(1, '请输入当前密码').max(256),
  newPassword: z.string().min(1, '请输入新密码').max(256),
});
