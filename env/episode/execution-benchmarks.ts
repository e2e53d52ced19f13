/**
 * Execution benchmarks: the one home of how an execution is scored against the market's prices,
 * used by the benchmark summary (simulated episodes, see `episode-paths.ts`) and by `execgym tca`
 * (a user's recorded fills). Everything here is a pure function of prices and volumes.
 *
 * Sign convention (as `isBps` and `vwapSlippageBps`): `side` is +1 for a sell, -1 for a buy, and a
 * slippage is side * (benchmark - average price) / benchmark in bps, so a positive number is a
 * cost to the trader for buys and sells alike (a sell below its benchmark, a buy above it).
 */

/** +1 sells, -1 buys (the env's `side`). */
export type Side = 1 | -1;

/** Cost in bps of `benchmark` of executing at `averagePrice`: positive is worse than the benchmark. */
export function slippageBps(side: number, averagePrice: number, benchmark: number): number {
  return (1e4 * side * (benchmark - averagePrice)) / benchmark;
}

/** Volume-weighted price of bars [from, to) (NaN when they traded nothing). */
export function volumeWeightedPrice(prices: ArrayLike<number>, volumes: ArrayLike<number>, from = 0, to = prices.length): number {
  let value = 0;
  let volume = 0;
  for (let k = from; k < to; k++) {
    value += prices[k] * volumes[k];
    volume += volumes[k];
  }
  return volume > 0 ? value / volume : Number.NaN;
}

/** Equal-weight average of the bar prices [from, to): the TWAP benchmark. */
export function timeWeightedPrice(prices: ArrayLike<number>, from = 0, to = prices.length): number {
  let sum = 0;
  for (let k = from; k < to; k++) sum += prices[k];
  return to > from ? sum / (to - from) : Number.NaN;
}

/** The participation-weighted price and whether the market traded the whole target volume. */
export interface Pwp {
  readonly price: number;
  /** quantity / rate: the market volume the benchmark spans. */
  readonly targetVolume: number;
  /** False when the bars ran out first: the price is then the VWAP of every bar from `from` on. */
  readonly complete: boolean;
}

/**
 * Participation-weighted price at rate `rate` (e.g. 0.1): the market VWAP from bar `from` until
 * the market has traded `quantity / rate` shares, the bar that crosses the target counted for the
 * part of its volume needed (its shares assumed to trade at its price). This is what a trader
 * participating at `rate` from arrival would have paid had he matched the market's prices.
 */
export function participationWeightedPrice(prices: ArrayLike<number>, volumes: ArrayLike<number>, quantity: number, rate: number, from = 0): Pwp {
  const targetVolume = quantity / rate;
  let value = 0;
  let volume = 0;
  for (let k = from; k < prices.length && volume < targetVolume; k++) {
    const take = Math.min(volumes[k], targetVolume - volume);
    value += prices[k] * take;
    volume += take;
  }
  return { price: volume > 0 ? value / volume : Number.NaN, targetVolume, complete: volume >= targetVolume };
}

/**
 * Mark-out cost of a set of fills against the mid some time after each: the share-weighted mean of
 * side * (later mid - fill price) / later mid in bps (positive: the market moved against the fill
 * afterwards, a seller sold below where the mid went, a buyer bought above it). NaN when no fill
 * has a later mid (`laterMid` NaN for fills too close to the end).
 *
 * Note the sign: the passive envs' `markout{h}Bps` (env/episode/passive-summary.ts) count a gain as
 * positive; these count a cost as positive, like every other slippage here.
 */
export function markoutCostBps(side: number, shares: ArrayLike<number>, prices: ArrayLike<number>, laterMid: ArrayLike<number>): number {
  let weight = 0;
  let total = 0;
  for (let j = 0; j < shares.length; j++) {
    if (shares[j] === 0 || !Number.isFinite(laterMid[j])) continue;
    weight += shares[j];
    total += shares[j] * slippageBps(side, prices[j], laterMid[j]);
  }
  return weight > 0 ? total / weight : Number.NaN;
}

/** Share-weighted average fill price (NaN without shares). */
export function averageFillPrice(shares: ArrayLike<number>, prices: ArrayLike<number>): number {
  let value = 0;
  let total = 0;
  for (let j = 0; j < shares.length; j++) {
    value += shares[j] * prices[j];
    total += shares[j];
  }
  return total > 0 ? value / total : Number.NaN;
}
