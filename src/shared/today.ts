/** Today's date in Asia/Shanghai as YYYY-MM-DD, whatever the machine's time zone. */
export function shanghaiDate(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}
