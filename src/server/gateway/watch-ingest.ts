// The watch protocol's gateway as the server runs it: every decoded frame's events go through
// the one ingestion transaction, and the gateway answers the watch only after it committed.
// An unknown device's frames are counted and logged (rate-limited), never an error the watch
// sees: it is answered as usual, so it does not retry forever.
import type { Database } from '../db/client.js';
import { ingestDeviceEvents } from '../modules/devices/ingest.js';
import { startWatchGateway, type WatchGateway, type WatchGatewayLog } from './tcp-gateway.js';
import { sparseWarner } from './sparse-warn.js';

export async function startWatchIngest(opts: {
  database: Database;
  port: number;
  host?: string;
  clock: () => Date;
  log: WatchGatewayLog;
}): Promise<WatchGateway> {
  const warnUnknown = sparseWarner((obj, msg) => opts.log.warn(obj, msg));
  return startWatchGateway({
    port: opts.port,
    host: opts.host,
    log: opts.log,
    sink: async (events, meta) => {
      const r = await ingestDeviceEvents(opts.database, 'watch', meta.deviceKey, events, opts.clock());
      if (r.unknownDevice)
        warnUnknown(meta.deviceKey, { remote: meta.remote }, 'watch frame from an unregistered device');
    },
  });
}
