// A terminal's numbers as the registry takes them: the IMEI (15 digits, the last a Luhn check
// digit over the first 14, as 3GPP TS 23.003 defines it) and the SIM card's number (an 11-digit
// mobile number, or a 13-digit IoT number as Chinese operators issue for machine cards).

/** Whether 15 digits carry a correct Luhn check digit. */
export function imeiValid(imei: string): boolean {
  if (!/^\d{15}$/.test(imei)) return false;
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    let d = imei.charCodeAt(i) - 48;
    // Every second digit from the left (the 2nd, 4th, …) is doubled.
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export type ImeiProblem = 'length' | 'check_digit';
export function imeiProblem(imei: string): ImeiProblem | null {
  if (!/^\d{15}$/.test(imei)) return 'length';
  return imeiValid(imei) ? null : 'check_digit';
}

/** An 11-digit mainland mobile number or a 13-digit IoT (物联网卡) number. */
export function simValid(sim: string): boolean {
  return /^1[3-9]\d{9}$/.test(sim) || /^1\d{12}$/.test(sim);
}
