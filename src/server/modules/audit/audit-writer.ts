// Writes one audit row inside the caller's transaction, so a change and its record commit
// or fail together.
import type { FastifyRequest } from 'fastify';
import { auditLog } from '../../db/schema.js';
import type { DbOrTx } from '../../db/client.js';

// Secrets and personal data never reach the audit trail in clear or in cipher; masked values do.
const SECRET_KEYS = new Set([
  'passwordHash',
  'password',
  'newPassword',
  'currentPassword',
  'idCipher',
  'idHash',
  'phoneCipher',
  'phoneHash',
  // Elders' certificate numbers (they often contain the ID number): the cipher, and the clear
  // value of files stored before they were encrypted.
  'certificateNoCipher',
  'certificateNo',
  'idNumber',
  'phone',
  'file',
]);

function redact(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(redact);
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([k]) => !SECRET_KEYS.has(k))
        .map(([k, v]) => [k, redact(v)]),
    );
  }
  return value;
}

export interface AuditEvent {
  action: string;
  entityType: string;
  entityId?: string | number | null;
  before?: unknown;
  after?: unknown;
}

export interface AuditActor {
  userId: number | null;
  username: string | null;
  ip: string | null;
  requestId: string | null;
}

/** The product's own jobs (and the demo, the SMS webhook) as the audit trail names them. */
export const systemActor = (username = 'system'): AuditActor => ({ userId: null, username, ip: null, requestId: null });

export function actorOf(req: FastifyRequest): AuditActor {
  return {
    userId: req.principal?.userId ?? null,
    username: req.principal?.username ?? null,
    ip: req.ip ?? null,
    requestId: req.id,
  };
}

export async function writeAudit(db: DbOrTx, actor: AuditActor, event: AuditEvent) {
  await auditInsert(db, actor, event);
}

/** The audit row's insert, not yet run: for a hot path that sends it in one statement with others. */
export function auditInsert(db: DbOrTx, actor: AuditActor, event: AuditEvent) {
  return db.insert(auditLog).values({
    userId: actor.userId,
    username: actor.username,
    ip: actor.ip,
    requestId: actor.requestId,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId == null ? null : String(event.entityId),
    before: redact(event.before),
    after: redact(event.after),
  });
}
