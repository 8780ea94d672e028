// The call centre after the visit and around it: verification status and exception review,
// call-backs, the SMS rating round trip, complaints, the replacement rule blocking dispatch,
// recurring plans, the console's lists, screen-pop over server-sent events, batch dispatch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { makeTestApp, TEST_KEYS, type TestApp } from '../helpers/test-app.js';
import { orderWorld } from '../helpers/order-fixtures.js';
import { addDays } from '../../src/core/calendar/working-days.js';
import { complaintDueOn } from '../../src/core/feedback/complaints.js';
import { loadWorkCalendar } from '../../src/server/modules/calendar/calendar-store.js';
import { deliverDueSms } from '../../src/server/modules/sms/sms-outbox.js';
import { generatePlanOrders } from '../../src/server/modules/plans/generate-plan-orders.js';
import { LogSmsGateway, HttpSmsGateway } from '../../src/server/modules/sms/sms-gateway.js';
import { elders, servicePlans, smsOutbox } from '../../src/server/db/schema.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof orderWorld>>;
const PHONE = (n: number) => `139${String(10_000_000 + n).slice(-8)}`;

beforeAll(async () => {
  t = await makeTestApp();
  w = await orderWorld(t, 301);
});
afterAll(() => t.close());

const door = () => w.door();
const completedOrder = (...args: Parameters<typeof w.completedOrder>) => w.completedOrder(...args);
const sms = (from: string, text: string, key: string = TEST_KEYS.smsInboundKey) =>
  t.app.inject({ method: 'POST', url: '/api/sms/inbound', payload: { from, text }, headers: { 'x-api-key': key } });

describe('after the visit', () => {
  it('a visit at the door is verified, called back next day, and asked for a rating by SMS that a reply answers', async () => {
    const elderId = await w.makeElder({ phone: PHONE(1) });
    const o = await completedOrder(elderId);
    expect(o.verification).toBe('verified');
    // The call-back falls due a day later.
    const due = (await w.call('operator', 'GET', '/api/callbacks')).json();
    expect(due.items.some((c: { orderId: number }) => c.orderId === o.id)).toBe(false);
    const open = (await w.call('operator', 'GET', '/api/callbacks?state=open&pageSize=200')).json();
    expect(open.items.find((c: { orderId: number }) => c.orderId === o.id)).toMatchObject({
      elderPhoneMasked: '139****0001',
      items: '生活照料（2 小时）×2',
    });
    // The SMS went through the gateway with the real number.
    const gateway = new LogSmsGateway();
    // Queued at check-out, 110 minutes after the booked start.
    expect(
      await deliverDueSms(t.database.db, gateway, t.cipher, new Date(Date.parse(o.startAt) + 3 * 3_600_000)),
    ).toMatchObject({ failed: 0 });
    const asked = gateway.recent.find((m) => m.to === PHONE(1));
    expect(asked?.body).toMatch(/请回复数字评价/);
    // The elder replies "2".
    const r = await sms(`+86${PHONE(1)}`, '２');
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({ outcome: 'rated', orderId: o.id, level: 'satisfied' });
    expect((await sms(PHONE(1), '1')).json()).toMatchObject({ outcome: 'already' });
    // The call-back is answered by the SMS; the caregiver's score counts the rating.
    const after = (await w.call('operator', 'GET', '/api/callbacks?state=rated_by_sms&pageSize=200')).json();
    expect(after.items.find((c: { orderId: number }) => c.orderId === o.id)).toMatchObject({ level: 'satisfied' });
    const score = (await w.call('admin', 'GET', `/api/caregivers/${w.caregiver.id}/score`)).json();
    expect(score.levels.satisfied).toBeGreaterThanOrEqual(1);
    expect(score.reason).toMatch(/评价 \d+ 条/);
  });

  it('a rating digit 7 is refused with the field named, kept, and answered with how to rate', async () => {
    const elderId = await w.makeElder({ phone: PHONE(2) });
    await completedOrder(elderId);
    const r = await sms(PHONE(2), '7');
    expect(r.statusCode).toBe(400);
    expect(r.json().errors[0]).toMatchObject({ field: 'text', message: expect.stringContaining('1-4') });
    const replies = await t.database.db.select().from(smsOutbox).where(eq(smsOutbox.kind, 'reply'));
    expect(replies.some((m) => m.body.includes('1-4'))).toBe(true);
    // A number that was never asked is not an error for the gateway.
    expect((await sms(PHONE(99), '1')).json()).toMatchObject({ outcome: 'no_order' });
  });

  it('the SMS webhook refuses a wrong or missing key before reading the body', async () => {
    expect((await sms(PHONE(2), '1', 'wrong-key')).statusCode).toBe(401);
    const none = await t.app.inject({
      method: 'POST',
      url: '/api/sms/inbound',
      payload: { from: PHONE(2), text: '1' },
    });
    expect(none.statusCode).toBe(401);
    expect(none.json().detail).toContain('X-Api-Key');
  });

  it("an operator's call-back records a level; three unanswered calls give up", async () => {
    const elderId = await w.makeElder();
    const o = await completedOrder(elderId);
    const cb = (await w.call('operator', 'GET', '/api/callbacks?state=open&pageSize=200'))
      .json()
      .items.find((c: { orderId: number }) => c.orderId === o.id);
    const bad = await w.call('operator', 'POST', `/api/callbacks/${cb.id}`, { outcome: 'rated', level: 'great' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('level');
    for (let i = 0; i < 2; i++)
      expect(
        (await w.call('operator', 'POST', `/api/callbacks/${cb.id}`, { outcome: 'no_answer' })).json(),
      ).toMatchObject({ state: 'open', attempts: i + 1 });
    expect(
      (await w.call('operator', 'POST', `/api/callbacks/${cb.id}`, { outcome: 'no_answer' })).json(),
    ).toMatchObject({ state: 'unreachable', attempts: 3 });
    expect(
      (await w.call('operator', 'POST', `/api/callbacks/${cb.id}`, { outcome: 'rated', level: 'satisfied' }))
        .statusCode,
    ).toBe(409);

    const o2 = await completedOrder(elderId, undefined, '13:00', '15:00');
    const cb2 = (await w.call('operator', 'GET', '/api/callbacks?state=open&pageSize=200'))
      .json()
      .items.find((c: { orderId: number }) => c.orderId === o2.id);
    const done = await w.call('operator', 'POST', `/api/callbacks/${cb2.id}`, {
      outcome: 'rated',
      level: 'very_satisfied',
      comment: '很细心',
    });
    expect(done.json()).toMatchObject({ state: 'done', level: 'very_satisfied', comment: '很细心' });
    expect((await w.call('street', 'POST', `/api/callbacks/${cb2.id}`, { outcome: 'no_answer' })).statusCode).toBe(403);
  });

  it('a check-in 30 km away is an exception the provider explains and the street accepts, once', async () => {
    const elderId = await w.makeElder();
    const o = await completedOrder(elderId, { in: { lng: w.place.lng, lat: w.place.lat + 0.27 }, out: door() });
    expect(o.verification).toBe('exception');
    const listed = (await w.call('placestreet', 'GET', '/api/orders?verification=open&pageSize=200')).json();
    expect(listed.items.map((x: { id: number }) => x.id)).toContain(o.id);
    const noCode = await w.call('provider', 'POST', `/api/orders/${o.id}/review`, {
      decision: 'explain',
      note: '手机定位漂移',
    });
    expect(noCode.json().errors[0].field).toBe('reasonCode');
    const selfAccept = await w.call('provider', 'POST', `/api/orders/${o.id}/review`, {
      decision: 'accept',
      resolutionCode: 'accepted_evidence',
      note: '有照片',
    });
    expect(selfAccept.statusCode).toBe(409);
    const explained = await w.call('provider', 'POST', `/api/orders/${o.id}/review`, {
      decision: 'explain',
      reasonCode: 'gps_unavailable',
      note: '手机定位漂移，已附照片',
    });
    expect(explained.json().verification).toBe('explained');
    expect(
      (
        await w.call('caregiver', 'POST', `/api/orders/${o.id}/review`, {
          decision: 'explain',
          reasonCode: 'other',
          note: '说明',
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await w.call('street', 'POST', `/api/orders/${o.id}/review`, {
          decision: 'accept',
          resolutionCode: 'accepted_evidence',
          note: '认可',
        })
      ).statusCode,
    ).toBe(404);
    const both = await Promise.all(
      [0, 1].map(() =>
        w.call('placestreet', 'POST', `/api/orders/${o.id}/review`, {
          decision: 'accept',
          resolutionCode: 'accepted_call_confirmed',
          note: '电话核实老人确认已上门',
        }),
      ),
    );
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const d = (await w.call('admin', 'GET', `/api/orders/${o.id}`)).json();
    expect(d.verification).toBe('accepted');
    expect(d.reviews.map((r: { decision: string; byLevel: string }) => `${r.byLevel}:${r.decision}`)).toEqual([
      'provider:explain',
      'street:accept',
    ]);
    const audit = (await w.call('admin', 'GET', `/api/audit?entityType=order&entityId=${o.id}`)).json();
    expect(JSON.stringify(audit)).toContain('visit.accept');
  });
});

describe('complaints and the replacement rule', () => {
  it('a complaint is due in working days, answered, reopened by an unsatisfied complainant and closed', async () => {
    const elderId = await w.makeElder();
    const o = await completedOrder(elderId);
    const bad = await w.call('operator', 'POST', '/api/complaints', {
      elderId,
      channel: 'call',
      assignee: 'provider',
      content: '差',
    });
    expect(bad.json().errors[0].field).toBe('content');
    const noProvider = await w.call('operator', 'POST', '/api/complaints', {
      elderId,
      channel: 'call',
      assignee: 'provider',
      content: '服务态度不好',
    });
    expect(noProvider.json().errors[0].field).toBe('assignee');
    const r = await w.call('operator', 'POST', '/api/complaints', {
      elderId,
      orderId: o.id,
      channel: 'call',
      assignee: 'provider',
      content: '服务人员迟到半小时',
    });
    expect(r.statusCode, r.body).toBe(201);
    const c = r.json();
    expect(c.dueOn).toBe(complaintDueOn(c.receivedOn, 5, await loadWorkCalendar(t.database.db)));
    expect(c).toMatchObject({ state: 'open', caregiverId: w.caregiver.id, providerName: expect.any(String) });
    // The provider it is assigned to sees it and answers it.
    expect((await w.call('provider', 'GET', `/api/complaints/${c.id}`)).statusCode).toBe(200);
    const confirmEarly = await w.call('operator', 'POST', `/api/complaints/${c.id}/steps`, {
      action: 'confirm',
      text: '老人满意',
      confirmation: 'satisfied',
    });
    expect(confirmEarly.statusCode).toBe(409);
    const ans = await w.call('provider', 'POST', `/api/complaints/${c.id}/steps`, {
      action: 'answer',
      text: '属实，已批评教育并调整排班',
      upheld: true,
    });
    expect(ans.json()).toMatchObject({ state: 'answered', upheld: true });
    const reopen = await w.call('operator', 'POST', `/api/complaints/${c.id}/steps`, {
      action: 'confirm',
      text: '老人仍不满意',
      confirmation: 'unsatisfied',
    });
    expect(reopen.json().state).toBe('open');
    await w.call('provider', 'POST', `/api/complaints/${c.id}/steps`, {
      action: 'answer',
      text: '已更换服务时段并上门致歉',
      upheld: true,
    });
    const closed = await w.call('operator', 'POST', `/api/complaints/${c.id}/steps`, {
      action: 'confirm',
      text: '老人表示满意',
      confirmation: 'satisfied',
    });
    expect(closed.json()).toMatchObject({ state: 'closed', confirmation: 'satisfied' });
    expect(closed.json().notes.map((n: { kind: string }) => n.kind)).toEqual([
      'intake',
      'answer',
      'reopen',
      'answer',
      'confirm',
    ]);
    expect(
      (await w.call('provider', 'POST', `/api/complaints/${c.id}/steps`, { action: 'note', text: '补充' })).statusCode,
    ).toBe(409);
  });

  // 「……由街道协调服务组织予以查实后更换服务人员」(002 第5篇 L297): the case opens, the street verifies, then the caregiver is replaced.
  it('two "not satisfied" SMS replies within a week open a replacement case; only once the street verifies it is the caregiver not sent to her', async () => {
    const elderId = await w.makeElder({ phone: PHONE(3) });
    const first = await completedOrder(elderId, undefined, '08:00', '10:00');
    expect((await sms(PHONE(3), '4 打扫不干净')).json()).toMatchObject({
      outcome: 'rated',
      orderId: first.id,
      level: 'unsatisfied',
    });
    // The "not satisfied" reply is a complaint for the provider.
    const complaints = (await w.call('operator', 'GET', `/api/complaints?elderId=${elderId}`)).json();
    expect(complaints.items[0]).toMatchObject({
      channel: 'sms',
      assignee: 'provider',
      content: expect.stringContaining('打扫不干净'),
    });
    const second = await completedOrder(elderId, undefined, '12:00', '14:00');
    expect((await sms(PHONE(3), '不满意')).json()).toMatchObject({ outcome: 'rated', orderId: second.id });
    const cases = (await w.call('placestreet', 'GET', '/api/replacement-cases?state=open&pageSize=200')).json();
    const c = cases.items.find((x: { elderId: number }) => x.elderId === elderId);
    expect(c).toMatchObject({
      caregiverId: w.caregiver.id,
      reason: expect.stringContaining('不满意'),
      blocking: false,
      verification: null,
    });
    // Open but not yet verified: the caregiver may still be sent to her.
    const next = (
      await w.call(
        'operator',
        'POST',
        '/api/orders',
        w.order(elderId, { startAt: w.at('16:00'), endAt: w.at('17:00') }),
      )
    ).json();
    await w.call('operator', 'POST', `/api/orders/${next.id}/actions`, { action: 'confirm' });
    const before = (await w.call('operator', 'GET', `/api/orders/${next.id}/candidates`)).json();
    expect(before.map((x: { caregiverId: number }) => x.caregiverId)).toContain(w.caregiver.id);
    // Not closed before it is verified; a provider or the call centre does not verify.
    expect(
      (await w.call('placestreet', 'POST', `/api/replacement-cases/${c.id}/close`, { note: '已换人' })).statusCode,
    ).toBe(409);
    for (const who of ['provider', 'operator'])
      expect(
        (
          await w.call(who, 'POST', `/api/replacement-cases/${c.id}/verify`, {
            verified: true,
            finding: '经核实属实',
          })
        ).statusCode,
      ).toBe(403);
    // The street verifies it: the caregiver is replaced for her.
    const v = await w.call('placestreet', 'POST', `/api/replacement-cases/${c.id}/verify`, {
      verified: true,
      finding: '走访老人并约谈服务机构，两次服务确实打扫不干净',
    });
    expect(v.statusCode, v.body).toBe(200);
    expect(v.json()).toMatchObject({
      state: 'verified',
      blocking: true,
      verification: 'verified',
      verifiedByName: '本街道',
      finding: expect.stringContaining('打扫不干净'),
    });
    // Dispatch leaves the caregiver out for her, and says why when asked by hand.
    const cands = (await w.call('operator', 'GET', `/api/orders/${next.id}/candidates`)).json();
    expect(cands.map((x: { caregiverId: number }) => x.caregiverId)).not.toContain(w.caregiver.id);
    const forced = await w.call('operator', 'POST', `/api/orders/${next.id}/actions`, {
      action: 'dispatch',
      caregiverId: w.caregiver.id,
    });
    expect(forced.json().errors[0].message).toContain('更换服务人员');
    // A provider may not close it; the street does, with a note, once another caregiver is sent.
    expect(
      (await w.call('provider', 'POST', `/api/replacement-cases/${c.id}/close`, { note: '已换人' })).statusCode,
    ).toBe(403);
    expect(
      (await w.call('placestreet', 'POST', `/api/replacement-cases/${c.id}/close`, { note: '' })).json().errors[0]
        .field,
    ).toBe('note');
    expect(
      (
        await w.call('placestreet', 'POST', `/api/replacement-cases/${c.id}/close`, {
          note: '服务机构已另派服务人员',
        })
      ).json().state,
    ).toBe('closed');
    // Replaced is replaced: closing the case does not send her back.
    const again = (await w.call('operator', 'GET', `/api/orders/${next.id}/candidates`)).json();
    expect(again.map((x: { caregiverId: number }) => x.caregiverId)).not.toContain(w.caregiver.id);
    const audit = JSON.stringify(
      (await w.call('admin', 'GET', `/api/audit?entityType=replacement_case&entityId=${c.id}`)).json(),
    );
    expect(audit).toContain('replacement.verify');
  });
});

describe('recurring plans', () => {
  it("makes orders on the plan's days up to the horizon, once, to be confirmed with the elder, and stops when the elder dies", async () => {
    const elderId = await w.makeElder();
    const bad = await w.call('operator', 'POST', '/api/plans', {
      elderId,
      lines: [{ itemId: w.careItem, quantity: 1 }],
      weekdays: [],
      startTime: '09:00',
      endTime: '08:00',
      startsOn: w.tomorrow,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['weekdays']));
    const backwards = await w.call('operator', 'POST', '/api/plans', {
      elderId,
      lines: [{ itemId: w.careItem, quantity: 1 }],
      weekdays: [1],
      startTime: '09:00',
      endTime: '08:00',
      startsOn: w.tomorrow,
    });
    expect(backwards.json().errors[0].field).toBe('endTime');
    const r = await w.call('operator', 'POST', '/api/plans', {
      elderId,
      lines: [{ itemId: w.careItem, quantity: 1 }],
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      startTime: '07:00',
      endTime: '08:00',
      startsOn: w.tomorrow,
    });
    expect(r.statusCode, r.body).toBe(201);
    const plan = r.json();
    expect(plan.orders).toBe(7); // tomorrow … today + 7
    expect(plan.generatedUntil).toBe(addDays(w.today, 7));
    const made = (await w.call('operator', 'GET', `/api/orders?planId=${plan.id}&pageSize=50&sort=startAt`)).json();
    // 000 范文3 L119: the operator confirms each day with the elder before dispatch (plan-confirmation.test.ts).
    expect(
      made.items.every((o: { state: string; channel: string }) => o.state === 'created' && o.channel === 'plan'),
    ).toBe(true);
    expect(made.items[0].serviceDate).toBe(w.tomorrow);
    expect(await generatePlanOrders(t.database.db, new Date(), { planIds: [plan.id] })).toEqual({
      created: 0,
      stopped: 0,
    });
    // A day later one more day is ordered.
    expect(await generatePlanOrders(t.database.db, new Date(Date.now() + 86_400_000), { planIds: [plan.id] })).toEqual({
      created: 1,
      stopped: 0,
    });
    // The job alone stops a plan whose elder is gone…
    await t.database.db.update(elders).set({ status: 'moved_out' }).where(eq(elders.id, elderId));
    expect(await generatePlanOrders(t.database.db, new Date(), { planIds: [plan.id] })).toEqual({
      created: 0,
      stopped: 1,
    });
    const [row] = await t.database.db.select().from(servicePlans).where(eq(servicePlans.id, plan.id));
    expect(row).toMatchObject({ state: 'stopped', stopReason: '老人已迁出' });
    // …and recording a death cancels the orders not yet served and stops the plans at once.
    const other = await w.makeElder();
    const p2 = (
      await w.call('operator', 'POST', '/api/plans', {
        elderId: other,
        lines: [{ itemId: w.careItem, quantity: 1 }],
        weekdays: [1, 2, 3, 4, 5, 6, 7],
        startTime: '07:00',
        endTime: '08:00',
        startsOn: w.tomorrow,
      })
    ).json();
    expect(p2.orders).toBe(7);
    await w.call('admin', 'POST', `/api/elders/${other}/status`, {
      status: 'deceased',
      deathDate: w.today,
      reason: '病故',
    });
    const left = (await w.call('operator', 'GET', `/api/orders?planId=${p2.id}&pageSize=50`)).json();
    expect(left.items.map((o: { state: string }) => o.state)).toEqual(Array(7).fill('cancelled'));
    expect((await w.call('operator', 'GET', `/api/plans/${p2.id}`)).json()).toMatchObject({
      state: 'stopped',
      stopReason: expect.stringContaining('老人去世'),
    });
  });

  it('stops when the entitlement no longer covers the elder', async () => {
    // 60+ (the registry's minimum age), but registered elsewhere and here only a year: not entitled.
    const elderId = await w.makeElder(
      { idNumber: '110101196001010070', hukou: 'nonlocal', residenceYears: 1, categories: [] },
      false,
    );
    const r = await w.call('operator', 'POST', '/api/plans', {
      elderId,
      lines: [{ itemId: w.careItem, quantity: 1 }],
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      startTime: '07:00',
      endTime: '08:00',
      startsOn: w.tomorrow,
    });
    expect(r.json()).toMatchObject({ state: 'stopped', orders: 0, stopReason: expect.stringContaining('不符合') });
  });
});

describe('the console', () => {
  it('lists what is late and counts by state, for the district or one street', async () => {
    const elderId = await w.makeElder();
    const o = (
      await w.call(
        'operator',
        'POST',
        '/api/orders',
        w.order(elderId, { startAt: w.at('18:00'), endAt: w.at('19:00') }),
      )
    ).json();
    let s = (await w.call('operator', 'GET', '/api/console')).json();
    expect(s.lists.new.items.map((x: { id: number }) => x.id)).toContain(o.id);
    await w.call('operator', 'POST', `/api/orders/${o.id}/actions`, { action: 'confirm' });
    await w.call('operator', 'POST', `/api/orders/${o.id}/actions`, {
      action: 'dispatch',
      caregiverId: w.caregiver.id,
    });
    s = (await w.call('operator', 'GET', '/api/console')).json();
    expect(s.lists.notAccepted.items.map((x: { id: number }) => x.id)).not.toContain(o.id);
    t.advance(20);
    w.cookies.operator = await t.login('operator');
    try {
      s = (await w.call('operator', 'GET', '/api/console')).json();
      expect(s.lists.notAccepted.items.map((x: { id: number }) => x.id)).toContain(o.id);
      const regions = (await w.call('admin', 'GET', '/api/regions')).json();
      const street = regions.find(
        (r: { id: number }) => r.id === regions.find((c: { id: number }) => c.id === w.place.regionId).parentId,
      );
      const other = regions.find((r: { level: string; id: number }) => r.level === 'street' && r.id !== street.id);
      expect(
        (await w.call('operator', 'GET', `/api/console?regionId=${street.id}`))
          .json()
          .lists.notAccepted.items.map((x: { id: number }) => x.id),
      ).toContain(o.id);
      expect(
        (await w.call('operator', 'GET', `/api/console?regionId=${other.id}`))
          .json()
          .lists.notAccepted.items.map((x: { id: number }) => x.id),
      ).not.toContain(o.id);
    } finally {
      t.advance(-20);
      w.cookies.operator = await t.login('operator');
    }
    expect((await w.call('provider', 'GET', '/api/console')).statusCode).toBe(403);
    expect((await w.call('operator', 'GET', '/api/console?regionId=999999')).statusCode).toBe(404);
  });

  it("pops the caller's file on the operator's console through the stream; a wrong key pops nothing", async () => {
    const elderId = await w.makeElder({ phone: PHONE(5) });
    const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const ctl = new AbortController();
    const res = await fetch(`${base}/api/console/stream`, {
      headers: { cookie: w.cookies.operator },
      signal: ctl.signal,
    });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const seen: string[] = [];
    const until = async (pred: (s: string) => boolean) => {
      const text = () => seen.join('');
      while (!pred(text())) {
        const { value, done } = await reader.read();
        if (done) break;
        seen.push(Buffer.from(value).toString('utf8'));
      }
      return text();
    };
    await until((s) => s.includes('event: ready'));
    const wrong = await fetch(`${base}/api/telephony/calls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'nope' },
      body: JSON.stringify({ caller: PHONE(5) }),
    });
    expect(wrong.status).toBe(401);
    const pop = await fetch(`${base}/api/telephony/calls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': TEST_KEYS.telephonyApiKey },
      body: JSON.stringify({ caller: PHONE(5), agent: 'operator' }),
    });
    expect(pop.status).toBe(202);
    expect(await pop.json()).toMatchObject({ matched: 1 });
    const text = await until((s) => s.includes('event: call'));
    const data = JSON.parse(/event: call\ndata: (.*)\n/.exec(text)![1]);
    expect(data).toMatchObject({
      agent: 'operator',
      callerMasked: '139****0005',
      elders: [{ id: elderId, relation: null }],
    });
    // A call for another operator does not pop here; the wrong key above popped nothing.
    expect(text.match(/event: call/g)).toHaveLength(1);
    ctl.abort();
  });
});

describe('several server instances', () => {
  it.runIf(process.env.TEST_DB === 'postgres')(
    'a call posted to one server pops on a console connected to another (LISTEN/NOTIFY)',
    async () => {
      const { openDatabase } = await import('../../src/server/db/client.js');
      const { buildApp } = await import('../../src/server/app.js');
      const { makeDeps } = await import('../../src/server/deps.js');
      const second = await openDatabase({ databaseUrl: t.databaseUrl! });
      const other = await buildApp(makeDeps(second, t.config, t.cipher));
      try {
        const base = await other.listen({ port: 0, host: '127.0.0.1' });
        const ctl = new AbortController();
        // Sessions live in the database: the operator's cookie from the first server works here.
        const res = await fetch(`${base}/api/console/stream`, {
          headers: { cookie: w.cookies.operator },
          signal: ctl.signal,
        });
        const reader = res.body!.getReader();
        let text = '';
        const until = async (needle: string) => {
          while (!text.includes(needle)) {
            const { value, done } = await reader.read();
            if (done) break;
            text += Buffer.from(value).toString('utf8');
          }
        };
        await until('event: ready');
        const pop = await t.app.inject({
          method: 'POST',
          url: '/api/telephony/calls',
          headers: { 'x-api-key': TEST_KEYS.telephonyApiKey },
          payload: { caller: '13900007777', agent: 'operator' },
        });
        expect(pop.statusCode).toBe(202);
        await until('event: call');
        expect(text).toContain(pop.json().callId);
        ctl.abort();
      } finally {
        await other.close();
        await second.close();
      }
    },
  );
});

describe('batch dispatch', () => {
  it("assigns a street's confirmed orders of a day together and reports the travel against nearest-first", async () => {
    const date = addDays(w.today, 12); // past the plans' horizon, so only these three
    const ids: number[] = [];
    for (const hh of ['08', '10', '12']) {
      const elderId = await w.makeElder();
      const o = (
        await w.call(
          'operator',
          'POST',
          '/api/orders',
          w.order(elderId, { startAt: w.at(`${hh}:00`, date), endAt: w.at(`${hh}:45`, date) }),
        )
      ).json();
      await w.call('operator', 'POST', `/api/orders/${o.id}/actions`, { action: 'confirm' });
      ids.push(o.id);
    }
    const regions = (await w.call('admin', 'GET', '/api/regions')).json();
    const community = regions.find((r: { id: number }) => r.id === w.place.regionId);
    const bad = await w.call('operator', 'POST', '/api/orders/batch-dispatch', {
      date: '2026-13-01',
      regionId: community.parentId,
    });
    expect(bad.statusCode).toBe(400);
    const r = await w.call('operator', 'POST', '/api/orders/batch-dispatch', { date, regionId: community.parentId });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ orders: 3, assigned: 3, unassigned: [] });
    // Both totals are reported; the joint assignment also weighs each caregiver's day, so on three
    // orders it need not beat nearest-first (the benchmark compares them on a real day's load).
    expect(r.json()).toMatchObject({ totalDistanceM: expect.any(Number), greedyDistanceM: expect.any(Number) });
    for (const id of ids) {
      const o = (await w.call('operator', 'GET', `/api/orders/${id}`)).json();
      expect(o.state).toBe('dispatched');
      expect(o.events.at(-1).data.batch).toBe(true);
    }
    expect(
      (await w.call('provider', 'POST', '/api/orders/batch-dispatch', { date, regionId: community.parentId }))
        .statusCode,
    ).toBe(403);
  });
});

describe('the SMS gateway', () => {
  it('posts to the configured URL with the key and retries a failure with back-off', async () => {
    const { createServer } = await import('node:http');
    const got: { auth?: string; body: string }[] = [];
    let fail = true;
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        got.push({ auth: req.headers.authorization, body });
        res.writeHead(fail ? 503 : 200, { 'content-type': 'application/json' });
        res.end(fail ? '{"error":"busy"}' : '{"id":"gw-1"}');
      });
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/send`;
    const gateway = new HttpSmsGateway(url, 'gw-secret');
    // Everything queued earlier goes first; then one message of its own.
    // (Visits are checked out at their booked time, tomorrow: two days covers them.)
    await deliverDueSms(t.database.db, new LogSmsGateway(), t.cipher, new Date(Date.now() + 48 * 3_600_000), 1000);
    const elderId = await w.makeElder({ phone: PHONE(7) });
    const done = await completedOrder(elderId, undefined, '19:00', '19:50');
    const now = new Date(Date.parse(done.startAt) + 3_600_000 * 2);
    expect(await deliverDueSms(t.database.db, gateway, t.cipher, now)).toEqual({ sent: 0, failed: 1 });
    expect(got[0]).toMatchObject({ auth: 'Bearer gw-secret' });
    expect(JSON.parse(got[0].body)).toMatchObject({ to: PHONE(7), content: expect.stringContaining('请回复数字评价') });
    // Not again at once; a minute later, and it goes.
    expect(await deliverDueSms(t.database.db, gateway, t.cipher, now)).toEqual({ sent: 0, failed: 0 });
    fail = false;
    expect(await deliverDueSms(t.database.db, gateway, t.cipher, new Date(now.getTime() + 61_000))).toEqual({
      sent: 1,
      failed: 0,
    });
    const [m] = await t.database.db.select().from(smsOutbox).where(eq(smsOutbox.gatewayId, 'gw-1'));
    expect(m).toMatchObject({ state: 'sent', attempts: 2 });
    server.close();
  });
});

describe("the call centre's rules", () => {
  it("are a dated version of the district's rules, checked field by field", async () => {
    const current = (await w.call('admin', 'GET', '/api/provider-rules'))
      .json()
      .find((r: { inEffect: boolean }) => r.inEffect);
    const from = addDays(w.today, 20);
    const bad = await w.call('admin', 'POST', '/api/provider-rules', {
      effectiveFrom: from,
      params: {
        ...current.params,
        callCentre: { callbackSamplePercent: 150, verification: { maxDistanceM: 5, minDurationShare: 0.8 } },
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining([
        'params.callCentre.callbackSamplePercent',
        'params.callCentre.verification.maxDistanceM',
      ]),
    );
    const ok = await w.call('admin', 'POST', '/api/provider-rules', {
      effectiveFrom: from,
      params: {
        ...current.params,
        callCentre: { callbackSamplePercent: 30, verification: { maxDistanceM: 250, minDurationShare: 0.75 } },
      },
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().params.callCentre).toMatchObject({
      callbackSamplePercent: 30,
      verification: { maxDistanceM: 250 },
    });
    expect(
      (
        await w.call('operator', 'POST', '/api/provider-rules', {
          effectiveFrom: addDays(w.today, 30),
          params: current.params,
        })
      ).statusCode,
    ).toBe(403);
  });
});
