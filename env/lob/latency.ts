import type { Rng } from '../random/rng.js';

/**
 * Order-entry and market-data latency, as hftbacktest models them (`latency.rs`): the agent
 * decides on the book as it was one feed latency ago, and its order reaches the book one entry
 * latency after the decision. A model is a small interface with interchangeable members; a drawn
 * latency takes its random source as the first argument (randomness is passed in).
 */
export interface OrderLatency {
  /** Seconds from our decision until the order (or cancel) reaches the book. */
  entry(rng: Rng): number;
  /** Seconds from an event in the book until we see it. */
  feed(rng: Rng): number;
}

/** The same latency every time (hftbacktest's `ConstantLatency`); `constantLatency(0, 0)` is none. */
export function constantLatency(entrySeconds: number, feedSeconds: number): OrderLatency {
  if (!(entrySeconds >= 0) || !(feedSeconds >= 0)) throw new RangeError(`latency must be >= 0 seconds, got entry ${entrySeconds}, feed ${feedSeconds}`);
  return { entry: () => entrySeconds, feed: () => feedSeconds };
}

/**
 * Latency drawn afresh for each order and each look at the book from a log-normal with the given
 * medians and log-scale spread `sigma` (heavy right tail, as measured venue round trips have).
 */
export function lognormalLatency(entryMedianSeconds: number, feedMedianSeconds: number, sigma: number): OrderLatency {
  if (!(entryMedianSeconds >= 0) || !(feedMedianSeconds >= 0) || !(sigma >= 0)) throw new RangeError(`latency medians and sigma must be >= 0, got ${entryMedianSeconds}, ${feedMedianSeconds}, ${sigma}`);
  return {
    entry: (rng) => entryMedianSeconds * Math.exp(sigma * rng.normal()),
    feed: (rng) => feedMedianSeconds * Math.exp(sigma * rng.normal()),
  };
}

/** No latency. */
export const NO_LATENCY: OrderLatency = constantLatency(0, 0);
