// Phone numbers as elders and families give them: mainland mobiles, or landlines with area code.

export function normalizePhone(raw: string): string {
  return raw
    .trim()
    .replace(/[\s()（）]/g, '')
    .replace(/^\+?86(?=1\d{10}$)/, '');
}

export function isValidPhone(phone: string): boolean {
  return /^1[3-9]\d{9}$/.test(phone) || /^0\d{2,3}-?\d{7,8}$/.test(phone);
}

export function maskPhone(phone: string): string {
  if (/^1\d{10}$/.test(phone)) return `${phone.slice(0, 3)}****${phone.slice(7)}`;
  return `${phone.slice(0, Math.max(0, phone.length - 6))}****${phone.slice(-2)}`;
}
