import { describe, expect, it } from 'vitest';
import {
  certificateProblem,
  certificationRate,
  dispatchBlockers,
  expiryState,
  type DispatchFacts,
} from './certificates.js';

const health = (issuedOn: string, validUntil: string) => ({ kind: 'health' as const, issuedOn, validUntil });
const care = { kind: 'care_worker' as const, issuedOn: '2020-01-01', validUntil: null };

describe('caregiver certificates', () => {
  it('refuse an expiry before the issue date, a future issue, and wrong levels', () => {
    expect(certificateProblem({ kind: 'health', issuedOn: '2026-05-01', validUntil: '2026-04-30' }, '2026-11-23')).toBe(
      'expiry_before_issue',
    );
    expect(certificateProblem({ kind: 'health', issuedOn: '2026-12-01', validUntil: '2027-12-01' }, '2026-11-23')).toBe(
      'issued_in_future',
    );
    expect(
      certificateProblem({ kind: 'care_worker', level: null, issuedOn: '2020-01-01', validUntil: null }, '2026-11-23'),
    ).toBe('level_out_of_range');
    expect(
      certificateProblem({ kind: 'care_worker', level: 6, issuedOn: '2020-01-01', validUntil: null }, '2026-11-23'),
    ).toBe('level_out_of_range');
    expect(
      certificateProblem({ kind: 'nurse', level: 2, issuedOn: '2020-01-01', validUntil: null }, '2026-11-23'),
    ).toBe('level_not_allowed');
    expect(
      certificateProblem({ kind: 'care_worker', level: 4, issuedOn: '2020-01-01', validUntil: null }, '2026-11-23'),
    ).toBeNull();
  });
  it('are expired, expiring within the window, or valid', () => {
    expect(expiryState('2026-11-22', '2026-11-23', 30)).toBe('expired');
    expect(expiryState('2026-11-23', '2026-11-23', 30)).toBe('expiring');
    expect(expiryState('2026-12-23', '2026-11-23', 30)).toBe('expiring');
    expect(expiryState('2026-12-24', '2026-11-23', 30)).toBe('valid');
    expect(expiryState(null, '2026-11-23', 30)).toBe('valid');
  });
});

describe('who may be dispatched', () => {
  const c: DispatchFacts = {
    status: 'active',
    skills: ['bathing', 'personal_care'],
    certificates: [health('2026-01-10', '2027-01-09'), care],
  };
  it('an active caregiver with a valid health certificate', () => {
    expect(dispatchBlockers(c, '2026-11-23')).toEqual([]);
  });
  it('not on the day after the health certificate lapses', () => {
    expect(dispatchBlockers(c, '2027-01-09')).toEqual([]);
    expect(dispatchBlockers(c, '2027-01-10')).toEqual(['2027-01-10 没有有效的health']);
  });
  it('not without one at all, nor when suspended or gone', () => {
    expect(dispatchBlockers({ ...c, certificates: [care] }, '2026-11-23')).toHaveLength(1);
    expect(dispatchBlockers({ ...c, status: 'suspended' }, '2026-11-23')).toEqual(['已暂停派单']);
    expect(dispatchBlockers({ ...c, status: 'left' }, '2026-11-23')).toEqual(['已离职']);
  });
  it('not for work needing a skill or certificate the caregiver lacks', () => {
    expect(dispatchBlockers(c, '2026-11-23', { skills: ['bathing'], certificates: ['care_worker'] })).toEqual([]);
    expect(
      dispatchBlockers(
        c,
        '2026-11-23',
        { skills: ['nursing'], certificates: ['nurse'] },
        { skill: (s) => `技能${s}`, certificate: (k) => `证${k}` },
      ),
    ).toEqual(['不具备技能「技能nursing」', '没有有效的证nurse']);
  });
});

describe('certification rate', () => {
  const active = (certs: DispatchFacts['certificates']): DispatchFacts => ({
    status: 'active',
    skills: [],
    certificates: certs,
  });
  it('counts active caregivers holding a valid qualification', () => {
    const list = [
      active([care]),
      active([care]),
      active([]),
      { ...active([care]), status: 'left' as const },
      active([{ kind: 'nurse', issuedOn: '2020-01-01', validUntil: '2025-01-01' }]),
    ];
    const r = certificationRate(list, '2026-11-23', ['care_worker', 'nurse'], 70);
    expect(r).toEqual({ active: 4, qualified: 2, percent: 50, meetsTarget: false });
  });
  it('meets a 70% target at exactly 70%', () => {
    const list = [...Array(7).fill(active([care])), ...Array(3).fill(active([]))];
    expect(certificationRate(list, '2026-11-23', ['care_worker'], 70)).toMatchObject({
      percent: 70,
      meetsTarget: true,
    });
  });
  it('has no rate without active caregivers', () => {
    expect(certificationRate([], '2026-11-23', ['care_worker'], 70)).toEqual({
      active: 0,
      qualified: 0,
      percent: null,
      meetsTarget: null,
    });
  });
});
