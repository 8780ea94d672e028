import { describe, expect, it } from 'vitest';
import { parseRatingReply, ratingRequestText } from './sms-reply.js';

describe('SMS rating replies', () => {
  it('reads the digits 1-4, full-width too, with an optional comment', () => {
    expect(parseRatingReply('1')).toEqual({ ok: true, level: 'very_satisfied', comment: null });
    expect(parseRatingReply(' ２ ')).toEqual({ ok: true, level: 'satisfied', comment: null });
    expect(parseRatingReply('3，来晚了十分钟')).toEqual({ ok: true, level: 'basic', comment: '来晚了十分钟' });
    expect(parseRatingReply('4 没有打扫厨房')).toEqual({ ok: true, level: 'unsatisfied', comment: '没有打扫厨房' });
  });
  it('refuses 7, 0 and anything that is not a rating', () => {
    for (const t of ['7', '0', '９'])
      expect(parseRatingReply(t)).toMatchObject({ ok: false, message: expect.stringMatching(/不是评价选项/) });
    for (const t of ['12', '好的', '', 'TD']) expect(parseRatingReply(t).ok).toBe(false);
  });
  it('reads the words, telling 非常满意 and 不满意 from 满意', () => {
    expect(parseRatingReply('非常满意')).toMatchObject({ level: 'very_satisfied' });
    expect(parseRatingReply('不满意，态度差')).toEqual({ ok: true, level: 'unsatisfied', comment: '态度差' });
    expect(parseRatingReply('满意')).toMatchObject({ level: 'satisfied' });
    expect(parseRatingReply('基本满意')).toMatchObject({ level: 'basic' });
  });
  it('asks in one message of under 70 characters', () => {
    const text = ratingRequestText('王芳', '2026-11-03');
    expect(text).toContain('11月3日');
    expect(text.length).toBeLessThanOrEqual(70);
  });
});
