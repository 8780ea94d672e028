// Batch dispatch: a street's orders of one day assigned together. Orders are taken in rounds by
// start time (a caregiver takes at most one order of a round); each round is an assignment
// problem — orders × caregivers, cost the candidate score, infeasible pairs priced out — solved
// exactly with the Hungarian method, and each caregiver's position and bookings then move on to
// the next round. Exact for a single round; far better than nearest-first across a day.
import { munkres } from 'munkres';
import {
  candidatesFor,
  comingFrom,
  score,
  unfitReasons,
  type DispatchCaregiver,
  type DispatchOrder,
  type DispatchWeights,
  type RatingHistory,
} from './candidates.js';
import { haversineMeters } from '../geo/geo.js';

export interface Assignment {
  orderId: number;
  caregiverId: number;
  distanceM: number;
}
export interface BatchResult {
  assignments: Assignment[];
  unassigned: number[];
  totalDistanceM: number;
}

// Far above any real score, finite so the solver's arithmetic stays exact.
const INFEASIBLE = 1e9;

function book(c: DispatchCaregiver, o: DispatchOrder): DispatchCaregiver {
  return {
    ...c,
    bookings: [...c.bookings, { startMinute: o.startMinute, endMinute: o.endMinute, location: o.location }],
  };
}

export function batchAssign(
  orders: readonly DispatchOrder[],
  caregivers: readonly DispatchCaregiver[],
  w: DispatchWeights,
  opts: { roundMinutes?: number; history?: RatingHistory } = {},
): BatchResult {
  const roundMinutes = opts.roundMinutes ?? 30;
  const history = opts.history ?? new Map();
  const state = new Map(caregivers.map((c) => [c.id, c]));
  const sorted = [...orders].sort((a, b) => a.startMinute - b.startMinute || a.id - b.id);
  const assignments: Assignment[] = [];
  const leftover: DispatchOrder[] = [];
  for (let i = 0; i < sorted.length;) {
    const roundStart = sorted[i].startMinute;
    const round: DispatchOrder[] = [];
    while (i < sorted.length && sorted[i].startMinute < roundStart + roundMinutes) round.push(sorted[i++]);
    const pool = [...state.values()];
    const cost = round.map((o) =>
      pool.map((c) => (unfitReasons(o, c, w).length ? INFEASIBLE : score(o, c, w, history).score)),
    );
    const taken = new Set<number>();
    for (const [r, k] of munkres(cost)) {
      if (cost[r][k] >= INFEASIBLE) continue;
      const o = round[r],
        c = pool[k];
      assignments.push({ orderId: o.id, caregiverId: c.id, distanceM: score(o, c, w, history).distanceM });
      state.set(c.id, book(c, o));
      taken.add(o.id);
    }
    leftover.push(...round.filter((o) => !taken.has(o.id)));
  }
  // An order left over in its round (more orders than caregivers free then) may still fit a
  // caregiver whose day has room: a last greedy pass.
  const unassigned: number[] = [];
  for (const o of leftover) {
    const best = candidatesFor(o, [...state.values()], w, history)[0];
    if (!best) {
      unassigned.push(o.id);
      continue;
    }
    assignments.push({ orderId: o.id, caregiverId: best.caregiverId, distanceM: best.distanceM });
    state.set(best.caregiverId, book(state.get(best.caregiverId)!, o));
  }
  return { assignments, unassigned, totalDistanceM: assignments.reduce((s, a) => s + a.distanceM, 0) };
}

/** The baseline it is measured against: each order in time order to the nearest free caregiver. */
export function greedyNearest(
  orders: readonly DispatchOrder[],
  caregivers: readonly DispatchCaregiver[],
  w: DispatchWeights,
): BatchResult {
  const state = new Map(caregivers.map((c) => [c.id, c]));
  const assignments: Assignment[] = [];
  const unassigned: number[] = [];
  for (const o of [...orders].sort((a, b) => a.startMinute - b.startMinute || a.id - b.id)) {
    let best: { c: DispatchCaregiver; d: number } | null = null;
    for (const c of state.values()) {
      if (unfitReasons(o, c, w).length) continue;
      const d = haversineMeters(comingFrom(o, c), o.location);
      if (!best || d < best.d) best = { c, d };
    }
    if (!best) {
      unassigned.push(o.id);
      continue;
    }
    assignments.push({ orderId: o.id, caregiverId: best.c.id, distanceM: Math.round(best.d) });
    state.set(best.c.id, book(best.c, o));
  }
  return { assignments, unassigned, totalDistanceM: assignments.reduce((s, a) => s + a.distanceM, 0) };
}
