// The caregiver's phone reports where she is while an order of hers is under way (accepted,
// travelling, in service): navigator.geolocation.watchPosition, sent at most every
// TRIP_SETTINGS.reportEverySeconds per order (the server takes one per 15 s at most), stopped as
// soon as no order is under way — after check-out nothing is watched or sent. An order accepted
// for later is not reported until shortly before its start: positions are taken for the trip,
// not for the caregiver's day. It reads today's orders itself (again when the page's list
// changes, and every minute), so what the page shows does not decide what is reported.
import { useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, get, post } from '../../api.js';
import { shanghaiDate } from '../../../shared/today.js';
import { isTracked } from '../../../core/trips/tracking.js';
import { TRIP_SETTINGS } from '../../../core/trips/eta.js';

export interface TripReporterState {
  /** Orders whose trip is being reported. */
  tracking: number[];
  /** When a position was last taken by the server. */
  lastSentAt: Date | null;
  /** Why positions cannot be sent (no permission, no geolocation), in Chinese. */
  problem: string | null;
}

export const TRIP_LABELS = {
  reporting: '行程位置上报中',
  denied: '未允许定位：行程位置无法上报，请在浏览器设置中允许',
  unsupported: '此手机浏览器不能定位，行程位置无法上报',
} as const;

// One source of the phone's position for the page: while the trip is watched, a check-in or
// check-out takes the watch's fix instead of asking the browser a second time (two requests at
// once may starve one another: the check-in then goes without a position).
let latestFix: { lat: number; lng: number; at: number } | null = null;
let watching = 0;
const fixListeners = new Set<(fix: { lat: number; lng: number }) => void>();
const FRESH_MS = 30_000;

/** The phone's position now: a fresh watched fix, the next one, or a one-off request; null if none. */
export function currentFix(timeoutMs = 10_000): Promise<{ lng: number; lat: number } | null> {
  if (latestFix && Date.now() - latestFix.at < FRESH_MS)
    return Promise.resolve({ lng: latestFix.lng, lat: latestFix.lat });
  if (!('geolocation' in navigator)) return Promise.resolve(null);
  return new Promise((resolve) => {
    const done = (fix: { lng: number; lat: number } | null) => {
      clearTimeout(timer);
      fixListeners.delete(onFix);
      resolve(fix);
    };
    const onFix = (fix: { lat: number; lng: number }) => done({ lng: fix.lng, lat: fix.lat });
    const timer = setTimeout(() => done(null), timeoutMs);
    if (watching) fixListeners.add(onFix);
    else
      navigator.geolocation.getCurrentPosition(
        (p) => done({ lng: p.coords.longitude, lat: p.coords.latitude }),
        () => done(null),
        { enableHighAccuracy: true, timeout: timeoutMs },
      );
  });
}

// Reporting starts this long before an accepted order's start.
const LEAD_MS = 3 * 3600_000;
const RELOAD_MS = 60_000;

type Mine = { id: number; state: string; startAt: string };

/** `changed`: anything that changes when the page's orders change (e.g. its list). */
export function useTripReporter(changed?: unknown): TripReporterState {
  const [orders, setOrders] = useState<Mine[]>([]);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), RELOAD_MS);
    return () => clearInterval(timer);
  }, []);
  useEffect(() => {
    let live = true;
    get<{ items: Mine[] }>('/api/orders', { date: shanghaiDate(), sort: 'startAt', pageSize: 100 }).then(
      (r) => live && setOrders(r.items),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [changed, tick]);
  const tracking = useMemo(
    () =>
      orders
        .filter((o) => isTracked(o.state) && (o.state !== 'accepted' || Date.parse(o.startAt) - Date.now() < LEAD_MS))
        .map((o) => o.id),
    [orders],
  );
  const key = tracking.join(',');
  const lastSent = useRef(new Map<number, number>());
  const [lastSentAt, setLastSentAt] = useState<Date | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    const ids = key ? key.split(',').map(Number) : [];
    if (!ids.length) return;
    if (!('geolocation' in navigator)) {
      setProblem(TRIP_LABELS.unsupported);
      return;
    }
    const stopped = new Set<number>();
    watching++;
    const watch = navigator.geolocation.watchPosition(
      (p) => {
        setProblem(null);
        const now = Date.now();
        latestFix = { lat: p.coords.latitude, lng: p.coords.longitude, at: now };
        for (const listener of [...fixListeners]) listener(latestFix);
        for (const id of ids) {
          if (stopped.has(id) || now - (lastSent.current.get(id) ?? 0) < TRIP_SETTINGS.reportEverySeconds * 1000)
            continue;
          lastSent.current.set(id, now);
          post(`/api/orders/${id}/trip`, {
            lat: p.coords.latitude,
            lng: p.coords.longitude,
            accuracy: Number.isFinite(p.coords.accuracy) ? Math.round(p.coords.accuracy) : null,
            at: new Date(p.timestamp || now).toISOString(),
          }).then(
            () => setLastSentAt(new Date()),
            (e) => {
              // The order moved on (checked out, reassigned): stop sending for it.
              if (e instanceof ApiError && (e.status === 409 || e.status === 404 || e.status === 403)) stopped.add(id);
            },
          );
        }
      },
      (e) => setProblem(e.code === e.PERMISSION_DENIED ? TRIP_LABELS.denied : null),
      { enableHighAccuracy: true, maximumAge: 10_000, timeout: 60_000 },
    );
    return () => {
      watching--;
      navigator.geolocation.clearWatch(watch);
    };
  }, [key]);

  return { tracking, lastSentAt, problem };
}
