// When a caregiver's phone positions are taken for an order, and which time a position gets.
// Positions are personal data: only while the order is under way (accepted, travelling, in
// service), never before it is accepted or after check-out.
import type { OrderState } from '../orders/workflow.js';
import { TRIP_SETTINGS } from './eta.js';

export const TRACKED_STATES: readonly OrderState[] = ['accepted', 'en_route', 'in_service'];
export const isTracked = (s: string) => (TRACKED_STATES as readonly string[]).includes(s);

// A phone may send a fix it took a little while ago (a poor signal); older or future times are
// not believed and the server's time stands.
const PAST_MS = 10 * 60_000;
const FUTURE_MS = 60_000;

export function believedFixTime(at: string | undefined, now: Date): Date {
  if (!at) return now;
  const t = new Date(at);
  if (Number.isNaN(t.getTime()) || t.getTime() < now.getTime() - PAST_MS || t.getTime() > now.getTime() + FUTURE_MS)
    return now;
  return t;
}

/**
 * Positions of one order at least `minIntervalSeconds` apart: whether a fix taken at `at` may
 * follow the order's latest one, and if not, how many seconds until it may.
 */
export function throttleWait(latest: Date | null, at: Date, minIntervalSeconds = TRIP_SETTINGS.minIntervalSeconds) {
  if (!latest) return 0;
  const waitMs = latest.getTime() + minIntervalSeconds * 1000 - at.getTime();
  return waitMs > 0 ? Math.ceil(waitMs / 1000) : 0;
}
