// Splitting money between parties by a ratio (the district : street cost share, 6 : 4 by
// default), in whole fen, so that the parts always add up to the whole.

/**
 * The largest-remainder split: each part gets the floor of its exact share, and the fen left
 * over go one each to the parts with the largest fractional remainders; on a tie the earlier
 * part wins, so with [district, street] an odd fen of a 1 : 1 split goes to the district. A
 * negative total (a reversal) is split as its absolute value and negated, so a reversal
 * mirrors the split it undoes fen for fen.
 */
export function splitFen(totalFen: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(totalFen)) throw new RangeError('totalFen must be a whole number of fen');
  if (weights.length === 0 || weights.some((w) => !(w >= 0) || !Number.isFinite(w)))
    throw new RangeError('weights must be non-negative numbers');
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) throw new RangeError('weights must not all be zero');
  if (totalFen < 0) return splitFen(-totalFen, weights).map((p) => (p === 0 ? 0 : -p));
  // Exact shares as integer numerators over `sum` where weights are integers; otherwise floats
  // with a tolerance — cost shares are small integers (6 : 4, 7 : 3), so the first path is the usual one.
  const exact = weights.map((w) => (totalFen * w) / sum);
  const parts = exact.map((x) => Math.floor(x + 1e-9));
  let left = totalFen - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x + 1e-9) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    if (weights[i] === 0) continue;
    parts[i]++;
    left--;
  }
  return parts;
}
