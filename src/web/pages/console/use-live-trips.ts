// The console map's live positions: GET /api/trips/live for the street chosen, again whenever the
// console's live stream says something changed (version) and every 30 s, since phones report
// positions without the stream announcing each one.
import { useCallback, useEffect, useState } from 'react';
import { get } from '../../api.js';
import type { TripsLive } from '../../../shared/schemas/trips.js';

export const POSITIONS_EVERY_MS = 30_000;

export function useLiveTrips(regionId: number | undefined, version: number) {
  const [data, setData] = useState<TripsLive | null>(null);
  const load = useCallback(async () => {
    try {
      setData(await get<TripsLive>('/api/trips/live', { regionId }));
    } catch {
      // A failed refresh keeps the last positions; the next one tries again.
    }
  }, [regionId]);
  useEffect(() => {
    void load();
  }, [load, version]);
  useEffect(() => {
    const t = setInterval(() => void load(), POSITIONS_EVERY_MS);
    return () => clearInterval(t);
  }, [load]);
  return data;
}
