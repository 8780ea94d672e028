import { describe, expect, it } from 'vitest';
import { estimateArrival, TRIP_SETTINGS } from './eta.js';
import { haversineMeters } from '../geo/geo.js';

const home = { lng: 103.8343, lat: 36.0611 };
// About 5 km east of home.
const away = { lng: 103.8898, lat: 36.0611 };
const start = new Date('2026-03-02T02:00:00Z');
const min = (m: number) => new Date(start.getTime() + m * 60_000);

describe('estimated arrival', () => {
  const d = haversineMeters(home, away) * TRIP_SETTINGS.detourFactor;
  const travelMin = (d / 1000 / TRIP_SETTINGS.speedKmh) * 60;

  it('uses the detour factor and speed from the settings', () => {
    expect(travelMin).toBeGreaterThan(19);
    expect(travelMin).toBeLessThan(21);
    const e = estimateArrival({
      position: { ...away, at: min(-60) },
      home,
      startAt: start,
      graceMinutes: 15,
      now: min(-60),
    });
    expect(e.distanceM).toBe(Math.round(d));
    expect(e.arrival.getTime()).toBeCloseTo(min(-60 + travelMin).getTime(), -3);
    expect(e.atRisk).toBe(false);
  });

  it('flags an order the caregiver cannot reach by start + grace, before it is late', () => {
    // At the start time, about 20 minutes away, 15 minutes' grace: some minutes late, known now.
    const e = estimateArrival({
      position: { ...away, at: min(0) },
      home,
      startAt: start,
      graceMinutes: 15,
      now: min(0),
    });
    expect(e.atRisk).toBe(true);
    expect(e.lateMinutes).toBe(Math.ceil(travelMin - 15));
    expect(e.deadline).toEqual(min(15));
  });

  it('is not at risk just inside the grace', () => {
    const e = estimateArrival({
      position: { ...away, at: min(-6) },
      home,
      startAt: start,
      graceMinutes: 15,
      now: min(-6),
    });
    expect(travelMin - 6).toBeLessThan(15);
    expect(e.atRisk).toBe(false);
    expect(e.lateMinutes).toBe(0);
  });

  it('counts from the fix, not from now, but never arrives in the past', () => {
    // A fix 30 minutes old: she may be there already; optimism means no flag yet…
    const old = estimateArrival({
      position: { ...away, at: min(-40) },
      home,
      startAt: start,
      graceMinutes: 15,
      now: min(-10),
    });
    expect(old.arrival).toEqual(min(-10));
    expect(old.atRisk).toBe(false);
    // …but past the deadline nothing is optimistic any more.
    const past = estimateArrival({
      position: { ...home, at: min(-40) },
      home,
      startAt: start,
      graceMinutes: 15,
      now: min(16),
    });
    expect(past.atRisk).toBe(true);
    expect(past.lateMinutes).toBe(1);
  });

  it('takes another speed', () => {
    const slow = estimateArrival({
      position: { ...away, at: min(-30) },
      home,
      startAt: start,
      graceMinutes: 0,
      now: min(-30),
      speedKmh: 5,
    });
    expect(slow.atRisk).toBe(true);
  });
});
