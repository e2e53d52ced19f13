import { describe, expect, it } from 'vitest';
import { autocorrelation, stylisedFacts } from '../env/lob/flow/stylised-facts.js';
import { handBook } from './helpers/hand-book.js';

describe('stylised facts of a book', () => {
  // spread 3 ticks for 10 s, 2 for 10 s (a bid inside), 3 for 10 s (a buy market order lifts the
  // ask in two executions of one timestamp), 4 for 10 s (the inside bid cancelled); a sell market order at 40 s
  const events = handBook(
    { bids: [[1_000_000, 100]], asks: [[1_000_300, 100], [1_000_400, 100]] },
    [
      [10, 1, 1, 50, 1_000_100, 1],
      [20, 4, 99, 100, 1_000_300, -1],
      [20, 4, 98, 50, 1_000_400, -1],
      [30, 3, 1, 50, 1_000_100, 1],
      [40, 4, 97, 10, 1_000_000, 1],
    ],
  );
  const facts = stylisedFacts(events, [{ from: 0, to: 40 }], 100);

  it('weighs spreads and touch queues by the time they stood', () => {
    expect(facts.spreadTicks).toEqual({ mean: 3, q10: 2, q50: 3, q90: 4 });
    expect(facts.touchQueueShares).toBe(75);
  });

  it('counts executions of one timestamp and side as one market order, signed by the aggressor', () => {
    expect(facts.ratesPerHour).toEqual({ limit: 90, cancel: 90, market: 180, hidden: 0 });
    expect(facts.interEvent).toEqual({ meanSeconds: 10, cv: 0 });
  });

  it('measures the mid-price variance per second on a time grid (the signature plot)', () => {
    // mids in ticks at 0, 10, 20, 30, 40 s: 10001.5, 10002, 10002.5, 10002, 10002
    expect(facts.signature.find((s) => s.seconds === 10)!.variancePerSecond).toBeCloseTo(0.75 / 40, 12);
  });

  it('computes the sample autocorrelation of a sign series', () => {
    expect(autocorrelation([1, 1, -1, -1], 1)).toBe(0.25);
    expect(autocorrelation([1, -1], 1)).toBeNaN();
  });
});
