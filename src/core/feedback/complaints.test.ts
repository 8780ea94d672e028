import { describe, expect, it } from 'vitest';
import { applyComplaintStep, complaintDueOn } from './complaints.js';

const cal = { holidays: new Set(['2026-10-01', '2026-10-02', '2026-10-05']), workdays: new Set(['2026-10-10']) };

describe('complaints', () => {
  it('open → answered (upheld or not) → closed when the complainant is satisfied', () => {
    expect(applyComplaintStep('open', { action: 'note', text: '已联系机构' })).toEqual({ ok: true, state: 'open' });
    expect(applyComplaintStep('open', { action: 'answer', text: '属实，已批评教育', upheld: true })).toEqual({
      ok: true,
      state: 'answered',
    });
    expect(
      applyComplaintStep('answered', { action: 'confirm', text: '老人表示满意', confirmation: 'satisfied' }),
    ).toEqual({ ok: true, state: 'closed' });
  });
  it('an unsatisfied complainant reopens it; unreachable closes it', () => {
    expect(
      applyComplaintStep('answered', { action: 'confirm', text: '仍不满意', confirmation: 'unsatisfied' }),
    ).toEqual({ ok: true, state: 'open' });
    expect(
      applyComplaintStep('answered', { action: 'confirm', text: '三次未接', confirmation: 'unreachable' }),
    ).toEqual({ ok: true, state: 'closed' });
  });
  it('refuses steps out of order and names what is missing', () => {
    expect(applyComplaintStep('open', { action: 'confirm', text: '满意', confirmation: 'satisfied' })).toMatchObject({
      ok: false,
      field: 'action',
    });
    expect(applyComplaintStep('open', { action: 'answer', text: '已处理' })).toMatchObject({
      ok: false,
      field: 'upheld',
    });
    expect(applyComplaintStep('answered', { action: 'confirm', text: '已回访' })).toMatchObject({
      ok: false,
      field: 'confirmation',
    });
    expect(applyComplaintStep('closed', { action: 'note', text: '补充' })).toMatchObject({
      ok: false,
      field: 'action',
    });
    expect(applyComplaintStep('open', { action: 'note', text: ' ' })).toMatchObject({ ok: false, field: 'text' });
  });
  it('the deadline counts working days, skipping holidays and counting make-up workdays', () => {
    // Wed 30 Sep + 5 working days: 1, 2, 5 Oct are holidays, 3-4 a weekend → 6, 7, 8, 9, 10 (a make-up Saturday).
    expect(complaintDueOn('2026-09-30', 5, cal)).toBe('2026-10-10');
    expect(complaintDueOn('2026-11-20', 5, { holidays: new Set(), workdays: new Set() })).toBe('2026-11-27');
  });
});
