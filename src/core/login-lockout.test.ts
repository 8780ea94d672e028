import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { lockedUntil } from './login-lockout.js';

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
    expect(lockedUntil([at(0), at(1), at(2)], at(2), { maxFailures: 3, windowMinutes: 5, lockMinutes: 60 })).toEqual(
      at(62),
    );
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
