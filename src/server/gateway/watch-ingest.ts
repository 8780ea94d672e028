// The watch protocol's gateway as the server runs it: every decoded frame's events go through
// the one ingestion transaction, and the gateway answers the watch only after it committed.
// An unknown device's frames are counted and logged (rate-limited), never an error the watch
// sees: it is answered as usual, so it does not retry forever.
import type { Database } from '../db/client.js';
import { ingestDeviceEvents } from '../modules/devices/ingest.js';
import { startWatchGateway, type WatchGateway, type WatchGatewayLog } from './tcp-gateway.js';

export async function startWatchIngest(opts: {
  database: Database;
  port: number;
  host?: string;
  clock: () => Date;
  log: WatchGatewayLog;
}): Promise<WatchGateway> {
  const unknown = new Map<string, number>();
  return startWatchGateway({
    port: opts.port,
    host: opts.host,
    log: opts.log,
    sink: async (events, meta) => {
      const r = await ingestDeviceEvents(opts.database, 'watch', meta.deviceKey, events, opts.clock());
      if (r.unknownDevice) {
        // Bounded: ids from strangers must not grow the map without end.
        if (unknown.size > 10_000) unknown.clear();
        const n = (unknown.get(meta.deviceKey) ?? 0) + 1;
        unknown.set(meta.deviceKey, n);
        // The 1st, 2nd, 4th, 8th … time a device is heard of: enough to see it, never a flood.
        if ((n & (n - 1)) === 0)
          opts.log.warn(
            { deviceKey: meta.deviceKey, remote: meta.remote, times: n },
            'watch frame from an unregistered device',
          );
      }
    },
  });
}
