// Visit verification covers time as well as place (issue 14): a check-in outside the window
// around the booked start (30 minutes early to 60 late by default, as dated rules) is recorded
// but warned of at once; the check-out tells the caregiver why the visit is an exception; she
// explains her own exception from her phone with the provider's reason codes, and no one else's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, ne } from 'drizzle-orm';
import { makeTestApp, type TestApp } from '../helpers/test-app.js';
import { orderWorld, USERS } from '../helpers/order-fixtures.js';
import { caregivers, users } from '../../src/server/db/schema.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof orderWorld>>;
beforeAll(async () => {
  t = await makeTestApp();
  w = await orderWorld(t, 901);
});
afterAll(() => t.close());

const codes = (r: { exceptions: { code: string }[] }) => r.exceptions.map((e) => e.code);
// About 5 km north of the door.
const away5km = () => ({ lng: w.place.lng, lat: w.place.lat + 0.045 });

/** An order booked tomorrow, dispatched to the demo caregiver and accepted. */
async function acceptedOrder(start = '09:00', end = '11:00') {
  const elderId = await w.makeElder();
  const o = (
    await w.call('operator', 'POST', '/api/orders', w.order(elderId, { startAt: w.at(start), endAt: w.at(end) }))
  ).json();
  await w.call('operator', 'POST', `/api/orders/${o.id}/actions`, { action: 'confirm' });
  await w.call('operator', 'POST', `/api/orders/${o.id}/actions`, { action: 'dispatch', caregiverId: w.caregiver.id });
  const accepted = await w.call('caregiver', 'POST', `/api/orders/${o.id}/actions`, { action: 'accept' });
  expect(accepted.statusCode, accepted.body).toBe(200);
  return o as { id: number; startAt: string; endAt: string };
}

/** Runs `body` with the clock at `minutes` from the booked start, then puts the clock back and signs in again. */
async function at<T>(o: { startAt: string }, minutes: number, body: () => Promise<T>): Promise<T> {
  const moved = (Date.parse(o.startAt) - t.deps.clock().getTime()) / 60_000 + minutes;
  t.advance(moved);
  try {
    w.cookies.caregiver = await t.login('caregiver');
    return await body();
  } finally {
    t.advance(-moved);
    for (const u of [...USERS, 'placestreet', 'caregiver2']) if (w.cookies[u]) w.cookies[u] = await t.login(u);
  }
}
const punch = (id: number, action: 'check_in' | 'check_out', where: { lng: number; lat: number }) =>
  w.call('caregiver', 'POST', `/api/orders/${id}/actions`, { action, ...where });

describe('a check-in is checked against the booked time', () => {
  it('17 hours early and 5 km away: warned at check-in, an exception with the time code at check-out', async () => {
    const o = await acceptedOrder();
    const { inRes, outRes } = await at(o, -17 * 60, async () => {
      const inRes = await punch(o.id, 'check_in', away5km());
      t.advance(0.05); // three seconds
      w.cookies.caregiver = await t.login('caregiver');
      const outRes = await punch(o.id, 'check_out', away5km());
      t.advance(-0.05);
      return { inRes, outRes };
    });
    // The check-in is recorded (she is at the door, or says so) and warned of at once.
    expect(inRes.statusCode, inRes.body).toBe(200);
    const checkIn = inRes.json();
    expect(checkIn.state).toBe('in_service');
    expect(checkIn.visit).toMatchObject({ stage: 'check_in', verified: null });
    expect(codes(checkIn.visit)).toEqual(['check_in_far', 'check_in_early']);
    expect(checkIn.visit.notices).toEqual([
      '您不在老人家附近（距离约 5.0 公里，允许 200 米）',
      '现在不在预约时间内，比可签到时间早（可签到时间 08:30–10:00）',
    ]);
    expect(Date.parse(checkIn.visit.checkInFrom)).toBe(Date.parse(w.at('08:30')));
    expect(Date.parse(checkIn.visit.checkInTo)).toBe(Date.parse(w.at('10:00')));
    // The desk sees what she was warned of.
    expect(checkIn.events.at(-1).data.check.exceptions.map((e: { code: string }) => e.code)).toEqual([
      'check_in_far',
      'check_in_early',
    ]);

    // The check-out decides: not 已完成 in silence, but an exception she is told of, with its reasons.
    expect(outRes.statusCode, outRes.body).toBe(200);
    const out = outRes.json();
    expect(out).toMatchObject({ state: 'completed', verification: 'exception' });
    expect(out.visit).toMatchObject({ stage: 'check_out', verified: false });
    expect(codes(out.visit)).toEqual(['check_in_far', 'check_out_far', 'check_in_early', 'too_short']);
    expect(out.visit.exceptions[2].message).toMatch(/^签到时间 \d\d-\d\d \d\d:\d\d 比预约开始 09:00 早 17 小时/);
    expect(out.visit.notices).toEqual([
      '签到时您不在老人家附近（距离约 5.0 公里，允许 200 米）',
      '签退时您不在老人家附近（距离约 5.0 公里，允许 200 米）',
      '签到时不在预约时间内，比可签到时间早（可签到时间 08:30–10:00）',
      '服务时间不够：服务 0 分钟，少于预约时长 120 分钟的 80%（96 分钟）',
    ]);
    // The stored verification says the same; the exception list holds it for review.
    expect(codes(out.events.at(-1).data.verification)).toContain('check_in_early');
    const open = (await w.call('provider', 'GET', '/api/orders?verification=open&pageSize=200')).json();
    expect(open.items.map((x: { id: number }) => x.id)).toContain(o.id);
  });

  it('an hour and a minute late is an exception with the late code', async () => {
    const o = await acceptedOrder('13:00', '15:00');
    const out = await at(o, 61, async () => {
      const inRes = await punch(o.id, 'check_in', w.door());
      expect(codes(inRes.json().visit)).toEqual(['check_in_late']);
      expect(inRes.json().visit.notices).toEqual(['现在不在预约时间内，比可签到时间晚（可签到时间 12:30–14:00）']);
      t.advance(110);
      w.cookies.caregiver = await t.login('caregiver');
      const r = await punch(o.id, 'check_out', w.door());
      t.advance(-110);
      return r.json();
    });
    expect(out.verification).toBe('exception');
    expect(codes(out.visit)).toEqual(['check_in_late']);
  });

  it('at the door, 30 minutes early (the edge of the window): no warning, and the visit is verified', async () => {
    const o = await acceptedOrder('15:00', '17:00');
    const out = await at(o, -30, async () => {
      const inRes = await punch(o.id, 'check_in', w.door());
      expect(inRes.json().visit).toMatchObject({ stage: 'check_in', verified: null, exceptions: [], notices: [] });
      t.advance(110);
      w.cookies.caregiver = await t.login('caregiver');
      const r = await punch(o.id, 'check_out', w.door());
      t.advance(-110);
      return r.json();
    });
    expect(out).toMatchObject({ verification: 'verified', visit: { verified: true, exceptions: [], notices: [] } });
  });

  it('other steps answer without a visit notice', async () => {
    const elderId = await w.makeElder();
    const o = (await w.call('operator', 'POST', '/api/orders', w.order(elderId))).json();
    const r = await w.call('operator', 'POST', `/api/orders/${o.id}/actions`, { action: 'confirm' });
    expect(r.statusCode).toBe(200);
    expect(r.json().visit).toBeUndefined();
  });
});

describe('the caregiver explains her own exception from her phone', () => {
  let exceptionId: number;
  beforeAll(async () => {
    // A second caregiver of the same provider, with a login of her own.
    const [other] = await t.database.db
      .select({ id: caregivers.id })
      .from(caregivers)
      .where(and(eq(caregivers.providerId, w.caregiver.providerId), ne(caregivers.id, w.caregiver.id)))
      .limit(1);
    const [template] = await t.database.db.select().from(users).where(eq(users.username, 'caregiver'));
    const [u] = await t.database.db
      .insert(users)
      .values({
        username: 'caregiver2',
        displayName: '另一位服务人员',
        role: 'caregiver',
        providerId: w.caregiver.providerId,
        passwordHash: template.passwordHash,
      })
      .returning({ id: users.id });
    await t.database.db.update(caregivers).set({ userId: u.id }).where(eq(caregivers.id, other.id));
    w.cookies.caregiver2 = await t.login('caregiver2');
    const o = await acceptedOrder('17:00', '19:00');
    await at(o, -17 * 60, async () => {
      await punch(o.id, 'check_in', w.door());
      t.advance(110);
      w.cookies.caregiver = await t.login('caregiver');
      await punch(o.id, 'check_out', w.door());
      t.advance(-110);
    });
    exceptionId = o.id;
  });
  const explain = (user: string, id: number, body: object) => w.call(user, 'POST', `/api/orders/${id}/explain`, body);

  it("not another caregiver's, nor from a desk that is not the provider's", async () => {
    const body = { reasonCode: 'forgot_to_punch', note: '不是我的工单' };
    expect((await explain('caregiver2', exceptionId, body)).statusCode).toBe(404);
    expect((await explain('community2', exceptionId, body)).statusCode).toBe(403);
    expect((await explain('placestreet', exceptionId, body)).statusCode).toBe(403);
    expect((await w.call('operator', 'GET', `/api/orders/${exceptionId}`)).json().verification).toBe('exception');
  });

  it("with the provider's reason codes and a note, checked in Chinese", async () => {
    const bad = await explain('caregiver', exceptionId, { reasonCode: 'overslept', note: '说' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'reasonCode', message: '请选择异常原因' }),
        expect.objectContaining({ field: 'note', message: '请填写说明（至少 2 个字）' }),
      ]),
    );
    const ok = await explain('caregiver', exceptionId, {
      reasonCode: 'elder_moved_temporarily',
      note: '老人前一天打电话让我提前去，在女儿家服务',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().verification).toBe('explained');
    expect(ok.json().reviews.at(-1)).toMatchObject({
      decision: 'explain',
      reasonCode: 'elder_moved_temporarily',
      byLevel: 'provider',
      username: 'caregiver',
    });
  });

  it('the same path on: the provider may still explain, and the street decides', async () => {
    const more = await w.call('provider', 'POST', `/api/orders/${exceptionId}/review`, {
      decision: 'explain',
      reasonCode: 'elder_moved_temporarily',
      note: '已核实：老人住在女儿家',
    });
    expect(more.statusCode, more.body).toBe(200);
    // A caregiver cannot decide, neither through the review nor through her explanation.
    const decide = await w.call('caregiver', 'POST', `/api/orders/${exceptionId}/review`, {
      decision: 'accept',
      resolutionCode: 'accepted_evidence',
      note: '我认可',
    });
    expect(decide.statusCode).toBe(403);
    const accepted = await w.call('placestreet', 'POST', `/api/orders/${exceptionId}/review`, {
      decision: 'accept',
      resolutionCode: 'accepted_call_confirmed',
      note: '电话核实',
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().verification).toBe('accepted');
    // Settled: nothing more to explain.
    const late = await explain('caregiver', exceptionId, { reasonCode: 'other', note: '补充说明' });
    expect(late.statusCode).toBe(409);
  });

  it('a verified visit has nothing to explain', async () => {
    const o = await acceptedOrder('19:00', '20:00');
    await at(o, 0, async () => {
      await punch(o.id, 'check_in', w.door());
      t.advance(60);
      w.cookies.caregiver = await t.login('caregiver');
      await punch(o.id, 'check_out', w.door());
      t.advance(-60);
    });
    const r = await explain('caregiver', o.id, { reasonCode: 'other', note: '没有异常' });
    expect(r.statusCode).toBe(409);
  });
});

describe('the window is a dated provider rule', () => {
  it('is 30 minutes early to 60 late by default, and a version may change it within 0–720 whole minutes', async () => {
    expect((await w.call('caregiver', 'GET', `/api/visit-rules?date=${w.tomorrow}`)).json()).toEqual({
      maxDistanceM: 200,
      minDurationShare: 0.8,
      checkInEarlyMinutes: 30,
      checkInLateMinutes: 60,
    });
    const current = (await w.call('admin', 'GET', '/api/provider-rules'))
      .json()
      .find((r: { inEffect: boolean }) => r.inEffect);
    const version = (verification: object) => ({
      effectiveFrom: w.tomorrow,
      params: {
        ...current.params,
        callCentre: { verification: { maxDistanceM: 200, minDurationShare: 0.8, ...verification } },
      },
    });
    const bad = await w.call(
      'admin',
      'POST',
      '/api/provider-rules',
      version({ checkInEarlyMinutes: 721, checkInLateMinutes: 1.5 }),
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          field: 'params.callCentre.verification.checkInEarlyMinutes',
          message: '可提前签到的分钟数在 0 到 720 之间',
        }),
        expect.objectContaining({
          field: 'params.callCentre.verification.checkInLateMinutes',
          message: '可迟到签到的分钟数须为整数',
        }),
      ]),
    );
    const ok = await w.call(
      'admin',
      'POST',
      '/api/provider-rules',
      version({ checkInEarlyMinutes: 0, checkInLateMinutes: 15 }),
    );
    expect(ok.statusCode, ok.body).toBe(201);
    expect((await w.call('caregiver', 'GET', `/api/visit-rules?date=${w.tomorrow}`)).json()).toMatchObject({
      checkInEarlyMinutes: 0,
      checkInLateMinutes: 15,
    });
    // From tomorrow, ten minutes early is too early.
    const o = await acceptedOrder('07:00', '08:00');
    const r = await at(o, -10, () => punch(o.id, 'check_in', w.door()));
    expect(codes(r.json().visit)).toEqual(['check_in_early']);
    expect(r.json().visit.notices).toEqual(['现在不在预约时间内，比可签到时间早（可签到时间 07:00–07:15）']);
  });
});
