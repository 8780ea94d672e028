// MQTT in the server process (main.ts; never in buildApp, so tests open no ports by default):
// subscribe to the broker MQTT_URL names, or, without one, start the embedded broker on
// MQTT_EMBEDDED_PORT and subscribe to that; MQTT_EMBEDDED_PORT=0 turns MQTT off.
import crypto from 'node:crypto';
import os from 'node:os';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { startEmbeddedBroker, type EmbeddedBroker } from './mqtt-broker.js';
import { startMqttIngest, type MqttIngest, type MqttLog } from './mqtt-ingest.js';

export interface RunningMqtt {
  ingest: MqttIngest;
  broker: EmbeddedBroker | null;
  close(): Promise<void>;
}

/**
 * The subscriber's client id: the same after a restart, so the broker hands back the session
 * with the messages not yet acknowledged; different for two servers (host, and the HTTP port
 * for two on one host), or the broker would throw one off whenever the other connects.
 *
 * The session outlives a stop on purpose (a day, MQTT 5 session expiry): Mosquitto 2.0 queues a
 * stopped server's share of the group's messages in its session rather than handing them to
 * another member (tried: it does not do MQTT 5's "SHOULD send to another client"), and drops
 * messages that match no subscription at all — so a server that unsubscribed on shutdown would
 * lose what devices sent during a restart. Its share waits for it instead; a server taken away
 * for good is removed by connecting once with its id and a clean start.
 */
export const SERVER_CLIENT_PREFIX = 'yiyang-server-';
export const mqttClientId = (config: Pick<Config, 'port'>) =>
  `${SERVER_CLIENT_PREFIX}${os
    .hostname()
    .replace(/[^\w.-]/g, '')
    .slice(0, 40)}-${config.port}`;

export async function startMqtt(opts: {
  config: Pick<Config, 'mqttUrl' | 'mqttEmbeddedPort' | 'mqttEmbeddedHost' | 'port'>;
  database: Database;
  clock: () => Date;
  log: MqttLog;
}): Promise<RunningMqtt | null> {
  const { config, log } = opts;
  const common = { database: opts.database, clock: opts.clock, log, clientId: mqttClientId(config) };
  if (config.mqttUrl) {
    const ingest = startMqttIngest({ ...common, url: config.mqttUrl, protocolVersion: 5, shared: true });
    return { ingest, broker: null, close: () => ingest.close() };
  }
  if (config.mqttEmbeddedPort <= 0) {
    log.info({}, 'MQTT off (no MQTT_URL, MQTT_EMBEDDED_PORT=0)');
    return null;
  }
  // The server's own login at its embedded broker, new with every start: only it reads devices' events.
  const server = {
    username: 'yiyang-server',
    password: crypto.randomBytes(24).toString('hex'),
    clientIdPrefix: SERVER_CLIENT_PREFIX,
  };
  let broker: EmbeddedBroker;
  try {
    broker = await startEmbeddedBroker({ port: config.mqttEmbeddedPort, host: config.mqttEmbeddedHost, log, server });
  } catch (err) {
    // Another server on this machine may hold the port: this one serves HTTP and the webhook
    // without MQTT rather than not at all.
    log.error(
      { port: config.mqttEmbeddedPort, err: (err as Error).message },
      'embedded MQTT broker could not listen: MQTT off (set MQTT_EMBEDDED_PORT to a free port, or MQTT_URL)',
    );
    return null;
  }
  const ingest = startMqttIngest({
    ...common,
    url: broker.url,
    protocolVersion: 4,
    shared: false,
    username: server.username,
    password: server.password,
  });
  return {
    ingest,
    broker,
    async close() {
      await ingest.close();
      await broker.close();
    },
  };
}
