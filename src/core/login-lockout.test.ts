import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { accountLockedUntil, alertDue, failuresFrom, lockedUntil } from './login-lockout.js';

const t0 = new Date('2026-11-22T08:00:00Z');
const at = (min: number) => new Date(t0.getTime() + min * 60_000);

describe('lockedUntil', () => {
  it('does not lock after four failures', () => {
    expect(lockedUntil([at(0), at(1), at(2), at(3)], at(3))).toBeNull();
  });
  it('locks for 15 minutes from the fifth failure inside 15 minutes', () => {
    expect(lockedUntil([at(0), at(1), at(2), at(3), at(14)], at(14))).toEqual(at(29));
  });
  it('does not lock when the five failures spread over more than 15 minutes', () => {
    expect(lockedUntil([at(0), at(1), at(2), at(3), at(16)], at(16))).toBeNull();
  });
  it('releases the lock when its time has passed', () => {
    const f = [at(0), at(1), at(2), at(3), at(4)];
    expect(lockedUntil(f, at(18))).toEqual(at(19));
    expect(lockedUntil(f, at(19))).toBeNull();
  });
  it('honours a different policy', () => {
    expect(
      lockedUntil([at(0), at(1), at(2)], at(2), {
        maxFailures: 3,
        windowMinutes: 5,
        lockMinutes: 60,
        alertFailures: 6,
      }),
    ).toEqual(at(62));
  });
  it('never locks with fewer failures than the limit (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 4 }), (mins) => {
        expect(lockedUntil(mins.map(at), at(100))).toBeNull();
      }),
    );
  });
  it('a lock, when given, ends lockMinutes after some failure and lies in the future (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 12 }),
        fc.integer({ min: 0, max: 80 }),
        (mins, now) => {
          const until = lockedUntil(mins.map(at), at(now));
          if (until) {
            expect(until.getTime()).toBeGreaterThan(at(now).getTime());
            expect(mins.map((m) => at(m + 15).getTime())).toContain(until.getTime());
          }
        },
      ),
    );
  });
});

const attempt = (min: number, ip: string, success = false) => ({ at: at(min), ip, success });

describe('failuresFrom', () => {
  it('counts one address only, so an outsider cannot lock the owner out', () => {
    const attempts = [0, 1, 2, 3, 4].map((m) => attempt(m, '203.0.113.9'));
    expect(lockedUntil(failuresFrom(attempts, '203.0.113.9', null), at(5))).toEqual(at(19));
    expect(lockedUntil(failuresFrom(attempts, '10.1.2.3', null), at(5))).toBeNull();
  });
  it('is cleared by a success from the same address and by an unlock, not by a success elsewhere', () => {
    const attempts = [attempt(0, 'a'), attempt(1, 'a'), attempt(2, 'b', true), attempt(3, 'a')];
    expect(failuresFrom(attempts, 'a', null)).toEqual([at(0), at(1), at(3)]);
    expect(failuresFrom([...attempts, attempt(4, 'a', true), attempt(5, 'a')], 'a', null)).toEqual([at(5)]);
    expect(failuresFrom(attempts, 'a', at(1))).toEqual([at(3)]);
  });
});

describe('accountLockedUntil', () => {
  it('gives the latest lock over all addresses', () => {
    const attempts = [...[0, 1, 2, 3, 4].map((m) => attempt(m, 'a')), ...[5, 6, 7, 8, 9].map((m) => attempt(m, 'b'))];
    expect(accountLockedUntil(attempts, null, at(10))).toEqual(at(24));
    expect(accountLockedUntil(attempts, at(9), at(10))).toBeNull();
  });
});

describe('alertDue', () => {
  it('alerts once, when failures from all addresses in the window reach the threshold', () => {
    const attempts = Array.from({ length: 12 }, (_, i) => attempt(i, `198.51.100.${i}`));
    const due = attempts.map((_, i) => alertDue(attempts.slice(0, i + 1), null, at(i)));
    expect(due.filter(Boolean)).toHaveLength(1);
    expect(due[9]).toBe(true);
  });
  it('ignores failures outside the window and before an unlock', () => {
    const attempts = Array.from({ length: 10 }, (_, i) => attempt(i, 'a'));
    expect(alertDue(attempts, null, at(9))).toBe(true);
    expect(alertDue(attempts, null, at(15))).toBe(false);
    expect(alertDue(attempts, at(0), at(9))).toBe(false);
  });
});
