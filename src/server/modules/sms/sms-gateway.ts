// Where messages to elders leave the product. A real gateway is an HTTP endpoint with a key
// (every Chinese SMS provider offers one; an adapter in front of a provider's own signature
// scheme posts to it); without one, development writes messages to the log and keeps the last
// few for the operator's page.
import type { Config } from '../../config.js';

export interface OutgoingSms {
  id: number;
  to: string;
  body: string;
}
export interface SmsGateway {
  readonly name: 'http' | 'log';
  /** Resolves with the gateway's message id once the gateway has taken the message; throws otherwise. */
  send(msg: OutgoingSms): Promise<string>;
}

export class HttpSmsGateway implements SmsGateway {
  readonly name = 'http';
  constructor(
    private readonly url: string,
    private readonly key: string | undefined,
    private readonly timeoutMs = 10_000,
  ) {}
  async send(msg: OutgoingSms): Promise<string> {
    const res = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(this.key ? { authorization: `Bearer ${this.key}` } : {}) },
      // The outbox id lets the gateway drop a message it already took when a retry repeats it.
      body: JSON.stringify({ to: msg.to, content: msg.body, clientRef: String(msg.id) }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`短信网关返回 ${res.status}：${text.slice(0, 200)}`);
    try {
      const body = JSON.parse(text) as { id?: unknown; messageId?: unknown };
      return String(body.id ?? body.messageId ?? msg.id);
    } catch {
      return String(msg.id);
    }
  }
}

export class LogSmsGateway implements SmsGateway {
  readonly name = 'log';
  readonly recent: (OutgoingSms & { at: Date })[] = [];
  constructor(private readonly log: (msg: OutgoingSms) => void = () => {}) {}
  async send(msg: OutgoingSms): Promise<string> {
    this.log(msg);
    this.recent.unshift({ ...msg, at: new Date() });
    this.recent.length = Math.min(this.recent.length, 100);
    return `log-${msg.id}`;
  }
}

export function makeSmsGateway(
  config: Pick<Config, 'smsGatewayUrl' | 'smsGatewayKey'>,
  log?: (msg: OutgoingSms) => void,
): SmsGateway {
  return config.smsGatewayUrl ? new HttpSmsGateway(config.smsGatewayUrl, config.smsGatewayKey) : new LogSmsGateway(log);
}
