// Names are found by their characters, their full pinyin and their pinyin initials
// ("zs" finds 张三), with surname readings (曾 as zeng, 单 as shan).
import { pinyin } from 'pinyin-pro';

export function nameKeys(name: string): { pinyin: string; initials: string } {
  const syllables = pinyin(name, { toneType: 'none', type: 'array', surname: 'head', v: true, nonZh: 'removed' });
  return {
    pinyin: syllables.join('').toLowerCase(),
    initials: syllables
      .map((s) => s[0] ?? '')
      .join('')
      .toLowerCase(),
  };
}
