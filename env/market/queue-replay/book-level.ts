import type { BookEvents } from '../../data/book-events.js';
import { countBelow } from '../../data/sorted-search.js';

export type { BookSide } from '../../data/book-events.js';
import type { BookSide } from '../../data/book-events.js';

/**
 * Displayed shares at `priceE4` on `side` of the recorded book after event `row`: the level's size
 * when it is one of the recorded levels, 0 when the price lies within them (or the side has empty
 * levels) but nobody shows it, and NaN when it lies beyond the deepest recorded level, where a
 * level-N file shows neither the depth nor the events.
 */
export function displayedDepth(day: BookEvents, row: number, side: BookSide, priceE4: number): number {
  const levels = day.levels;
  const prices = side === 1 ? day.bidPriceE4 : day.askPriceE4;
  const sizes = side === 1 ? day.bidSize : day.askSize;
  const base = row * levels;
  for (let k = 0; k < levels; k++) {
    const level = prices[base + k];
    // An empty level (NaN) ends the side: everything beyond the last shown level is empty too.
    if (Number.isNaN(level)) return 0;
    if (level === priceE4) return sizes[base + k];
    // Levels run from the touch outwards: bids descend, asks ascend.
    if (side * (priceE4 - level) > 0) return 0;
  }
  return Number.NaN;
}

/** Recorded mid (1e-4 $) after event `row`, NaN when a side of the book is empty. */
export function midE4(day: BookEvents, row: number): number {
  const i = row * day.levels;
  return 0.5 * (day.askPriceE4[i] + day.bidPriceE4[i]);
}

/**
 * Index of the last event strictly before `seconds`, or -1 when there is none: the book in force
 * at that instant, as the replay table's end-of-bar mid reads it (an event stamped exactly at a
 * step boundary belongs to the step it opens). Binary search over the non-decreasing event times.
 */
export function lastEventBefore(day: BookEvents, seconds: number): number {
  return countBelow(day.time, day.count, seconds) - 1;
}
