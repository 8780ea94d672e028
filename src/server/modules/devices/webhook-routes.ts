// The webhook vendor clouds post their devices' events to (POST /api/devices/webhook). No
// session: the post is signed. X-Yiyang-Signature is sha256=<hex HMAC-SHA256 of
// "<X-Yiyang-Timestamp>.<raw body>"> with DEVICE_WEBHOOK_SECRET; a timestamp more than five
// minutes off the server's clock is refused, and so is a signature seen before (webhook_receipts,
// shared by all servers). The HMAC is over the bytes as sent, so this plugin reads JSON bodies
// itself; the parser is registered in this plugin's own context and no other route sees it.
import crypto from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { eq, lt } from 'drizzle-orm';
import { Problem } from '../../../shared/schemas/common.js';
import {
  DeviceWebhookBody,
  DeviceWebhookResult,
  toDeviceEvents,
  type DeviceWebhookResult as Result,
} from '../../../shared/schemas/device-mqtt.js';
import { webhookReceipts } from '../../db/schema.js';
import type { Db } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import { conflict, notFound, ProblemError } from '../../http/problem.js';
import { ingestDeviceEvents } from './ingest.js';
import { DEVICE_MESSAGES as M } from './device-messages.js';

/** How far a post's timestamp may be from the server's clock. */
export const WEBHOOK_WINDOW_MS = 5 * 60_000;
/**
 * A post signed at T is taken until T + window, and may have arrived as early as T − window, so
 * a receipt older than twice the window can no longer stop a replay: it is removed.
 */
const RECEIPTS_KEPT_MS = 2 * WEBHOOK_WINDOW_MS;

export const SIGNATURE_HEADER = 'x-yiyang-signature';
export const TIMESTAMP_HEADER = 'x-yiyang-timestamp';

/** The signature header for a body at a time: what a vendor cloud (and the tests) compute. */
export function signWebhook(secret: string, timestampSeconds: number | string, rawBody: string | Buffer) {
  const mac = crypto.createHmac('sha256', secret).update(`${timestampSeconds}.`).update(rawBody).digest('hex');
  return `sha256=${mac}`;
}

const refused = (detail: string) => new ProblemError(401, M.signatureTitle, detail);

/** Checks the headers against the raw body; the signature (lower-case hex) when they hold. */
function verify(req: FastifyRequest, raw: Buffer, secret: string, now: Date): string {
  const ts = req.headers[TIMESTAMP_HEADER];
  const sig = req.headers[SIGNATURE_HEADER];
  if (typeof ts !== 'string' || typeof sig !== 'string') throw refused(M.signatureMissing);
  if (!/^\d{1,12}$/.test(ts.trim())) throw refused(M.timestampFormat);
  const given = /^sha256=([0-9a-fA-F]{64})$/.exec(sig.trim());
  if (!given) throw refused(M.signatureFormat);
  const expected = crypto.createHmac('sha256', secret).update(`${ts.trim()}.`).update(raw).digest();
  if (!crypto.timingSafeEqual(expected, Buffer.from(given[1], 'hex'))) throw refused(M.signatureWrong);
  // After the HMAC: only a holder of the secret learns that its clock is off.
  if (Math.abs(now.getTime() - Number(ts.trim()) * 1000) > WEBHOOK_WINDOW_MS)
    throw refused(M.timestampStale(WEBHOOK_WINDOW_MS / 60_000));
  // Stored as computed, not as given: an upper-case copy of the same signature is the same post.
  return expected.toString('hex');
}

/** Takes the post's signature once across all servers; a second time is a replay. */
async function claimReceipt(db: Db, signature: string, now: Date) {
  await db.transaction(async (tx) => {
    await tx.delete(webhookReceipts).where(lt(webhookReceipts.receivedAt, new Date(now.getTime() - RECEIPTS_KEPT_MS)));
    const [taken] = await tx
      .insert(webhookReceipts)
      .values({ signature, receivedAt: now })
      .onConflictDoNothing()
      .returning({ signature: webhookReceipts.signature });
    if (!taken) throw conflict(M.replay);
  });
}

export const webhookRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    // ingestDeviceEvents runs its own transaction on the connection; nothing else of Database is used.
    const database = { db: deps.db };
    /** Requests whose signature held, with that signature. */
    const signed = new WeakMap<FastifyRequest, string>();
    const secret = () => deps.config.deviceWebhookSecret;

    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
      const key = secret();
      if (!key) return done(notFound(M.webhookOff), undefined);
      try {
        // The signature before parsing: an unsigned caller learns nothing about the body.
        signed.set(req, verify(req, body as Buffer, key, deps.clock()));
      } catch (err) {
        return done(err as Error, undefined);
      }
      try {
        done(null, JSON.parse((body as Buffer).toString('utf8')));
      } catch {
        done(
          new ProblemError(400, '请求参数有误', '请求体不是合法的 JSON', [
            { field: 'body', message: '不是合法的 JSON' },
          ]),
          undefined,
        );
      }
    });

    app.post(
      '/api/devices/webhook',
      {
        config: { public: true },
        onRequest: async () => {
          if (!secret()) throw notFound(M.webhookOff);
        },
        // A post without a body never reached the parser: it is checked as an empty one.
        preValidation: async (req) => {
          if (!signed.has(req)) signed.set(req, verify(req, Buffer.alloc(0), secret()!, deps.clock()));
        },
        schema: {
          tags: ['设备'],
          summary:
            '厂商平台推送设备事件（定位、报警、心跳、健康数据）。无需登录；请求头 X-Yiyang-Timestamp（Unix 秒）与 ' +
            'X-Yiyang-Signature: sha256=<以 DEVICE_WEBHOOK_SECRET 对「时间戳.请求体原文」计算的 HMAC-SHA256 十六进制>；' +
            '时间戳与服务器相差超过 5 分钟或签名重复使用均被拒绝。未登记的设备计入 unknownDevices，不影响同批其他设备',
          body: DeviceWebhookBody,
          response: { 200: DeviceWebhookResult, 400: Problem, 401: Problem, 404: Problem, 409: Problem },
        },
      },
      async (req): Promise<Result> => {
        const now = deps.clock();
        const signature = signed.get(req)!;
        await claimReceipt(deps.db, signature, now);
        const b = req.body;
        const batch = b.devices ?? [{ deviceKey: b.deviceKey!, events: b.events! }];
        const result: Result = {
          devices: batch.length,
          unknownDevices: [],
          stored: 0,
          duplicates: 0,
          alarmCaseIds: [],
        };
        try {
          // One transaction per device: a device's events stand or fall together, as on every path.
          for (const d of batch) {
            const r = await ingestDeviceEvents(
              database,
              b.protocol,
              d.deviceKey,
              toDeviceEvents(d.deviceKey, d.events),
              now,
            );
            if (r.unknownDevice) {
              result.unknownDevices.push(d.deviceKey);
              continue;
            }
            result.stored += r.stored;
            result.duplicates += r.duplicates;
            for (const c of r.cases) if (!result.alarmCaseIds.includes(c.id)) result.alarmCaseIds.push(c.id);
          }
        } catch (err) {
          // The post did not go through: the same signed post may be sent again (what was stored
          // is recognised as duplicates).
          await deps.db.delete(webhookReceipts).where(eq(webhookReceipts.signature, signature));
          throw err;
        }
        if (result.unknownDevices.length)
          req.log.warn(
            { unknown: result.unknownDevices, protocol: b.protocol },
            'webhook: devices not in the registry',
          );
        return result;
      },
    );
  };
