// A catalogue item's unified price over time: versions with effective dates that never overlap,
// and the paid (C) class price derived from the policy's discount rather than typed twice.
import { versionOn } from '../dated.js';

export interface PriceVersion {
  id?: number;
  effectiveFrom: string;
  effectiveTo: string | null;
  priceFen: number;
}

export type PriceProblem =
  'negative' | 'not_whole_fen' | 'too_large' | 'ends_before_start' | 'starts_in_past' | 'overlaps';

/** Unified prices are whole fen, zero for a free public-interest service; 100,000 yuan is far beyond any home service. */
export const MAX_PRICE_FEN = 10_000_000;

export function priceProblem(priceFen: number): PriceProblem | null {
  if (!Number.isInteger(priceFen)) return 'not_whole_fen';
  if (priceFen < 0) return 'negative';
  if (priceFen > MAX_PRICE_FEN) return 'too_large';
  return null;
}

export const priceOn = <V extends PriceVersion>(versions: readonly V[], date: string): V | null =>
  versionOn(versions, date);

const overlaps = (a: PriceVersion, b: Pick<PriceVersion, 'effectiveFrom' | 'effectiveTo'>) =>
  a.effectiveFrom <= (b.effectiveTo ?? '9999-12-31') && b.effectiveFrom <= (a.effectiveTo ?? '9999-12-31');

/**
 * Where a new version may go. The first price of an item may start today; a later one only
 * from tomorrow, so that no order already priced is priced differently afterwards. An
 * open-ended version that started before the new one is closed the day before it (returned
 * as `close`); any other overlap is refused.
 */
export function placeNewPrice(
  existing: readonly PriceVersion[],
  next: Pick<PriceVersion, 'effectiveFrom' | 'effectiveTo'>,
  today: string,
  dayBefore: (d: string) => string,
): { ok: true; close: PriceVersion | null } | { ok: false; problem: PriceProblem; with?: PriceVersion } {
  if (next.effectiveTo !== null && next.effectiveTo < next.effectiveFrom)
    return { ok: false, problem: 'ends_before_start' };
  if (existing.length === 0 ? next.effectiveFrom < today : next.effectiveFrom <= today)
    return { ok: false, problem: 'starts_in_past' };
  let close: PriceVersion | null = null;
  for (const v of existing) {
    if (!overlaps(v, next)) continue;
    if (v.effectiveTo === null && v.effectiveFrom < next.effectiveFrom && close === null) {
      close = v;
      continue;
    }
    return { ok: false, problem: 'overlaps', with: v };
  }
  if (close) {
    const closed = { ...close, effectiveTo: dayBefore(next.effectiveFrom) };
    if (existing.some((v) => v !== close && overlaps(v, closed)))
      return { ok: false, problem: 'overlaps', with: close };
  }
  return { ok: true, close };
}

/**
 * The price after a percentage discount, rounded half up to the fen. The percentage may carry
 * two decimals (12.5%); the arithmetic is in integers so 0.1 + 0.2 never enters a price.
 */
export function discountedPriceFen(priceFen: number, percentOff: number): number {
  const basisPoints = Math.round(percentOff * 100);
  if (basisPoints < 0 || basisPoints > 10_000) throw new RangeError('percentOff must be between 0 and 100');
  return Math.floor((priceFen * (10_000 - basisPoints) * 2 + 10_000) / 20_000);
}
