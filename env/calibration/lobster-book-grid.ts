import type { BookEvents } from '../data/book-events.js';
import { LOBSTER_PRICE_SCALE, lobsterBookEvents, type LobsterDay } from '../data/lobster-day.js';
import type { BookSnapshots } from './book-walk.js';

/**
 * The recorded book (any format) in force every `seconds` over its span (the state after the last event
 * at or before each grid time), in $ and shares, for the book walk. Sampling on a clock grid
 * weights each book by how long it stood, as a child order arriving at a random time meets it;
 * averaging over events would over-weight the bursts of messages. Crossed or one-sided books are
 * left out (the reader counted them).
 */
export function bookOnGrid(day: BookEvents, seconds: number): BookSnapshots {
  const L = day.levels;
  const start = day.startSeconds;
  const count = Math.floor((day.endSeconds - day.startSeconds) / seconds);
  const rows: number[] = [];
  let i = -1;
  for (let j = 0; j < count; j++) {
    const t = start + (j + 1) * seconds;
    while (i + 1 < day.count && day.time[i + 1] <= t) i++;
    if (i < 0) continue;
    const ask = day.askPriceE4[i * L];
    const bid = day.bidPriceE4[i * L];
    if (day.askSize[i * L] > 0 && day.bidSize[i * L] > 0 && ask > bid) rows.push(i);
  }
  const take = (source: Float64Array, scale: number) => {
    const out = new Float64Array(rows.length * L);
    rows.forEach((row, r) => {
      for (let l = 0; l < L; l++) out[r * L + l] = Number.isNaN(source[row * L + l]) ? 0 : source[row * L + l] / scale;
    });
    return out;
  };
  return { levels: L, askPrice: take(day.askPriceE4, LOBSTER_PRICE_SCALE), askSize: take(day.askSize, 1), bidPrice: take(day.bidPriceE4, LOBSTER_PRICE_SCALE), bidSize: take(day.bidSize, 1) };
}

/** {@link bookOnGrid} of a LOBSTER day. */
export function lobsterBookOnGrid(day: LobsterDay, seconds: number): BookSnapshots {
  return bookOnGrid(lobsterBookEvents(day), seconds);
}
