import { describe, expect, it } from 'vitest';
import { LobsterReplay } from '../env/lob/lobster-replay.js';
import { constantLatency, lognormalLatency } from '../env/lob/latency.js';
import { makeRng } from '../env/random/rng.js';
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

  it('a recorded execution at a worse price than our resting order (visible or hidden) fills ours first: nobody trades through our order', () => {
    const events = handBook({ bids: [[1000, 100]], asks: [[1010, 100]] }, [
      [1, 1, 31, 50, 1020, ASK], // a recorded ask behind the touch
      [3, 4, 99, 100, 1010, ASK], // the touch executes in full (the unknown-id 100): ours at 1012 is now the best ask
      [4, 4, 31, 30, 1020, ASK], // a buyer pays 1020 while ours asks 1012: it meets ours first
      [5, 5, 0, 40, 1015, ASK], // a hidden sell order executed at 1015: ours at 1012 comes first again
    ]);
    const replay = new LobsterReplay(events);
    replay.startAfter(0);
    replay.advanceTo(2);
    const ours = replay.submit(ASK, 1012, 50);
    replay.advanceTo(3);
    expect(replay.fills).toEqual([]); // the execution at 1010 is ahead of ours in price
    replay.advanceTo(4);
    expect(replay.fills).toEqual([{ time: 4, priceE4: 1012, size: 30, passive: true }]);
    // the recorded order 31 gets what the aggressor had left: nothing, so it keeps its 50
    expect(replay.book.size[replay.book.slotOf(31)]).toBe(50);
    replay.advanceTo(5);
    expect(replay.fills.at(-1)).toEqual({ time: 5, priceE4: 1012, size: 20, passive: true });
    expect(ours.remaining).toBe(0);
  });

  it('a recorded limit order that reaches our resting order trades with it and rests with what is left; without ours the same message is a plain add', () => {
    const messages: [number, number, number, number, number, number][] = [
      [1, 4, 99, 100, 1010, ASK], // the recorded ask side empties: ours at 1012 is alone
      [3, 1, 41, 70, 1012, BID], // a recorded bid at our price: in a real book it trades with ours
    ];
    const events = handBook({ bids: [[1000, 100]], asks: [[1010, 100]] }, messages);
    const replay = new LobsterReplay(events);
    replay.startAfter(0);
    replay.advanceTo(2);
    const ours = replay.submit(ASK, 1012, 50);
    replay.advanceTo(3);
    expect(replay.fills).toEqual([{ time: 3, priceE4: 1012, size: 50, passive: true }]);
    expect(ours.remaining).toBe(0);
    expect(replay.book.size[replay.book.slotOf(41)]).toBe(20); // the bid rests with what is left
    expect(replay.book.bestPrice(BID)).toBeLessThan(replay.book.bestPrice(ASK) || Infinity);
    const alone = new LobsterReplay(events);
    alone.startAfter(0);
    alone.advanceTo(3);
    expect(alone.book.size[alone.book.slotOf(41)]).toBe(70);
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

describe('LOBSTER replays side by side', () => {
  it('give the same book, fills and queue positions whichever lane runs them, stepped in any interleaving, with latency drawn by seed', async () => {
    const { readLobsterDay } = await import('../env/data/lobster-reader.js');
    const { lobsterBookEvents } = await import('../env/data/lobster-day.js');
    const { lobsterLevel5SampleFile } = await import('../env/data/sample-files.js');
    const events = lobsterBookEvents(readLobsterDay(lobsterLevel5SampleFile()));
    const t0 = events.time[0];
    /** lane's orders: every 10 s a passive or a market order, sent with a latency drawn from the lane's seed */
    const run = (lanes: LobsterReplay[], seeds: number[], order: number[]) => {
      const rngs = seeds.map((s) => makeRng(s, 'latency'));
      const latency = lognormalLatency(0.002, 0.001, 0.5);
      lanes.forEach((r) => r.startAfter(0));
      for (let t = 10; t <= 290; t += 10) {
        for (const lane of order) {
          const r = lanes[lane];
          r.advanceTo(t0 + t);
          const side = (t / 10) % 2 === 0 ? -1 : 1;
          const touch = side === 1 ? r.book.bestPrice(1) : r.book.bestPrice(-1);
          r.send(side, t % 30 === 0 ? NaN : touch, 100 + 10 * seeds[lane], latency.entry(rngs[lane]));
        }
      }
      for (const r of lanes) r.advanceTo(t0 + 300);
      return lanes.map((r) => ({ fills: r.fills, ahead: r.ours.map((o) => r.ahead(o)), remaining: r.ours.map((o) => o.remaining), bids: Array.from(r.book.bidLevels.subarray(0, r.book.bidDepth), (l) => [r.book.levelPrice[l], r.book.levelSize[l]]) }));
    };
    const seeds = [1, 2, 3];
    const forward = run(seeds.map(() => new LobsterReplay(events)), seeds, [0, 1, 2]);
    const backward = run(seeds.map(() => new LobsterReplay(events)), seeds, [2, 1, 0]);
    const alone = seeds.map((s) => run([new LobsterReplay(events)], [s], [0])[0]);
    expect(backward).toEqual(forward);
    expect(forward).toEqual(alone);
    expect(forward[0].fills.length).toBeGreaterThan(0);
    expect(forward[0]).not.toEqual(forward[1]);
  });
});
