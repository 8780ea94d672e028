import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  candidatesFor,
  chooseCaregiver,
  comingFrom,
  DEFAULT_DISPATCH_WEIGHTS as W,
  unfitReasons,
  type DispatchCaregiver,
  type DispatchOrder,
} from './candidates.js';
import { batchAssign, greedyNearest } from './batch.js';
import { exactAssignmentCost, makeInstance } from './dispatch-fixtures.js';
import { haversineMeters } from '../geo/geo.js';
import { seededRandom } from '../seeded-random.js';

const home = { lng: 103.8343, lat: 36.0611 };
const order: DispatchOrder = {
  id: 1,
  elderId: 50,
  location: home,
  date: '2026-11-23',
  weekday: 1,
  startMinute: 9 * 60,
  endMinute: 10 * 60,
  skills: ['bathing'],
  certificates: ['care_worker'],
  providers: new Set([1]),
  excluded: new Set(),
};
const cg = (over: Partial<DispatchCaregiver> = {}): DispatchCaregiver => ({
  id: 7,
  providerId: 1,
  status: 'active',
  skills: ['bathing', 'personal_care'],
  certificates: [
    { kind: 'health', issuedOn: '2026-01-10', validUntil: '2027-01-09' },
    { kind: 'care_worker', issuedOn: '2020-01-01', validUntil: null },
  ],
  workDays: [1, 2, 3, 4, 5],
  workStart: '08:00',
  workEnd: '18:00',
  base: { lng: 103.84, lat: 36.06 },
  bookings: [],
  ...over,
});

describe('candidate filtering', () => {
  it('accepts a qualified caregiver of a covering provider who is free', () => {
    expect(unfitReasons(order, cg(), W)).toEqual([]);
  });
  it('refuses each missing condition, saying which', () => {
    expect(unfitReasons(order, cg({ providerId: 2 }), W)[0]).toContain('服务区域');
    expect(unfitReasons({ ...order, excluded: new Set([7]) }, cg(), W)[0]).toContain('更换');
    expect(
      unfitReasons(
        order,
        cg({
          certificates: [
            { kind: 'care_worker', issuedOn: '2020-01-01', validUntil: null },
            { kind: 'health', issuedOn: '2025-01-01', validUntil: '2025-12-31' },
          ],
        }),
        W,
      )[0],
    ).toContain('没有有效的健康证');
    expect(unfitReasons(order, cg({ skills: ['cleaning'] }), W)[0]).toContain('不具备技能「助浴」');
    expect(unfitReasons(order, cg({ workDays: [2, 3] }), W)).toEqual(['当天不上班']);
    expect(unfitReasons(order, cg({ workStart: '09:30' }), W)).toEqual(['不在工作时间内']);
    expect(
      unfitReasons(order, cg({ bookings: [{ startMinute: 9 * 60 + 30, endMinute: 11 * 60, location: home }] }), W),
    ).toEqual(['与已派工单时间冲突']);
  });
  it('counts the travel between orders', () => {
    // A booking ending at 8:50 10 km away leaves 10 minutes: at 15 km/h it takes 40.
    const farAway = { lng: 103.8343, lat: 36.1511 };
    expect(
      unfitReasons(order, cg({ bookings: [{ startMinute: 8 * 60, endMinute: 8 * 60 + 50, location: farAway }] }), W),
    ).toEqual(['与已派工单时间冲突']);
    expect(
      unfitReasons(order, cg({ bookings: [{ startMinute: 8 * 60, endMinute: 8 * 60 + 50, location: home }] }), W),
    ).toEqual([]);
  });
});

describe('scoring and instant dispatch', () => {
  it('comes from the last order before, else from home', () => {
    const prev = { lng: 103.9, lat: 36.1 };
    expect(
      comingFrom(
        order,
        cg({
          bookings: [
            { startMinute: 8 * 60, endMinute: 8 * 60 + 30, location: prev },
            { startMinute: 11 * 60, endMinute: 12 * 60, location: home },
          ],
        }),
      ),
    ).toEqual(prev);
    expect(comingFrom(order, cg())).toEqual(cg().base);
  });
  it('prefers the nearer, the less busy, and the one the elder rated well', () => {
    const near = cg({ id: 1, base: { lng: 103.835, lat: 36.061 } });
    const far = cg({ id: 2, base: { lng: 103.86, lat: 36.061 } });
    expect(chooseCaregiver(order, [far, near], W)!.caregiverId).toBe(1);
    const busyNear = cg({
      id: 1,
      base: near.base,
      bookings: [{ startMinute: 13 * 60, endMinute: 17 * 60, location: home }],
    });
    const idleNear = cg({ id: 3, base: { lng: 103.8352, lat: 36.061 } });
    expect(chooseCaregiver(order, [busyNear, idleNear], W)!.caregiverId).toBe(3);
    // Continuity outweighs a kilometre more.
    const known = cg({ id: 4, base: { lng: 103.846, lat: 36.061 } });
    expect(chooseCaregiver(order, [near, known], W, new Map([['4:50', 95]]))!.caregiverId).toBe(4);
    expect(chooseCaregiver(order, [near, known], W, new Map([['4:50', 60]]))!.caregiverId).toBe(1);
  });
  it('gives nobody when nobody fits', () => {
    expect(chooseCaregiver(order, [cg({ status: 'suspended' })], W)).toBeNull();
    expect(candidatesFor(order, [], W)).toEqual([]);
  });
});

describe('batch dispatch', () => {
  it('is optimal on 12 orders × 12 caregivers at the same time', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (seed) => {
        const r = seededRandom(seed);
        const { orders, caregivers } = makeInstance(r.next, { orders: 12, caregivers: 12, sameStart: true });
        const result = batchAssign(orders, caregivers, { ...W, perBookedHour: 0 });
        expect(result.unassigned).toEqual([]);
        const exact = exactAssignmentCost(
          orders.map((o) => caregivers.map((c) => Math.round(haversineMeters(c.base, o.location)))),
        );
        expect(result.totalDistanceM).toBeLessThanOrEqual(exact * 1.01 + 12);
      }),
      { numRuns: 25 },
    );
  });

  it('over a whole day travels less than nearest-first and never double-books anyone', () => {
    const r = seededRandom(20261123);
    const { orders, caregivers } = makeInstance(r.next, { orders: 300, caregivers: 60 });
    const batch = batchAssign(orders, caregivers, W);
    const greedy = greedyNearest(orders, caregivers, W);
    expect(batch.assignments.length).toBeGreaterThanOrEqual(greedy.assignments.length);
    expect(batch.totalDistanceM).toBeLessThan(greedy.totalDistanceM);
    // Replaying the assignments one by one, each must still fit the caregiver's day.
    const days = new Map(caregivers.map((c) => [c.id, c]));
    const byId = new Map(orders.map((o) => [o.id, o]));
    for (const a of [...batch.assignments].sort(
      (x, y) => byId.get(x.orderId)!.startMinute - byId.get(y.orderId)!.startMinute,
    )) {
      const o = byId.get(a.orderId)!,
        c = days.get(a.caregiverId)!;
      expect(unfitReasons(o, c, W)).toEqual([]);
      days.set(c.id, {
        ...c,
        bookings: [...c.bookings, { startMinute: o.startMinute, endMinute: o.endMinute, location: o.location }],
      });
    }
    expect(new Set(batch.assignments.map((a) => a.orderId)).size).toBe(batch.assignments.length);
  });
});
