import { describe, expect, it } from 'vitest';
import { readLobsterDay } from '../env/data/lobster-reader.js';
import { lobsterBookEvents } from '../env/data/lobster-day.js';
import { lobsterLevel5DaySampleFile } from '../env/data/sample-files.js';
import type { BookEvents } from '../env/data/book-events.js';
import { LobsterReplay } from '../env/lob/lobster-replay.js';
import { OrderBook } from '../env/lob/order-book.js';

/** Counts the (event, level, field) cells where the book differs from the recorded one. */
function compareAfterEveryEvent(events: BookEvents): { compared: number; settled: number; mismatches: number; firstMismatch: number; replay: LobsterReplay } {
  const replay = new LobsterReplay(events);
  replay.startAfter(0);
  const { book } = replay;
  const L = events.levels;
  let compared = 0;
  let mismatches = 0;
  let firstMismatch = -1;
  let settled = 0;
  for (let i = 1; i < events.count; i++) {
    const corrections = replay.corrections;
    replay.step();
    // cells where the replay took the recorded book as input (a level entering the depth)
    settled += replay.corrections - corrections;
    for (let k = 0; k < L; k++) {
      const r = i * L + k;
      const bid = k < book.bidDepth ? book.bidLevels[k] : -1;
      const ask = k < book.askDepth ? book.askLevels[k] : -1;
      const same =
        (bid < 0 ? events.bidSize[r] === 0 : book.levelPrice[bid] === events.bidPriceE4[r] && book.levelSize[bid] === events.bidSize[r]) &&
        (ask < 0 ? events.askSize[r] === 0 : book.levelPrice[ask] === events.askPriceE4[r] && book.levelSize[ask] === events.askSize[r]);
      compared++;
      if (!same) {
        mismatches++;
        if (firstMismatch < 0) firstMismatch = i;
      }
    }
  }
  return { compared, settled, mismatches, firstMismatch, replay };
}

describe('LOBSTER replay without our orders', () => {
  it('reconstructs the recorded level-5 book after every message of the shipped AMZN day, every level, price and size bit for bit', () => {
    const events = lobsterBookEvents(readLobsterDay(lobsterLevel5DaySampleFile()));
    const { compared, settled, mismatches, firstMismatch, replay } = compareAfterEveryEvent(events);
    expect(events.count).toBe(155_935);
    expect({ compared, mismatches, firstMismatch }).toEqual({ compared: 155_934 * 5, mismatches: 0, firstMismatch: -1 });
    // What the recorded book had to tell the replay (LOBSTER's level-5 message file omits messages
    // beyond level 5): levels entering the depth, those whose size no message explained, and the
    // shares that settled. Every other compared cell is an outcome of the messages alone.
    expect({ entries: replay.entries, corrections: replay.corrections, settled, hiddenShares: replay.hiddenShares, orphans: replay.orphans, misattributed: replay.misattributed }).toEqual({
      entries: 33_840,
      corrections: 15_327,
      settled: 15_327,
      hiddenShares: 1_896_255,
      orphans: 1_451,
      misattributed: 823,
    });
  });
});
