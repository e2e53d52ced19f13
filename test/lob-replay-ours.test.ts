import { describe, expect, it } from 'vitest';
import { LobsterReplay } from '../env/lob/lobster-replay.js';
import { constantLatency, lognormalLatency } from '../env/lob/latency.js';
import { makeRng } from '../env/rng.js';
import { handBook } from './helpers/hand-book.js';

const BID = 1;
const ASK = -1;

describe('our orders in the LOBSTER replay (hand-built message files)', () => {
  it('a limit order of ours takes its exact FIFO place, and recorded executions fill the orders ahead of it, then it', () => {
    const events = handBook({ bids: [[1000, 100]], asks: [[1010, 100]] }, [
      [1, 1, 11, 50, 1000, BID], // known order, behind the 100 of unknown id
      [3, 4, 99, 100, 1000, BID], // an id never seen: the unknown-id order at the front
      [4, 4, 11, 20, 1000, BID],
      [5, 1, 12, 40, 1000, BID], // behind us
      [6, 4, 12, 40, 1000, BID], // names the order behind us: the aggressor meets ours first
    ]);
    const replay = new LobsterReplay(events);
    replay.startAfter(0);
    replay.advanceTo(2);
    const ours = replay.submit(BID, 1000, 30);
    expect(replay.ahead(ours)).toBe(150);
    replay.advanceTo(3);
    expect(replay.ahead(ours)).toBe(50);
    replay.advanceTo(4);
    expect(replay.ahead(ours)).toBe(30);
    expect(replay.fills).toEqual([]);
    replay.advanceTo(6);
    // 12 is named; of the orders ahead of it, the recorded one (11) keeps its recorded life and
    // ours is filled first: the aggressor would have met it before 12
    expect(replay.fills).toEqual([{ time: 6, priceE4: 1000, size: 30, passive: true }]);
    expect(ours.remaining).toBe(0);
    expect(replay.ahead(ours)).toBe(0);
    const level = replay.book.findLevel(BID, 1000);
    expect(replay.book.levelSize[level]).toBe(30 + 30); // order 11's 30 and the 30 of order 12 our fill displaced
  });

  it('our market order consumes recorded orders; a later execution naming one executes what is left of it and the rest against the front of its price', () => {
    const events = handBook({ bids: [[1000, 100]], asks: [[1010, 100]] }, [
      [1, 1, 21, 50, 1010, ASK],
      [2, 1, 22, 40, 1010, ASK],
      [4, 4, 21, 50, 1010, ASK], // 21 has 30 left after our buy: 30 from it, 20 from 22 (now the front)
      [5, 3, 21, 0, 1010, ASK], // a delete naming an order we emptied: nothing to do
      [6, 3, 22, 40, 1010, ASK], // 22 has 20 left: the delete takes what remains
    ]);
    const replay = new LobsterReplay(events);
    replay.startAfter(0);
    replay.advanceTo(3);
    const ours = replay.submit(BID, NaN, 120);
    expect(ours.remaining).toBe(0);
    expect(replay.fills).toEqual([
      { time: 3, priceE4: 1010, size: 100, passive: false },
      { time: 3, priceE4: 1010, size: 20, passive: false },
    ]);
    const book = replay.book;
    replay.advanceTo(4);
    expect(book.size[book.slotOf(22)]).toBe(20);
    expect(book.slotOf(21)).toBe(-1);
    replay.advanceTo(5);
    expect(book.size[book.slotOf(22)]).toBe(20);
    replay.advanceTo(6);
    expect(book.askDepth).toBe(0);
  });

  it('entry latency puts our order behind the recorded orders that arrive while it travels', () => {
    const events = handBook({ bids: [[1000, 100]], asks: [[1010, 100]] }, [
      [1.2, 1, 31, 10, 1000, BID],
      [1.5, 1, 32, 20, 1000, BID], // same time as our arrival: the recorded message comes first
      [1.7, 1, 33, 40, 1000, BID],
    ]);
    const latency = constantLatency(0.5, 0);
    const replay = new LobsterReplay(events);
    replay.startAfter(0);
    replay.advanceTo(1);
    let ours: ReturnType<LobsterReplay['submit']> | undefined;
    replay.send(BID, 1000, 5, latency.entry(makeRng(0)), (o) => (ours = o));
    replay.advanceTo(1.4);
    expect(ours).toBeUndefined();
    replay.advanceTo(2);
    expect(ours!.time).toBe(1.5);
    expect(replay.ahead(ours!)).toBe(130);
  });

  it('a drawn latency is the same for the same seed and positive', () => {
    const model = lognormalLatency(0.001, 0.0005, 0.5);
    const a = Array.from({ length: 5 }, ((rng) => () => model.entry(rng))(makeRng(3, 'latency')));
    const b = Array.from({ length: 5 }, ((rng) => () => model.entry(rng))(makeRng(3, 'latency')));
    expect(a).toEqual(b);
    expect(a.every((x) => x > 0)).toBe(true);
    expect(() => constantLatency(-1, 0)).toThrow('latency must be >= 0 seconds, got entry -1, feed 0');
  });
});
