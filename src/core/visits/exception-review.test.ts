import { describe, expect, it } from 'vitest';
import { reviewVisit } from './exception-review.js';

describe('visit exception review', () => {
  it('the provider explains with a reason code, then the street accepts with a resolution code', () => {
    expect(
      reviewVisit('exception', {
        level: 'provider',
        decision: 'explain',
        reasonCode: 'gps_unavailable',
        note: '手机定位失灵',
      }),
    ).toEqual({ ok: true, status: 'explained' });
    expect(
      reviewVisit('explained', {
        level: 'street',
        decision: 'accept',
        resolutionCode: 'accepted_call_confirmed',
        note: '已电话核实',
      }),
    ).toEqual({ ok: true, status: 'accepted' });
  });
  it('the street may decide without an explanation, and reject', () => {
    expect(
      reviewVisit('exception', {
        level: 'district',
        decision: 'reject',
        resolutionCode: 'rejected_not_billable',
        note: '老人说未上门',
      }),
    ).toEqual({ ok: true, status: 'rejected' });
  });
  it('a provider may concede but not accept its own exception', () => {
    expect(reviewVisit('exception', { level: 'provider', decision: 'reject', note: '确未服务' })).toEqual({
      ok: true,
      status: 'rejected',
    });
    expect(
      reviewVisit('exception', {
        level: 'provider',
        decision: 'accept',
        resolutionCode: 'accepted_evidence',
        note: '有照片',
      }),
    ).toMatchObject({ ok: false, field: 'decision' });
  });
  it('names the missing code or note', () => {
    expect(reviewVisit('exception', { level: 'provider', decision: 'explain', note: '说明' })).toMatchObject({
      ok: false,
      field: 'reasonCode',
    });
    expect(
      reviewVisit('exception', { level: 'provider', decision: 'explain', reasonCode: 'made_up', note: '说明' }),
    ).toMatchObject({ ok: false, field: 'reasonCode' });
    expect(reviewVisit('exception', { level: 'street', decision: 'accept', note: '认可' })).toMatchObject({
      ok: false,
      field: 'resolutionCode',
    });
    expect(
      reviewVisit('exception', {
        level: 'street',
        decision: 'reject',
        resolutionCode: 'accepted_evidence',
        note: '不认可',
      }),
    ).toMatchObject({ ok: false, field: 'resolutionCode' });
    expect(
      reviewVisit('exception', { level: 'street', decision: 'accept', resolutionCode: 'accepted_evidence', note: ' ' }),
    ).toMatchObject({ ok: false, field: 'note' });
  });
  it('settled or verified visits are not reviewed again', () => {
    for (const s of ['verified', 'accepted', 'rejected', null] as const) {
      expect(
        reviewVisit(s, { level: 'street', decision: 'accept', resolutionCode: 'accepted_evidence', note: '认可' }).ok,
      ).toBe(false);
    }
  });
});
