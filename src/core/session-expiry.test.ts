import { describe, expect, it } from 'vitest';
import { sessionExpired } from './session-expiry.js';

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
