// Random dispatch instances for tests and the benchmark: caregivers and orders scattered over a
// district-sized area, everyone qualified, so that only time and distance decide.
import type { DispatchCaregiver, DispatchOrder } from './candidates.js';

export function makeInstance(
  rand: () => number,
  opts: { orders: number; caregivers: number; sameStart?: boolean; providers?: number },
) {
  const providers = opts.providers ?? 5;
  const spot = () => ({ lng: 103.75 + rand() * 0.2, lat: 36.02 + rand() * 0.08 });
  const caregivers: DispatchCaregiver[] = Array.from({ length: opts.caregivers }, (_, i) => ({
    id: i + 1,
    providerId: (i % providers) + 1,
    status: 'active',
    skills: ['personal_care', 'cleaning'],
    certificates: [{ kind: 'health', issuedOn: '2026-01-01', validUntil: '2027-01-01' }],
    workDays: [1, 2, 3, 4, 5, 6, 7],
    workStart: '08:00',
    workEnd: '18:00',
    base: spot(),
    bookings: [],
  }));
  const all = new Set(Array.from({ length: providers }, (_, i) => i + 1));
  const orders: DispatchOrder[] = Array.from({ length: opts.orders }, (_, i) => {
    const start = opts.sameStart ? 9 * 60 : 8 * 60 + Math.floor(rand() * 18) * 30;
    return {
      id: i + 1,
      elderId: 1000 + i,
      location: spot(),
      date: '2026-11-23',
      weekday: 1,
      startMinute: start,
      endMinute: start + (rand() < 0.5 ? 60 : 90),
      skills: ['personal_care'],
      certificates: [],
      providers: all,
      excluded: new Set(),
    };
  });
  return { orders, caregivers };
}

/** The exact optimum of a square assignment, by dynamic programming over subsets (n ≤ ~16). */
export function exactAssignmentCost(cost: number[][]): number {
  const n = cost.length;
  const best = new Float64Array(1 << n).fill(Infinity);
  best[0] = 0;
  for (let mask = 0; mask < 1 << n; mask++) {
    const row = popcount(mask);
    if (row >= n || best[mask] === Infinity) continue;
    for (let j = 0; j < n; j++)
      if (!(mask & (1 << j))) best[mask | (1 << j)] = Math.min(best[mask | (1 << j)], best[mask] + cost[row][j]);
  }
  return best[(1 << n) - 1];
}
const popcount = (x: number) => {
  let c = 0;
  while (x) {
    c += x & 1;
    x >>= 1;
  }
  return c;
};
