// The SMS gateway's webhook for elders' replies, and the outbox for the call centre to see
// what went out. A reply is matched to the latest rating question sent to that number in the
// last week; every reply is kept, whatever became of it.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { and, count, desc, eq, gte, type SQL } from 'drizzle-orm';
import { z } from '../../../shared/zod.js';
import { PageQuery, pageOf, Problem } from '../../../shared/schemas/common.js';
import { SmsInbound, SmsInboundResult } from '../../../shared/schemas/feedback.js';
import { elders, orders, ratings, smsInbound, smsOutbox } from '../../db/schema.js';
import type { Deps } from '../../deps.js';
import { inRegionScope } from '../../auth/scope.js';
import { apiKeyHook } from '../../auth/api-key.js';
import { normalizePhone, maskPhone } from '../../../core/elders/phone.js';
import { parseRatingReply, REPLY_COMPLAINT, REPLY_THANKS } from '../../../core/feedback/sms-reply.js';
import { callCentreRulesOf } from '../../../core/orders/call-centre-rules.js';
import { fieldError } from '../../http/problem.js';
import { rulesOn } from '../providers/rule-store.js';
import { shanghaiDate } from '../../../shared/today.js';
import { recordRating } from '../feedback/record-rating.js';
import { enqueueSms } from './sms-outbox.js';
import { systemActor } from '../audit/audit-writer.js';

const REPLY_WINDOW_MS = 7 * 86_400_000;
const phoneOf = (m: typeof smsOutbox.$inferSelect) => ({
  phoneCipher: m.phoneCipher,
  phoneHash: m.phoneHash,
  phoneMasked: m.phoneMasked,
});
const SYSTEM = systemActor('sms');

export const smsRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db, cipher } = deps;
    const tags = ['短信'];

    app.post(
      '/api/sms/inbound',
      {
        config: { public: true },
        onRequest: apiKeyHook(() => deps.config.smsInboundKey, '短信上行'),
        schema: {
          tags,
          summary:
            '短信网关推送老人的回复（X-Api-Key 认证）：回复 1-4 记为对最近一次服务的评价，4（不满意）同时登记投诉',
          body: SmsInbound,
          response: { 200: SmsInboundResult, 400: Problem, 401: Problem, 503: Problem },
        },
      },
      async (req) => {
        const now = deps.clock();
        const phone = normalizePhone(req.body.from).replace(/^\+?86/, '');
        const phoneHash = cipher.index(phone);
        const reading = parseRatingReply(req.body.text);
        const [asked] = await db
          .select()
          .from(smsOutbox)
          .where(
            and(
              eq(smsOutbox.phoneHash, phoneHash),
              eq(smsOutbox.kind, 'rating'),
              gte(smsOutbox.createdAt, new Date(now.getTime() - REPLY_WINDOW_MS)),
            ),
          )
          .orderBy(desc(smsOutbox.id))
          .limit(1);
        const keep = (outcome: 'rated' | 'invalid' | 'no_order' | 'already', orderId: number | null) => ({
          phoneHash,
          phoneMasked: maskPhone(phone),
          text: req.body.text.slice(0, 500),
          outcome,
          orderId,
          receivedAt: now,
        });
        if (!reading.ok) {
          await db.transaction(async (tx) => {
            await tx.insert(smsInbound).values(keep('invalid', asked?.orderId ?? null));
            // The elder gets told what a valid answer is, once per question asked.
            if (asked)
              await enqueueSms(
                tx,
                {
                  kind: 'reply',
                  elderId: asked.elderId,
                  orderId: asked.orderId,
                  phone: phoneOf(asked),
                  body: `【颐养】${reading.message}`,
                },
                now,
              );
          });
          throw fieldError('text', reading.message);
        }
        if (!asked?.orderId) {
          await db.insert(smsInbound).values(keep('no_order', null));
          return { outcome: 'no_order' as const, orderId: null, level: null };
        }
        return db.transaction(async (tx) => {
          const [o] = await tx.select().from(orders).where(eq(orders.id, asked.orderId!)).for('update');
          const [rated] = await tx.select({ id: ratings.id }).from(ratings).where(eq(ratings.orderId, o.id));
          if (rated) {
            await tx.insert(smsInbound).values(keep('already', o.id));
            return { outcome: 'already' as const, orderId: o.id, level: null };
          }
          const rules = callCentreRulesOf((await rulesOn(tx, shanghaiDate(now))).params);
          await recordRating(
            tx,
            o,
            { level: reading.level, source: 'sms', comment: reading.comment, userId: null },
            rules,
            SYSTEM,
            now,
          );
          await tx.insert(smsInbound).values(keep('rated', o.id));
          await enqueueSms(
            tx,
            {
              kind: 'reply',
              elderId: o.elderId,
              orderId: o.id,
              phone: phoneOf(asked),
              body: reading.level === 'unsatisfied' ? REPLY_COMPLAINT : REPLY_THANKS,
            },
            now,
          );
          return { outcome: 'rated' as const, orderId: o.id, level: reading.level };
        });
      },
    );

    const OutboxQuery = PageQuery.extend({ state: z.enum(['pending', 'sent', 'failed']).optional() });
    const OutboxDto = z.object({
      id: z.number().int(),
      kind: z.string(),
      elderName: z.string().nullable(),
      orderId: z.number().int().nullable(),
      phoneMasked: z.string(),
      body: z.string(),
      state: z.string(),
      attempts: z.number().int(),
      lastError: z.string().nullable(),
      createdAt: z.string(),
      sentAt: z.string().nullable(),
    });
    app.get(
      '/api/sms/outbox',
      {
        config: { permission: 'callback.act' },
        schema: {
          tags,
          summary: '短信发送记录（待发、已发、失败）',
          querystring: OutboxQuery,
          response: { 200: pageOf(OutboxDto), 400: Problem },
        },
      },
      async (req) => {
        const q = req.query;
        const conds: SQL[] = [inRegionScope(db, req.principal!.scope, elders.regionId)];
        if (q.state) conds.push(eq(smsOutbox.state, q.state));
        const where = and(...conds);
        const [rows, [{ total }]] = await Promise.all([
          db
            .select({ m: smsOutbox, elderName: elders.name })
            .from(smsOutbox)
            .innerJoin(elders, eq(elders.id, smsOutbox.elderId))
            .where(where)
            .orderBy(desc(smsOutbox.id))
            .limit(q.pageSize)
            .offset((q.page - 1) * q.pageSize),
          db
            .select({ total: count() })
            .from(smsOutbox)
            .innerJoin(elders, eq(elders.id, smsOutbox.elderId))
            .where(where),
        ]);
        return {
          items: rows.map(({ m, elderName }) => ({
            id: m.id,
            kind: m.kind,
            elderName,
            orderId: m.orderId,
            phoneMasked: m.phoneMasked,
            body: m.body,
            state: m.state,
            attempts: m.attempts,
            lastError: m.lastError,
            createdAt: m.createdAt.toISOString(),
            sentAt: m.sentAt?.toISOString() ?? null,
          })),
          total,
          page: q.page,
          pageSize: q.pageSize,
        };
      },
    );
  };
