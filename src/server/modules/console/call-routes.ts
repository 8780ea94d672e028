// The caller screen-pop: the PBX posts each incoming call's number; the product finds the
// elders it belongs to (their own phone, or a family member's) and pushes them to the operator
// the call rings at — or, when the PBX does not say, to every operator on duty. A training
// button posts the same thing from the console itself.
import crypto from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { eq, or, sql } from 'drizzle-orm';
import { z } from '../../../shared/zod.js';
import { Problem } from '../../../shared/schemas/common.js';
import { elders } from '../../db/schema.js';
import type { Db } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import type { PersonalDataCipher } from '../../security/personal-data.js';
import { apiKeyHook } from '../../auth/api-key.js';
import { maskPhone, normalizePhone } from '../../../core/elders/phone.js';
import { notify } from '../../realtime/events.js';
import type { StoredContact } from '../elders/elder-records.js';

const Caller = z
  .string()
  .trim()
  .min(3, '来电号码格式不正确')
  .max(24, '来电号码格式不正确')
  .regex(/^\+?[\d\s-]+$/, '来电号码只能包含数字');
export const IncomingCall = z
  .object({
    caller: Caller,
    /** The operator's login name the call rings at; absent: every operator. */
    agent: z.string().trim().min(1).max(64).nullable().optional(),
    callId: z.string().trim().min(1).max(80).optional(),
  })
  .strict();
const CallAccepted = z.object({ callId: z.string(), matched: z.number().int() });

/** Matches the number to elders and tells the consoles, in one transaction. */
export async function popCall(
  db: Db,
  cipher: PersonalDataCipher,
  call: { caller: string; agent: string | null; callId?: string },
  now: Date,
) {
  const phone = normalizePhone(call.caller).replace(/^\+?86/, '');
  const hash = cipher.index(phone);
  const rows = await db
    .select({ id: elders.id, phoneHash: elders.phoneHash, contacts: elders.contacts })
    .from(elders)
    .where(or(eq(elders.phoneHash, hash), sql`${elders.contacts} @> ${JSON.stringify([{ phoneHash: hash }])}::jsonb`))
    .limit(10);
  const matched = rows.map((r) => ({
    id: r.id,
    relation:
      r.phoneHash === hash
        ? null
        : ((r.contacts as StoredContact[]).find((c) => c.phoneHash === hash)?.relation ?? '家属'),
  }));
  const callId = call.callId ?? crypto.randomUUID();
  await db.transaction((tx) =>
    notify(tx, {
      kind: 'call',
      callId,
      agent: call.agent,
      caller: phone,
      callerMasked: maskPhone(phone),
      elders: matched,
      at: now.toISOString(),
    }),
  );
  return { callId, matched: matched.length };
}

export const callRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['调度台'];
    app.post(
      '/api/telephony/calls',
      {
        config: { public: true },
        onRequest: apiKeyHook(() => deps.config.telephonyApiKey, '来电弹屏'),
        schema: {
          tags,
          summary:
            '来电弹屏（供呼叫中心或交换机调用，X-Api-Key 认证）：按来电号码找到老人档案，推送到接听话务员的调度台',
          body: IncomingCall,
          response: { 202: CallAccepted, 400: Problem, 401: Problem, 503: Problem },
        },
      },
      async (req, reply) =>
        reply
          .status(202)
          .send(
            await popCall(
              deps.db,
              deps.cipher,
              { caller: req.body.caller, agent: req.body.agent ?? null, callId: req.body.callId },
              deps.clock(),
            ),
          ),
    );

    app.post(
      '/api/console/test-call',
      {
        config: { permission: 'order.create' },
        schema: {
          tags,
          summary: '模拟来电（培训与演示）：以本人坐席弹出该号码的来电',
          body: z.object({ caller: Caller }).strict(),
          response: { 202: CallAccepted, 400: Problem },
        },
      },
      async (req, reply) =>
        reply
          .status(202)
          .send(
            await popCall(
              deps.db,
              deps.cipher,
              { caller: req.body.caller, agent: req.principal!.username },
              deps.clock(),
            ),
          ),
    );
  };
