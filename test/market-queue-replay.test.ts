import { describe, expect, it } from 'vitest';
import { isExecution, LobsterEvent, lobsterBookEvents } from '../env/data/lobster-day.js';
import type { BookEvents } from '../env/data/book-events.js';
import { readLobsterDay } from '../env/data/lobster-reader.js';
import { buildReplayTable } from '../env/data/replay-table.js';
import { loadLobsterDay, loadReplayBars } from '../env/data/replay-source.js';
import { lobsterLevel5LongSampleFile, lobsterLevel5SampleFile } from '../env/data/sample-files.js';
import { buildBookReplay } from '../env/market/queue-replay/book-replay.js';
import { resolveSpec } from '../env/registry.js';
import type { ReplayPriceSpec } from '../env/spec/schema.js';
import { displayedDepth, lastEventBefore, midE4 } from '../env/market/queue-replay/book-level.js';
import { createRestingOrder, postOrder, replayOrder } from '../env/market/queue-replay/resting-order.js';
import { createBookWalk, walkBook } from '../env/market/queue-replay/walk-book.js';

type Level = [price: number, size: number];
interface Row {
  event: [time: number, type: number, size: number, priceE4: number, direction: number];
  asks: Level[];
  bids: Level[];
}

/** A level-3 LOBSTER day from events and the book after each (unlisted levels empty), as the queue replay reads it. */
function handDay(rows: readonly Row[]): BookEvents {
  const levels = 3;
  const n = rows.length;
  const book = () => new Float64Array(n * levels);
  const [askPriceE4, askSize, bidPriceE4, bidSize] = [book(), book(), book(), book()];
  rows.forEach((r, i) => {
    for (let k = 0; k < levels; k++) {
      askPriceE4[i * levels + k] = r.asks[k]?.[0] ?? Number.NaN;
      askSize[i * levels + k] = r.asks[k]?.[1] ?? 0;
      bidPriceE4[i * levels + k] = r.bids[k]?.[0] ?? Number.NaN;
      bidSize[i * levels + k] = r.bids[k]?.[1] ?? 0;
    }
  });
  const column = (j: number) => Float64Array.from(rows, (r) => r.event[j]);
  return lobsterBookEvents({
    symbol: 'HAND',
    date: '2012-06-21',
    startMs: 36000000,
    endMs: 36100000,
    levels,
    files: { message: 'hand', orderbook: 'hand' },
    count: n,
    time: column(0),
    type: Uint8Array.from(rows, (r) => r.event[1]),
    orderId: new Float64Array(n),
    size: column(2),
    priceE4: column(3),
    direction: Int8Array.from(rows, (r) => r.event[4]),
    askPriceE4,
    askSize,
    bidPriceE4,
    bidSize,
    defects: [],
  });
}

const BIDS: Level[] = [
  [10000, 200],
  [9900, 100],
  [9800, 100],
];
const ASK = -1;
const BID = 1;

/**
 * Our 100-share ask at 1.0100 joins 300 shares. By hand: a new ask behind us (ahead 300 of 400);
 * 200 cancelled, 300/400 of them ahead (ahead 150); an execution of 100 (ahead 50, no fill); one of
 * 80 (50 ahead, 30 to us); the last 20 deleted; a buyer takes 150 at 1.0200, through our price: our
 * 70 first.
 */
const QUEUE: Row[] = [
  { event: [36000, 1, 100, 10300, ASK], asks: [[10100, 300], [10200, 200], [10300, 100]], bids: BIDS },
  { event: [36001, 1, 100, 10100, ASK], asks: [[10100, 400], [10200, 200], [10300, 100]], bids: BIDS },
  { event: [36002, 2, 200, 10100, ASK], asks: [[10100, 200], [10200, 200], [10300, 100]], bids: BIDS },
  { event: [36003, 4, 100, 10100, ASK], asks: [[10100, 100], [10200, 200], [10300, 100]], bids: BIDS },
  { event: [36004, 4, 80, 10100, ASK], asks: [[10100, 20], [10200, 200], [10300, 100]], bids: BIDS },
  { event: [36005, 3, 20, 10100, ASK], asks: [[10200, 200], [10300, 100]], bids: BIDS },
  { event: [36006, 4, 150, 10200, ASK], asks: [[10200, 50], [10300, 100]], bids: BIDS },
];

describe('queue-position replay on a hand-built book', () => {
  const day = handDay(QUEUE);

  it('joins the back of the queue: every displayed share at its price is ahead', () => {
    const order = postOrder(day, 0, ASK, 10100, 100, createRestingOrder());
    expect(order.ahead).toBe(300);
  });

  it('a submission behind us changes nothing; a cancellation advances us by the share ahead (200 x 300/400)', () => {
    const order = postOrder(day, 0, ASK, 10100, 100, createRestingOrder());
    expect(replayOrder(day, order, 0, 1)).toBe(0);
    expect(order.ahead).toBe(300);
    expect(replayOrder(day, order, 1, 2)).toBe(0);
    expect(order.ahead).toBe(150);
  });

  it('executions consume the queue ahead first, then fill us partially', () => {
    const order = postOrder(day, 0, ASK, 10100, 100, createRestingOrder());
    expect(replayOrder(day, order, 0, 3)).toBe(0);
    expect(order.ahead).toBe(50);
    expect(replayOrder(day, order, 3, 4)).toBe(30);
    expect(order.remaining).toBe(70);
  });

  it('a trade through our price fills us first, and the whole replay fills 30 + 70', () => {
    const order = postOrder(day, 0, ASK, 10100, 100, createRestingOrder());
    expect(replayOrder(day, order, 0, day.count - 1)).toBe(100);
    expect(order.remaining).toBe(0);
  });

  it('an order at the front of the queue fills on the first execution at its price', () => {
    const front = postOrder(day, 0, ASK, 10100, 100, createRestingOrder());
    front.ahead = 0;
    expect(replayOrder(day, front, 2, 3)).toBe(100);
  });

  it('an order beyond the recorded levels never fills, and one at a level never reached neither', () => {
    const beyond = postOrder(day, 0, ASK, 10500, 100, createRestingOrder());
    expect(beyond.ahead).toBeNaN();
    expect(replayOrder(day, beyond, 0, day.count - 1)).toBe(0);
    const deep = postOrder(day, 0, ASK, 10300, 100, createRestingOrder());
    expect(replayOrder(day, deep, 0, day.count - 1)).toBe(0);
    expect(deep.ahead).toBe(100);
  });

  it('an opposite order submitted through our price trades with us (ask inside the spread, bid above it)', () => {
    const rows: Row[] = [
      { event: [36000, 1, 100, 10100, ASK], asks: [[10100, 100]], bids: [[10000, 200]] },
      { event: [36001, 1, 30, 10060, BID], asks: [[10100, 100]], bids: [[10060, 30], [10000, 200]] },
      { event: [36002, 1, 40, 10080, BID], asks: [[10100, 100]], bids: [[10080, 40], [10060, 30], [10000, 200]] },
    ];
    const inside = handDay(rows);
    const order = postOrder(inside, 0, ASK, 10050, 50, createRestingOrder());
    expect(order.ahead).toBe(0);
    expect(replayOrder(inside, order, 0, 2)).toBe(50);
  });

  it('refuses a limit order that would cross the recorded touch', () => {
    expect(() => postOrder(day, 0, ASK, 10000, 10, createRestingOrder())).toThrow(RangeError);
    expect(() => postOrder(day, 0, BID, 10100, 10, createRestingOrder())).toThrow(RangeError);
  });

  it('a sell market order walks three bid levels at their VWAP and reports what the levels could not take', () => {
    const walk = walkBook(day, 0, BID, 350, createBookWalk());
    expect(walk).toEqual({ filled: 350, notionalE4: 200 * 10000 + 100 * 9900 + 50 * 9800, unfilled: 0, lastPriceE4: 9800 });
    expect(walk.notionalE4 / walk.filled).toBeCloseTo(9942.857, 3);
    expect(walkBook(day, 0, BID, 500, createBookWalk())).toMatchObject({ filled: 400, unfilled: 100 });
  });

  it('finds the book a decision sees and its mid', () => {
    expect(lastEventBefore(day, 36000)).toBe(-1);
    expect(lastEventBefore(day, 36002.5)).toBe(2);
    expect(lastEventBefore(day, 36002)).toBe(1);
    expect(midE4(day, 0)).toBe(10050);
    expect(displayedDepth(day, 5, ASK, 10100)).toBe(0);
  });
});

describe('queue-position replay on the shipped AMZN level-5 slice (10:00-10:05)', () => {
  const day = lobsterBookEvents(readLobsterDay(lobsterLevel5SampleFile()));

  it('reads the book as the engine assumes: each event moves its visible level by exactly its size', () => {
    let checked = 0;
    for (let j = 1; j < day.count; j++) {
      const type = day.type[j];
      if (type > LobsterEvent.executeVisible) continue;
      const side = day.side[j] as 1 | -1;
      const before = displayedDepth(day, j - 1, side, day.priceE4[j]);
      const after = displayedDepth(day, j, side, day.priceE4[j]);
      if (Number.isNaN(before) || Number.isNaN(after)) continue;
      expect(after - before, `event ${j + 1}`).toBe(type === LobsterEvent.submit ? day.size[j] : -day.size[j]);
      checked++;
    }
    expect(checked).toBeGreaterThan(0.9 * day.count);
  });

  it('an ask posted at a level no buyer reaches in the slice never fills', () => {
    let highest = 0;
    for (let j = 0; j < day.count; j++) {
      const buyerReach = (isExecution(day.type[j]) && day.side[j] === ASK) || (day.type[j] === LobsterEvent.submit && day.side[j] === BID);
      if (buyerReach) highest = Math.max(highest, day.priceE4[j]);
    }
    const price = Math.max(highest, day.askPriceE4[0]) + 100;
    const order = postOrder(day, 0, ASK, price, 100, createRestingOrder());
    expect(replayOrder(day, order, 0, day.count - 1)).toBe(0);
    expect(order.remaining).toBe(100);
  });

  it('a bid at the touch (prices fall in the slice) fills no more than the sellers who reach it, and less from the back than from the front', () => {
    const touch = day.bidPriceE4[0];
    const back = postOrder(day, 0, BID, touch, 1e6, createRestingOrder());
    const front = { ...back, ahead: 0 };
    const fromBack = replayOrder(day, back, 0, day.count - 1);
    const fromFront = replayOrder(day, front, 0, day.count - 1);
    let reach = 0;
    for (let j = 1; j < day.count; j++) {
      const seller = (isExecution(day.type[j]) && day.side[j] === BID) || (day.type[j] === LobsterEvent.submit && day.side[j] === ASK);
      if (seller && day.priceE4[j] <= touch) reach += day.size[j];
    }
    expect(back.ahead).toBe(0);
    expect(fromBack).toBeGreaterThan(0);
    // From the back, the 200 shares displayed ahead at the start are traded before us.
    expect(fromFront - fromBack).toBe(200);
    expect(fromFront).toBeLessThanOrEqual(reach);
  });

  it('a zero-size order fills nothing and leaves the recorded book as it was', () => {
    const copy = Float64Array.from(day.askSize);
    const order = postOrder(day, 0, ASK, day.askPriceE4[0], 0, createRestingOrder());
    expect(replayOrder(day, order, 0, day.count - 1)).toBe(0);
    expect(day.askSize).toEqual(copy);
  });
});

describe('the recorded book behind the windows of a replay market (10:00-13:00 extract)', () => {
  const spec = resolveSpec('lobster-replay-v0', {
    horizon: { T: 120 / 10800, N: 12 },
    price: { data: { format: 'lobster', files: ['samples/lobster-2012-06-21/AMZN_2012-06-21_36000000_46800000_message_5.csv.gz'], barSeconds: 10 } },
  });
  const table = buildReplayTable({ ...spec, price: spec.price as ReplayPriceSpec }, loadReplayBars((spec.price as ReplayPriceSpec).data));
  const day = lobsterBookEvents(loadLobsterDay(lobsterLevel5LongSampleFile()));
  const book = buildBookReplay(day, table, spec.price.S0, 12, 5);

  it('cuts 10-second steps and 2-minute windows, disjoint by set', () => {
    expect(table.stepSeconds).toBeCloseTo(10, 9);
    expect(table.windows.length).toBe(89);
    const all = [...table.sets.training, ...table.sets.validation, ...table.sets.test];
    expect(new Set(all).size).toBe(89);
  });

  it("each decision's book mid, scaled, is the replay table's price F_k: the step and the ledger read the same market", () => {
    let worst = 0;
    for (let w = 0; w < table.windows.length; w++) {
      for (let k = 0; k <= 12; k++) {
        const mid = book.scale[w] * midE4(day, book.row[w * 13 + k]);
        worst = Math.max(worst, Math.abs(mid - table.price[w * 13 + k]));
      }
    }
    expect(worst).toBeLessThan(1e-9);
  });

  it('rows advance with the clock: each step replays the events between two decisions', () => {
    for (let i = 1; i < book.row.length; i++) if (i % 13 !== 0) expect(book.row[i]).toBeGreaterThanOrEqual(book.row[i - 1]);
    const w = 0;
    const t = table.windows[w].startSeconds;
    expect(day.time[book.row[0]]).toBeLessThan(t);
    expect(day.time[book.row[0] + 1]).toBeGreaterThanOrEqual(t);
  });
});
