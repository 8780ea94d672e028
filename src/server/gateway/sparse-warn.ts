// Warnings about what devices send that cannot be stored (an unregistered id, a payload that does
// not parse): logged the 1st, 2nd, 4th, 8th … time per device, so a misconfigured device sending
// every minute is seen and a flood never floods the log. Forgotten past a bound, so ids made up
// by a stranger cannot grow memory without end.
export function sparseWarner(warn: (obj: object, msg: string) => void, bound = 10_000) {
  const seen = new Map<string, number>();
  return (deviceKey: string, obj: object, msg: string) => {
    if (seen.size > bound) seen.clear();
    const n = (seen.get(deviceKey) ?? 0) + 1;
    seen.set(deviceKey, n);
    if ((n & (n - 1)) === 0) warn({ deviceKey, times: n, ...obj }, msg);
  };
}
