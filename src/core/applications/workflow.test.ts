import { describe, expect, it } from 'vitest';
import {
  APP_ACTIONS,
  APP_STATES,
  act,
  actionsFor,
  nextQuarterStart,
  ownerOf,
  type AppAction,
  type AppSnapshot,
  type AppState,
  type Level,
} from './workflow.js';

const cal = {
  holidays: new Set(['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07']),
  workdays: new Set(['2026-09-20', '2026-10-10']),
};
const rules = { noticeDays: 5, deadlines: { community: 3, street: 10, district: 10 } };
const snap = (state: AppState, over: Partial<AppSnapshot> = {}): AppSnapshot => ({
  path: 'standard',
  state,
  submittedOn: '2026-11-02',
  noticeFrom: '2026-11-05',
  noticeTo: '2026-11-09',
  openObjections: 0,
  ...over,
});
const input = (action: AppAction, level: Level, over = {}) => ({
  action,
  level,
  today: '2026-11-23',
  opinion: '情况属实',
  noticeFrom: '2026-11-24',
  noticeTo: '2026-11-28',
  ...over,
});

// Every (action, state, level) that the workflow allows; everything else must be refused.
const ALLOWED: [AppAction, AppState[], Level[]][] = [
  ['survey', ['submitted'], ['community']],
  ['democratic_review', [], []], // five-guarantee applications only

  ['start_notice', ['surveyed'], ['community']],
  ['record_objection', ['in_notice'], ['community']],
  ['end_notice', ['in_notice'], ['community']],
  ['street_approve', ['street_review'], ['street']],
  ['district_approve', ['district_review'], ['district']],
  ['reject', ['submitted', 'surveyed', 'street_review', 'district_review'], ['community', 'street', 'district']],
  ['return', ['street_review', 'district_review'], ['street', 'district']],
  ['resubmit', ['returned'], ['community']],
  [
    'cancel',
    ['submitted', 'surveyed', 'in_notice', 'street_review', 'district_review', 'approved', 'returned'],
    ['community', 'street', 'district'],
  ],
];

describe('application workflow', () => {
  const levels: Level[] = ['community', 'street', 'district'];
  for (const action of APP_ACTIONS.filter((a) => a !== 'resolve_objection')) {
    for (const state of APP_STATES) {
      for (const level of levels) {
        const rule = ALLOWED.find(([a]) => a === action)!;
        const allowed = rule[1].includes(state) && rule[2].includes(level);
        it(`${action} in ${state} by ${level}: ${allowed ? 'allowed' : 'refused'}`, () => {
          const r = act(snap(state), input(action, level), rules, cal);
          expect(r.ok).toBe(allowed);
        });
      }
    }
  }

  it('sets the working-day deadlines and the next quarter', () => {
    expect(act(snap('in_notice'), input('end_notice', 'community'), rules, cal)).toMatchObject({
      ok: true,
      state: 'street_review',
      deadline: '2026-12-07',
    });
    expect(
      act(snap('street_review'), input('street_approve', 'street', { today: '2026-09-25' }), rules, cal),
    ).toMatchObject({ ok: true, state: 'district_review', deadline: '2026-10-15' });
    expect(act(snap('district_review'), input('district_approve', 'district'), rules, cal)).toMatchObject({
      ok: true,
      state: 'approved',
      effectiveFrom: '2027-01-01',
    });
  });
  it('refuses a notice shorter than the policy minimum, and ending it early or with open objections', () => {
    expect(
      act(snap('surveyed'), input('start_notice', 'community', { noticeTo: '2026-11-27' }), rules, cal),
    ).toMatchObject({ ok: false, field: 'noticeTo', message: expect.stringContaining('至少 5 天') });
    expect(
      act(snap('in_notice', { noticeTo: '2026-11-25' }), input('end_notice', 'community'), rules, cal),
    ).toMatchObject({ ok: false });
    expect(act(snap('in_notice', { openObjections: 1 }), input('end_notice', 'community'), rules, cal)).toMatchObject({
      ok: false,
      message: expect.stringContaining('异议'),
    });
  });
  it('explains a refusal: wrong level, or a step already taken', () => {
    expect(act(snap('district_review'), input('district_approve', 'community'), rules, cal)).toMatchObject({
      ok: false,
      message: expect.stringContaining('社区不能'),
    });
    expect(act(snap('approved'), input('district_approve', 'district'), rules, cal)).toMatchObject({
      ok: false,
      message: expect.stringContaining('已批准'),
    });
  });
  it('needs an opinion for decisions', () => {
    expect(act(snap('street_review'), input('street_approve', 'street', { opinion: '' }), rules, cal)).toMatchObject({
      ok: false,
      field: 'opinion',
    });
  });
  it('batches approvals by quarter', () => {
    expect(['2026-01-15', '2026-03-31', '2026-04-01', '2026-12-31'].map(nextQuarterStart)).toEqual([
      '2026-04-01',
      '2026-04-01',
      '2026-07-01',
      '2027-01-01',
    ]);
  });
  it('knows whose desk each state is on', () => {
    expect(ownerOf('in_notice')).toBe('community');
    expect(ownerOf('district_review')).toBe('district');
    expect(ownerOf('approved')).toBeNull();
  });

  it('five-guarantee applications go through the democratic review instead of the survey', () => {
    const fg = snap('submitted', { path: 'five_guarantee' });
    expect(act(fg, input('survey', 'community'), rules, cal)).toMatchObject({
      ok: false,
      message: expect.stringContaining('民主评议'),
    });
    const review = { reviewDate: '2026-11-20', participants: 31, votesFor: 16, votesAgainst: 10 };
    expect(act(fg, input('democratic_review', 'community', { review }), rules, cal)).toMatchObject({
      ok: true,
      state: 'surveyed',
    });
    expect(
      act(fg, input('democratic_review', 'community', { review: { ...review, votesFor: 15 } }), rules, cal),
    ).toMatchObject({ ok: true, state: 'rejected' });
    expect(
      act(fg, input('democratic_review', 'community', { review: { ...review, votesAgainst: 20 } }), rules, cal),
    ).toMatchObject({ ok: false, field: 'review.votesFor' });
    expect(act(fg, input('democratic_review', 'community'), rules, cal)).toMatchObject({ ok: false, field: 'review' });
    expect(actionsFor('submitted', 'community', 'five_guarantee')).toContain('democratic_review');
    expect(actionsFor('submitted', 'community', 'five_guarantee')).not.toContain('survey');
  });
});
