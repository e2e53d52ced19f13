import type { BookEvents } from '../../env/data/book-events.js';
import type { OrderBook } from '../../env/lob/order-book.js';

/** Levels (of 2 × K) where `book`'s best K levels differ from the recorded row `i` of `events` in price or size. */
export function rowMismatches(book: OrderBook, events: BookEvents, i: number): number {
  const L = events.levels;
  let mismatches = 0;
  for (let k = 0; k < L; k++) {
    const r = i * L + k;
    const bid = k < book.bidDepth ? book.bidLevels[k] : -1;
    const ask = k < book.askDepth ? book.askLevels[k] : -1;
    if (bid < 0 ? events.bidSize[r] !== 0 : book.levelPrice[bid] !== events.bidPriceE4[r] || book.levelSize[bid] !== events.bidSize[r]) mismatches++;
    if (ask < 0 ? events.askSize[r] !== 0 : book.levelPrice[ask] !== events.askPriceE4[r] || book.levelSize[ask] !== events.askSize[r]) mismatches++;
  }
  return mismatches;
}
