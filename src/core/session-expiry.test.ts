import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sessionExpired, touchDue } from './session-expiry.js';

const policy = { idleMinutes: 30, absoluteHours: 12 };
const t = (h: number, m = 0) => new Date(Date.UTC(2026, 10, 22, h, m));

describe('sessionExpired', () => {
  it('keeps an active, young session', () => {
    expect(sessionExpired({ createdAt: t(8), lastSeenAt: t(9) }, t(9, 29), policy)).toBe(false);
  });
  it('ends a session idle longer than the idle limit', () => {
    expect(sessionExpired({ createdAt: t(8), lastSeenAt: t(9) }, t(9, 31), policy)).toBe(true);
  });
  it('ends a busy session older than the absolute limit', () => {
    expect(sessionExpired({ createdAt: t(0), lastSeenAt: t(12, 0) }, t(12, 1), policy)).toBe(true);
  });
});

describe('touchDue', () => {
  const minute = { idleMinutes: 1, absoluteHours: 12 };
  const s = (sec: number) => new Date(Date.UTC(2026, 10, 22, 8, 0, sec));
  it('records a request at 40 s under a one-minute idle limit, so the session lives past 80 s', () => {
    expect(touchDue({ lastSeenAt: s(0) }, s(40), minute)).toBe(true);
    expect(sessionExpired({ createdAt: s(0), lastSeenAt: s(40) }, s(80), minute)).toBe(false);
  });
  it('touches at most once a minute under the usual limit', () => {
    expect(touchDue({ lastSeenAt: t(9) }, new Date(t(9).getTime() + 59_000), policy)).toBe(false);
    expect(touchDue({ lastSeenAt: t(9) }, t(9, 1), policy)).toBe(true);
  });
  it('never lets a used session expire more than a tenth of the idle limit early (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 600 }), fc.integer({ min: 0, max: 36_000 }), (idle, useAtSec) => {
        const p = { idleMinutes: idle, absoluteHours: 1000 };
        const used = new Date(s(0).getTime() + useAtSec * 1000);
        const recorded = touchDue({ lastSeenAt: s(0) }, used, p) ? used : s(0);
        const alive = new Date(used.getTime() + idle * 60_000 * 0.9);
        expect(sessionExpired({ createdAt: s(0), lastSeenAt: recorded }, alive, p)).toBe(false);
      }),
    );
  });
});
