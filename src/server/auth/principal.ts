import type { Permission, Role } from '../../core/roles.js';
import type { Scope } from './scope.js';

export interface Principal {
  userId: number;
  username: string;
  role: Role;
  permissions: readonly Permission[];
  scope: Scope;
  sessionId: string;
  mustChangePassword: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** Open to anonymous callers. */
    public?: boolean;
    /** Required permission; absent means any logged-in user. */
    permission?: Permission;
    /** Allowed before a forced password change. */
    allowPendingPasswordChange?: boolean;
  }
}
