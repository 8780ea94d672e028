// The server's MQTT subscriber: takes device events from the broker (mqtt-topics.ts), checks them
// against the payload schema (device-mqtt.ts) and stores them through the one ingestion
// transaction. A QoS 1 message is acknowledged to the broker only after that transaction
// committed: mqtt.js sends the PUBACK when `handleMessage` calls back, so the override below
// calls back only then. The session is persistent (clean: false, a stable client id), so a
// message this server took but never acknowledged — it crashed, or the database failed — is
// delivered again when it reconnects, and the duplicate that may follow is recognised by ingest.
//
// What can never be stored is acknowledged and counted, never retried forever and never thrown:
// a topic outside the scheme, JSON that does not parse or fit the schema, an unknown device.
import mqtt, { type IClientOptions, type IPublishPacket, type MqttClient } from 'mqtt';
import { sparseWarner } from './sparse-warn.js';
import type { Database } from '../db/client.js';
import type { DeviceEvent } from '../../core/devices/device-event.js';
import { ingestDeviceEvents, type IngestResult } from '../modules/devices/ingest.js';
import { DeviceKey, parseMqttEvents, toDeviceEvents } from '../../shared/schemas/device-mqtt.js';
import { ackTopic, DEFAULT_TOPIC_ROOT, deviceKeyOfTopic, eventsSubscription } from './mqtt-topics.js';

/** The logger methods used; pino and Fastify's logger both fit. */
export interface MqttLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface MqttIngestOptions {
  url: string;
  database: Database;
  clock: () => Date;
  log: MqttLog;
  /** Stable across restarts: the broker keeps this id's session and unacknowledged messages. */
  clientId: string;
  /** The server's login at the broker (the embedded broker's per-process secret; or a Mosquitto account). */
  username?: string;
  password?: string;
  /** 5 for brokers that speak it (Mosquitto, EMQX); aedes speaks 3.1.1 (4). */
  protocolVersion?: 4 | 5;
  /** Subscribe as the shared group (brokers that have shared subscriptions; aedes has not). */
  shared?: boolean;
  topicRoot?: string;
  /** MQTT 5: how long the broker keeps the session while this server is away. */
  sessionExpirySeconds?: number;
  /** Reconnect delay: doubles from min to max while the broker cannot be reached. */
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  /** Attempts to store one message before giving it back to the broker (dropping the connection). */
  attempts?: number;
  /** The store step (tests put a failing one in). */
  ingest?: typeof ingestDeviceEvents;
}

export interface MqttIngestCounters {
  messages: number;
  /** Messages acknowledged after their events were stored (or found to be duplicates). */
  acked: number;
  events: number;
  duplicates: number;
  /** Topic outside the scheme, unparsable JSON or a payload the schema refuses. */
  invalid: number;
  unknownDevice: number;
  /** Store attempts that failed; the message goes back to the broker after the last one. */
  failures: number;
  reconnects: number;
}

export type MqttIngestState = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'closed';

export interface MqttIngest {
  client: MqttClient;
  counters: MqttIngestCounters;
  state(): MqttIngestState;
  /** Resolves once the subscription is granted the first time. */
  ready: Promise<void>;
  /** Waits for the message being stored, then disconnects. */
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function startMqttIngest(opts: MqttIngestOptions): MqttIngest {
  const root = opts.topicRoot ?? DEFAULT_TOPIC_ROOT;
  const protocolVersion = opts.protocolVersion ?? 5;
  const minDelay = opts.reconnectMinMs ?? 1000;
  const maxDelay = opts.reconnectMaxMs ?? 30_000;
  const attempts = opts.attempts ?? 3;
  const ingest = opts.ingest ?? ingestDeviceEvents;
  const { log } = opts;
  const counters: MqttIngestCounters = {
    messages: 0,
    acked: 0,
    events: 0,
    duplicates: 0,
    invalid: 0,
    unknownDevice: 0,
    failures: 0,
    reconnects: 0,
  };
  let state: MqttIngestState = 'connecting';
  let closing = false;
  let inFlight: Promise<unknown> = Promise.resolve();
  const logIgnored = sparseWarner((obj, msg) => log.warn(obj, msg));

  const options: IClientOptions = {
    clientId: opts.clientId,
    ...(opts.username ? { username: opts.username, password: opts.password } : {}),
    protocolVersion,
    clean: false,
    reconnectPeriod: minDelay,
    connectTimeout: 10_000,
    ...(protocolVersion === 5 ? { properties: { sessionExpiryInterval: opts.sessionExpirySeconds ?? 86_400 } } : {}),
  };
  const client = mqtt.connect(opts.url, options);
  // Logged without credentials a URL may carry.
  const where = safeUrl(opts.url);

  let delay = minDelay;
  client.on('connect', (connack) => {
    state = 'connected';
    delay = minDelay;
    client.options.reconnectPeriod = minDelay;
    log.info({ broker: where, clientId: opts.clientId, sessionPresent: connack.sessionPresent }, 'MQTT connected');
  });
  client.on('reconnect', () => {
    state = 'reconnecting';
    counters.reconnects++;
    // The library waits reconnectPeriod before each attempt; it is read anew after every failure.
    delay = Math.min(maxDelay, delay * 2);
    client.options.reconnectPeriod = Math.round(delay * (0.8 + Math.random() * 0.4));
    log.info(
      { broker: where, attempt: counters.reconnects, nextDelayMs: client.options.reconnectPeriod },
      'MQTT reconnecting',
    );
  });
  client.on('offline', () => {
    if (state !== 'closed') state = 'offline';
    log.warn({ broker: where }, 'MQTT broker unreachable; retrying with backoff');
  });
  client.on('error', (err) => log.warn({ broker: where, err: err.message }, 'MQTT client error'));
  client.on('disconnect', (p) => log.warn({ broker: where, reason: p.reasonCode }, 'MQTT broker disconnected us'));

  const ready = new Promise<void>((resolve) => {
    client.once('connect', () => {
      const filter = eventsSubscription(root, opts.shared ?? true);
      client.subscribe(filter, { qos: 1 }, (err, granted) => {
        const refused = granted?.find((g) => g.qos === 128);
        if (err || refused) {
          log.error({ filter, err: err?.message }, 'MQTT subscription refused: device events will not arrive');
          return;
        }
        log.info({ filter }, 'MQTT subscribed to device events');
        resolve();
      });
    });
  });

  /** Stores one message's events; resolves when it may be acknowledged, rejects when it may not. */
  async function handle(packet: IPublishPacket): Promise<void> {
    counters.messages++;
    const key = deviceKeyOfTopic(packet.topic, root);
    if (key === null || !DeviceKey.safeParse(key).success) {
      counters.invalid++;
      logIgnored(packet.topic, { topic: packet.topic }, 'MQTT message on a topic outside the scheme: ignored');
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(Buffer.from(packet.payload).toString('utf8'));
    } catch {
      counters.invalid++;
      logIgnored(key, { bytes: packet.payload.length }, 'MQTT payload is not JSON: ignored');
      return;
    }
    const parsed = parseMqttEvents(json);
    if (!parsed.success) {
      counters.invalid++;
      const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
      logIgnored(key, { issues }, 'MQTT payload does not fit the event schema: ignored');
      return;
    }
    const events = toDeviceEvents(key, parsed.data);
    const r = await storeWithRetries(key, events);
    if (r.unknownDevice) {
      counters.unknownDevice++;
      logIgnored(key, {}, 'MQTT events from a device not in the registry: ignored');
      return;
    }
    counters.events += r.stored;
    counters.duplicates += r.duplicates;
    if (events.some((e) => e.kind === 'alarm')) tellDevice(key, r);
  }

  async function storeWithRetries(key: string, events: DeviceEvent[]): Promise<IngestResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await ingest(opts.database, 'mqtt', key, events, opts.clock());
      } catch (err) {
        counters.failures++;
        if (attempt >= attempts || closing) throw err;
        log.warn({ deviceKey: key, attempt, err: (err as Error).message }, 'MQTT events not stored yet; retrying');
        await sleep(200 * 2 ** attempt);
      }
    }
  }

  /** The device may show that its alarm reached the centre (the broker's PUBACK only says the broker has it). */
  function tellDevice(key: string, r: IngestResult) {
    const body = JSON.stringify({
      at: opts.clock().toISOString(),
      stored: r.stored,
      duplicates: r.duplicates,
      alarmCaseIds: r.cases.map((c) => c.id),
    });
    client.publish(ackTopic(key, root), body, { qos: 1 }, (err) => {
      if (err) log.warn({ deviceKey: key, err: err.message }, 'MQTT alarm acknowledgement not sent');
    });
  }

  // mqtt.js calls this for every PUBLISH, one at a time per connection, and sends the PUBACK of a
  // QoS 1 message when the callback is called without an error.
  client.handleMessage = (packet, callback) => {
    const work = handle(packet).then(
      () => {
        counters.acked++;
        callback();
      },
      (err: unknown) => {
        log.error(
          { topic: packet.topic, err: (err as Error).message },
          'MQTT events could not be stored: not acknowledged; reconnecting so the broker delivers them again',
        );
        callback(err as Error);
        // Without a PUBACK the broker resends only on a new connection of this session.
        if (!closing) client.stream?.destroy();
      },
    );
    inFlight = work;
  };

  return {
    client,
    counters,
    state: () => state,
    ready,
    async close() {
      closing = true;
      await inFlight;
      state = 'closed';
      await client.endAsync();
      log.info({ broker: where, ...counters }, 'MQTT disconnected');
    },
  };
}

function safeUrl(url: string) {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return 'mqtt';
  }
}
