import { describe, expect, it } from 'vitest';
import {
  applyOrderStep,
  isFinal,
  ORDER_ACTIONS,
  ORDER_STATES,
  orderActionsFor,
  type OrderActor,
  type OrderState,
  type OrderStep,
} from './workflow.js';

const ok = (state: OrderState, caregiver: number | null, step: OrderStep) => {
  const r = applyOrderStep(state, caregiver, step);
  if (!r.ok) throw new Error(r.message);
  return r;
};

describe('order workflow', () => {
  it('walks the happy path from creation to closing', () => {
    let s = ok('created', null, { action: 'confirm', actor: 'operator' });
    s = ok(s.state, s.caregiverId, { action: 'dispatch', actor: 'system', caregiverId: 7 });
    expect(s).toEqual({ ok: true, state: 'dispatched', caregiverId: 7 });
    for (const action of ['accept', 'depart', 'check_in', 'check_out'] as const)
      s = ok(s.state, s.caregiverId, { action, actor: 'caregiver' });
    expect(s.state).toBe('completed');
    s = ok(s.state, s.caregiverId, { action: 'close', actor: 'operator' });
    expect(s).toEqual({ ok: true, state: 'closed', caregiverId: 7 });
    expect(isFinal(s.state)).toBe(true);
  });

  it('sends a refused or unanswered order back to be dispatched, without its caregiver', () => {
    expect(ok('dispatched', 7, { action: 'refuse', actor: 'caregiver', reason: '时间冲突' })).toEqual({
      ok: true,
      state: 'confirmed',
      caregiverId: null,
    });
    expect(ok('dispatched', 7, { action: 'expire', actor: 'system' })).toEqual({
      ok: true,
      state: 'confirmed',
      caregiverId: null,
    });
    expect(ok('accepted', 7, { action: 'refuse', actor: 'caregiver', reason: '临时生病' }).state).toBe('confirmed');
  });

  it('lets the dispatcher override, to someone else and with a reason', () => {
    expect(ok('accepted', 7, { action: 'reassign', actor: 'operator', caregiverId: 9, reason: '老人指定' })).toEqual({
      ok: true,
      state: 'dispatched',
      caregiverId: 9,
    });
    expect(
      applyOrderStep('accepted', 7, { action: 'reassign', actor: 'operator', caregiverId: 7, reason: '老人指定' }),
    ).toMatchObject({ ok: false, field: 'caregiverId' });
    expect(applyOrderStep('accepted', 7, { action: 'reassign', actor: 'operator', caregiverId: 9 })).toMatchObject({
      ok: false,
      field: 'reason',
    });
    expect(
      applyOrderStep('in_service', 7, { action: 'reassign', actor: 'operator', caregiverId: 9, reason: 'x y' }),
    ).toMatchObject({ ok: false, field: 'action' });
  });

  it('refuses steps out of order or by the wrong actor, saying why in Chinese', () => {
    expect(applyOrderStep('created', null, { action: 'check_in', actor: 'caregiver' })).toEqual({
      ok: false,
      field: 'action',
      message: '工单已登记，不能签到',
    });
    expect(applyOrderStep('dispatched', 7, { action: 'accept', actor: 'operator' })).toEqual({
      ok: false,
      field: 'action',
      message: '话务员不能接单',
    });
    expect(applyOrderStep('confirmed', null, { action: 'dispatch', actor: 'operator' })).toMatchObject({
      ok: false,
      field: 'caregiverId',
    });
    expect(applyOrderStep('in_service', 7, { action: 'cancel', actor: 'operator', reason: '老人取消' })).toMatchObject({
      ok: false,
    });
    expect(applyOrderStep('confirmed', null, { action: 'cancel', actor: 'operator' })).toMatchObject({
      ok: false,
      field: 'reason',
    });
  });

  it('allows exactly the listed transitions, and nothing leaves a final state but a dispute', () => {
    const actors: OrderActor[] = ['operator', 'system', 'caregiver', 'provider', 'street'];
    for (const state of ORDER_STATES)
      for (const actor of actors)
        for (const action of ORDER_ACTIONS) {
          const r = applyOrderStep(state, 7, { action, actor, reason: '原因说明', caregiverId: 9 });
          expect(r.ok).toBe(orderActionsFor(state, actor).includes(action));
          if (r.ok && isFinal(state)) expect(action).toBe('dispute');
        }
  });
});
