// Masks ID numbers and mobile numbers wherever they appear in free text (a logged URL, an
// error message), so that no log line carries them in clear.
import { maskIdNumber } from './idcard.js';
import { maskPhone } from './phone.js';

// A mobile may come with the country code (+86, 0086, 86, or "+" sent in a URL as %2B or as a
// space) and with spaces or dashes between its groups (URL-encoded too): the digit before the
// number then belongs to the prefix, so the prefix is part of the match or the number escapes.
const SEP = '(?:[\\s-]|%20|\\+)?';
const MOBILE = new RegExp(
  `(?<![\\dA-Za-z])((?:(?:\\+|%2[Bb]|00)?86${SEP})?)(1[3-9]\\d)${SEP}(\\d{4})${SEP}(\\d{4})(?!\\d)`,
  'g',
);

export function maskPersonalDataInText(text: string): string {
  return (
    text
      .replace(/(?<!\d)\d{17}[\dXx](?!\d)/g, (id) => maskIdNumber(id.toUpperCase()))
      .replace(MOBILE, (_m, prefix: string, a: string, b: string, c: string) => prefix + maskPhone(a + b + c))
      // First-generation 15-digit ID numbers, after the mobiles: 0086 and a mobile are 15 digits too.
      .replace(/(?<!\d)\d{15}(?!\d)/g, maskIdNumber)
  );
}
