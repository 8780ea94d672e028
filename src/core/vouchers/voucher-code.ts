// A paper voucher's code: 12 characters of Crockford base32 (no I, L, O, U — nothing a tired
// clerk misreads) after the prefix, then one check character, so a mistyped code at the street
// office is caught before anything is looked up. The QR code carries the same text.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const PREFIX = 'YY';
const BODY = 12;

function checkChar(body: string): string {
  // Odd weights mod 32: an odd weight times any change of 1–31 is never a multiple of 32, so
  // every single-character error is caught, and most swaps of neighbours.
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += (2 * i + 1) * ALPHABET.indexOf(body[i]);
  return ALPHABET[sum % 32];
}

/** A code from 12 random bytes (each taken mod 32; 60 bits of chance is beyond guessing). */
export function voucherCode(random: Uint8Array): string {
  if (random.length < BODY) throw new Error('voucherCode needs 12 random bytes');
  const body = Array.from(random.subarray(0, BODY), (b) => ALPHABET[b % 32]).join('');
  return `${PREFIX}${body}${checkChar(body)}`;
}

/** The code as typed or scanned, normalised (spaces, dashes, lower case, O for 0, I/L for 1), or null when it cannot be one. */
export function normaliseVoucherCode(text: string): string | null {
  const s = text.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (!s.startsWith(PREFIX) || s.length !== PREFIX.length + BODY + 1) return null;
  const body = s.slice(PREFIX.length, PREFIX.length + BODY);
  if ([...body].some((c) => !ALPHABET.includes(c))) return null;
  return checkChar(body) === s.at(-1) ? s : null;
}
