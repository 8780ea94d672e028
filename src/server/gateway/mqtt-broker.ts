// The embedded MQTT broker (aedes) for the zero-setup start: without MQTT_URL the server listens
// for devices itself and subscribes to its own broker like to any other. Aedes keeps sessions in
// memory and speaks MQTT 3.1.1 without shared subscriptions, so it serves one server; production
// points MQTT_URL at Mosquitto (persistent, shared between servers).
import net, { type AddressInfo } from 'node:net';
import { Aedes } from 'aedes';
import type { MqttLog } from './mqtt-ingest.js';

export interface EmbeddedBroker {
  broker: Aedes;
  port: number;
  /** Where a client on this machine reaches it. */
  url: string;
  close(): Promise<void>;
}

/** Listens on host:port (0: a free port); rejects when the port cannot be had. */
export async function startEmbeddedBroker(opts: { port: number; host: string; log: MqttLog }): Promise<EmbeddedBroker> {
  const broker = await Aedes.createBroker();
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
