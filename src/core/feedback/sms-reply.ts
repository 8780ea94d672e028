// The SMS rating: the question sent after a visit and the reading of the elder's reply. A reply
// is one digit 1-4 (full-width digits count), or the words themselves; anything else is not a
// rating and gets a short explanation back.
import type { Level } from './replacement.js';

export const LEVEL_BY_DIGIT: Record<string, Level> = {
  '1': 'very_satisfied',
  '2': 'satisfied',
  '3': 'basic',
  '4': 'unsatisfied',
};
export const LEVEL_LABELS: Record<Level, string> = {
  very_satisfied: '非常满意',
  satisfied: '满意',
  basic: '基本满意',
  unsatisfied: '不满意',
};

export type ReplyReading = { ok: true; level: Level; comment: string | null } | { ok: false; message: string };

export function parseRatingReply(raw: string): ReplyReading {
  // Full-width digits and spaces, as Chinese phones often send them.
  const text = raw
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ')
    .trim();
  const m = /^([0-9])(?:\s*[,，。.、:：\s]\s*(.*))?$/s.exec(text);
  if (m) {
    const level = LEVEL_BY_DIGIT[m[1]];
    if (!level) return { ok: false, message: `回复的数字 ${m[1]} 不是评价选项，请回复 1-4 之间的数字` };
    return { ok: true, level, comment: m[2]?.trim() || null };
  }
  // Longest label first: 非常满意 and 不满意 both contain 满意.
  for (const level of ['very_satisfied', 'unsatisfied', 'basic', 'satisfied'] as Level[]) {
    if (text.startsWith(LEVEL_LABELS[level]))
      return {
        ok: true,
        level,
        comment: text.slice(LEVEL_LABELS[level].length).replace(/^[\s,，。.、:：]+/, '') || null,
      };
  }
  return { ok: false, message: '未能识别评价，请回复 1-4 之间的数字：1 非常满意，2 满意，3 基本满意，4 不满意' };
}

export function ratingRequestText(caregiverName: string, serviceDate: string): string {
  const [, m, d] = serviceDate.split('-');
  return `【颐养】您好，${caregiverName}于${Number(m)}月${Number(d)}日为您上门服务已完成。请回复数字评价：1非常满意 2满意 3基本满意 4不满意。`;
}
export const REPLY_THANKS = '【颐养】已收到您的评价，谢谢！';
export const REPLY_COMPLAINT = '【颐养】已收到您的评价，我们将安排专人了解情况并尽快回复您。';
