// The embedded MQTT broker (aedes) for the zero-setup start: without MQTT_URL the server listens
// for devices itself and subscribes to its own broker like to any other. Aedes keeps sessions in
// memory and speaks MQTT 3.1.1 without shared subscriptions, so it serves one server; production
// points MQTT_URL at Mosquitto (persistent, shared between servers).
import net, { type AddressInfo } from 'node:net';
import crypto from 'node:crypto';
import { Aedes } from 'aedes';
import type { MqttLog } from './mqtt-ingest.js';

export interface EmbeddedBroker {
  broker: Aedes;
  port: number;
  /** Where a client on this machine reaches it. */
  url: string;
  close(): Promise<void>;
}

/** The login the server's own client uses; only it may read devices' events. */
export interface BrokerServerLogin {
  username: string;
  password: string;
  /** Client ids that are the server's: nobody else may take them (a session taken is alarms lost). */
  clientIdPrefix: string;
}

const KEY = '[A-Za-z0-9_.:-]{1,40}';

/**
 * Who may do what on the embedded broker. The server (its login) reads and writes everything.
 * Anyone else is a device: it may publish its events and read its own acknowledgements — never a
 * wildcard, never another device's topic — and may not take a server's client id. Devices carry
 * no credentials of their own (as watches on the TCP protocol do not), so a device key is all that
 * names a device; the README says so.
 */
export function brokerRules(server: BrokerServerLogin) {
  // Under any root (the product's is DEFAULT_TOPIC_ROOT): one named device's topic, no wildcards.
  const events = new RegExp(`^[^#+]+/devices/${KEY}/events$`);
  const ack = new RegExp(`^[^#+]+/devices/${KEY}/ack$`);
  const isServer = (username: string | undefined, password: Buffer | undefined) =>
    username === server.username &&
    password !== undefined &&
    password.length === Buffer.byteLength(server.password) &&
    crypto.timingSafeEqual(password, Buffer.from(server.password));
  return {
    /** Null when the connection may go on, else why not. */
    connect(clientId: string, username: string | undefined, password: Buffer | undefined): string | null {
      if (username !== undefined && !isServer(username, password)) return 'bad credentials';
      if (clientId.startsWith(server.clientIdPrefix) && !isServer(username, password)) return 'reserved client id';
      return null;
    },
    publish: (asServer: boolean, topic: string) => asServer || events.test(topic),
    subscribe: (asServer: boolean, topic: string) => asServer || ack.test(topic),
  };
}

/** Listens on host:port (0: a free port); rejects when the port cannot be had. */
export async function startEmbeddedBroker(opts: {
  port: number;
  host: string;
  log: MqttLog;
  server: BrokerServerLogin;
}): Promise<EmbeddedBroker> {
  const broker = await Aedes.createBroker();
  const rules = brokerRules(opts.server);
  const servers = new WeakSet<object>();
  broker.authenticate = (client, username, password, done) => {
    const why = rules.connect(client.id, username, password);
    if (why) {
      opts.log.warn({ client: client.id, why }, 'MQTT connection refused');
      const err = Object.assign(new Error(why), { returnCode: 4 });
      return done(err as never, false);
    }
    if (username !== undefined) servers.add(client);
    done(null, true);
  };
  broker.authorizePublish = (client, packet, done) => {
    if (client && !rules.publish(servers.has(client), packet.topic)) return done(new Error('publish not allowed'));
    done(null);
  };
  broker.authorizeSubscribe = (client, sub, done) => {
    // A refused subscription is answered with a failure code, not a dropped connection.
    done(null, rules.subscribe(servers.has(client), sub.topic) ? sub : null);
  };
  const server = net.createServer(broker.handle);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port, opts.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    await new Promise<void>((r) => broker.close(() => r()));
    throw err;
  }
  server.on('error', (err) => opts.log.error({ err: err.message }, 'embedded MQTT broker error'));
  // A device's broken connection is its own business; logged, never thrown.
  broker.on('clientError', (client, err) =>
    opts.log.warn({ client: client.id, err: err.message }, 'MQTT client error'),
  );
  broker.on('connectionError', (client, err) => opts.log.warn({ err: err.message }, 'MQTT connection error'));
  const port = (server.address() as AddressInfo).port;
  const anyAddress = opts.host === '' || opts.host === '0.0.0.0' || opts.host === '::';
  const host = anyAddress ? '127.0.0.1' : opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  opts.log.info({ port, host: opts.host }, 'embedded MQTT broker listening');
  return {
    broker,
    port,
    url: `mqtt://${host}:${port}`,
    async close() {
      await new Promise<void>((r) => broker.close(() => r()));
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
