import type { LobsterReplay } from './lobster-replay.js';

/** One level of a {@link BookSnapshot}: price in the data's units, shares (ours included), orders. */
export interface SnapshotLevel {
  readonly price: number;
  readonly size: number;
  readonly orders: number;
}

/** What `execgym lob replay --json` prints (issue 20): the book and our orders at a time. */
export interface BookSnapshot {
  readonly time: number;
  readonly asks: SnapshotLevel[];
  readonly bids: SnapshotLevel[];
  readonly ours: { time: number; side: 'buy' | 'sell'; price: number | 'market'; size: number; remaining: number; ahead: number }[];
  readonly fills: { time: number; price: number; size: number; passive: boolean }[];
}

/** The replay's book as it stands, `levels` per side best first, with our orders and fills. */
export function bookSnapshot(replay: LobsterReplay, levels: number): BookSnapshot {
  const { book } = replay;
  const side = (slots: Int32Array, depth: number): SnapshotLevel[] =>
    Array.from(slots.subarray(0, Math.min(depth, levels)), (l) => ({ price: book.levelPrice[l], size: book.levelSize[l], orders: book.levelCount[l] }));
  return {
    time: replay.time,
    asks: side(book.askLevels, book.askDepth),
    bids: side(book.bidLevels, book.bidDepth),
    ours: replay.ours.map((o) => ({
      time: o.time,
      side: o.side === 1 ? 'buy' : 'sell',
      price: Number.isNaN(o.priceE4) ? 'market' : o.priceE4,
      size: o.size,
      remaining: o.remaining,
      ahead: replay.ahead(o),
    })),
    fills: replay.fills.map((f) => ({ time: f.time, price: f.priceE4, size: f.size, passive: f.passive })),
  };
}
