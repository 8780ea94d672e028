// The TCP gateway for the watch protocol (src/core/devices/watch-protocol.ts): one long-lived
// connection per watch; each frame is decoded, its events handed to the sink, and the reply the
// device expects (LK, AL…) written only after the sink's promise resolves — an alarm is stored
// before it is acknowledged, so a crash between the two loses nothing: the device sends it again.
// Frames of one connection are handled strictly in order. A sink that fails closes that connection
// without a reply (the device retries); nothing a device sends can throw out of the gateway.
//
// Defences, each counted: garbage and broken frames are dropped by the framer and, repeated, close
// the connection; a per-address connection cap (generous by default: carrier-grade NAT puts many
// watches behind one address); a per-connection frame rate (token bucket); an idle timeout and TCP
// keepalive for half-open connections; reading pauses while frames wait for a slow sink.
import net from 'node:net';
import type { DeviceEvent } from '../../core/devices/device-event.js';
import {
  decodeWatchFrame,
  WATCH_DEFAULT_MAX_CONTENT_BYTES,
  WatchFramer,
  type WatchDecodeOptions,
  type WatchFrame,
} from '../../core/devices/watch-protocol.js';

export interface WatchSinkMeta {
  /** address:port of the connection. */
  remote: string;
  vendor: string;
  deviceKey: string;
}
export type WatchSink = (events: DeviceEvent[], meta: WatchSinkMeta) => Promise<void>;

/** The logger methods used; pino and Fastify's logger both fit. */
export interface WatchGatewayLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug?(obj: object, msg?: string): void;
}

export interface WatchGatewayLimits {
  /** Largest frame content accepted (bytes after unescaping); a larger declared LEN is dropped. */
  maxContentBytes: number;
  /** A connection with no bytes either way for this long is closed (watches send LK every 5–8 min). */
  idleTimeoutMs: number;
  /** TCP keepalive's first probe after this much silence (finds half-open connections). */
  keepAliveDelayMs: number;
  maxConnections: number;
  maxConnectionsPerAddress: number;
  /** Frames a connection may send at once (a watch uploads its blind-spot UD2 backlog on reconnect)… */
  frameBurst: number;
  /** …and per second after that; beyond it the connection is closed. */
  framesPerSecond: number;
  /** Drops (garbage, broken or oversized frames) after which a connection is closed. */
  maxDropsPerConnection: number;
  /** Frames waiting for the sink beyond which reading from the socket pauses. */
  maxQueuedFrames: number;
}

export const DEFAULT_WATCH_GATEWAY_LIMITS: WatchGatewayLimits = {
  maxContentBytes: WATCH_DEFAULT_MAX_CONTENT_BYTES,
  idleTimeoutMs: 10 * 60_000,
  keepAliveDelayMs: 60_000,
  maxConnections: 50_000,
  maxConnectionsPerAddress: 500,
  frameBurst: 300,
  framesPerSecond: 5,
  maxDropsPerConnection: 5,
  maxQueuedFrames: 64,
};

export interface WatchGatewayCounters {
  /** Whole frames read. */
  frames: number;
  /** Events the sink accepted. */
  events: number;
  /** Frames of a type the decoder does not read. */
  unknown: number;
  /** Frames of a known type whose fields did not parse. */
  malformed: number;
  /** What the framer dropped: garbage, broken headers, oversized or unterminated frames. */
  dropped: number;
  replies: number;
  sinkErrors: number;
  /** Connections open now. */
  connections: number;
  connectionsAccepted: number;
  /** Refused by the per-address cap or the total cap. */
  connectionsRejected: number;
  /** Closed for sending frames too fast. */
  rateLimited: number;
  /** Closed for repeated drops. */
  abuseClosed: number;
  idleClosed: number;
}

export interface WatchGatewayOptions {
  port: number;
  host?: string;
  sink: WatchSink;
  log: WatchGatewayLog;
  limits?: Partial<WatchGatewayLimits>;
  decode?: WatchDecodeOptions;
}

export interface WatchGateway {
  /** The port listened on (the real one when 0 was asked for). */
  readonly port: number;
  readonly host: string;
  /** A snapshot of the counters. */
  counters(): WatchGatewayCounters;
  /** Stops listening and closes every connection; replies not yet written are not sent. */
  close(): Promise<void>;
}

const addressOf = (socket: net.Socket) => (socket.remoteAddress ?? 'unknown').replace(/^::ffff:/, '');
/** Logs the 1st, 2nd, 4th, 8th… occurrence only: a flood cannot flood the log. */
const worthLogging = (n: number) => (n & (n - 1)) === 0;

export async function startWatchGateway(options: WatchGatewayOptions): Promise<WatchGateway> {
  const limits: WatchGatewayLimits = { ...DEFAULT_WATCH_GATEWAY_LIMITS, ...options.limits };
  const { sink, log } = options;
  const host = options.host ?? '0.0.0.0';
  const counters: WatchGatewayCounters = {
    frames: 0,
    events: 0,
    unknown: 0,
    malformed: 0,
    dropped: 0,
    replies: 0,
    sinkErrors: 0,
    connections: 0,
    connectionsAccepted: 0,
    connectionsRejected: 0,
    rateLimited: 0,
    abuseClosed: 0,
    idleClosed: 0,
  };
  const perAddress = new Map<string, number>();
  const sockets = new Set<net.Socket>();

  const server = net.createServer((socket) => {
    const address = addressOf(socket);
    const open = perAddress.get(address) ?? 0;
    if (open >= limits.maxConnectionsPerAddress) {
      counters.connectionsRejected++;
      if (worthLogging(counters.connectionsRejected)) {
        log.warn(
          { address, open, rejected: counters.connectionsRejected },
          'watch gateway: too many connections from one address',
        );
      }
      socket.on('error', () => {});
      socket.destroy();
      return;
    }
    perAddress.set(address, open + 1);
    sockets.add(socket);
    counters.connections++;
    counters.connectionsAccepted++;
    handleConnection(socket, address);
  });
  server.maxConnections = limits.maxConnections;
  server.on('drop', () => {
    counters.connectionsRejected++;
    if (worthLogging(counters.connectionsRejected))
      log.warn({ maxConnections: limits.maxConnections }, 'watch gateway: connection limit reached');
  });
  server.on('error', (error) => log.error({ err: error }, 'watch gateway: server error'));

  function handleConnection(socket: net.Socket, address: string): void {
    const remote = `${address}:${socket.remotePort ?? '?'}`;
    const framer = new WatchFramer(limits.maxContentBytes);
    const queue: WatchFrame[] = [];
    let busy = false;
    let paused = false;
    let drops = 0;
    let tokens = limits.frameBurst;
    let refilledAt = Date.now();
    let deviceKey: string | null = null;

    socket.setNoDelay(true);
    socket.setKeepAlive(true, limits.keepAliveDelayMs);
    socket.setTimeout(limits.idleTimeoutMs);

    const shut = (why: string, detail: object = {}) => {
      if (socket.destroyed) return;
      log.warn({ remote, deviceKey, ...detail }, `watch gateway: closing connection (${why})`);
      queue.length = 0;
      socket.destroy();
    };

    socket.on('timeout', () => {
      counters.idleClosed++;
      log.debug?.({ remote, deviceKey }, 'watch gateway: idle connection closed');
      queue.length = 0;
      socket.destroy();
    });
    socket.on('error', (error) => log.debug?.({ remote, deviceKey, err: error }, 'watch gateway: socket error'));
    socket.on('close', () => {
      queue.length = 0;
      sockets.delete(socket);
      counters.connections--;
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left > 0) perAddress.set(address, left);
      else perAddress.delete(address);
    });

    const takeToken = () => {
      const now = Date.now();
      tokens = Math.min(limits.frameBurst, tokens + ((now - refilledAt) * limits.framesPerSecond) / 1000);
      refilledAt = now;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    };

    socket.on('data', (chunk: Buffer) => {
      for (const out of framer.push(chunk)) {
        if (out.kind === 'drop') {
          counters.dropped++;
          drops++;
          log.debug?.({ remote, deviceKey, ...out.drop }, 'watch gateway: bytes dropped');
          if (drops > limits.maxDropsPerConnection) {
            counters.abuseClosed++;
            shut('repeated garbage or oversized frames', { drops });
            return;
          }
          continue;
        }
        if (!takeToken()) {
          counters.rateLimited++;
          shut('frame rate exceeded', { framesPerSecond: limits.framesPerSecond, burst: limits.frameBurst });
          return;
        }
        counters.frames++;
        queue.push(out.frame);
      }
      if (queue.length >= limits.maxQueuedFrames && !paused) {
        paused = true;
        socket.pause();
      }
      void pump();
    });

    async function pump(): Promise<void> {
      if (busy) return;
      busy = true;
      try {
        for (let frame = queue.shift(); frame && !socket.destroyed; frame = queue.shift()) {
          await handleFrame(frame);
        }
      } finally {
        busy = false;
      }
      if (paused && !socket.destroyed) {
        paused = false;
        socket.resume();
      }
    }

    async function handleFrame(frame: WatchFrame): Promise<void> {
      if (deviceKey !== null && deviceKey !== frame.deviceId) {
        log.warn(
          { remote, deviceKey, frameDevice: frame.deviceId },
          'watch gateway: another device id on this connection',
        );
      }
      deviceKey = frame.deviceId;
      let result;
      try {
        result = decodeWatchFrame(frame, options.decode);
      } catch (error) {
        // The decoder returns its errors; this is a bug in it, and still not the gateway's end.
        counters.malformed++;
        log.error({ remote, deviceKey, err: error }, 'watch gateway: decoder failed');
        return;
      }
      if (result.status === 'unknown') {
        counters.unknown++;
        log.debug?.({ remote, deviceKey, type: result.type }, 'watch gateway: frame type not read');
        return;
      }
      if (result.status === 'malformed') {
        counters.malformed++;
        log.warn({ remote, deviceKey, type: result.type, error: result.error }, 'watch gateway: malformed frame');
        return;
      }
      if (result.events.length > 0) {
        try {
          await sink(result.events, { remote, vendor: frame.vendor, deviceKey: frame.deviceId });
        } catch (error) {
          counters.sinkErrors++;
          log.error(
            { remote, deviceKey, type: result.type, err: error },
            'watch gateway: sink failed; closing without reply',
          );
          queue.length = 0;
          socket.destroy();
          return;
        }
        counters.events += result.events.length;
      }
      if (result.reply && !socket.destroyed) {
        socket.write(result.reply);
        counters.replies++;
      }
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address();
  const port = typeof bound === 'object' && bound ? bound.port : options.port;
  log.info({ host, port }, 'watch gateway listening');

  let closing: Promise<void> | null = null;
  return {
    port,
    host,
    counters: () => ({ ...counters }),
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}
