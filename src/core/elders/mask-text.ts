// Masks ID numbers and mobile numbers wherever they appear in free text (a logged URL, an
// error message), so that no log line carries them in clear.
import { maskIdNumber } from './idcard.js';
import { maskPhone } from './phone.js';

export function maskPersonalDataInText(text: string): string {
  return text
    .replace(/(?<!\d)\d{17}[\dXx](?!\d)/g, (id) => maskIdNumber(id.toUpperCase()))
    .replace(/(?<!\d)1[3-9]\d{9}(?!\d)/g, maskPhone);
}
